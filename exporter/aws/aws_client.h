// The concrete AWS client: endpoint resolution, SigV4, retries in the SDKs' standard mode, a
// client-side rate limit, and the three wire protocols, over an HttpTransport.
// Thread-safety: everything here is thread-safe unless a comment says otherwise.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "exporter/aws/client.h"
#include "exporter/aws/credentials.h"
#include "exporter/aws/http.h"
#include "exporter/core/clock.h"

namespace awsgov::aws {

enum class Protocol { kEc2Query, kQuery, kJson, kRestJson };

struct ServiceInfo {
  std::string_view id;            // "ec2", "sts", "dynamodb", "autoscaling", ... (botocore's name)
  std::string_view sdk_id;        // the model's serviceId: "EC2", "Auto Scaling", ...
  std::string_view signing_name;  // SigV4 service name
  std::string_view endpoint_prefix;  // host prefix: "ec2", "organizations", ...
  std::string_view api_version;      // query protocols: Version=
  Protocol protocol;
  std::string_view json_version;   // "1.0" or "1.1" (JSON protocol)
  std::string_view target_prefix;  // X-Amz-Target prefix (JSON protocol)
  bool global;                     // one endpoint for all regions (organizations: us-east-1)
};
// ec2, sts, dynamodb, ram, cloudtrail, inspector2, organizations, autoscaling; null if unknown.
const ServiceInfo* FindService(std::string_view id);

// Endpoint precedence as in the SDKs: AWS_ENDPOINT_URL_<SERVICE> (sdk_id upper-cased, spaces and
// '-' -> '_': AWS_ENDPOINT_URL_AUTO_SCALING), then AWS_ENDPOINT_URL, then the config's per-service
// (keyed by id or by the SDKs' snake-case sdk_id) and global overrides, then the regional default
// https://<prefix>.<region>.amazonaws.com (amazonaws.com.cn in cn-*). STS is regional (the SDKs'
// default); global services use their partition's home region (us-east-1 for aws).
// AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true disables every override, as in the SDKs.
class EndpointResolver {
 public:
  EndpointResolver(Getenv getenv, std::string config_endpoint_url,
                   std::map<std::string, std::string> config_service_endpoint_urls);
  std::string Resolve(const ServiceInfo& service, const std::string& region) const;
  // The signing region: the region, or the partition's home region for global services
  // (us-east-1 in aws, cn-northwest-1 in aws-cn, us-gov-west-1 in aws-us-gov).
  std::string SigningRegion(const ServiceInfo& service, const std::string& region) const;

 private:
  Getenv getenv_;
  std::string config_endpoint_url_;
  std::map<std::string, std::string> config_service_endpoint_urls_;
};

struct RetryOptions {
  int max_attempts = 3;
  std::chrono::milliseconds base_delay{1000};  // delay = rand(0,1) * min(2^(n-1) * base, cap)
  std::chrono::milliseconds max_backoff{20000};
};

class AwsMetrics;    // aws_metrics.h: awsgov_aws_requests_total & co.
class RetryQuota;    // retry.h: the standard mode's token bucket, shared per factory
class RateLimiter;   // rate_limiter.h: client-side limit per account and API
class RequestSlots;  // request_slots.h: the limit on requests in flight, shared per factory

struct ClientOptions {
  std::string account_id;
  std::string region;
  std::shared_ptr<CredentialsProvider> credentials;
  HttpTransport* transport = nullptr;
  const EndpointResolver* endpoints = nullptr;
  RetryOptions retry;
  RetryQuota* retry_quota = nullptr;    // optional
  RateLimiter* rate_limiter = nullptr;  // optional
  // Optional: a slot is held while a request is on the wire (not during backoff or rate waits).
  RequestSlots* request_slots = nullptr;
  AwsMetrics* metrics = nullptr;  // optional
  const Clock* clock = nullptr;   // default: SystemClock
  // Test seam for the backoff sleep; default sleeps for real.
  std::function<void(std::chrono::milliseconds)> sleep;
  // Test seam for the backoff jitter, uniform in [0, 1); default: a per-client PRNG.
  std::function<double()> random;
};

std::shared_ptr<Client> MakeClient(ClientOptions options);

}  // namespace awsgov::aws
