// Organizations pagination against a scripted server: empty pages that still carry a NextToken
// are followed until the token is absent, through the real Client (SigV4, CurlTransport, JSON 1.1).
#include <gtest/gtest.h>

#include "exporter/aws/aws_client.h"
#include "exporter/aws/credentials_common.h"
#include "exporter/aws/discovery.h"
#include "exporter/aws/http_curl.h"
#include "tests/unit/aws/credentials_fake_server.h"

namespace awsgov::aws {
namespace {

using credtest::FakeServer;
using credtest::MapEnv;
using nlohmann::json;

json Page(json accounts, const char* token = nullptr) {
  json body = {{"Accounts", std::move(accounts)}};
  if (token != nullptr) body["NextToken"] = token;
  return {{"status", 200}, {"json", body}};
}

json Account(const std::string& id, const std::string& name, const char* status,
             const char* state = nullptr) {
  json a = {{"Id", id}, {"Name", name}, {"Status", status}};
  if (state != nullptr) a["State"] = state;
  return a;
}

class DiscoveryPages : public ::testing::Test {
 protected:
  std::shared_ptr<Client> ClientFor(const FakeServer& server) {
    endpoints_ = std::make_unique<EndpointResolver>(MapEnv({}), server.url(),
                                                    std::map<std::string, std::string>{});
    ClientOptions o;
    o.account_id = "123456789012";
    o.region = "us-east-1";
    o.credentials = std::make_shared<StaticCredentialsProvider>(
        Credentials{"AKIDFAKE", "fakesecret", "", {}}, "test");
    o.transport = &http_;
    o.endpoints = endpoints_.get();
    o.sleep = [](std::chrono::milliseconds) {};
    return MakeClient(o);
  }

  // The NextToken each request of `operation` carried ("" for none).
  static std::vector<std::string> TokensSent(const FakeServer& server, const std::string& op) {
    std::vector<std::string> tokens;
    for (const auto& r : server.Requests()) {
      if (r["headers"].value("x-amz-target", "") != "AWSOrganizationsV20161128." + op) continue;
      json body = json::parse(r["body"].get<std::string>());
      EXPECT_EQ(body["MaxResults"], 20);
      tokens.push_back(body.value("NextToken", ""));
    }
    return tokens;
  }

  CurlTransport http_;
  std::unique_ptr<EndpointResolver> endpoints_;
};

TEST_F(DiscoveryPages, EmptyPagesWithTokensAreFollowed) {
  FakeServer server(
      json::object({{"POST /#ListAccounts",
                     {Page(json::array(), "t1"),
                      Page({Account("111111111111", "one", "ACTIVE"),
                            Account("222222222222", "two", "SUSPENDED")},
                           "t2"),
                      Page(json::array(), "t3"),
                      Page({Account("333333333333", "three", "ACTIVE", "ACTIVE"),
                            Account("444444444444", "four", "ACTIVE", "PENDING_CLOSURE")})}}}));
  ASSERT_TRUE(server.ready());
  auto client = ClientFor(server);
  std::vector<DiscoveredAccount> found;
  Status s = DiscoverAccounts(*client, {}, &found);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(found,
            (std::vector<DiscoveredAccount>{{"111111111111", "one"}, {"333333333333", "three"}}));
  EXPECT_EQ(TokensSent(server, "ListAccounts"), (std::vector<std::string>{"", "t1", "t2", "t3"}));
}

TEST_F(DiscoveryPages, OuWalkFollowsEmptyPagesToo) {
  FakeServer server(json::object({
      {"POST /#ListAccounts",
       {Page({Account("111111111111", "a", "ACTIVE"), Account("333333333333", "c", "ACTIVE"),
              Account("555555555555", "e", "ACTIVE")})}},
      // ou-top: an empty page, then its account; then ou-child's account.
      {"POST /#ListAccountsForParent",
       {Page(json::array(), "p1"), Page({Account("111111111111", "a", "ACTIVE")}),
        Page({Account("333333333333", "c", "ACTIVE")})}},
      // ou-top: an empty page, then its child OU; ou-child has no children.
      {"POST /#ListChildren",
       {{{"status", 200}, {"json", {{"Children", json::array()}, {"NextToken", "c1"}}}},
        {{"status", 200},
         {"json", {{"Children", {{{"Id", "ou-child"}, {"Type", "ORGANIZATIONAL_UNIT"}}}}}}},
        {{"status", 200}, {"json", {{"Children", json::array()}}}}}},
  }));
  ASSERT_TRUE(server.ready());
  auto client = ClientFor(server);
  config::Discovery d;
  d.include_ous = {"ou-top"};
  std::vector<DiscoveredAccount> found;
  Status s = DiscoverAccounts(*client, d, &found);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(found, (std::vector<DiscoveredAccount>{{"111111111111", "a"}, {"333333333333", "c"}}));
  EXPECT_EQ(TokensSent(server, "ListAccountsForParent"), (std::vector<std::string>{"", "p1", ""}));
  EXPECT_EQ(TokensSent(server, "ListChildren"), (std::vector<std::string>{"", "c1", ""}));
  // The child OU was walked with its own id.
  int child_calls = 0;
  for (const auto& r : server.Requests()) {
    if (json::parse(r["body"].get<std::string>()).value("ParentId", "") == "ou-child") {
      ++child_calls;
    }
  }
  EXPECT_EQ(child_calls, 2);
}

TEST_F(DiscoveryPages, ErrorsArePropagatedWithContext) {
  FakeServer server(
      json::object({{"POST /#ListAccounts",
                     {{{"status", 400},
                       {"json",
                        {{"__type", "AWSOrganizationsNotInUseException"},
                         {"Message", "Your account is not a member of an organization."}}}}}}}));
  ASSERT_TRUE(server.ready());
  auto client = ClientFor(server);
  std::vector<DiscoveredAccount> found;
  Status s = DiscoverAccounts(*client, {}, &found);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("account discovery"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("AWSOrganizationsNotInUseException"), std::string::npos)
      << s.message();
}

}  // namespace
}  // namespace awsgov::aws
