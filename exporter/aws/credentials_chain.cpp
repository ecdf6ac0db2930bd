#include "exporter/aws/credentials_chain.h"

#include "exporter/aws/credentials_common.h"
#include "exporter/aws/credentials_ecs.h"
#include "exporter/aws/credentials_env.h"
#include "exporter/aws/credentials_imds.h"
#include "exporter/aws/credentials_profile.h"
#include "exporter/aws/credentials_web_identity.h"
#include "exporter/core/log.h"

namespace awsgov::aws {

DefaultCredentialsChain::DefaultCredentialsChain(ChainOptions options)
    : options_(std::move(options)) {}

Status DefaultCredentialsChain::Resolve(std::shared_ptr<CredentialsProvider>* out) const {
  const Getenv& env = options_.getenv;
  if (EnvironmentCredentialsConfigured(env)) {
    *out = std::make_shared<EnvironmentCredentialsProvider>(env);
    return Status::Ok();
  }

  if (auto token_file = NonEmpty(env, "AWS_WEB_IDENTITY_TOKEN_FILE")) {
    auto role_arn = NonEmpty(env, "AWS_ROLE_ARN");
    if (!role_arn) {
      return InvalidArgument("AWS_WEB_IDENTITY_TOKEN_FILE is set but AWS_ROLE_ARN is not");
    }
    WebIdentityOptions web;
    web.token_file = *token_file;
    web.role_arn = *role_arn;
    web.session_name = NonEmpty(env, "AWS_ROLE_SESSION_NAME").value_or("");
    web.sts_url = options_.sts_endpoint(EnvironmentRegion(env).value_or("us-east-1"));
    web.http = options_.http;
    web.clock = options_.clock;
    *out = MakeWebIdentityProvider(std::move(web));
    return Status::Ok();
  }

  SharedFiles files;
  if (Status s = LoadSharedFiles(env, &files); !s.ok()) return s;
  std::string profile = SelectedProfileName(env);
  bool explicit_profile = NonEmpty(env, "AWS_PROFILE").has_value();
  if (explicit_profile || ProfileHasCredentials(files, profile)) {
    ProfileOptions p;
    p.getenv = env;
    p.http = options_.http;
    p.make_sts_client = options_.make_sts_client;
    p.sts_endpoint = options_.sts_endpoint;
    p.imds_endpoint = options_.imds_endpoint;
    p.ecs_endpoint = options_.ecs_endpoint;
    p.clock = options_.clock;
    return MakeProfileProvider(files, profile, p, out);
  }

  if (EcsCredentialsConfigured(env)) {
    *out = MakeEcsProvider({env, options_.http, options_.ecs_endpoint, options_.clock});
    return Status::Ok();
  }

  if (!ImdsDisabled(env)) {
    std::string endpoint =
        NonEmpty(env, "AWS_EC2_METADATA_SERVICE_ENDPOINT").value_or(options_.imds_endpoint);
    *out = MakeImdsProvider({endpoint, options_.http, options_.clock});
    return Status::Ok();
  }
  return Status(StatusCode::kNotFound,
                "no AWS credentials: none in the environment, no web identity, no profile \"" +
                    profile + "\" with credentials in " + files.config_path + " or " +
                    files.credentials_path +
                    ", no container credentials, and instance "
                    "metadata is disabled (AWS_EC2_METADATA_DISABLED)");
}

Status DefaultCredentialsChain::Get(Credentials* out) {
  std::shared_ptr<CredentialsProvider> provider;
  {
    std::lock_guard lock(mu_);
    if (!resolved_) {
      if (Status s = Resolve(&resolved_); !s.ok()) {
        resolved_.reset();
        return s.WithContext("credentials chain");
      }
      log::Info("AWS credentials source chosen", {{"source", resolved_->Source()}});
    }
    provider = resolved_;
  }
  return provider->Get(out);
}

void DefaultCredentialsChain::Invalidate(const Credentials& rejected) {
  std::shared_ptr<CredentialsProvider> provider;
  {
    std::lock_guard lock(mu_);
    provider = resolved_;
  }
  if (provider) provider->Invalidate(rejected);
}

std::string DefaultCredentialsChain::Source() const {
  std::lock_guard lock(mu_);
  return resolved_ ? resolved_->Source() : "default_chain";
}

}  // namespace awsgov::aws
