// AssumeRoleWithWebIdentity (EKS IRSA and other OIDC providers): the token file is read again at
// every refresh (the kubelet rotates it) and sent to STS in an unsigned query-protocol call.
// Thread-safety: the provider is thread-safe; FetchWebIdentityCredentials is reentrant.
#pragma once

#include <memory>
#include <string>

#include "exporter/aws/credentials.h"
#include "exporter/aws/http.h"
#include "exporter/core/clock.h"

namespace awsgov::aws {

struct WebIdentityOptions {
  std::string token_file;
  std::string role_arn;
  std::string session_name;  // empty: "awsgov-exporter-<unix seconds>" as the SDKs do
  std::string sts_url;       // e.g. https://sts.eu-west-1.amazonaws.com
  HttpTransport* http = nullptr;
  const Clock* clock = nullptr;  // default: SystemClock
};

Status FetchWebIdentityCredentials(const WebIdentityOptions& options, Credentials* out);

// Cached and refreshed before expiry; Source() is "web_identity".
std::shared_ptr<CredentialsProvider> MakeWebIdentityProvider(WebIdentityOptions options,
                                                             std::string source = "web_identity");

}  // namespace awsgov::aws
