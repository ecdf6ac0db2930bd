// ECS, IMDSv2 and web identity against the in-process FakeTransport (the same flows run against a
// real HTTP server in credentials_fake_server_test.cpp).
#include <gtest/gtest.h>

#include "exporter/aws/credentials_ecs.h"
#include "exporter/aws/credentials_imds.h"
#include "exporter/aws/credentials_web_identity.h"
#include "tests/unit/aws/credentials_fakes.h"

namespace awsgov::aws {
namespace {

using credtest::FakeClock;
using credtest::FakeTransport;
using credtest::MapEnv;
using credtest::TempDir;
using credtest::Unix;

constexpr long long kStart = 1714564800;  // 12:00:00Z

std::string JsonCreds(const std::string& key, const std::string& expiration) {
  return R"({"Code":"Success","AccessKeyId":")" + key +
         R"(","SecretAccessKey":"sek","Token":"tok","Expiration":")" + expiration + R"("})";
}

TEST(CredentialsEcs, RelativeUriOnTheAgentAddress) {
  FakeTransport http;
  http.On("GET", "http://169.254.170.2/v2/credentials/abc", 200,
          JsonCreds("AKIDECS", "2024-05-01T18:00:00Z"));
  FakeClock clock(kStart);
  auto p =
      MakeEcsProvider({MapEnv({{"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/credentials/abc"}}),
                       &http, "http://169.254.170.2", &clock});
  Credentials c;
  ASSERT_TRUE(p->Get(&c).ok());
  EXPECT_EQ(c.access_key_id, "AKIDECS");
  EXPECT_EQ(c.session_token, "tok");
  EXPECT_EQ(c.expiration, Unix(kStart + 6 * 3600));
  EXPECT_EQ(p->Source(), "ecs");
  EXPECT_EQ(FakeTransport::HeaderOf(http.requests()[0], "Authorization"), "");
}

TEST(CredentialsEcs, FullUriSendsTheTokenFileContentReadAtEachRefresh) {
  TempDir dir;
  std::string token_file = dir.Write("token", "first-token\n");
  FakeTransport http;
  http.On("GET", "http://127.0.0.1:9911/creds", 200, JsonCreds("AKID1", "2024-05-01T13:00:00Z"));
  FakeClock clock(kStart);
  auto p = MakeEcsProvider(
      {MapEnv({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:9911/creds"},
               {"AWS_CONTAINER_AUTHORIZATION_TOKEN", "env-token"},
               {"AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", token_file}}),
       &http, "http://169.254.170.2", &clock});
  Credentials c;
  ASSERT_TRUE(p->Get(&c).ok());
  dir.Write("token", "second-token");
  clock.Set(kStart + 3600 - 360);
  ASSERT_TRUE(p->Get(&c).ok());
  auto requests = http.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(FakeTransport::HeaderOf(requests[0], "Authorization"), "first-token");
  EXPECT_EQ(FakeTransport::HeaderOf(requests[1], "Authorization"), "second-token");
}

TEST(CredentialsEcs, PlainHttpOnlyToLoopbackOrAgent) {
  FakeTransport http;
  Credentials c;
  Status s = FetchEcsCredentials(
      {MapEnv({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://evil.example.com/creds"}}), &http,
       "http://169.254.170.2", nullptr},
      &c);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("evil.example.com"), std::string::npos);
  EXPECT_TRUE(http.requests().empty());
}

TEST(CredentialsImds, TokenThenRoleThenCredentials) {
  FakeTransport http;
  const std::string base = "http://127.0.0.1:8111";
  http.On("PUT", base + "/latest/api/token", 200, "imds-session-token");
  http.On("GET", base + "/latest/meta-data/iam/security-credentials/", 200, "my-role\n");
  http.On("GET", base + "/latest/meta-data/iam/security-credentials/my-role", 200,
          JsonCreds("AKIDIMDS", "2024-05-01T18:00:00Z"));
  FakeClock clock(kStart);
  auto p = MakeImdsProvider({base, &http, &clock});
  Credentials c;
  ASSERT_TRUE(p->Get(&c).ok());
  EXPECT_EQ(c.access_key_id, "AKIDIMDS");
  EXPECT_EQ(c.expiration, Unix(kStart + 6 * 3600));
  auto r = http.requests();
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0].method, "PUT");
  EXPECT_EQ(FakeTransport::HeaderOf(r[0], "X-aws-ec2-metadata-token-ttl-seconds"), "21600");
  EXPECT_EQ(FakeTransport::HeaderOf(r[1], "X-aws-ec2-metadata-token"), "imds-session-token");
  EXPECT_EQ(FakeTransport::HeaderOf(r[2], "X-aws-ec2-metadata-token"), "imds-session-token");
}

TEST(CredentialsImds, FailuresAreStatusesAndDisabledIsRecognised) {
  FakeTransport http;
  const std::string base = "http://127.0.0.1:8111";
  http.On("PUT", base + "/latest/api/token", 403, "");
  Credentials c;
  EXPECT_EQ(FetchImdsCredentials({base, &http, nullptr}, &c).code(), StatusCode::kPermissionDenied);
  http.Clear();
  http.On("PUT", base + "/latest/api/token", 200, "t");
  http.On("GET", base + "/latest/meta-data/iam/security-credentials/", 404, "");
  EXPECT_EQ(FetchImdsCredentials({base, &http, nullptr}, &c).code(), StatusCode::kNotFound);

  EXPECT_TRUE(ImdsDisabled(MapEnv({{"AWS_EC2_METADATA_DISABLED", "TRUE"}})));
  EXPECT_FALSE(ImdsDisabled(MapEnv({{"AWS_EC2_METADATA_DISABLED", "false"}})));
  EXPECT_FALSE(ImdsDisabled(MapEnv({})));
}

TEST(CredentialsWebIdentity, UnsignedCallReadsTheTokenFileAtEveryRefresh) {
  TempDir dir;
  std::string token_file = dir.Write("token", "jwt-one\n");
  FakeTransport http;
  const std::string sts = "http://127.0.0.1:8222";
  http.On("POST", sts + "/", 200,
          credtest::StsCredentialsXml("AssumeRoleWithWebIdentity", "ASIAWEB1", "s1", "t1",
                                      "2024-05-01T13:00:00Z"));
  http.On("POST", sts + "/", 200,
          credtest::StsCredentialsXml("AssumeRoleWithWebIdentity", "ASIAWEB2", "s2", "t2",
                                      "2024-05-01T14:00:00Z"));
  FakeClock clock(kStart);
  WebIdentityOptions o;
  o.token_file = token_file;
  o.role_arn = "arn:aws:iam::123456789012:role/irsa";
  o.session_name = "pod-1";
  o.sts_url = sts;
  o.http = &http;
  o.clock = &clock;
  auto p = MakeWebIdentityProvider(o);
  Credentials c;
  ASSERT_TRUE(p->Get(&c).ok());
  EXPECT_EQ(c.access_key_id, "ASIAWEB1");
  EXPECT_EQ(c.expiration, Unix(kStart + 3600));
  dir.Write("token", "jwt-two");
  clock.Set(kStart + 3600 - 360);
  ASSERT_TRUE(p->Get(&c).ok());
  EXPECT_EQ(c.access_key_id, "ASIAWEB2");

  auto r = http.requests();
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].body,
            "Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A"
            "123456789012%3Arole%2Firsa&RoleSessionName=pod-1&WebIdentityToken=jwt-one");
  EXPECT_NE(r[1].body.find("WebIdentityToken=jwt-two"), std::string::npos);
  for (const auto& req : r) {
    EXPECT_EQ(FakeTransport::HeaderOf(req, "Authorization"), "");  // unsigned
  }
}

TEST(CredentialsWebIdentity, MissingTokenFileIsAnError) {
  FakeTransport http;
  WebIdentityOptions o;
  o.token_file = "/nonexistent/awsgov/token";
  o.role_arn = "arn:aws:iam::123456789012:role/irsa";
  o.sts_url = "http://127.0.0.1:1";
  o.http = &http;
  Credentials c;
  Status s = FetchWebIdentityCredentials(o, &c);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("/nonexistent/awsgov/token"), std::string::npos);
}

}  // namespace
}  // namespace awsgov::aws
