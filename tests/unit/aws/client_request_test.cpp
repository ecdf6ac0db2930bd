// What the AWS client puts on the wire for each protocol, and what it logs.
#include <gtest/gtest.h>

#include <pugixml.hpp>

#include "tests/unit/aws/client_harness.h"

namespace awsgov::aws {
namespace {

using clienttest::ClientHarness;
using nlohmann::json;

json Ok(const std::string& body, json headers = json::object()) {
  return json{{"status", 200}, {"body", body}, {"headers", std::move(headers)}};
}

TEST(ClientRequestTest, Ec2QueryIsAFormPostWithActionAndVersion) {
  ClientHarness h(json::array({Ok("<DescribeVpcsResponse/>")}));
  ASSERT_TRUE(h.server.ready());
  auto client = h.MakeTestClient("eu-west-1");
  pugi::xml_document doc;
  ASSERT_TRUE(client
                  ->Query("ec2", "DescribeVpcs",
                          {{"Filter.1.Name", "tag:Name"}, {"Filter.1.Value.1", "a b/c&d=e"}}, &doc)
                  .ok());
  auto requests = h.Requests();
  ASSERT_EQ(requests.size(), 1u);
  const json& r = requests[0];
  EXPECT_EQ(r["method"], "POST");
  EXPECT_EQ(r["path"], "/");
  EXPECT_EQ(r["body"],
            "Action=DescribeVpcs&Version=2016-11-15&Filter.1.Name=tag%3AName&"
            "Filter.1.Value.1=a%20b%2Fc%26d%3De");
  EXPECT_EQ(ClientHarness::Header(r, "content-type"),
            "application/x-www-form-urlencoded; charset=utf-8");
  EXPECT_EQ(ClientHarness::Header(r, "x-amz-security-token"), "client-test-session-token");
  const std::string auth = ClientHarness::Header(r, "authorization");
  EXPECT_NE(auth.find("Credential=AKIDCLIENTTEST/"), std::string::npos) << auth;
  EXPECT_NE(auth.find("/eu-west-1/ec2/aws4_request"), std::string::npos) << auth;
  EXPECT_NE(auth.find("x-amz-security-token"), std::string::npos) << auth;
}

TEST(ClientRequestTest, JsonProtocolSetsTargetAndContentType) {
  ClientHarness h(json::array({Ok(R"({"Count":0})"), Ok(R"({"Accounts":[]})")}));
  ASSERT_TRUE(h.server.ready());
  auto client = h.MakeTestClient("eu-west-1");
  json out;
  ASSERT_TRUE(client->Json("dynamodb", "Scan", json{{"TableName", "tgw"}}, &out).ok());
  EXPECT_EQ(out["Count"], 0);
  ASSERT_TRUE(client->Json("organizations", "ListAccounts", json::object(), &out).ok());
  auto requests = h.Requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(ClientHarness::Header(requests[0], "x-amz-target"), "DynamoDB_20120810.Scan");
  EXPECT_EQ(ClientHarness::Header(requests[0], "content-type"), "application/x-amz-json-1.0");
  EXPECT_EQ(json::parse(requests[0]["body"].get<std::string>()), json({{"TableName", "tgw"}}));
  EXPECT_EQ(ClientHarness::Header(requests[1], "x-amz-target"),
            "AWSOrganizationsV20161128.ListAccounts");
  EXPECT_EQ(ClientHarness::Header(requests[1], "content-type"), "application/x-amz-json-1.1");
  // Organizations is global: signed for us-east-1 whatever the client's region.
  EXPECT_NE(ClientHarness::Header(requests[1], "authorization").find("/us-east-1/organizations/"),
            std::string::npos);
}

TEST(ClientRequestTest, RestJsonUsesMethodPathAndQuery) {
  ClientHarness h(json::array({Ok(R"({"principals":[]})"), Ok("")}));
  ASSERT_TRUE(h.server.ready());
  auto client = h.MakeTestClient("ap-southeast-2");
  json body = {{"resourceOwner", "SELF"}};
  json out;
  ASSERT_TRUE(
      client->RestJson("ram", "ListPrincipals", "POST", "/listprincipals", {}, &body, &out).ok());
  EXPECT_TRUE(out["principals"].is_array());
  ASSERT_TRUE(client
                  ->RestJson("inspector2", "GetThing", "GET", "/things/arn%3Aaws%3Ax",
                             {{"maxResults", "10"}, {"nextToken", "a/b+c"}}, nullptr, &out)
                  .ok());
  EXPECT_TRUE(out.is_object() && out.empty());
  auto requests = h.Requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0]["method"], "POST");
  EXPECT_EQ(requests[0]["path"], "/listprincipals");
  EXPECT_EQ(ClientHarness::Header(requests[0], "content-type"), "application/json");
  EXPECT_EQ(json::parse(requests[0]["body"].get<std::string>()), body);
  EXPECT_EQ(requests[1]["method"], "GET");
  EXPECT_EQ(requests[1]["path"], "/things/arn%3Aaws%3Ax?maxResults=10&nextToken=a%2Fb%2Bc");
  EXPECT_NE(ClientHarness::Header(requests[1], "authorization").find("/ap-southeast-2/inspector2/"),
            std::string::npos);
}

TEST(ClientRequestTest, WrongProtocolOrUnknownServiceIsRejectedWithoutARequest) {
  ClientHarness h(json::array({Ok("{}")}));
  ASSERT_TRUE(h.server.ready());
  auto client = h.MakeTestClient();
  json out;
  Status s = client->Json("ec2", "DescribeVpcs", json::object(), &out);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  s = client->Json("lambda", "ListFunctions", json::object(), &out);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("lambda"), std::string::npos);
  EXPECT_TRUE(h.Requests().empty());
}

TEST(ClientRequestTest, DebugLogNamesTheRequestButNeverSecrets) {
  ClientHarness h(json::array({json{{"status", 503},
                                    {"body", R"({"__type":"ThrottlingException"})"},
                                    {"headers", {{"x-amzn-requestid", "req-log-1"}}}},
                               Ok("{}", {{"x-amzn-requestid", "req-log-2"}})}));
  ASSERT_TRUE(h.server.ready());
  auto client = h.MakeTestClient("eu-west-1");
  std::string logged;
  {
    clienttest::CapturedLog capture;
    json out;
    ASSERT_TRUE(client->Json("cloudtrail", "LookupEvents", json::object(), &out).ok());
    logged = capture.Joined();
  }
  for (const char* part : {"cloudtrail", "LookupEvents", "123456789012", "eu-west-1",
                           "ThrottlingException", "req-log-1", "req-log-2", "attempt=2"}) {
    EXPECT_NE(logged.find(part), std::string::npos) << part << " in " << logged;
  }
  for (const char* secret : {"client-test-secret-key", "client-test-session-token",
                             "AKIDCLIENTTEST", "Signature=", "Authorization"}) {
    EXPECT_EQ(logged.find(secret), std::string::npos) << secret << " in " << logged;
  }
}

}  // namespace
}  // namespace awsgov::aws
