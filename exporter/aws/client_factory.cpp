#include "exporter/aws/client_factory.h"

#include <algorithm>

#include "exporter/aws/assume_role.h"
#include "exporter/aws/aws_metrics.h"
#include "exporter/aws/http_curl.h"
#include "exporter/aws/rate_limiter.h"
#include "exporter/aws/request_slots.h"
#include "exporter/aws/retry.h"
#include "exporter/core/log.h"

namespace awsgov::aws {
namespace {

constexpr char kOrganizationsRegion[] = "us-east-1";  // Organizations is a global service

}  // namespace

AwsClientFactory::AwsClientFactory(ClientFactoryOptions options)
    : config_(std::move(options.config)),
      clock_(options.clock != nullptr ? options.clock : &SystemClock::Instance()),
      sleep_(std::move(options.sleep)),
      transport_(std::move(options.transport)) {
  const config::Aws& aws = config_->aws;
  if (!transport_) {
    HttpOptions http;
    http.connect_timeout =
        std::chrono::duration_cast<std::chrono::milliseconds>(aws.connect_timeout);
    http.total_timeout = std::chrono::duration_cast<std::chrono::milliseconds>(aws.request_timeout);
    http.max_response_bytes = static_cast<std::size_t>(aws.max_response_bytes);
    transport_ = std::make_shared<CurlTransport>(http);
  }
  endpoints_ = std::make_unique<EndpointResolver>(options.getenv, aws.endpoint_url,
                                                  aws.service_endpoint_urls);
  retry_quota_ = std::make_unique<RetryQuota>();
  rate_limiter_ = std::make_unique<RateLimiter>(aws.requests_per_second, clock_);
  sts_rate_limiter_ = std::make_unique<RateLimiter>(aws.sts_requests_per_second, clock_);
  request_slots_ = std::make_unique<RequestSlots>(aws.max_concurrent_requests);
  if (options.registry != nullptr) metrics_ = std::make_unique<AwsMetrics>(*options.registry);
  base_credentials_ = std::move(options.base_credentials);
  if (!base_credentials_) {
    ChainOptions chain;
    chain.getenv = options.getenv;
    chain.http = transport_.get();
    chain.clock = clock_;
    chain.endpoints = endpoints_.get();
    // The chain's own STS calls (profile role_arn) share the factory's retry state.
    chain.make_sts_client = [this](std::shared_ptr<CredentialsProvider> base,
                                   const std::string& region) {
      return MakeClient(BaseClientOptions("", region, std::move(base)));
    };
    base_credentials_ = MakeDefaultCredentialsChain(std::move(chain));
  }
}

AwsClientFactory::~AwsClientFactory() = default;

ClientOptions AwsClientFactory::BaseClientOptions(
    std::string account_id, std::string region,
    std::shared_ptr<CredentialsProvider> credentials) const {
  ClientOptions o;
  o.account_id = std::move(account_id);
  o.region = std::move(region);
  o.credentials = std::move(credentials);
  o.transport = transport_.get();
  o.endpoints = endpoints_.get();
  o.retry.max_attempts = config_->aws.max_attempts;
  o.retry_quota = retry_quota_.get();
  o.rate_limiter = rate_limiter_.get();
  o.request_slots = request_slots_.get();
  o.metrics = metrics_.get();
  o.clock = clock_;
  o.sleep = sleep_;
  return o;
}

AccountInfo AwsClientFactory::InfoFor(const std::string& account_id) const {
  for (const auto& a : config_->accounts) {
    if (a.id == account_id) {
      return {a.id, a.name, config::RegionsFor(*config_, a), a.role_arn, a.external_id, false};
    }
  }
  AccountInfo info;
  info.id = account_id;
  info.regions = config_->regions;
  info.role_arn = config::RoleArnFor(config_->aws, account_id);
  info.external_id = config_->aws.external_id;
  info.discovered = true;
  return info;
}

std::string AwsClientFactory::StsRegionFor(const AccountInfo& account,
                                           const std::string& asked) const {
  if (!config_->aws.sts_region.empty()) return config_->aws.sts_region;
  if (!account.regions.empty()) return account.regions.front();
  if (!config_->regions.empty()) return config_->regions.front();
  return asked;
}

std::shared_ptr<CredentialsProvider> AwsClientFactory::RoleProviderLocked(
    const std::string& key, const std::string& role_arn, const std::string& external_id,
    const std::string& sts_region) {
  auto& slot = role_providers_[key];
  if (!slot) {
    // The STS client is signed with the base credentials; it belongs to no target account. Its
    // calls count against the hub account's STS quota, not the target's: a limiter of their own,
    // so that a thousand AssumeRoles are not paced at one account's per-API rate.
    ClientOptions sts_options = BaseClientOptions("", sts_region, base_credentials_);
    sts_options.rate_limiter = sts_rate_limiter_.get();
    auto sts = MakeClient(std::move(sts_options));
    AssumeRoleOptions assume;
    assume.role_arn = role_arn;
    assume.session_name = config_->aws.session_name;
    assume.external_id = external_id;
    assume.duration = config_->aws.session_duration;
    assume.clock = clock_;
    slot = MakeAssumeRoleProvider(std::move(sts), std::move(assume));
  }
  return slot;
}

Status AwsClientFactory::CredentialsFor(const std::string& account_id,
                                        std::shared_ptr<CredentialsProvider>* out) {
  AccountInfo info = InfoFor(account_id);
  if (info.role_arn.empty()) {
    *out = base_credentials_;
    return Status::Ok();
  }
  std::lock_guard lock(mu_);
  *out =
      RoleProviderLocked("account:" + account_id, info.role_arn, info.external_id,
                         StsRegionFor(info, info.regions.empty() ? "us-east-1" : info.regions[0]));
  return Status::Ok();
}

Status AwsClientFactory::Get(const std::string& account_id, const std::string& region,
                             std::shared_ptr<Client>* out) {
  if (!config::IsValidAccountId(account_id)) {
    return InvalidArgument("client factory: invalid account id \"" + account_id + "\"");
  }
  if (!config::IsValidRegion(region)) {
    return InvalidArgument("client factory: invalid region \"" + region + "\"");
  }
  AccountInfo info = InfoFor(account_id);
  std::lock_guard lock(mu_);
  auto& slot = clients_[{account_id, region}];
  if (!slot) {
    std::shared_ptr<CredentialsProvider> credentials =
        info.role_arn.empty() ? base_credentials_
                              : RoleProviderLocked("account:" + account_id, info.role_arn,
                                                   info.external_id, StsRegionFor(info, region));
    slot = MakeClient(BaseClientOptions(account_id, region, std::move(credentials)));
  }
  *out = slot;
  return Status::Ok();
}

Status AwsClientFactory::RefreshDiscovery() {
  std::lock_guard discovery_lock(discovery_mu_);
  const config::Discovery& d = config_->discovery;
  if (discovered_at_ && clock_->Now() - *discovered_at_ < d.refresh_interval) return Status::Ok();

  std::shared_ptr<CredentialsProvider> credentials = base_credentials_;
  std::string management = AccountIdOfArn(d.role_arn);
  if (!d.role_arn.empty()) {
    std::lock_guard lock(mu_);
    std::string sts_region =
        config_->aws.sts_region.empty()
            ? (config_->regions.empty() ? kOrganizationsRegion : config_->regions.front())
            : config_->aws.sts_region;
    credentials = RoleProviderLocked("discovery", d.role_arn, config_->aws.external_id, sts_region);
  }
  auto client = MakeClient(BaseClientOptions(management, kOrganizationsRegion, credentials));
  std::vector<DiscoveredAccount> found;
  Status s = DiscoverAccounts(*client, d, &found);
  if (!s.ok()) {
    std::lock_guard lock(mu_);
    if (discovered_) {
      log::Warn("account discovery failed; keeping the last discovered accounts",
                {{"error", s.message()}});
      return Status::Ok();
    }
    return s;
  }
  discovered_at_ = clock_->Now();
  log::Info("accounts discovered", {{"count", std::to_string(found.size())}});
  std::lock_guard lock(mu_);
  discovered_ = std::move(found);
  return Status::Ok();
}

Status AwsClientFactory::ListAccounts(std::vector<AccountInfo>* out) {
  std::vector<AccountInfo> result;
  for (const auto& a : config_->accounts) {
    result.push_back(
        {a.id, a.name, config::RegionsFor(*config_, a), a.role_arn, a.external_id, false});
  }
  Status status;
  if (config_->discovery.enabled) {
    status = RefreshDiscovery();
    std::vector<DiscoveredAccount> discovered;
    {
      std::lock_guard lock(mu_);
      if (discovered_) discovered = *discovered_;
    }
    for (const auto& d : discovered) {
      bool configured = std::any_of(result.begin(), result.end(),
                                    [&](const AccountInfo& a) { return a.id == d.id; });
      if (configured) continue;
      AccountInfo info = InfoFor(d.id);
      info.name = d.name;
      result.push_back(std::move(info));
    }
  }
  *out = std::move(result);
  return status;
}

}  // namespace awsgov::aws
