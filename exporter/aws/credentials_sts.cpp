#include "exporter/aws/credentials_sts.h"

#include <pugixml.hpp>
#include <string>

#include "exporter/aws/credentials_common.h"
#include "exporter/aws/credentials_json.h"

namespace awsgov::aws {
namespace {

// STS error codes that are the caller's fault and will not heal on retry.
bool IsDenied(std::string_view code) {
  return code == "AccessDenied" || code == "InvalidIdentityToken" || code == "ExpiredToken" ||
         code == "ExpiredTokenException" || code == "InvalidClientTokenId" ||
         code == "SignatureDoesNotMatch" || code == "RegionDisabledException";
}

}  // namespace

Status CredentialsFromStsXml(const pugi::xml_node& response, std::string_view operation,
                             Credentials* out) {
  std::string response_name = std::string(operation) + "Response";
  std::string result_name = std::string(operation) + "Result";
  pugi::xml_node root = response;
  if (std::string_view(root.name()) != response_name) root = response.child(response_name.c_str());
  pugi::xml_node creds = root.child(result_name.c_str()).child("Credentials");
  if (!creds) return ParseError(std::string(operation) + " response has no Credentials element");
  Credentials c;
  c.access_key_id = TrimWhitespace(creds.child_value("AccessKeyId"));
  c.secret_access_key = TrimWhitespace(creds.child_value("SecretAccessKey"));
  c.session_token = TrimWhitespace(creds.child_value("SessionToken"));
  if (c.access_key_id.empty() || c.secret_access_key.empty()) {
    return ParseError(std::string(operation) + " response has no AccessKeyId or SecretAccessKey");
  }
  if (!ParseAwsTimestamp(creds.child_value("Expiration"), &c.expiration)) {
    return ParseError(std::string(operation) + " response has no valid Expiration");
  }
  *out = std::move(c);
  return Status::Ok();
}

Status CredentialsFromStsResponse(long http_status, std::string_view body,
                                  std::string_view operation, Credentials* out) {
  pugi::xml_document doc;
  bool parsed = doc.load_buffer(body.data(), body.size());
  if (http_status == 200) {
    if (!parsed) return ParseError(std::string(operation) + " response is not XML");
    return CredentialsFromStsXml(doc.document_element(), operation, out);
  }
  std::string code;
  std::string message;
  if (parsed) {
    pugi::xml_node error = doc.child("ErrorResponse").child("Error");
    code = TrimWhitespace(error.child_value("Code"));
    message = TrimWhitespace(error.child_value("Message"));
  }
  if (code.empty()) return HttpFailure("sts " + std::string(operation), http_status);
  std::string text = "sts " + std::string(operation) + ": " + code +
                     (message.empty() ? "" : " (" + message + ")") + ", HTTP " +
                     std::to_string(http_status);
  if (IsDenied(code)) return Status(StatusCode::kPermissionDenied, std::move(text));
  if (code == "Throttling") return Status(StatusCode::kThrottled, std::move(text));
  if (http_status >= 500 || code == "IDPCommunicationError") return Unavailable(std::move(text));
  return InvalidArgument(std::move(text));
}

}  // namespace awsgov::aws
