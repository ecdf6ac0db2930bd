#include "exporter/aws/protocol_json.h"

#include "exporter/aws/url.h"

namespace awsgov::aws {
namespace {

// "aws.protocoltests#ValidationException:http://internal.amazon.com/" -> "ValidationException".
std::string SanitizeErrorCode(std::string code) {
  if (auto colon = code.find(':'); colon != std::string::npos) code.resize(colon);
  if (auto hash = code.rfind('#'); hash != std::string::npos) code.erase(0, hash + 1);
  return code;
}

std::string StringMember(const nlohmann::json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

HttpRequest BuildJsonRequest(const ServiceInfo& service, const std::string& endpoint,
                             std::string_view operation, const nlohmann::json& body) {
  HttpRequest request;
  request.method = "POST";
  request.url = endpoint + "/";
  request.headers.emplace_back("X-Amz-Target",
                               std::string(service.target_prefix) + "." + std::string(operation));
  request.headers.emplace_back("Content-Type",
                               "application/x-amz-json-" + std::string(service.json_version));
  request.body = body.is_null() ? "{}" : body.dump();
  return request;
}

HttpRequest BuildRestJsonRequest(const std::string& endpoint, std::string_view method,
                                 std::string_view path, const QueryParams& query,
                                 const nlohmann::json* body) {
  HttpRequest request;
  request.method = std::string(method);
  request.url = endpoint + (path.empty() || path.front() != '/' ? "/" : "") + std::string(path);
  if (!query.empty()) request.url += "?" + FormEncode(query);
  if (body != nullptr) {
    request.headers.emplace_back("Content-Type", "application/json");
    request.body = body->is_null() ? "{}" : body->dump();
  }
  return request;
}

Status ParseJsonResponse(const HttpResponse& response, nlohmann::json* out) {
  if (response.body.empty()) {
    *out = nlohmann::json::object();
    return Status::Ok();
  }
  nlohmann::json parsed = nlohmann::json::parse(response.body, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) {
    return ParseError("malformed JSON response (" + std::to_string(response.body.size()) +
                      " bytes: " + BodyExcerpt(response.body, 80) + ")");
  }
  if (!parsed.is_object()) return ParseError("JSON response is not an object");
  *out = std::move(parsed);
  return Status::Ok();
}

AwsError ParseJsonError(const HttpResponse& response) {
  AwsError error;
  error.http_status = response.status;
  error.request_id = RequestIdFromHeaders(response);
  error.code = SanitizeErrorCode(response.Header("x-amzn-errortype"));
  nlohmann::json body = nlohmann::json::parse(response.body, nullptr, false);
  if (!body.is_discarded() && body.is_object()) {
    if (error.code.empty()) error.code = SanitizeErrorCode(StringMember(body, "__type"));
    if (error.code.empty()) error.code = SanitizeErrorCode(StringMember(body, "code"));
    error.message = StringMember(body, "message");
    if (error.message.empty()) error.message = StringMember(body, "Message");
  } else if (!response.body.empty()) {
    error.message = BodyExcerpt(response.body);
  }
  return error;
}

}  // namespace awsgov::aws
