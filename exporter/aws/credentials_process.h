// credential_process: runs the profile's command through /bin/sh and reads the JSON it prints
// (Version 1: AccessKeyId, SecretAccessKey, SessionToken, Expiration). Output without Expiration
// is long-term and never refreshed. The command's stderr passes through; its stdout is never
// logged (it holds the secret).
// Thread-safety: the provider is thread-safe; RunCredentialProcess is reentrant.
#pragma once

#include <memory>
#include <string>

#include "exporter/aws/credentials.h"
#include "exporter/core/clock.h"

namespace awsgov::aws {

Status RunCredentialProcess(const std::string& command, Credentials* out);

std::shared_ptr<CredentialsProvider> MakeCredentialProcessProvider(std::string command,
                                                                   std::string source,
                                                                   const Clock* clock = nullptr);

}  // namespace awsgov::aws
