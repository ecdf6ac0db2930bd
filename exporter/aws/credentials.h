// Where the exporter's own AWS credentials come from, in the AWS SDKs' order:
//   1. environment: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN
//   2. web identity: AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN (+ AWS_ROLE_SESSION_NAME), EKS IRSA
//   3. shared files: AWS_PROFILE, AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE; role_arn +
//      source_profile chains; credential_process
//   4. ECS container credentials: AWS_CONTAINER_CREDENTIALS_RELATIVE_URI / _FULL_URI (+ token)
//   5. EC2 instance metadata (IMDSv2 token, then the role's credentials)
// Temporary credentials are refreshed before they expire (the SDKs start 15 minutes early).
// Thread-safety: CredentialsProvider implementations are thread-safe; one refresh at a time.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "exporter/aws/http.h"
#include "exporter/aws/sigv4.h"
#include "exporter/core/clock.h"
#include "exporter/core/status.h"

namespace awsgov::aws {

class Client;            // client.h
class EndpointResolver;  // aws_client.h

class CredentialsProvider {
 public:
  virtual ~CredentialsProvider() = default;
  virtual Status Get(Credentials* out) = 0;
  // AWS rejected `rejected` as expired (ExpiredToken) although its known expiry had not come: a
  // provider that caches temporary credentials drops them when they are still the cached ones, so
  // that the next Get fetches new ones. The default has nothing cached (e.g. the environment,
  // read at every call).
  virtual void Invalidate(const Credentials& rejected) { (void)rejected; }
  // For logs and the landing page: "environment", "web_identity", "profile:<name>", ... never
  // a key or token.
  virtual std::string Source() const = 0;
};

// The environment seam: tests pass a map instead of the process environment.
using Getenv = std::function<std::optional<std::string>(const std::string& name)>;
Getenv ProcessEnvironment();

// Makes a signed STS Client (MakeClient, service "sts") over `base` for `region`.
using StsClientMaker = std::function<std::shared_ptr<Client>(
    std::shared_ptr<CredentialsProvider> base, const std::string& region)>;

struct ChainOptions {
  Getenv getenv = ProcessEnvironment();
  HttpTransport* http = nullptr;  // for STS, ECS and IMDS calls; required
  // STS endpoint resolution for web identity and profile role_arn (respects endpoint overrides).
  // Empty: resolved through `endpoints` (or, without it, the environment's overrides and the
  // regional default).
  std::function<std::string(const std::string& region)> sts_endpoint;
  std::string imds_endpoint = "http://169.254.169.254";  // AWS_EC2_METADATA_SERVICE_ENDPOINT
  std::string ecs_endpoint = "http://169.254.170.2";     // for _RELATIVE_URI; a test seam
  const Clock* clock = nullptr;                          // default: SystemClock
  const EndpointResolver* endpoints = nullptr;           // optional, must outlive the chain
  // Signed STS clients for profile role_arn; empty: MakeClient over `http` and `endpoints`.
  StsClientMaker make_sts_client;
};

// The default chain; the first source that is configured wins (as in the SDKs, a configured but
// failing source is an error, not a fall-through, except IMDS which is last).
std::unique_ptr<CredentialsProvider> MakeDefaultCredentialsChain(ChainOptions options);

}  // namespace awsgov::aws
