// The AWS client when AWS rejects a session as expired before its known expiry (ExpiredToken,
// e.g. a revoked role session): the cached credentials are dropped, fetched again, and the call
// retried once with the new ones, instead of failing until the refresh margin comes.
#include <gtest/gtest.h>

#include <atomic>
#include <pugixml.hpp>

#include "exporter/aws/credentials_refreshing.h"
#include "tests/unit/aws/client_harness.h"

namespace awsgov::aws {
namespace {

using clienttest::ClientHarness;
using nlohmann::json;

const char kDescribeVpcsOk[] =
    "<DescribeVpcsResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">"
    "<requestId>req-ok</requestId><vpcSet><item><vpcId>vpc-0a1</vpcId></item></vpcSet>"
    "</DescribeVpcsResponse>";
const char kExpiredToken[] =
    "<Response><Errors><Error><Code>ExpiredToken</Code><Message>The security token included in "
    "the request is expired</Message></Error></Errors><RequestID>req-expired</RequestID>"
    "</Response>";

json Step(int status, const std::string& body) { return json{{"status", status}, {"body", body}}; }

// Session credentials numbered by fetch: ASIAFETCH1, ASIAFETCH2, ..., valid for an hour.
struct NumberedSessions {
  std::atomic<int> fetches{0};
  std::shared_ptr<RefreshingCredentialsProvider> provider =
      std::make_shared<RefreshingCredentialsProvider>("test_sessions", [this](Credentials* out) {
        const int n = ++fetches;
        *out = Credentials{"ASIAFETCH" + std::to_string(n), "secret", "token",
                           std::chrono::system_clock::now() + std::chrono::hours(1)};
        return Status::Ok();
      });
};

std::string SigningKeyOf(const json& request) {
  const std::string auth = ClientHarness::Header(request, "authorization");
  const auto start = auth.find("Credential=") + 11;
  return auth.substr(start, auth.find('/', start) - start);
}

TEST(ClientExpiredCredentialsTest, ExpiredTokenFetchesNewCredentialsAndRetriesAtOnce) {
  ClientHarness h(json::array({Step(400, kExpiredToken), Step(200, kDescribeVpcsOk)}));
  ASSERT_TRUE(h.server.ready());
  NumberedSessions sessions;
  auto client =
      h.MakeTestClient("eu-west-1", [&](ClientOptions* o) { o->credentials = sessions.provider; });
  pugi::xml_document doc;
  Status s = client->Query("ec2", "DescribeVpcs", {}, &doc);
  ASSERT_TRUE(s.ok()) << s.ToString();
  const auto requests = h.Requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(SigningKeyOf(requests[0]), "ASIAFETCH1");
  EXPECT_EQ(SigningKeyOf(requests[1]), "ASIAFETCH2");
  EXPECT_EQ(sessions.fetches.load(), 2);
  EXPECT_TRUE(h.sleeps.delays.empty());  // no backoff: new credentials, not a busy server
  EXPECT_EQ(h.Metric("awsgov_aws_retries_total", {{"service", "ec2"},
                                                  {"operation", "DescribeVpcs"},
                                                  {"reason", "expired_credentials"}}),
            1);
  EXPECT_EQ(h.Metric("awsgov_aws_requests_total",
                     {{"service", "ec2"}, {"operation", "DescribeVpcs"}, {"code", "ExpiredToken"}}),
            1);

  // The new session is kept: the next call signs with it without another fetch.
  ASSERT_TRUE(client->Query("ec2", "DescribeVpcs", {}, &doc).ok());
  EXPECT_EQ(SigningKeyOf(h.Requests().back()), "ASIAFETCH2");
  EXPECT_EQ(sessions.fetches.load(), 2);
}

TEST(ClientExpiredCredentialsTest, NewCredentialsRejectedTooFailOnceWithoutALoop) {
  ClientHarness h(json::array({Step(400, kExpiredToken)}));  // every answer
  ASSERT_TRUE(h.server.ready());
  NumberedSessions sessions;
  auto client = h.MakeTestClient("eu-west-1", [&](ClientOptions* o) {
    o->credentials = sessions.provider;
    o->retry.max_attempts = 5;
  });
  pugi::xml_document doc;
  Status s = client->Query("ec2", "DescribeVpcs", {}, &doc);
  EXPECT_EQ(s.code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(h.Requests().size(), 2u);  // one retry with new credentials, not five attempts
  for (const char* part : {"ec2 DescribeVpcs", "ExpiredToken", "req-expired"}) {
    EXPECT_NE(s.message().find(part), std::string::npos) << part << " in " << s.message();
  }
}

TEST(ClientExpiredCredentialsTest, InvalidateDropsOnlyTheRejectedCredentials) {
  NumberedSessions sessions;
  Credentials first;
  ASSERT_TRUE(sessions.provider->Get(&first).ok());
  // Another caller's older credentials: the cached ones are not those, nothing is dropped.
  sessions.provider->Invalidate(Credentials{"ASIAOLDER", "s", "t", {}});
  Credentials again;
  ASSERT_TRUE(sessions.provider->Get(&again).ok());
  EXPECT_EQ(again.access_key_id, "ASIAFETCH1");
  sessions.provider->Invalidate(first);
  ASSERT_TRUE(sessions.provider->Get(&again).ok());
  EXPECT_EQ(again.access_key_id, "ASIAFETCH2");
  EXPECT_EQ(sessions.fetches.load(), 2);
}

}  // namespace
}  // namespace awsgov::aws
