// STS AssumeRole over a base provider: the STS Client (made by MakeClient for service "sts",
// signed with the base credentials, at the regional STS endpoint) is passed in, so the same code
// serves the ClientFactory's per-account roles and role_arn profiles. The assumed credentials are
// cached and refreshed before expiry (RefreshingCredentialsProvider: 15 minutes early, or 10% of
// the session when shorter; one refresh at a time, concurrent callers wait for it).
// Thread-safety: the provider is thread-safe; AssumeRoleOnce is reentrant.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "exporter/aws/arn.h"  // AccountIdOfArn, for the role ARNs given to AssumeRole
#include "exporter/aws/client.h"
#include "exporter/aws/credentials.h"
#include "exporter/core/clock.h"

namespace awsgov::aws {

struct AssumeRoleOptions {
  std::string role_arn;
  std::string session_name = "awsgov-exporter";
  std::string external_id;              // empty: not sent
  std::chrono::seconds duration{3600};  // 900 s .. the role's maximum (12 h)
  const Clock* clock = nullptr;         // default: SystemClock
};

// One STS AssumeRole call.
Status AssumeRoleOnce(Client& sts, const AssumeRoleOptions& options, Credentials* out);

// Source(): "assume_role:<role arn>" unless `source` is given.
std::shared_ptr<CredentialsProvider> MakeAssumeRoleProvider(std::shared_ptr<Client> sts,
                                                            AssumeRoleOptions options,
                                                            std::string source = "");

}  // namespace awsgov::aws
