#include "exporter/aws/credentials_env.h"

#include <gtest/gtest.h>

#include "tests/unit/aws/credentials_fakes.h"

namespace awsgov::aws {
namespace {

using credtest::MapEnv;

TEST(CredentialsEnvironment, ReadsKeySecretAndToken) {
  EnvironmentCredentialsProvider provider(MapEnv({{"AWS_ACCESS_KEY_ID", "AKIDENV"},
                                                  {"AWS_SECRET_ACCESS_KEY", "envsecret"},
                                                  {"AWS_SESSION_TOKEN", "envtoken"}}));
  Credentials c;
  ASSERT_TRUE(provider.Get(&c).ok());
  EXPECT_EQ(c.access_key_id, "AKIDENV");
  EXPECT_EQ(c.secret_access_key, "envsecret");
  EXPECT_EQ(c.session_token, "envtoken");
  EXPECT_EQ(c.expiration, std::chrono::system_clock::time_point{});
  EXPECT_EQ(provider.Source(), "environment");
}

TEST(CredentialsEnvironment, LegacySecurityTokenIsTheFallback) {
  EnvironmentCredentialsProvider provider(MapEnv({{"AWS_ACCESS_KEY_ID", "AKIDENV"},
                                                  {"AWS_SECRET_ACCESS_KEY", "envsecret"},
                                                  {"AWS_SECURITY_TOKEN", "legacy"}}));
  Credentials c;
  ASSERT_TRUE(provider.Get(&c).ok());
  EXPECT_EQ(c.session_token, "legacy");
}

TEST(CredentialsEnvironment, NeedsBothKeyAndSecretAndNeverEchoesThem) {
  auto key_only = MapEnv({{"AWS_ACCESS_KEY_ID", "AKIDONLY"}});
  EXPECT_TRUE(EnvironmentCredentialsConfigured(key_only));
  Credentials c;
  Status s = EnvironmentCredentialsProvider(key_only).Get(&c);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not"),
            std::string::npos);
  EXPECT_EQ(s.message().find("AKIDONLY"), std::string::npos);

  auto secret_only = MapEnv({{"AWS_SECRET_ACCESS_KEY", "SECRETONLY"}, {"AWS_ACCESS_KEY_ID", ""}});
  s = EnvironmentCredentialsProvider(secret_only).Get(&c);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message().find("SECRETONLY"), std::string::npos);

  EXPECT_FALSE(EnvironmentCredentialsConfigured(MapEnv({{"AWS_ACCESS_KEY_ID", ""}})));
}

}  // namespace
}  // namespace awsgov::aws
