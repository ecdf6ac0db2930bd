// AWS Signature Version 4 (header signing), as botocore's SigV4Auth signs for non-S3 services:
// the URL path has dot segments and empty segments removed and is then percent-encoded (so an
// already-encoded path is encoded twice, as AWS expects outside S3); the query string is taken
// from the URL as it is and its pairs sorted; header values have runs of whitespace folded to one
// space; the payload is always hashed; a session token is sent and signed as X-Amz-Security-Token.
// Thread-safety: free functions, thread-safe.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "exporter/aws/http.h"

namespace awsgov::aws {

struct Credentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;  // empty for long-term keys
  // When temporary credentials stop working; time_point{} for long-term keys.
  std::chrono::system_clock::time_point expiration{};
  bool empty() const { return access_key_id.empty(); }
};

// Adds X-Amz-Date (or rewrites Date when the request already has one, as botocore does),
// X-Amz-Security-Token (when a session token is set), X-Amz-Content-Sha256 only when
// `add_content_sha256` (S3-style; other services do not need it) and Authorization to `request`,
// replacing earlier values of these headers (a retry re-signs the same request).
// `request->url` must be absolute; Host is taken from it unless already present.
void SignV4(HttpRequest* request, const Credentials& credentials, std::string_view region,
            std::string_view service, std::chrono::system_clock::time_point now,
            bool add_content_sha256 = false);

// Exposed for tests and benchmarks.
std::string Sha256Hex(std::string_view data);
std::string HmacSha256(std::string_view key, std::string_view data);  // raw 32 bytes
// The canonical request of an already-prepared request (its X-Amz-Date etc. set).
std::string CanonicalRequest(const HttpRequest& request);

}  // namespace awsgov::aws
