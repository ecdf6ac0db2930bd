// The AWS client against a scripted fake server: retries in the standard mode (attempt counts,
// backoff bounds, quota), error classification and text, parse failures, size cap, clock skew.
#include <gtest/gtest.h>

#include <pugixml.hpp>

#include "exporter/aws/rate_limiter.h"
#include "tests/unit/aws/client_harness.h"

namespace awsgov::aws {
namespace {

using clienttest::ClientHarness;
using nlohmann::json;

const char kDescribeVpcsOk[] =
    "<DescribeVpcsResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">"
    "<requestId>req-ok</requestId><vpcSet><item><vpcId>vpc-0a1</vpcId></item></vpcSet>"
    "</DescribeVpcsResponse>";

std::string Ec2Error(const std::string& code, const std::string& message,
                     const std::string& request_id) {
  return "<Response><Errors><Error><Code>" + code + "</Code><Message>" + message +
         "</Message></Error></Errors><RequestID>" + request_id + "</RequestID></Response>";
}

json Step(int status, const std::string& body, json headers = json::object()) {
  return json{{"status", status}, {"body", body}, {"headers", std::move(headers)}};
}

TEST(ClientFaultTest, ThrottledTwiceThenSucceedsWithBoundedBackoff) {
  ClientHarness h(
      json::array({Step(503, Ec2Error("RequestLimitExceeded", "Request limit exceeded.", "req-t1")),
                   Step(503, Ec2Error("RequestLimitExceeded", "Request limit exceeded.", "req-t2")),
                   Step(200, kDescribeVpcsOk)}));
  ASSERT_TRUE(h.server.ready());
  auto client = h.MakeTestClient();
  pugi::xml_document doc;
  Status s = client->Query("ec2", "DescribeVpcs", {{"MaxResults", "5"}}, &doc);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_STREQ(doc.document_element().child("vpcSet").child("item").child_value("vpcId"),
               "vpc-0a1");
  EXPECT_EQ(h.Requests().size(), 3u);
  ASSERT_EQ(h.sleeps.delays.size(), 2u);
  // base 100 ms, cap 250 ms: attempt 1 waits within [0, 100], attempt 2 within [0, 200].
  EXPECT_GE(h.sleeps.delays[0].count(), 0);
  EXPECT_LE(h.sleeps.delays[0].count(), 100);
  EXPECT_GE(h.sleeps.delays[1].count(), 0);
  EXPECT_LE(h.sleeps.delays[1].count(), 200);
  // Two retries took 5 each; the success gave back the last 5.
  EXPECT_EQ(h.quota.available(), 500 - 5 - 5 + 5);
  EXPECT_EQ(h.Metric("awsgov_aws_retries_total",
                     {{"service", "ec2"}, {"operation", "DescribeVpcs"}, {"reason", "throttling"}}),
            2);
  EXPECT_EQ(h.Metric("awsgov_aws_requests_total", {{"service", "ec2"},
                                                   {"operation", "DescribeVpcs"},
                                                   {"code", "RequestLimitExceeded"}}),
            2);
  EXPECT_EQ(h.Metric("awsgov_aws_requests_total",
                     {{"service", "ec2"}, {"operation", "DescribeVpcs"}, {"code", "200"}}),
            1);
  EXPECT_EQ(h.Metric("awsgov_aws_request_duration_seconds",
                     {{"service", "ec2"}, {"operation", "DescribeVpcs"}}),
            3);
}

TEST(ClientFaultTest, BackoffUsesFullExponentialCeilingWithMaximalJitter) {
  ClientHarness h(json::array({Step(500, "<Response/>")}));
  ASSERT_TRUE(h.server.ready());
  auto client = h.MakeTestClient("eu-west-1", [](ClientOptions* o) {
    o->retry.max_attempts = 5;
    o->random = [] { return 1.0; };
  });
  pugi::xml_document doc;
  Status s = client->Query("ec2", "DescribeVpcs", {}, &doc);
  EXPECT_EQ(s.code(), StatusCode::kUnavailable);
  EXPECT_EQ(h.Requests().size(), 5u);
  std::vector<long long> delays;
  for (auto d : h.sleeps.delays) delays.push_back(d.count());
  // min(2^(n-1) * 100, 250) for n = 1..4.
  EXPECT_EQ(delays, (std::vector<long long>{100, 200, 250, 250}));
}

TEST(ClientFaultTest, PersistentThrottlingFailsAfterMaxAttemptsNamingEverything) {
  ClientHarness h(json::array(
      {Step(503, Ec2Error("RequestLimitExceeded", "Request limit exceeded.", "req-throttled"))}));
  ASSERT_TRUE(h.server.ready());
  auto client = h.MakeTestClient();
  pugi::xml_document doc;
  Status s = client->Query("ec2", "DescribeVpcs", {}, &doc);
  EXPECT_EQ(s.code(), StatusCode::kThrottled);
  EXPECT_EQ(h.Requests().size(), 3u);
  for (const char* part :
       {"ec2", "DescribeVpcs", "123456789012", "eu-west-1", "RequestLimitExceeded", "HTTP 503",
        "req-throttled", "Request limit exceeded.", "3 attempts"}) {
    EXPECT_NE(s.message().find(part), std::string::npos) << part << " in " << s.message();
  }
}

TEST(ClientFaultTest, QuotaExhaustionStopsRetries) {
  // 7 tokens pay for one retry (5) but not a second.
  ClientHarness h(json::array({Step(500, "{}", {{"x-amzn-requestid", "req-500"}})}), {}, 7);
  ASSERT_TRUE(h.server.ready());
  auto client = h.MakeTestClient("eu-west-1", [](ClientOptions* o) { o->retry.max_attempts = 10; });
  json out;
  Status s = client->Json("dynamodb", "Scan", json{{"TableName", "t"}}, &out);
  EXPECT_EQ(s.code(), StatusCode::kUnavailable);
  EXPECT_EQ(h.Requests().size(), 2u);
  EXPECT_EQ(h.quota.available(), 2);
  EXPECT_NE(s.message().find("retry quota exhausted"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("req-500"), std::string::npos) << s.message();
}

TEST(ClientFaultTest, ConnectionResetIsRetriedAsTransient) {
  ClientHarness h(json::array({json{{"action", "reset"}}, Step(200, kDescribeVpcsOk)}));
  ASSERT_TRUE(h.server.ready());
  auto client = h.MakeTestClient();
  pugi::xml_document doc;
  Status s = client->Query("ec2", "DescribeVpcs", {}, &doc);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(h.Requests().size(), 2u);
  EXPECT_EQ(h.Metric("awsgov_aws_retries_total",
                     {{"service", "ec2"}, {"operation", "DescribeVpcs"}, {"reason", "transient"}}),
            1);
  EXPECT_EQ(h.Metric("awsgov_aws_requests_total", {{"code", "connection_error"}}), 1);
}

TEST(ClientFaultTest, TimeoutsCostTenQuotaTokensAndNameTheHost) {
  HttpOptions http;
  http.total_timeout = std::chrono::milliseconds(300);
  ClientHarness h(json::array({json{{"delay", 2.0}, {"status", 200}, {"body", kDescribeVpcsOk}}}),
                  http);
  ASSERT_TRUE(h.server.ready());
  auto client = h.MakeTestClient();
  pugi::xml_document doc;
  Status s = client->Query("ec2", "DescribeVpcs", {}, &doc);
  EXPECT_EQ(s.code(), StatusCode::kDeadlineExceeded);
  EXPECT_EQ(h.quota.available(), 500 - 10 - 10);
  EXPECT_NE(s.message().find("127.0.0.1:" + std::to_string(h.server.port())), std::string::npos)
      << s.message();
  EXPECT_EQ(h.Metric("awsgov_aws_retries_total", {{"reason", "timeout"}}), 2);
}

TEST(ClientFaultTest, BodyShorterThanContentLengthIsRetriedThenUnavailable) {
  ClientHarness h(json::array({json{{"status", 200},
                                    {"body", kDescribeVpcsOk},
                                    {"action", "truncate"},
                                    {"headers", {{"x-amzn-requestid", "req-trunc"}}}}}));
  ASSERT_TRUE(h.server.ready());
  auto client = h.MakeTestClient();
  pugi::xml_document doc;
  Status s = client->Query("ec2", "DescribeVpcs", {}, &doc);
  // The connection closed before Content-Length bytes came: a transport failure, retried.
  EXPECT_EQ(s.code(), StatusCode::kUnavailable);
  EXPECT_EQ(h.Requests().size(), 3u);
  EXPECT_NE(s.message().find("ec2 DescribeVpcs"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("127.0.0.1:" + std::to_string(h.server.port())), std::string::npos)
      << s.message();
}

TEST(ClientFaultTest, CutOffXmlDocumentIsAParseErrorNamingServiceOperationAndRequestId) {
  std::string cut = std::string(kDescribeVpcsOk).substr(0, 120);
  ClientHarness h(json::array({Step(200, cut, {{"x-amzn-requestid", "req-cut"}})}));
  ASSERT_TRUE(h.server.ready());
  auto client = h.MakeTestClient();
  pugi::xml_document doc;
  Status s = client->Query("ec2", "DescribeVpcs", {}, &doc);
  EXPECT_EQ(s.code(), StatusCode::kParseError);
  EXPECT_EQ(h.Requests().size(), 1u);
  for (const char* part : {"ec2", "DescribeVpcs", "req-cut", "malformed XML"}) {
    EXPECT_NE(s.message().find(part), std::string::npos) << part << " in " << s.message();
  }
}

TEST(ClientFaultTest, MalformedJsonIsAParseError) {
  ClientHarness h(
      json::array({Step(200, "{\"Items\": [{\"id\": ", {{"x-amzn-requestid", "req-badjson"}})}));
  ASSERT_TRUE(h.server.ready());
  auto client = h.MakeTestClient();
  json out;
  Status s = client->Json("dynamodb", "Scan", json{{"TableName", "t"}}, &out);
  EXPECT_EQ(s.code(), StatusCode::kParseError);
  for (const char* part : {"dynamodb", "Scan", "req-badjson", "malformed JSON"}) {
    EXPECT_NE(s.message().find(part), std::string::npos) << part << " in " << s.message();
  }
}

TEST(ClientFaultTest, OversizedBodyIsRejectedWithoutRetry) {
  HttpOptions http;
  http.max_response_bytes = 4096;
  ClientHarness h(json::array({json{{"status", 200}, {"body_size", 100000}}}), http);
  ASSERT_TRUE(h.server.ready());
  auto client = h.MakeTestClient();
  json out;
  Status s = client->Json("organizations", "ListAccounts", json::object(), &out);
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(h.Requests().size(), 1u);
  EXPECT_NE(s.message().find("4096-byte size cap"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("organizations ListAccounts"), std::string::npos) << s.message();
}

TEST(ClientFaultTest, AccessDeniedIsPermissionDeniedAndNotRetried) {
  ClientHarness h(json::array({Step(
      403,
      "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender"
      "</Type><Code>AccessDenied</Code><Message>not authorized to perform sts:GetCallerIdentity"
      "</Message></Error><RequestId>req-denied</RequestId></ErrorResponse>")}));
  ASSERT_TRUE(h.server.ready());
  auto client = h.MakeTestClient();
  pugi::xml_document doc;
  Status s = client->Query("sts", "GetCallerIdentity", {}, &doc);
  EXPECT_EQ(s.code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(h.Requests().size(), 1u);
  for (const char* part :
       {"sts GetCallerIdentity", "AccessDenied", "HTTP 403", "req-denied", "not authorized"}) {
    EXPECT_NE(s.message().find(part), std::string::npos) << part << " in " << s.message();
  }
}

TEST(ClientFaultTest, ErrorsNameTheAccountOnlyWhenTheClientHasOne) {
  const std::string denied =
      "<ErrorResponse><Error><Code>AccessDenied</Code><Message>no</Message></Error>"
      "<RequestId>r</RequestId></ErrorResponse>";
  ClientHarness h(json::array({Step(403, denied), Step(403, denied)}));
  ASSERT_TRUE(h.server.ready());
  pugi::xml_document doc;
  Status target = h.MakeTestClient("eu-west-1")->Query("sts", "GetCallerIdentity", {}, &doc);
  EXPECT_NE(target.message().find("(account 123456789012, region eu-west-1)"), std::string::npos)
      << target.message();
  // The client that assumes roles is signed with the base credentials and has no account.
  auto base = h.MakeTestClient("us-east-1", [](ClientOptions* o) { o->account_id.clear(); });
  Status assume = base->Query("sts", "AssumeRole", {}, &doc);
  EXPECT_NE(assume.message().find("sts AssumeRole (region us-east-1)"), std::string::npos)
      << assume.message();
  EXPECT_EQ(assume.message().find("account"), std::string::npos) << assume.message();
}

TEST(ClientFaultTest, Ec2UnauthorizedOperationIsPermissionDenied) {
  ClientHarness h(json::array(
      {Step(403, Ec2Error("UnauthorizedOperation", "You are not authorized.", "req-unauth"))}));
  ASSERT_TRUE(h.server.ready());
  auto client = h.MakeTestClient();
  pugi::xml_document doc;
  Status s = client->Query("ec2", "DescribeVpcs", {}, &doc);
  EXPECT_EQ(s.code(), StatusCode::kPermissionDenied);
  EXPECT_NE(s.message().find("req-unauth"), std::string::npos) << s.message();
}

TEST(ClientFaultTest, JsonAndRestJsonErrorsAreParsed) {
  ClientHarness h(
      json::array({Step(400,
                        R"({"__type":"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException",)"
                        R"("message":"Requested resource not found"})",
                        {{"x-amzn-requestid", "req-json"}}),
                   Step(400, R"({"message":"bad token"})",
                        {{"x-amzn-errortype", "ValidationException:http://internal.amazon.com/"},
                         {"x-amzn-requestid", "req-rest"}})}));
  ASSERT_TRUE(h.server.ready());
  auto client = h.MakeTestClient();
  json out;
  Status s = client->Json("dynamodb", "DescribeTable", json{{"TableName", "t"}}, &out);
  EXPECT_EQ(s.code(), StatusCode::kNotFound);
  EXPECT_NE(s.message().find("AWS error ResourceNotFoundException (HTTP 400, request id req-json)"
                             ": Requested resource not found"),
            std::string::npos)
      << s.message();
  s = client->RestJson("ram", "ListPrincipals", "POST", "/listprincipals", {}, nullptr, &out);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("ValidationException (HTTP 400, request id req-rest): bad token"),
            std::string::npos)
      << s.message();
}

TEST(ClientFaultTest, ClockSkewIsCorrectedFromTheResponseDate) {
  clienttest::SettableClock clock(978307200);  // 2001-01-01T00:00:00Z, far behind the server
  ClientHarness h(json::array(
      {json{{"status", 403},
            {"date", "Mon, 23 Nov 2026 10:00:00 GMT"},
            {"body",
             "<ErrorResponse><Error><Code>SignatureDoesNotMatch</Code><Message>Signature expired"
             "</Message></Error><RequestId>req-skew</RequestId></ErrorResponse>"}},
       Step(200,
            "<GetCallerIdentityResponse><GetCallerIdentityResult><Account>123456789012</Account>"
            "</GetCallerIdentityResult></GetCallerIdentityResponse>")}));
  ASSERT_TRUE(h.server.ready());
  auto client = h.MakeTestClient("eu-west-1", [&](ClientOptions* o) { o->clock = &clock; });
  pugi::xml_document doc;
  Status s = client->Query("sts", "GetCallerIdentity", {}, &doc);
  ASSERT_TRUE(s.ok()) << s.ToString();
  auto requests = h.Requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(ClientHarness::Header(requests[0], "x-amz-date"), "20010101T000000Z");
  EXPECT_EQ(ClientHarness::Header(requests[1], "x-amz-date"), "20261123T100000Z");
  EXPECT_TRUE(h.sleeps.delays.empty());
  EXPECT_EQ(h.Metric("awsgov_aws_retries_total", {{"reason", "clock_skew"}}), 1);
}

TEST(ClientFaultTest, SignatureErrorWithoutSkewIsNotRetried) {
  ClientHarness h(json::array(
      {Step(403,
            "<ErrorResponse><Error><Code>SignatureDoesNotMatch</Code><Message>bad signature"
            "</Message></Error><RequestId>req-sig</RequestId></ErrorResponse>")}));
  ASSERT_TRUE(h.server.ready());
  auto client = h.MakeTestClient();
  pugi::xml_document doc;
  Status s = client->Query("sts", "GetCallerIdentity", {}, &doc);
  EXPECT_EQ(s.code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(h.Requests().size(), 1u);
}

TEST(ClientFaultTest, RateLimiterSpacesCallsAndSlowsDownOnThrottling) {
  clienttest::SettableClock clock(1000);
  RateLimiter limiter(1, &clock);
  ClientHarness h(
      json::array({Step(200, kDescribeVpcsOk),
                   Step(503, Ec2Error("RequestLimitExceeded", "Request limit exceeded.", "req-rl")),
                   Step(200, kDescribeVpcsOk)}));
  ASSERT_TRUE(h.server.ready());
  auto client = h.MakeTestClient("eu-west-1", [&](ClientOptions* o) {
    o->rate_limiter = &limiter;
    o->clock = &clock;
    o->random = [] { return 0.0; };
  });
  pugi::xml_document doc;
  ASSERT_TRUE(client->Query("ec2", "DescribeVpcs", {}, &doc).ok());
  EXPECT_TRUE(h.sleeps.delays.empty());  // the bucket's one-request burst
  ASSERT_TRUE(client->Query("ec2", "DescribeVpcs", {}, &doc).ok());
  // Second call (the fake clock stands still): one token short at 1/s, so 1 s. Throttled: the
  // rate halves to 0.5/s; backoff is 0 with this jitter; the retry is two tokens short at
  // 0.5/s, so 4 s.
  std::vector<long long> delays;
  for (auto d : h.sleeps.delays) delays.push_back(d.count());
  EXPECT_EQ(delays, (std::vector<long long>{1000, 0, 4000}));
  const std::string key = RateLimiter::Key("123456789012", "eu-west-1", "ec2", "DescribeVpcs");
  EXPECT_DOUBLE_EQ(limiter.CurrentRate(key), 0.5 + 1.0 / 20);
}

}  // namespace
}  // namespace awsgov::aws
