// Status: the result of an operation that can fail, in the LevelDB style.
// Thread-safety: a value type; distinct objects may be used from distinct threads.
#pragma once

#include <string>
#include <string_view>
#include <utility>

namespace awsgov {

enum class StatusCode {
  kOk,
  kInvalidArgument,  // bad input: config, request, flag
  kNotFound,
  kPermissionDenied,  // AWS AccessDenied, HTTP 401/403
  kUnavailable,       // network or 5xx after retries
  kThrottled,         // AWS throttling after retries
  kDeadlineExceeded,  // per-target deadline or HTTP timeout
  kCancelled,         // shutdown
  kParseError,        // malformed response body
  kInternal,
};

std::string_view StatusCodeName(StatusCode code);

class Status {
 public:
  Status() = default;  // OK
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // "InvalidArgument: message", or "OK".
  std::string ToString() const;

  // Prefixes the message with context ("ec2 DescribeVpcs: ..."); a no-op on OK.
  Status WithContext(std::string_view context) const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

inline Status InvalidArgument(std::string m) {
  return {StatusCode::kInvalidArgument, std::move(m)};
}
inline Status Internal(std::string m) { return {StatusCode::kInternal, std::move(m)}; }
inline Status Unavailable(std::string m) { return {StatusCode::kUnavailable, std::move(m)}; }
inline Status ParseError(std::string m) { return {StatusCode::kParseError, std::move(m)}; }
inline Status DeadlineExceeded(std::string m) {
  return {StatusCode::kDeadlineExceeded, std::move(m)};
}
inline Status Cancelled(std::string m) { return {StatusCode::kCancelled, std::move(m)}; }

}  // namespace awsgov
