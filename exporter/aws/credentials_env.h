// Credentials from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN (or the older
// AWS_SECURITY_TOKEN). Read at every Get, so a changed environment is seen without a restart.
// Thread-safety: thread-safe (the Getenv must be).
#pragma once

#include "exporter/aws/credentials.h"

namespace awsgov::aws {

// True when either key variable is set: then the environment is the chain's source, and a
// missing half is an error rather than a fall-through (as botocore's PartialCredentialsError).
bool EnvironmentCredentialsConfigured(const Getenv& getenv);

class EnvironmentCredentialsProvider final : public CredentialsProvider {
 public:
  explicit EnvironmentCredentialsProvider(Getenv getenv) : getenv_(std::move(getenv)) {}
  Status Get(Credentials* out) override;
  std::string Source() const override { return "environment"; }

 private:
  const Getenv getenv_;
};

}  // namespace awsgov::aws
