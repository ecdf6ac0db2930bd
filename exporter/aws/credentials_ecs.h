// ECS / EKS Pod Identity container credentials: AWS_CONTAINER_CREDENTIALS_RELATIVE_URI on the
// agent's link-local address, or AWS_CONTAINER_CREDENTIALS_FULL_URI (plain HTTP only to loopback
// or the ECS/EKS agent addresses, as the SDKs allow) with an Authorization header from
// AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE (read at every refresh) or
// AWS_CONTAINER_AUTHORIZATION_TOKEN. Thread-safety: the provider is thread-safe.
#pragma once

#include <memory>
#include <string>

#include "exporter/aws/credentials.h"
#include "exporter/aws/http.h"
#include "exporter/core/clock.h"

namespace awsgov::aws {

bool EcsCredentialsConfigured(const Getenv& getenv);

struct EcsOptions {
  Getenv getenv;
  HttpTransport* http = nullptr;
  std::string relative_uri_host = "http://169.254.170.2";
  const Clock* clock = nullptr;
};

Status FetchEcsCredentials(const EcsOptions& options, Credentials* out);

std::shared_ptr<CredentialsProvider> MakeEcsProvider(EcsOptions options);

}  // namespace awsgov::aws
