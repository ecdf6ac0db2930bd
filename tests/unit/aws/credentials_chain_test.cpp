#include <gtest/gtest.h>

#include "exporter/aws/credentials.h"
#include "tests/unit/aws/credentials_fakes.h"

namespace awsgov::aws {
namespace {

using credtest::FakeClock;
using credtest::FakeStsClient;
using credtest::FakeTransport;
using credtest::MapEnv;
using credtest::TempDir;

constexpr long long kStart = 1714564800;

// Every source is configured at once; each test removes the winners above the one it checks.
class ChainTest : public ::testing::Test {
 protected:
  void SetUp() override {
    env_ = {
        {"HOME", dir_.path()},
        {"AWS_ACCESS_KEY_ID", "AKIDENV"},
        {"AWS_SECRET_ACCESS_KEY", "envsecret"},
        {"AWS_WEB_IDENTITY_TOKEN_FILE", dir_.Write("jwt", "jwt")},
        {"AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/web"},
        {"AWS_REGION", "eu-west-1"},
        {"AWS_SHARED_CREDENTIALS_FILE", dir_.Write("credentials",
                                                   "[default]\naws_access_key_id = AKIDPROFILE\n"
                                                   "aws_secret_access_key = profilesecret\n")},
        {"AWS_CONFIG_FILE", dir_.path() + "/no-config"},
        {"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/creds"},
        {"AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:8111"},
    };
    http_.On("POST", "https://sts.eu-west-1.test/", 200,
             credtest::StsCredentialsXml("AssumeRoleWithWebIdentity", "ASIAWEB", "s", "t",
                                         "2024-05-01T13:00:00Z"));
    http_.On("GET", "http://169.254.170.2/creds", 200,
             R"({"AccessKeyId":"AKIDECS","SecretAccessKey":"s","Token":"t",)"
             R"("Expiration":"2024-05-01T13:00:00Z"})");
    http_.On("PUT", "http://127.0.0.1:8111/latest/api/token", 200, "tok");
    http_.On("GET", "http://127.0.0.1:8111/latest/meta-data/iam/security-credentials/", 200,
             "role");
    http_.On("GET", "http://127.0.0.1:8111/latest/meta-data/iam/security-credentials/role", 200,
             R"({"Code":"Success","AccessKeyId":"AKIDIMDS","SecretAccessKey":"s","Token":"t",)"
             R"("Expiration":"2024-05-01T13:00:00Z"})");
  }

  // The access key the chain yields, and its Source().
  std::pair<std::string, std::string> Resolve(Status* status = nullptr) {
    ChainOptions o;
    o.getenv = MapEnv(env_);
    o.http = &http_;
    o.clock = &clock_;
    o.sts_endpoint = [](const std::string& region) { return "https://sts." + region + ".test"; };
    o.make_sts_client = [this](std::shared_ptr<CredentialsProvider> base, const std::string& r) {
      return std::make_shared<FakeStsClient>(std::move(base), r, &clock_);
    };
    auto chain = MakeDefaultCredentialsChain(o);
    Credentials c;
    Status s = chain->Get(&c);
    if (status != nullptr) *status = s;
    return {c.access_key_id, chain->Source()};
  }

  TempDir dir_;
  FakeClock clock_{static_cast<double>(kStart)};
  FakeTransport http_;
  std::map<std::string, std::string> env_;
};

TEST_F(ChainTest, SourcesInSdkOrder) {
  EXPECT_EQ(Resolve(), std::make_pair(std::string("AKIDENV"), std::string("environment")));
  env_.erase("AWS_ACCESS_KEY_ID");
  env_.erase("AWS_SECRET_ACCESS_KEY");
  EXPECT_EQ(Resolve(), std::make_pair(std::string("ASIAWEB"), std::string("web_identity")));
  env_.erase("AWS_WEB_IDENTITY_TOKEN_FILE");
  EXPECT_EQ(Resolve(), std::make_pair(std::string("AKIDPROFILE"), std::string("profile:default")));
  env_.erase("AWS_SHARED_CREDENTIALS_FILE");
  EXPECT_EQ(Resolve(), std::make_pair(std::string("AKIDECS"), std::string("ecs")));
  env_.erase("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");
  EXPECT_EQ(Resolve(), std::make_pair(std::string("AKIDIMDS"), std::string("imds")));
  env_["AWS_EC2_METADATA_DISABLED"] = "true";
  Status s;
  Resolve(&s);
  EXPECT_EQ(s.code(), StatusCode::kNotFound);
  EXPECT_NE(s.message().find("AWS_EC2_METADATA_DISABLED"), std::string::npos);
}

TEST_F(ChainTest, InvalidateReachesTheChosenSourceAndDropsOnlyTheRejectedKeys) {
  env_.erase("AWS_ACCESS_KEY_ID");
  env_.erase("AWS_SECRET_ACCESS_KEY");  // web identity wins: temporary, cached credentials
  ChainOptions o;
  o.getenv = MapEnv(env_);
  o.http = &http_;
  o.clock = &clock_;
  o.sts_endpoint = [](const std::string& region) { return "https://sts." + region + ".test"; };
  auto chain = MakeDefaultCredentialsChain(o);
  auto sts_calls = [this] {
    int n = 0;
    for (const auto& r : http_.requests()) n += r.url == "https://sts.eu-west-1.test/";
    return n;
  };
  Credentials c;
  ASSERT_TRUE(chain->Get(&c).ok());
  ASSERT_TRUE(chain->Get(&c).ok());
  EXPECT_EQ(sts_calls(), 1);  // cached until its refresh margin
  chain->Invalidate(Credentials{"ASIASOMEONEELSE", "s", "t", {}});
  ASSERT_TRUE(chain->Get(&c).ok());
  EXPECT_EQ(sts_calls(), 1);  // not the cached key: nothing dropped
  chain->Invalidate(c);
  ASSERT_TRUE(chain->Get(&c).ok());
  EXPECT_EQ(c.access_key_id, "ASIAWEB");
  EXPECT_EQ(sts_calls(), 2);  // AWS said the cached session expired: fetched again
}

TEST_F(ChainTest, DefaultProfileFileIsUnderHome) {
  env_.erase("AWS_ACCESS_KEY_ID");
  env_.erase("AWS_SECRET_ACCESS_KEY");
  env_.erase("AWS_WEB_IDENTITY_TOKEN_FILE");
  env_.erase("AWS_SHARED_CREDENTIALS_FILE");
  std::filesystem::create_directory(dir_.path() + "/.aws");
  dir_.Write(".aws/credentials",
             "[default]\naws_access_key_id = AKIDHOME\naws_secret_access_key = s\n");
  EXPECT_EQ(Resolve().first, "AKIDHOME");
}

TEST_F(ChainTest, ConfiguredButBrokenSourceIsAnErrorNotAFallThrough) {
  env_.erase("AWS_ACCESS_KEY_ID");
  env_.erase("AWS_SECRET_ACCESS_KEY");
  env_.erase("AWS_WEB_IDENTITY_TOKEN_FILE");
  env_["AWS_PROFILE"] = "missing";
  Status s;
  Resolve(&s);
  EXPECT_EQ(s.code(), StatusCode::kNotFound);
  EXPECT_NE(s.message().find("profile \"missing\""), std::string::npos);

  env_.erase("AWS_PROFILE");
  env_["AWS_WEB_IDENTITY_TOKEN_FILE"] = dir_.path() + "/jwt";
  env_.erase("AWS_ROLE_ARN");
  Resolve(&s);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("AWS_ROLE_ARN"), std::string::npos);
}

TEST_F(ChainTest, ProfileWithOnlyARegionFallsThrough) {
  env_.erase("AWS_ACCESS_KEY_ID");
  env_.erase("AWS_SECRET_ACCESS_KEY");
  env_.erase("AWS_WEB_IDENTITY_TOKEN_FILE");
  env_["AWS_SHARED_CREDENTIALS_FILE"] = dir_.path() + "/none";
  env_["AWS_CONFIG_FILE"] = dir_.Write("config", "[default]\nregion = eu-west-1\n");
  EXPECT_EQ(Resolve().second, "ecs");
}

}  // namespace
}  // namespace awsgov::aws
