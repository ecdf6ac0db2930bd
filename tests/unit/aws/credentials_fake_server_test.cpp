// ECS, IMDSv2 and web identity over the real CurlTransport against a scripted Python HTTP server.
#include "tests/unit/aws/credentials_fake_server.h"

#include <gtest/gtest.h>

#include "exporter/aws/credentials.h"
#include "exporter/aws/credentials_ecs.h"
#include "exporter/aws/credentials_imds.h"
#include "exporter/aws/credentials_web_identity.h"
#include "exporter/aws/http_curl.h"

namespace awsgov::aws {
namespace {

using credtest::FakeClock;
using credtest::FakeServer;
using credtest::MapEnv;
using credtest::TempDir;
using credtest::Unix;
using nlohmann::json;

constexpr long long kStart = 1714564800;  // 2024-05-01T12:00:00Z

json Creds(const std::string& key, const std::string& expiration) {
  return {{"status", 200},
          {"body", json{{"Code", "Success"},
                        {"AccessKeyId", key},
                        {"SecretAccessKey", "sek-" + key},
                        {"Token", "tok-" + key},
                        {"Expiration", expiration}}
                       .dump()}};
}

TEST(CredentialsFakeServer, ImdsV2OverHttp) {
  FakeServer server(json::object({
      {"PUT /latest/api/token", {{{"status", 200}, {"body", "imds-token-1"}}}},
      {"GET /latest/meta-data/iam/security-credentials/",
       {{{"status", 200}, {"body", "node-role"}}}},
      {"GET /latest/meta-data/iam/security-credentials/node-role",
       {Creds("AKIDIMDS1", "2024-05-01T18:00:00Z"), Creds("AKIDIMDS2", "2024-05-02T00:00:00Z")}},
  }));
  ASSERT_TRUE(server.ready());
  CurlTransport http;
  FakeClock clock(kStart);
  // Through the chain, with every other source absent and the endpoint from the environment.
  ChainOptions o;
  o.getenv =
      MapEnv({{"HOME", "/nonexistent"}, {"AWS_EC2_METADATA_SERVICE_ENDPOINT", server.url()}});
  o.http = &http;
  o.clock = &clock;
  o.sts_endpoint = [](const std::string&) { return std::string("http://127.0.0.1:1"); };
  auto chain = MakeDefaultCredentialsChain(o);
  Credentials c;
  ASSERT_TRUE(chain->Get(&c).ok());
  EXPECT_EQ(chain->Source(), "imds");
  EXPECT_EQ(c.access_key_id, "AKIDIMDS1");
  EXPECT_EQ(c.secret_access_key, "sek-AKIDIMDS1");
  EXPECT_EQ(c.session_token, "tok-AKIDIMDS1");
  EXPECT_EQ(c.expiration, Unix(kStart + 6 * 3600));

  clock.Set(kStart + 6 * 3600 - 15 * 60);  // 6 h credentials: refreshed 15 min early
  ASSERT_TRUE(chain->Get(&c).ok());
  EXPECT_EQ(c.access_key_id, "AKIDIMDS2");

  auto requests = server.Requests();
  ASSERT_EQ(requests.size(), 6u);
  EXPECT_EQ(requests[0]["method"], "PUT");
  EXPECT_EQ(requests[0]["headers"]["x-aws-ec2-metadata-token-ttl-seconds"], "21600");
  EXPECT_EQ(requests[1]["headers"]["x-aws-ec2-metadata-token"], "imds-token-1");
  EXPECT_EQ(requests[2]["path"], "/latest/meta-data/iam/security-credentials/node-role");
  EXPECT_EQ(requests[2]["headers"]["x-aws-ec2-metadata-token"], "imds-token-1");
}

TEST(CredentialsFakeServer, EcsFullUriWithTokenOverHttp) {
  FakeServer server(
      json::object({{"GET /v1/creds?id=7", {Creds("AKIDECS", "2024-05-01T13:00:00Z")}}}));
  ASSERT_TRUE(server.ready());
  CurlTransport http;
  FakeClock clock(kStart);
  auto p = MakeEcsProvider(
      {MapEnv({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", server.url() + "/v1/creds?id=7"},
               {"AWS_CONTAINER_AUTHORIZATION_TOKEN", "Basic abc"}}),
       &http, "http://169.254.170.2", &clock});
  Credentials c;
  ASSERT_TRUE(p->Get(&c).ok());
  EXPECT_EQ(c.access_key_id, "AKIDECS");
  EXPECT_EQ(c.expiration, Unix(kStart + 3600));
  auto requests = server.Requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0]["headers"]["authorization"], "Basic abc");
}

TEST(CredentialsFakeServer, EcsRelativeUriAndHttpErrors) {
  FakeServer server(
      json::object({{"GET /v2/credentials/x", {{{"status", 500}, {"body", "oops"}}}}}));
  ASSERT_TRUE(server.ready());
  CurlTransport http;
  Credentials c;
  Status s = FetchEcsCredentials(
      {MapEnv({{"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/credentials/x"}}), &http,
       server.url(), nullptr},
      &c);
  EXPECT_EQ(s.code(), StatusCode::kUnavailable);
  EXPECT_NE(s.message().find("HTTP 500"), std::string::npos);
}

TEST(CredentialsFakeServer, WebIdentityUnsignedStsCall) {
  TempDir dir;
  FakeServer server(json::object(
      {{"POST /",
        {{{"status", 200},
          {"content_type", "text/xml"},
          {"body", credtest::StsCredentialsXml("AssumeRoleWithWebIdentity", "ASIAWEB", "websecret",
                                               "webtoken", "2024-05-01T13:00:00Z")}}}}}));
  ASSERT_TRUE(server.ready());
  CurlTransport http;
  FakeClock clock(kStart);
  ChainOptions o;
  o.getenv = MapEnv({{"AWS_WEB_IDENTITY_TOKEN_FILE", dir.Write("token", "eyJ.jwt.sig")},
                     {"AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/irsa"},
                     {"AWS_ROLE_SESSION_NAME", "pod"},
                     {"AWS_REGION", "eu-west-1"},
                     {"AWS_ENDPOINT_URL_STS", server.url()}});
  o.http = &http;
  o.clock = &clock;
  auto chain = MakeDefaultCredentialsChain(o);  // STS endpoint from AWS_ENDPOINT_URL_STS
  Credentials c;
  Status s = chain->Get(&c);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(chain->Source(), "web_identity");
  EXPECT_EQ(c.access_key_id, "ASIAWEB");
  EXPECT_EQ(c.secret_access_key, "websecret");
  EXPECT_EQ(c.session_token, "webtoken");
  auto requests = server.Requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0]["body"],
            "Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A"
            "123456789012%3Arole%2Firsa&RoleSessionName=pod&WebIdentityToken=eyJ.jwt.sig");
  EXPECT_FALSE(requests[0]["headers"].contains("authorization"));
}

}  // namespace
}  // namespace awsgov::aws
