#include "exporter/aws/rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace awsgov::aws {
namespace {

// The burst a bucket allows: one second's worth, and at least one request.
double Capacity(double rate) { return std::max(1.0, rate); }

}  // namespace

RateLimiter::RateLimiter(double requests_per_second, const Clock* clock)
    : configured_rate_(requests_per_second),
      min_rate_(requests_per_second / 64),
      clock_(clock != nullptr ? clock : &SystemClock::Instance()) {}

std::string RateLimiter::Key(std::string_view account_id, std::string_view region,
                             std::string_view service, std::string_view operation) {
  std::string key;
  key.append(account_id).append("/").append(region).append("/").append(service).append("/");
  key.append(operation);
  return key;
}

RateLimiter::Bucket& RateLimiter::BucketFor(const std::string& key) {
  auto it = buckets_.find(key);
  if (it == buckets_.end()) {
    it = buckets_.emplace(key, Bucket{configured_rate_, Capacity(configured_rate_), clock_->Now()})
             .first;
  }
  return it->second;
}

void RateLimiter::Refill(Bucket* bucket, Clock::time_point now) const {
  double elapsed = std::chrono::duration<double>(now - bucket->last).count();
  if (elapsed > 0) {
    bucket->tokens = std::min(Capacity(bucket->rate), bucket->tokens + elapsed * bucket->rate);
    bucket->last = now;
  }
}

std::chrono::milliseconds RateLimiter::Reserve(const std::string& key) {
  if (configured_rate_ <= 0) return std::chrono::milliseconds(0);
  std::lock_guard<std::mutex> lock(mu_);
  Bucket& bucket = BucketFor(key);
  Refill(&bucket, clock_->Now());
  bucket.tokens -= 1;
  if (bucket.tokens >= 0) return std::chrono::milliseconds(0);
  double wait_seconds = -bucket.tokens / bucket.rate;
  return std::chrono::milliseconds(static_cast<long long>(std::ceil(wait_seconds * 1000)));
}

void RateLimiter::OnThrottled(const std::string& key) {
  if (configured_rate_ <= 0) return;
  std::lock_guard<std::mutex> lock(mu_);
  Bucket& bucket = BucketFor(key);
  Refill(&bucket, clock_->Now());
  bucket.rate = std::max(min_rate_, bucket.rate / 2);
  bucket.tokens = std::min(bucket.tokens, Capacity(bucket.rate));
}

void RateLimiter::OnSuccess(const std::string& key) {
  if (configured_rate_ <= 0) return;
  std::lock_guard<std::mutex> lock(mu_);
  Bucket& bucket = BucketFor(key);
  Refill(&bucket, clock_->Now());
  bucket.rate = std::min(configured_rate_, bucket.rate + configured_rate_ / 20);
}

double RateLimiter::CurrentRate(const std::string& key) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = buckets_.find(key);
  return it == buckets_.end() ? configured_rate_ : it->second.rate;
}

}  // namespace awsgov::aws
