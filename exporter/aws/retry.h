// The AWS SDKs' "standard" retry mode, with botocore's semantics: which outcomes are retried
// (throttling codes, transient codes and HTTP statuses, connection errors, timeouts, clock skew),
// the jittered exponential backoff, and the retry quota shared by the clients of one factory.
#pragma once

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "exporter/aws/aws_client.h"
#include "exporter/core/status.h"

namespace awsgov::aws {

enum class RetryReason {
  kNone,
  kThrottling,
  kTransient,
  kTimeout,
  kClockSkew,
  kExpiredCredentials
};
// "throttling", "transient", "timeout", "clock_skew", "expired_credentials" (the
// awsgov_aws_retries_total reason label).
std::string_view RetryReasonName(RetryReason reason);

bool IsThrottlingCode(std::string_view code);
bool IsTransientCode(std::string_view code);
// Codes AWS answers when the request's signing time is too far from the server's.
bool IsClockSkewCode(std::string_view code);
// Codes AWS answers when the session token has expired (or was revoked) before the expiry the
// exporter knows: the cached credentials must be fetched again.
bool IsExpiredCredentialsCode(std::string_view code);

// What one attempt produced: a transport error, or an HTTP status with the AWS error code parsed
// from the error body ("" when none).
struct AttemptOutcome {
  Status transport;
  long http_status = 0;
  std::string error_code;
};

// Why the attempt may be retried, or kNone. Clock skew is reported for the skew codes only; the
// caller decides with the response's Date whether the clock is really off.
RetryReason ClassifyAttempt(const AttemptOutcome& outcome);

// delay = random01 * min(2^(failed_attempt-1) * base, cap); failed_attempt counts from 1.
std::chrono::milliseconds BackoffDelay(int failed_attempt, const RetryOptions& options,
                                       double random01);

// Parses an HTTP Date header (RFC 7231 IMF-fixdate, "Sun, 06 Nov 1994 08:49:37 GMT").
std::optional<std::chrono::system_clock::time_point> ParseHttpDate(std::string_view text);

// The retry quota (botocore's RetryQuota + RetryQuotaChecker): a retry costs 5 tokens (10 after a
// timeout); a successful call gives back what its last retry took, or 1 when it was not retried.
// When the quota cannot pay for a retry, the call fails instead of retrying.
// Thread-safety: thread-safe.
class RetryQuota {
 public:
  static constexpr int kInitialCapacity = 500;
  static constexpr int kRetryCost = 5;
  static constexpr int kTimeoutRetryCost = 10;
  static constexpr int kNoRetryIncrement = 1;

  explicit RetryQuota(int capacity = kInitialCapacity);
  bool Acquire(int amount);
  void Release(int amount);
  int available() const;

 private:
  const int max_capacity_;
  mutable std::mutex mu_;
  int available_;
};

}  // namespace awsgov::aws
