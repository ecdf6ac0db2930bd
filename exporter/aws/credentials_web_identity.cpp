#include "exporter/aws/credentials_web_identity.h"

#include <cmath>
#include <fstream>
#include <sstream>

#include "exporter/aws/credentials_common.h"
#include "exporter/aws/credentials_refreshing.h"
#include "exporter/aws/credentials_sts.h"

namespace awsgov::aws {

Status FetchWebIdentityCredentials(const WebIdentityOptions& options, Credentials* out) {
  if (options.http == nullptr) return Internal("web identity: no HTTP transport");
  std::ifstream file(options.token_file, std::ios::binary);
  if (!file) {
    return InvalidArgument("web identity: cannot read token file " + options.token_file);
  }
  std::stringstream token;
  token << file.rdbuf();
  std::string token_text(TrimWhitespace(token.str()));
  if (token_text.empty()) {
    return InvalidArgument("web identity: token file " + options.token_file + " is empty");
  }
  const Clock& clock = options.clock != nullptr ? *options.clock : SystemClock::Instance();
  std::string session = options.session_name;
  if (session.empty()) {
    session = "awsgov-exporter-" + std::to_string(static_cast<long long>(clock.UnixSeconds()));
  }

  HttpRequest request;
  request.method = "POST";
  request.url = options.sts_url;
  if (request.url.empty() || request.url.back() != '/') request.url += '/';
  request.headers = {{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"},
                     {"Accept", "text/xml"}};
  request.body = "Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn=" +
                 FormEncode(options.role_arn) + "&RoleSessionName=" + FormEncode(session) +
                 "&WebIdentityToken=" + FormEncode(token_text);
  HttpResponse response;
  if (Status s = options.http->Send(request, &response); !s.ok()) {
    return s.WithContext("sts AssumeRoleWithWebIdentity at " + options.sts_url);
  }
  return CredentialsFromStsResponse(response.status, response.body, "AssumeRoleWithWebIdentity",
                                    out)
      .WithContext("role " + options.role_arn);
}

std::shared_ptr<CredentialsProvider> MakeWebIdentityProvider(WebIdentityOptions options,
                                                             std::string source) {
  const Clock* clock = options.clock;
  return std::make_shared<RefreshingCredentialsProvider>(
      std::move(source),
      [options = std::move(options)](Credentials* out) {
        return FetchWebIdentityCredentials(options, out);
      },
      clock);
}

}  // namespace awsgov::aws
