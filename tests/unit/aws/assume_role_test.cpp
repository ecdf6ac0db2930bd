#include "exporter/aws/assume_role.h"

#include <gtest/gtest.h>

#include "exporter/aws/credentials_common.h"
#include "tests/unit/aws/credentials_fakes.h"

namespace awsgov::aws {
namespace {

using credtest::FakeClock;
using credtest::FakeStsClient;
using credtest::Unix;

constexpr long long kStart = 1714564800;

TEST(AssumeRole, SendsRoleSessionExternalIdAndDuration) {
  FakeClock clock(kStart);
  auto base = std::make_shared<StaticCredentialsProvider>(
      Credentials{"AKIDBASE", "basesecret", "", {}}, "environment");
  auto sts = std::make_shared<FakeStsClient>(base, "eu-west-1", &clock, std::chrono::seconds(900));
  AssumeRoleOptions o;
  o.role_arn = "arn:aws:iam::210987654321:role/awsgov-exporter";
  o.session_name = "awsgov-test";
  o.external_id = "ext-7";
  o.duration = std::chrono::seconds(900);
  o.clock = &clock;
  auto p = MakeAssumeRoleProvider(sts, o);
  EXPECT_EQ(p->Source(), "assume_role:arn:aws:iam::210987654321:role/awsgov-exporter");
  Credentials c;
  ASSERT_TRUE(p->Get(&c).ok());
  EXPECT_EQ(c.access_key_id, "ASIA1");
  EXPECT_EQ(c.secret_access_key, "secret-1");
  EXPECT_EQ(c.session_token, "token-1");
  EXPECT_EQ(c.expiration, Unix(kStart + 900));
  EXPECT_EQ(sts->Param(0, "RoleArn"), "arn:aws:iam::210987654321:role/awsgov-exporter");
  EXPECT_EQ(sts->Param(0, "RoleSessionName"), "awsgov-test");
  EXPECT_EQ(sts->Param(0, "ExternalId"), "ext-7");
  EXPECT_EQ(sts->Param(0, "DurationSeconds"), "900");
  EXPECT_EQ(sts->calls[0].base.access_key_id, "AKIDBASE");

  // A 15-minute session is refreshed in its last 90 s (10%), not on every call.
  clock.Set(kStart + 900 - 91);
  ASSERT_TRUE(p->Get(&c).ok());
  EXPECT_EQ(sts->call_count(), 1u);
  clock.Set(kStart + 900 - 90);
  ASSERT_TRUE(p->Get(&c).ok());
  EXPECT_EQ(sts->call_count(), 2u);
  EXPECT_EQ(c.access_key_id, "ASIA2");
}

TEST(AssumeRole, NoExternalIdParamWhenEmptyAndErrorsNameTheRole) {
  FakeClock clock(kStart);
  auto sts = std::make_shared<FakeStsClient>(nullptr, "us-east-1", &clock);
  sts->fail_with = Status(StatusCode::kPermissionDenied, "AccessDenied: not authorized");
  AssumeRoleOptions o;
  o.role_arn = "arn:aws:iam::210987654321:role/r";
  o.clock = &clock;
  Credentials c;
  Status s = AssumeRoleOnce(*sts, o, &c);
  EXPECT_EQ(s.code(), StatusCode::kPermissionDenied);
  EXPECT_NE(s.message().find("arn:aws:iam::210987654321:role/r"), std::string::npos);
  for (const auto& [k, v] : sts->calls[0].params) EXPECT_NE(k, "ExternalId");
}

}  // namespace
}  // namespace awsgov::aws
