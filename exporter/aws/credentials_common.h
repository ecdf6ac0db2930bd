// Small helpers shared by the credential sources: AWS timestamps, wall-clock time from a Clock,
// form encoding, and a provider for long-term keys.
// Thread-safety: free functions are thread-safe; StaticCredentialsProvider is immutable.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "exporter/aws/credentials.h"
#include "exporter/core/clock.h"

namespace awsgov::aws {

// ISO 8601 UTC as AWS writes expirations: "2024-05-01T12:00:00Z", with optional fractional
// seconds and "+00:00" / "-hh:mm" offsets. False on anything else.
bool ParseAwsTimestamp(std::string_view text, std::chrono::system_clock::time_point* out);
std::string FormatAwsTimestamp(std::chrono::system_clock::time_point t);

// The wall-clock time of `clock` (so that a fake clock also drives credential expiry).
std::chrono::system_clock::time_point WallNow(const Clock& clock);

// application/x-www-form-urlencoded value encoding as AWS query APIs expect (RFC 3986 unreserved
// characters kept, everything else %XX).
std::string FormEncode(std::string_view value);

std::string_view TrimWhitespace(std::string_view text);

// A non-empty variable's value, else nullopt (the SDKs treat "" as unset).
std::optional<std::string> NonEmpty(const Getenv& getenv, const std::string& name);

// The AWS region the exporter's own calls default to: AWS_REGION, then AWS_DEFAULT_REGION.
std::optional<std::string> EnvironmentRegion(const Getenv& getenv);

class StaticCredentialsProvider final : public CredentialsProvider {
 public:
  StaticCredentialsProvider(Credentials credentials, std::string source)
      : credentials_(std::move(credentials)), source_(std::move(source)) {}
  Status Get(Credentials* out) override {
    *out = credentials_;
    return Status::Ok();
  }
  std::string Source() const override { return source_; }

 private:
  const Credentials credentials_;
  const std::string source_;
};

}  // namespace awsgov::aws
