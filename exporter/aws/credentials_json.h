// Reading the JSON credential documents that ECS, IMDS and credential_process return, and turning
// HTTP failures of the metadata endpoints into Status values.
// Thread-safety: free functions, thread-safe.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>

#include "exporter/aws/sigv4.h"
#include "exporter/core/status.h"

namespace awsgov::aws {

// Reads AccessKeyId, SecretAccessKey, `token_key` (optional) and Expiration (optional, ISO 8601).
// Error messages name the missing field, never a value.
Status CredentialsFromJson(const nlohmann::json& doc, std::string_view token_key, Credentials* out);

// Parses `body` as a JSON object and reads it as above.
Status CredentialsFromJsonText(std::string_view body, std::string_view token_key, Credentials* out);

// A Status for a non-2xx answer from `what` (401/403 PermissionDenied, 404 NotFound, 429
// Throttled, 5xx Unavailable, else InvalidArgument); the body is not included (it may echo
// secrets).
Status HttpFailure(std::string_view what, long http_status);

}  // namespace awsgov::aws
