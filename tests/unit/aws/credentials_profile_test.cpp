#include "exporter/aws/credentials_profile.h"

#include <gtest/gtest.h>

#include "tests/unit/aws/credentials_fakes.h"

namespace awsgov::aws {
namespace {

using credtest::FakeClock;
using credtest::FakeStsClient;
using credtest::MapEnv;
using credtest::TempDir;
using credtest::Unix;

constexpr long long kStart = 1714564800;

class ProfileTest : public ::testing::Test {
 protected:
  // Writes both files and resolves `profile` with a fake STS behind role_arn.
  Status Resolve(const std::string& config, const std::string& credentials,
                 const std::string& profile, std::shared_ptr<CredentialsProvider>* out,
                 std::map<std::string, std::string> extra_env = {}) {
    extra_env["AWS_CONFIG_FILE"] = dir_.Write("config", config);
    extra_env["AWS_SHARED_CREDENTIALS_FILE"] = dir_.Write("credentials", credentials);
    env_ = MapEnv(extra_env);
    if (Status s = LoadSharedFiles(env_, &files_); !s.ok()) return s;
    ProfileOptions options;
    options.getenv = env_;
    options.clock = &clock_;
    options.make_sts_client = [this](std::shared_ptr<CredentialsProvider> base,
                                     const std::string& region) {
      auto sts = std::make_shared<FakeStsClient>(std::move(base), region, &clock_);
      sts_clients_.push_back(sts);
      return sts;
    };
    options.sts_endpoint = [](const std::string& r) { return "https://sts." + r + ".test"; };
    return MakeProfileProvider(files_, profile, options, out);
  }

  TempDir dir_;
  FakeClock clock_{static_cast<double>(kStart)};
  Getenv env_;
  SharedFiles files_;
  std::vector<std::shared_ptr<FakeStsClient>> sts_clients_;
};

TEST_F(ProfileTest, CredentialsFileWinsOverConfigFileForStaticKeys) {
  std::shared_ptr<CredentialsProvider> p;
  ASSERT_TRUE(Resolve("[profile dev]\naws_access_key_id = AKIDCONFIG\n"
                      "aws_secret_access_key = configsecret\nregion = eu-west-1\n",
                      "# comment\n[dev]\naws_access_key_id = AKIDCREDS\n"
                      "aws_secret_access_key = credssecret\naws_session_token = credstoken\n",
                      "dev", &p)
                  .ok());
  Credentials c;
  ASSERT_TRUE(p->Get(&c).ok());
  EXPECT_EQ(c.access_key_id, "AKIDCREDS");
  EXPECT_EQ(c.secret_access_key, "credssecret");
  EXPECT_EQ(c.session_token, "credstoken");
  EXPECT_EQ(p->Source(), "profile:dev");
}

TEST_F(ProfileTest, ConfigFileNeedsProfilePrefixExceptForDefault) {
  std::shared_ptr<CredentialsProvider> p;
  // "[dev]" in the config file is not a profile; "[default]" is.
  Status s = Resolve("[dev]\naws_access_key_id = A\naws_secret_access_key = B\n", "", "dev", &p);
  EXPECT_EQ(s.code(), StatusCode::kNotFound);
  ASSERT_TRUE(Resolve("[default]\naws_access_key_id = AKIDDEF\naws_secret_access_key = B\n"
                      "s3 =\n  max_concurrent_requests = 10\n",
                      "", "default", &p)
                  .ok());
  Credentials c;
  ASSERT_TRUE(p->Get(&c).ok());
  EXPECT_EQ(c.access_key_id, "AKIDDEF");
}

TEST_F(ProfileTest, RoleArnChainsThroughSourceProfiles) {
  std::shared_ptr<CredentialsProvider> p;
  ASSERT_TRUE(Resolve("[profile ops]\nrole_arn = arn:aws:iam::222222222222:role/ops\n"
                      "source_profile = hub\nexternal_id = ext-42\nrole_session_name = sess\n"
                      "duration_seconds = 1800\nregion = eu-central-1\n"
                      "[profile hub]\nrole_arn = arn:aws:iam::111111111111:role/hub\n"
                      "source_profile = base\n",
                      "[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = basesecret\n",
                      "ops", &p)
                  .ok());
  Credentials c;
  ASSERT_TRUE(p->Get(&c).ok());
  // Two STS clients: hub's (over base keys, made first) and ops' (over hub's assumed role).
  ASSERT_EQ(sts_clients_.size(), 2u);
  auto& hub = *sts_clients_[0];
  auto& ops = *sts_clients_[1];
  ASSERT_EQ(hub.call_count(), 1u);
  ASSERT_EQ(ops.call_count(), 1u);
  EXPECT_EQ(hub.calls[0].base.access_key_id, "AKIDBASE");
  EXPECT_EQ(hub.Param(0, "RoleArn"), "arn:aws:iam::111111111111:role/hub");
  EXPECT_EQ(ops.calls[0].base.access_key_id, "ASIA1");  // hub's assumed credentials
  EXPECT_EQ(ops.Param(0, "RoleArn"), "arn:aws:iam::222222222222:role/ops");
  EXPECT_EQ(ops.Param(0, "ExternalId"), "ext-42");
  EXPECT_EQ(ops.Param(0, "RoleSessionName"), "sess");
  EXPECT_EQ(ops.Param(0, "DurationSeconds"), "1800");
  EXPECT_EQ(ops.region(), "eu-central-1");
  EXPECT_EQ(hub.region(), "us-east-1");  // no region anywhere: the default
  EXPECT_EQ(c.access_key_id, "ASIA1");
  EXPECT_EQ(c.session_token, "token-1");
  EXPECT_EQ(c.expiration, Unix(kStart + 3600));
}

TEST_F(ProfileTest, SourceProfileCycleIsAnError) {
  std::shared_ptr<CredentialsProvider> p;
  Status s = Resolve(
      "[profile a]\nrole_arn = arn:aws:iam::111111111111:role/a\nsource_profile = b\n"
      "[profile b]\nrole_arn = arn:aws:iam::111111111111:role/b\nsource_profile = a\n",
      "", "a", &p);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("cycle: a -> b -> a"), std::string::npos) << s.message();
}

TEST_F(ProfileTest, SelfReferenceUsesTheProfilesOwnKeys) {
  std::shared_ptr<CredentialsProvider> p;
  ASSERT_TRUE(Resolve("[profile me]\nrole_arn = arn:aws:iam::333333333333:role/me\n"
                      "source_profile = me\n",
                      "[me]\naws_access_key_id = AKIDME\naws_secret_access_key = mesecret\n", "me",
                      &p)
                  .ok());
  Credentials c;
  ASSERT_TRUE(p->Get(&c).ok());
  ASSERT_EQ(sts_clients_.size(), 1u);
  EXPECT_EQ(sts_clients_[0]->calls[0].base.access_key_id, "AKIDME");
  EXPECT_EQ(c.access_key_id, "ASIA1");
}

TEST_F(ProfileTest, CredentialSourceEnvironment) {
  std::shared_ptr<CredentialsProvider> p;
  ASSERT_TRUE(Resolve("[profile e]\nrole_arn = arn:aws:iam::444444444444:role/e\n"
                      "credential_source = Environment\n",
                      "", "e", &p,
                      {{"AWS_ACCESS_KEY_ID", "AKIDFROMENV"},
                       {"AWS_SECRET_ACCESS_KEY", "envsecret"},
                       {"AWS_REGION", "ap-southeast-2"}})
                  .ok());
  Credentials c;
  ASSERT_TRUE(p->Get(&c).ok());
  EXPECT_EQ(sts_clients_[0]->calls[0].base.access_key_id, "AKIDFROMENV");
  EXPECT_EQ(sts_clients_[0]->region(), "ap-southeast-2");

  Status s = Resolve(
      "[profile e]\nrole_arn = arn:aws:iam::444444444444:role/e\n"
      "credential_source = Bogus\n",
      "", "e", &p);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
}

TEST_F(ProfileTest, RoleArnWithoutSourceIsAnError) {
  std::shared_ptr<CredentialsProvider> p;
  Status s = Resolve("[profile x]\nrole_arn = arn:aws:iam::111111111111:role/x\n", "", "x", &p);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("profile \"x\""), std::string::npos);
}

TEST_F(ProfileTest, HalfAKeyPairIsAnError) {
  std::shared_ptr<CredentialsProvider> p;
  Status s = Resolve("", "[h]\naws_access_key_id = AKIDHALF\n", "h", &p);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message().find("AKIDHALF"), std::string::npos);
}

TEST_F(ProfileTest, CredentialProcessRunsThroughShellAndRefreshes) {
  // The script counts its runs so that each refresh yields new keys.
  std::string counter = dir_.path() + "/runs";
  std::string script = dir_.Write(
      "creds.sh",
      "n=$(cat '" + counter + "' 2>/dev/null || echo 0); n=$((n+1)); echo $n > '" + counter +
          "'\n"
          "printf '{\"Version\": 1, \"AccessKeyId\": \"AKIDPROC%s\", \"SecretAccessKey\": "
          "\"procsecret\", \"SessionToken\": \"proctoken\", \"Expiration\": "
          "\"2024-05-01T13:00:00Z\"}' $n\n");
  std::shared_ptr<CredentialsProvider> p;
  ASSERT_TRUE(
      Resolve("[profile proc]\ncredential_process = /bin/sh " + script + "\n", "", "proc", &p)
          .ok());
  Credentials c;
  ASSERT_TRUE(p->Get(&c).ok());
  EXPECT_EQ(c.access_key_id, "AKIDPROC1");
  EXPECT_EQ(c.session_token, "proctoken");
  EXPECT_EQ(c.expiration, Unix(kStart + 3600));
  clock_.Set(kStart + 3600 - 361);  // 1 s before the 6-minute margin: cached
  ASSERT_TRUE(p->Get(&c).ok());
  EXPECT_EQ(c.access_key_id, "AKIDPROC1");
  clock_.Set(kStart + 3600 - 300);
  ASSERT_TRUE(p->Get(&c).ok());
  EXPECT_EQ(c.access_key_id, "AKIDPROC2");
}

TEST_F(ProfileTest, CredentialProcessFailuresNameNoSecrets) {
  std::string bad_version = dir_.Write(
      "v2.sh",
      "echo '{\"Version\": 2, \"AccessKeyId\": \"AKIDV2\", \"SecretAccessKey\": \"x\"}'\n");
  std::shared_ptr<CredentialsProvider> p;
  ASSERT_TRUE(
      Resolve("[profile p]\ncredential_process = sh " + bad_version + "\n", "", "p", &p).ok());
  Credentials c;
  Status s = p->Get(&c);
  EXPECT_EQ(s.code(), StatusCode::kParseError);
  EXPECT_EQ(s.message().find("AKIDV2"), std::string::npos);

  ASSERT_TRUE(
      Resolve("[profile p]\ncredential_process = echo AKIDLEAK; exit 3\n", "", "p", &p).ok());
  s = p->Get(&c);
  EXPECT_EQ(s.code(), StatusCode::kUnavailable);
  EXPECT_NE(s.message().find("status 3"), std::string::npos);
  EXPECT_EQ(s.message().find("AKIDLEAK"), std::string::npos);
}

TEST(CredentialsIni, RejectsMalformedLinesWithPosition) {
  IniFile ini;
  Status s = ParseIni("[ok]\na = 1\nnot a pair\n", "/x/config", &ini);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("/x/config:3"), std::string::npos);
  EXPECT_EQ(ParseIni("a = 1\n", "f", &ini).code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace awsgov::aws
