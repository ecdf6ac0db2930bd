// The collectors' ClientFactory built from the configuration: per account a cached AssumeRole
// provider (config role_arn, or RoleArnFor for discovered accounts; "" = the exporter's own
// credentials), refreshed 15 minutes before expiry (10% of the session when shorter) with one
// refresh at a time per role; per (account, region) a cached Client. All clients share one
// transport, endpoint resolver, retry quota, rate limiter, request-slot limit and metrics; the
// AssumeRole calls have their own rate limiter (aws.sts_requests_per_second).
// STS region for AssumeRole: aws.sts_region, else the account's first region, else the first
// top-level region, else the region asked for (a regional STS endpoint in every case).
// ListAccounts merges the configured accounts with Organizations discovery (cached for
// discovery.refresh_interval; a failed refresh keeps the last good list and logs a warning).
// Thread-safety: thread-safe.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "exporter/aws/aws_client.h"
#include "exporter/aws/client.h"
#include "exporter/aws/credentials.h"
#include "exporter/aws/discovery.h"
#include "exporter/config/config.h"

namespace prometheus {
class Registry;
}  // namespace prometheus

namespace awsgov::aws {

struct AccountInfo {
  std::string id;
  std::string name;
  std::vector<std::string> regions;
  std::string role_arn;  // "" = the exporter's own credentials
  std::string external_id;
  bool discovered = false;  // from Organizations, not the config's account list
};

struct ClientFactoryOptions {
  std::shared_ptr<const config::Config> config;  // required
  // Default: a CurlTransport with the config's timeouts, owned by the factory.
  std::shared_ptr<HttpTransport> transport;
  // Default: MakeDefaultCredentialsChain over the factory's transport and endpoints.
  std::shared_ptr<CredentialsProvider> base_credentials;
  Getenv getenv = ProcessEnvironment();      // AWS_ENDPOINT_URL[_<SERVICE>] and the chain
  const Clock* clock = nullptr;              // default: SystemClock
  prometheus::Registry* registry = nullptr;  // where AwsMetrics registers; null: no metrics
  std::function<void(std::chrono::milliseconds)> sleep;  // retry backoff seam; default: real
};

class AwsClientFactory final : public ClientFactory {
 public:
  explicit AwsClientFactory(ClientFactoryOptions options);
  ~AwsClientFactory() override;

  Status Get(const std::string& account_id, const std::string& region,
             std::shared_ptr<Client>* out) override;

  // Configured accounts (in config order), then discovered ones not configured (by id).
  Status ListAccounts(std::vector<AccountInfo>* out);

  // The credentials used for `account_id` (its assumed role or the base credentials).
  Status CredentialsFor(const std::string& account_id, std::shared_ptr<CredentialsProvider>* out);

  const CredentialsProvider& base_credentials() const { return *base_credentials_; }
  const EndpointResolver& endpoints() const { return *endpoints_; }
  RetryQuota& retry_quota() { return *retry_quota_; }
  RateLimiter& rate_limiter() { return *rate_limiter_; }
  RateLimiter& sts_rate_limiter() { return *sts_rate_limiter_; }
  RequestSlots& request_slots() { return *request_slots_; }
  AwsMetrics* metrics() { return metrics_.get(); }  // null without a registry

 private:
  AccountInfo InfoFor(const std::string& account_id) const;
  std::string StsRegionFor(const AccountInfo& account, const std::string& asked) const;
  ClientOptions BaseClientOptions(std::string account_id, std::string region,
                                  std::shared_ptr<CredentialsProvider> credentials) const;
  // Needs mu_.
  std::shared_ptr<CredentialsProvider> RoleProviderLocked(const std::string& key,
                                                          const std::string& role_arn,
                                                          const std::string& external_id,
                                                          const std::string& sts_region);
  Status RefreshDiscovery();

  const std::shared_ptr<const config::Config> config_;
  const Clock* const clock_;
  const std::function<void(std::chrono::milliseconds)> sleep_;
  std::shared_ptr<HttpTransport> transport_;
  std::unique_ptr<EndpointResolver> endpoints_;
  std::unique_ptr<RetryQuota> retry_quota_;
  std::unique_ptr<RateLimiter> rate_limiter_;
  std::unique_ptr<RateLimiter> sts_rate_limiter_;  // AssumeRole with the base credentials
  std::unique_ptr<RequestSlots> request_slots_;
  std::unique_ptr<AwsMetrics> metrics_;
  std::shared_ptr<CredentialsProvider> base_credentials_;

  std::mutex mu_;
  std::map<std::string, std::shared_ptr<CredentialsProvider>> role_providers_;  // by role key
  std::map<std::pair<std::string, std::string>, std::shared_ptr<Client>> clients_;

  std::mutex discovery_mu_;  // one discovery at a time; never held with mu_ reversed
  std::optional<std::vector<DiscoveredAccount>> discovered_;  // guarded by mu_
  std::optional<Clock::time_point> discovered_at_;            // guarded by discovery_mu_
};

}  // namespace awsgov::aws
