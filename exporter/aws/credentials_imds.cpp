#include "exporter/aws/credentials_imds.h"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

#include "exporter/aws/credentials_common.h"
#include "exporter/aws/credentials_json.h"
#include "exporter/aws/credentials_refreshing.h"

namespace awsgov::aws {
namespace {

constexpr char kTokenTtlSeconds[] = "21600";  // the SDKs' 6 hours
constexpr char kCredentialsPath[] = "/latest/meta-data/iam/security-credentials/";

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

Status Call(const ImdsOptions& options, HttpRequest request, HttpResponse* response,
            std::string_view what) {
  if (Status s = options.http->Send(request, response); !s.ok()) {
    return s.WithContext("instance metadata " + std::string(what));
  }
  if (response->status != 200) {
    return HttpFailure("instance metadata " + std::string(what), response->status);
  }
  return Status::Ok();
}

}  // namespace

bool ImdsDisabled(const Getenv& getenv) {
  auto value = getenv("AWS_EC2_METADATA_DISABLED");
  return value && Lower(std::string(TrimWhitespace(*value))) == "true";
}

Status FetchImdsCredentials(const ImdsOptions& options, Credentials* out) {
  if (options.http == nullptr) return Internal("no HTTP transport");
  std::string base = options.endpoint;
  while (!base.empty() && base.back() == '/') base.pop_back();

  HttpRequest token_request;
  token_request.method = "PUT";
  token_request.url = base + "/latest/api/token";
  token_request.headers = {{"X-aws-ec2-metadata-token-ttl-seconds", kTokenTtlSeconds}};
  HttpResponse token_response;
  if (Status s = Call(options, token_request, &token_response, "token"); !s.ok()) return s;
  std::string token(TrimWhitespace(token_response.body));
  if (token.empty()) return ParseError("instance metadata token is empty");

  HttpRequest role_request;
  role_request.url = base + kCredentialsPath;
  role_request.headers = {{"X-aws-ec2-metadata-token", token}};
  HttpResponse role_response;
  if (Status s = Call(options, role_request, &role_response, "role name"); !s.ok()) return s;
  std::string_view roles = TrimWhitespace(role_response.body);
  std::string role(TrimWhitespace(roles.substr(0, roles.find('\n'))));
  if (role.empty()) return Status(StatusCode::kNotFound, "the instance has no IAM role");
  if (role.find_first_of("/?#% ") != std::string::npos) {
    return ParseError("instance metadata returned an invalid role name");
  }

  HttpRequest creds_request;
  creds_request.url = base + kCredentialsPath + role;
  creds_request.headers = {{"X-aws-ec2-metadata-token", token}};
  HttpResponse creds_response;
  if (Status s = Call(options, creds_request, &creds_response, "credentials of role " + role);
      !s.ok()) {
    return s;
  }
  nlohmann::json doc = nlohmann::json::parse(creds_response.body, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    return ParseError("instance metadata credentials of role " + role + " are not JSON");
  }
  if (auto code = doc.find("Code"); code != doc.end() && code->is_string() && *code != "Success") {
    return Unavailable("instance metadata credentials of role " + role + " have Code " +
                       code->get<std::string>());
  }
  return CredentialsFromJson(doc, "Token", out).WithContext("instance metadata role " + role);
}

std::shared_ptr<CredentialsProvider> MakeImdsProvider(ImdsOptions options) {
  const Clock* clock = options.clock;
  return std::make_shared<RefreshingCredentialsProvider>(
      "imds",
      [options = std::move(options)](Credentials* out) {
        return FetchImdsCredentials(options, out);
      },
      clock);
}

}  // namespace awsgov::aws
