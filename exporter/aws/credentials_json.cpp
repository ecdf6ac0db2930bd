#include "exporter/aws/credentials_json.h"

#include <nlohmann/json.hpp>

#include "exporter/aws/credentials_common.h"

namespace awsgov::aws {
namespace {

Status RequiredString(const nlohmann::json& doc, const char* key, std::string* out) {
  auto it = doc.find(key);
  if (it == doc.end() || !it->is_string() || it->get_ref<const std::string&>().empty()) {
    return ParseError(std::string("credentials document has no string field ") + key);
  }
  *out = it->get<std::string>();
  return Status::Ok();
}

}  // namespace

Status CredentialsFromJson(const nlohmann::json& doc, std::string_view token_key,
                           Credentials* out) {
  if (!doc.is_object()) return ParseError("credentials document is not a JSON object");
  Credentials creds;
  if (Status s = RequiredString(doc, "AccessKeyId", &creds.access_key_id); !s.ok()) return s;
  if (Status s = RequiredString(doc, "SecretAccessKey", &creds.secret_access_key); !s.ok()) {
    return s;
  }
  if (auto it = doc.find(std::string(token_key)); it != doc.end() && !it->is_null()) {
    if (!it->is_string()) {
      return ParseError("credentials document field " + std::string(token_key) +
                        " is not a string");
    }
    creds.session_token = it->get<std::string>();
  }
  if (auto it = doc.find("Expiration"); it != doc.end() && !it->is_null()) {
    if (!it->is_string() ||
        !ParseAwsTimestamp(it->get_ref<const std::string&>(), &creds.expiration)) {
      return ParseError("credentials document field Expiration is not an ISO 8601 time");
    }
  }
  *out = std::move(creds);
  return Status::Ok();
}

Status CredentialsFromJsonText(std::string_view body, std::string_view token_key,
                               Credentials* out) {
  nlohmann::json doc = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return ParseError("credentials document is not valid JSON");
  return CredentialsFromJson(doc, token_key, out);
}

Status HttpFailure(std::string_view what, long http_status) {
  std::string message = std::string(what) + " answered HTTP " + std::to_string(http_status);
  if (http_status == 401 || http_status == 403) {
    return Status(StatusCode::kPermissionDenied, std::move(message));
  }
  if (http_status == 404) return Status(StatusCode::kNotFound, std::move(message));
  if (http_status == 429) return Status(StatusCode::kThrottled, std::move(message));
  if (http_status >= 500) return Unavailable(std::move(message));
  return InvalidArgument(std::move(message));
}

}  // namespace awsgov::aws
