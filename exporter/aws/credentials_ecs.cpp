#include "exporter/aws/credentials_ecs.h"

#include <fstream>
#include <sstream>

#include "exporter/aws/credentials_common.h"
#include "exporter/aws/credentials_json.h"
#include "exporter/aws/credentials_refreshing.h"

namespace awsgov::aws {
namespace {

// Host part of scheme://host[:port]/..., brackets kept for IPv6.
std::string HostOf(std::string_view url) {
  auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return "";
  std::string_view rest = url.substr(scheme_end + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (auto at = rest.rfind('@'); at != std::string_view::npos) rest = rest.substr(at + 1);
  if (!rest.empty() && rest.front() == '[') return std::string(rest.substr(0, rest.find(']') + 1));
  return std::string(rest.substr(0, rest.find(':')));
}

bool AllowedPlainHttpHost(const std::string& host) {
  return host == "localhost" || host.rfind("127.", 0) == 0 || host == "[::1]" ||
         host == "169.254.170.2" || host == "169.254.170.23" || host == "[fd00:ec2::23]";
}

Status ReadTokenFile(const std::string& path, std::string* out) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return InvalidArgument("cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE " + path);
  std::stringstream text;
  text << file.rdbuf();
  *out = TrimWhitespace(text.str());
  return Status::Ok();
}

}  // namespace

bool EcsCredentialsConfigured(const Getenv& getenv) {
  return NonEmpty(getenv, "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") ||
         NonEmpty(getenv, "AWS_CONTAINER_CREDENTIALS_FULL_URI");
}

Status FetchEcsCredentials(const EcsOptions& options, Credentials* out) {
  if (options.http == nullptr) return Internal("no HTTP transport");
  HttpRequest request;
  request.method = "GET";
  request.headers = {{"Accept", "application/json"}};
  if (auto relative = NonEmpty(options.getenv, "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")) {
    request.url = options.relative_uri_host + (relative->front() == '/' ? "" : "/") + *relative;
  } else if (auto full = NonEmpty(options.getenv, "AWS_CONTAINER_CREDENTIALS_FULL_URI")) {
    bool https = full->rfind("https://", 0) == 0;
    bool http = full->rfind("http://", 0) == 0;
    if (!https && !(http && AllowedPlainHttpHost(HostOf(*full)))) {
      return InvalidArgument(
          "AWS_CONTAINER_CREDENTIALS_FULL_URI must be https, or http to loopback or the "
          "ECS/EKS agent address; got host \"" +
          HostOf(*full) + "\"");
    }
    request.url = *full;
    std::string token;
    if (auto token_file = NonEmpty(options.getenv, "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE")) {
      if (Status s = ReadTokenFile(*token_file, &token); !s.ok()) return s;
    } else if (auto token_env = NonEmpty(options.getenv, "AWS_CONTAINER_AUTHORIZATION_TOKEN")) {
      token = *token_env;
    }
    if (token.find_first_of("\r\n") != std::string::npos) {
      return InvalidArgument("container authorization token contains a line break");
    }
    if (!token.empty()) request.headers.emplace_back("Authorization", token);
  } else {
    return InvalidArgument("neither AWS_CONTAINER_CREDENTIALS_RELATIVE_URI nor _FULL_URI is set");
  }
  HttpResponse response;
  if (Status s = options.http->Send(request, &response); !s.ok()) return s;
  if (response.status != 200) return HttpFailure("container credentials endpoint", response.status);
  return CredentialsFromJsonText(response.body, "Token", out);
}

std::shared_ptr<CredentialsProvider> MakeEcsProvider(EcsOptions options) {
  const Clock* clock = options.clock;
  return std::make_shared<RefreshingCredentialsProvider>(
      "ecs",
      [options = std::move(options)](Credentials* out) {
        return FetchEcsCredentials(options, out);
      },
      clock);
}

}  // namespace awsgov::aws
