#include "exporter/aws/credentials_profile.h"

#include <algorithm>
#include <charconv>
#include <vector>

#include "exporter/aws/assume_role.h"
#include "exporter/aws/credentials_common.h"
#include "exporter/aws/credentials_ecs.h"
#include "exporter/aws/credentials_env.h"
#include "exporter/aws/credentials_imds.h"
#include "exporter/aws/credentials_process.h"
#include "exporter/aws/credentials_web_identity.h"

namespace awsgov::aws {
namespace {

std::string ExpandHome(const Getenv& getenv, const std::string& path) {
  if (path.rfind("~/", 0) != 0 && path != "~") return path;
  std::string home = getenv("HOME").value_or("");
  return home + path.substr(1);
}

const IniSection* ConfigSection(const SharedFiles& files, const std::string& profile) {
  // "[profile default]" is accepted as well as "[default]"; other profiles need the prefix.
  if (auto it = files.config.find("profile " + profile); it != files.config.end()) {
    return &it->second;
  }
  if (profile == "default") {
    if (auto it = files.config.find("default"); it != files.config.end()) return &it->second;
  }
  return nullptr;
}

const IniSection* CredentialsSection(const SharedFiles& files, const std::string& profile) {
  auto it = files.credentials.find(profile);
  return it == files.credentials.end() ? nullptr : &it->second;
}

std::string Value(const IniSection* section, const std::string& key) {
  if (section == nullptr) return "";
  auto it = section->find(key);
  return it == section->end() ? "" : it->second;
}

class Resolver {
 public:
  Resolver(const SharedFiles& files, const ProfileOptions& options)
      : files_(files), options_(options) {}

  Status Resolve(const std::string& name, std::shared_ptr<CredentialsProvider>* out) {
    const IniSection* config = ConfigSection(files_, name);
    const IniSection* creds = CredentialsSection(files_, name);
    if (config == nullptr && creds == nullptr) {
      return Status(StatusCode::kNotFound, "profile \"" + name + "\" is in neither " +
                                               files_.config_path + " nor " +
                                               files_.credentials_path);
    }
    if (std::find(chain_.begin(), chain_.end(), name) != chain_.end()) {
      std::string cycle;
      for (const auto& p : chain_) cycle += p + " -> ";
      return InvalidArgument("source_profile cycle: " + cycle + name);
    }
    chain_.push_back(name);
    // The credentials file wins over the config file for every key it sets.
    auto get = [&](const std::string& key) {
      std::string v = Value(creds, key);
      return v.empty() ? Value(config, key) : v;
    };
    std::string where = "profile \"" + name + "\"";

    if (!get("role_arn").empty()) return AssumeRole(name, get, out).WithContext(where);

    std::shared_ptr<CredentialsProvider> fixed;
    if (Status s = StaticKeys(creds, files_.credentials_path, name, &fixed); !s.ok() || fixed) {
      *out = fixed;
      return s.WithContext(where);
    }
    if (std::string process = get("credential_process"); !process.empty()) {
      *out = MakeCredentialProcessProvider(process, "credential_process", options_.clock);
      return Status::Ok();
    }
    if (Status s = StaticKeys(config, files_.config_path, name, &fixed); !s.ok() || fixed) {
      *out = fixed;
      return s.WithContext(where);
    }
    return InvalidArgument(where +
                           " has no role_arn, aws_access_key_id / aws_secret_access_key or "
                           "credential_process");
  }

 private:
  // Sets *out only when the section has keys; a half pair is an error.
  static Status StaticKeys(const IniSection* section, const std::string& path,
                           const std::string& name, std::shared_ptr<CredentialsProvider>* out) {
    out->reset();
    std::string key = Value(section, "aws_access_key_id");
    std::string secret = Value(section, "aws_secret_access_key");
    if (key.empty() && secret.empty()) return Status::Ok();
    if (key.empty() || secret.empty()) {
      return InvalidArgument("in " + path + " has only one of aws_access_key_id and " +
                             "aws_secret_access_key");
    }
    Credentials c;
    c.access_key_id = key;
    c.secret_access_key = secret;
    c.session_token = Value(section, "aws_session_token");
    *out = std::make_shared<StaticCredentialsProvider>(std::move(c), "profile:" + name);
    return Status::Ok();
  }

  template <typename Get>
  Status AssumeRole(const std::string& name, const Get& get,
                    std::shared_ptr<CredentialsProvider>* out) {
    std::string role_arn = get("role_arn");
    std::string session = get("role_session_name");
    const Clock& clock = options_.clock != nullptr ? *options_.clock : SystemClock::Instance();
    if (session.empty()) {
      session = "awsgov-exporter-" + std::to_string(static_cast<long long>(clock.UnixSeconds()));
    }
    std::string region = get("region");
    if (region.empty()) region = EnvironmentRegion(options_.getenv).value_or("us-east-1");

    if (std::string token_file = get("web_identity_token_file"); !token_file.empty()) {
      if (!options_.sts_endpoint) return Internal("no STS endpoint resolver");
      WebIdentityOptions web;
      web.token_file = ExpandHome(options_.getenv, token_file);
      web.role_arn = role_arn;
      web.session_name = get("role_session_name");
      web.sts_url = options_.sts_endpoint(region);
      web.http = options_.http;
      web.clock = options_.clock;
      *out = MakeWebIdentityProvider(std::move(web), "web_identity");
      return Status::Ok();
    }

    std::string source_profile = get("source_profile");
    std::string credential_source = get("credential_source");
    std::shared_ptr<CredentialsProvider> base;
    if (!source_profile.empty() && !credential_source.empty()) {
      return InvalidArgument("sets both source_profile and credential_source");
    }
    if (!source_profile.empty()) {
      std::shared_ptr<CredentialsProvider> self;
      if (source_profile == name) {
        if (Status s =
                StaticKeys(CredentialsSection(files_, name), files_.credentials_path, name, &self);
            !s.ok()) {
          return s;
        }
        if (!self) {
          if (Status s = StaticKeys(ConfigSection(files_, name), files_.config_path, name, &self);
              !s.ok()) {
            return s;
          }
        }
        if (!self) return InvalidArgument("is its own source_profile but has no static keys");
        base = self;
      } else if (Status s = Resolve(source_profile, &base); !s.ok()) {
        return s;
      }
    } else if (credential_source == "Environment") {
      base = std::make_shared<EnvironmentCredentialsProvider>(options_.getenv);
    } else if (credential_source == "Ec2InstanceMetadata") {
      base = MakeImdsProvider({options_.imds_endpoint, options_.http, options_.clock});
    } else if (credential_source == "EcsContainer") {
      base =
          MakeEcsProvider({options_.getenv, options_.http, options_.ecs_endpoint, options_.clock});
    } else if (!credential_source.empty()) {
      return InvalidArgument("credential_source \"" + credential_source +
                             "\" is not Environment, Ec2InstanceMetadata or EcsContainer");
    } else {
      return InvalidArgument(
          "has role_arn but no source_profile, credential_source or "
          "web_identity_token_file");
    }
    if (!get("mfa_serial").empty()) {
      return InvalidArgument("mfa_serial is not supported by a non-interactive exporter");
    }

    AssumeRoleOptions assume;
    assume.role_arn = role_arn;
    assume.session_name = session;
    assume.external_id = get("external_id");
    assume.clock = options_.clock;
    if (std::string duration = get("duration_seconds"); !duration.empty()) {
      long long seconds = 0;
      auto r = std::from_chars(duration.data(), duration.data() + duration.size(), seconds);
      if (r.ec != std::errc() || r.ptr != duration.data() + duration.size() || seconds < 900 ||
          seconds > 43200) {
        return InvalidArgument("duration_seconds \"" + duration + "\" is not 900..43200");
      }
      assume.duration = std::chrono::seconds(seconds);
    }
    if (!options_.make_sts_client) return Internal("no STS client maker");
    auto sts = options_.make_sts_client(base, region);
    if (!sts) return Internal("cannot make an STS client for region " + region);
    *out = MakeAssumeRoleProvider(std::move(sts), std::move(assume));
    return Status::Ok();
  }

  const SharedFiles& files_;
  const ProfileOptions& options_;
  std::vector<std::string> chain_;
};

// Renames the outermost provider's Source() to "profile:<name>".
class NamedProvider final : public CredentialsProvider {
 public:
  NamedProvider(std::shared_ptr<CredentialsProvider> inner, std::string source)
      : inner_(std::move(inner)), source_(std::move(source)) {}
  Status Get(Credentials* out) override { return inner_->Get(out).WithContext(source_); }
  void Invalidate(const Credentials& rejected) override { inner_->Invalidate(rejected); }
  std::string Source() const override { return source_; }

 private:
  const std::shared_ptr<CredentialsProvider> inner_;
  const std::string source_;
};

}  // namespace

std::string SelectedProfileName(const Getenv& getenv) {
  return NonEmpty(getenv, "AWS_PROFILE").value_or("default");
}

Status LoadSharedFiles(const Getenv& getenv, SharedFiles* out) {
  SharedFiles files;
  files.config_path =
      ExpandHome(getenv, NonEmpty(getenv, "AWS_CONFIG_FILE").value_or("~/.aws/config"));
  files.credentials_path = ExpandHome(
      getenv, NonEmpty(getenv, "AWS_SHARED_CREDENTIALS_FILE").value_or("~/.aws/credentials"));
  if (Status s = LoadIniFile(files.config_path, &files.config); !s.ok()) return s;
  if (Status s = LoadIniFile(files.credentials_path, &files.credentials); !s.ok()) return s;
  *out = std::move(files);
  return Status::Ok();
}

bool ProfileHasCredentials(const SharedFiles& files, const std::string& profile) {
  for (const IniSection* section :
       {ConfigSection(files, profile), CredentialsSection(files, profile)}) {
    for (const char* key : {"role_arn", "aws_access_key_id", "aws_secret_access_key",
                            "credential_process", "web_identity_token_file"}) {
      if (!Value(section, key).empty()) return true;
    }
  }
  return false;
}

Status MakeProfileProvider(const SharedFiles& files, const std::string& profile,
                           const ProfileOptions& options,
                           std::shared_ptr<CredentialsProvider>* out) {
  Resolver resolver(files, options);
  std::shared_ptr<CredentialsProvider> inner;
  if (Status s = resolver.Resolve(profile, &inner); !s.ok()) return s;
  *out = std::make_shared<NamedProvider>(std::move(inner), "profile:" + profile);
  return Status::Ok();
}

}  // namespace awsgov::aws
