#include "exporter/aws/credentials_env.h"

#include "exporter/aws/credentials_common.h"

namespace awsgov::aws {

bool EnvironmentCredentialsConfigured(const Getenv& getenv) {
  return NonEmpty(getenv, "AWS_ACCESS_KEY_ID") || NonEmpty(getenv, "AWS_SECRET_ACCESS_KEY");
}

Status EnvironmentCredentialsProvider::Get(Credentials* out) {
  auto key = NonEmpty(getenv_, "AWS_ACCESS_KEY_ID");
  auto secret = NonEmpty(getenv_, "AWS_SECRET_ACCESS_KEY");
  if (!key || !secret) {
    return InvalidArgument(std::string("environment credentials: ") +
                           (key ? "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not"
                                : "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not"));
  }
  Credentials creds;
  creds.access_key_id = *key;
  creds.secret_access_key = *secret;
  if (auto token = NonEmpty(getenv_, "AWS_SESSION_TOKEN")) {
    creds.session_token = *token;
  } else if (auto legacy = NonEmpty(getenv_, "AWS_SECURITY_TOKEN")) {
    creds.session_token = *legacy;
  }
  *out = std::move(creds);
  return Status::Ok();
}

}  // namespace awsgov::aws
