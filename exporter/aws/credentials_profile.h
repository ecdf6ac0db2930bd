// Credentials from the shared files, as the AWS CLI and SDKs read them:
//   AWS_PROFILE (default "default"), AWS_CONFIG_FILE (~/.aws/config, "[profile x]" sections and
//   "[default]"), AWS_SHARED_CREDENTIALS_FILE (~/.aws/credentials, "[x]" sections).
// Within a profile, in botocore's order: role_arn (with web_identity_token_file, source_profile or
// credential_source = Environment | Ec2InstanceMetadata | EcsContainer), then static keys from the
// credentials file, then credential_process, then static keys from the config file. Chains of
// source_profile are followed with cycle detection; a profile that names itself as
// source_profile and has static keys uses them as the base (the SDKs' self-reference rule).
// Thread-safety: providers made here are thread-safe; the functions are reentrant.
#pragma once

#include <memory>
#include <string>

#include "exporter/aws/credentials.h"
#include "exporter/aws/credentials_ini.h"

namespace awsgov::aws {

struct SharedFiles {
  std::string config_path;
  std::string credentials_path;
  IniFile config;       // section names as written ("profile x", "default")
  IniFile credentials;  // section names are profile names
};

std::string SelectedProfileName(const Getenv& getenv);
Status LoadSharedFiles(const Getenv& getenv, SharedFiles* out);

// True when `profile` exists in either file and holds a way to get credentials.
bool ProfileHasCredentials(const SharedFiles& files, const std::string& profile);

struct ProfileOptions {
  Getenv getenv;
  HttpTransport* http = nullptr;
  StsClientMaker make_sts_client;                               // required for role_arn
  std::function<std::string(const std::string&)> sts_endpoint;  // for web_identity_token_file
  std::string imds_endpoint = "http://169.254.169.254";
  std::string ecs_endpoint = "http://169.254.170.2";
  const Clock* clock = nullptr;
};

// Source() of the result is "profile:<name>".
Status MakeProfileProvider(const SharedFiles& files, const std::string& profile,
                           const ProfileOptions& options,
                           std::shared_ptr<CredentialsProvider>* out);

}  // namespace awsgov::aws
