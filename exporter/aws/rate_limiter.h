// The client-side request rate limit: a token bucket per key (account, region, service and
// operation) so that the exporter stays under AWS's own API rate limits instead of relying on
// throttling errors. When AWS throttles a key its rate is halved; each success then recovers a
// twentieth of the configured rate, so the rate climbs back within a few dozen calls.
// Thread-safety: thread-safe.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "exporter/core/clock.h"

namespace awsgov::aws {

class RateLimiter {
 public:
  // requests_per_second <= 0 disables the limit. `clock` must outlive the limiter.
  explicit RateLimiter(double requests_per_second, const Clock* clock = nullptr);

  static std::string Key(std::string_view account_id, std::string_view region,
                         std::string_view service, std::string_view operation);

  // Takes one request slot for `key` and returns how long the caller must wait before sending.
  // A slot is taken even when waiting, so concurrent callers queue behind each other.
  std::chrono::milliseconds Reserve(const std::string& key);
  void OnThrottled(const std::string& key);
  void OnSuccess(const std::string& key);
  double CurrentRate(const std::string& key) const;  // requests per second now

 private:
  struct Bucket {
    double rate;
    double tokens;
    Clock::time_point last;
  };
  Bucket& BucketFor(const std::string& key);  // requires mu_
  void Refill(Bucket* bucket, Clock::time_point now) const;

  const double configured_rate_;
  const double min_rate_;
  const Clock* clock_;
  mutable std::mutex mu_;
  std::map<std::string, Bucket> buckets_;
};

}  // namespace awsgov::aws
