#include "exporter/aws/retry.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <ctime>

namespace awsgov::aws {
namespace {

// botocore/retries/standard.py: ThrottlingErrorDetector and TransientRetryableChecker.
constexpr std::array<std::string_view, 14> kThrottlingCodes = {
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "SlowDown",
    "PriorRequestNotComplete",
    "EC2ThrottledException",
};
constexpr std::array<std::string_view, 3> kTransientCodes = {
    "RequestTimeout", "RequestTimeoutException", "PriorRequestNotComplete"};
constexpr std::array<std::string_view, 4> kClockSkewCodes = {
    "RequestTimeTooSkewed", "RequestExpired", "InvalidSignatureException", "SignatureDoesNotMatch"};

constexpr std::array<std::string_view, 2> kExpiredCredentialsCodes = {"ExpiredToken",
                                                                      "ExpiredTokenException"};

template <std::size_t N>
bool Contains(const std::array<std::string_view, N>& list, std::string_view code) {
  return std::find(list.begin(), list.end(), code) != list.end();
}

}  // namespace

std::string_view RetryReasonName(RetryReason reason) {
  switch (reason) {
    case RetryReason::kThrottling:
      return "throttling";
    case RetryReason::kTransient:
      return "transient";
    case RetryReason::kTimeout:
      return "timeout";
    case RetryReason::kClockSkew:
      return "clock_skew";
    case RetryReason::kExpiredCredentials:
      return "expired_credentials";
    case RetryReason::kNone:
      break;
  }
  return "none";
}

bool IsThrottlingCode(std::string_view code) { return Contains(kThrottlingCodes, code); }
bool IsTransientCode(std::string_view code) { return Contains(kTransientCodes, code); }
bool IsClockSkewCode(std::string_view code) { return Contains(kClockSkewCodes, code); }
bool IsExpiredCredentialsCode(std::string_view code) {
  return Contains(kExpiredCredentialsCodes, code);
}

RetryReason ClassifyAttempt(const AttemptOutcome& outcome) {
  if (!outcome.transport.ok()) {
    switch (outcome.transport.code()) {
      case StatusCode::kDeadlineExceeded:
        return RetryReason::kTimeout;
      case StatusCode::kUnavailable:
        return RetryReason::kTransient;  // connection refused, reset, DNS, TLS handshake
      default:
        return RetryReason::kNone;  // e.g. the response-size cap: retrying cannot help
    }
  }
  if (outcome.http_status >= 200 && outcome.http_status < 300) return RetryReason::kNone;
  if (IsThrottlingCode(outcome.error_code)) return RetryReason::kThrottling;
  if (IsTransientCode(outcome.error_code)) return RetryReason::kTransient;
  if (IsExpiredCredentialsCode(outcome.error_code)) return RetryReason::kExpiredCredentials;
  switch (outcome.http_status) {
    case 500:
    case 502:
    case 503:
    case 504:
      return RetryReason::kTransient;
    default:
      break;
  }
  if (IsClockSkewCode(outcome.error_code)) return RetryReason::kClockSkew;
  return RetryReason::kNone;
}

std::chrono::milliseconds BackoffDelay(int failed_attempt, const RetryOptions& options,
                                       double random01) {
  double exponent = std::min(std::max(failed_attempt - 1, 0), 62);
  double ceiling = std::min(
      std::ldexp(static_cast<double>(options.base_delay.count()), static_cast<int>(exponent)),
      static_cast<double>(options.max_backoff.count()));
  random01 = std::clamp(random01, 0.0, 1.0);
  return std::chrono::milliseconds(static_cast<long long>(random01 * ceiling));
}

std::optional<std::chrono::system_clock::time_point> ParseHttpDate(std::string_view text) {
  std::string copy(text);
  std::tm tm{};
  const char* end = strptime(copy.c_str(), "%a, %d %b %Y %H:%M:%S", &tm);
  if (end == nullptr) return std::nullopt;
  std::time_t t = timegm(&tm);
  if (t == static_cast<std::time_t>(-1)) return std::nullopt;
  return std::chrono::system_clock::from_time_t(t);
}

RetryQuota::RetryQuota(int capacity) : max_capacity_(capacity), available_(capacity) {}

bool RetryQuota::Acquire(int amount) {
  std::lock_guard<std::mutex> lock(mu_);
  if (amount > available_) return false;
  available_ -= amount;
  return true;
}

void RetryQuota::Release(int amount) {
  std::lock_guard<std::mutex> lock(mu_);
  available_ = std::min(available_ + amount, max_capacity_);
}

int RetryQuota::available() const {
  std::lock_guard<std::mutex> lock(mu_);
  return available_;
}

}  // namespace awsgov::aws
