// EC2 instance metadata (IMDSv2 only): PUT /latest/api/token with a TTL header, then
// GET /latest/meta-data/iam/security-credentials/ (the role name) and .../<role> with the token.
// Disabled by AWS_EC2_METADATA_DISABLED=true; AWS_EC2_METADATA_SERVICE_ENDPOINT overrides the
// endpoint. The instance role is looked up at every refresh (it can be replaced on a running
// instance).
// Thread-safety: the provider is thread-safe.
#pragma once

#include <memory>
#include <string>

#include "exporter/aws/credentials.h"
#include "exporter/aws/http.h"
#include "exporter/core/clock.h"

namespace awsgov::aws {

bool ImdsDisabled(const Getenv& getenv);

struct ImdsOptions {
  std::string endpoint = "http://169.254.169.254";
  HttpTransport* http = nullptr;
  const Clock* clock = nullptr;
};

Status FetchImdsCredentials(const ImdsOptions& options, Credentials* out);

std::shared_ptr<CredentialsProvider> MakeImdsProvider(ImdsOptions options);

}  // namespace awsgov::aws
