// QueryAllPages / JsonAllPages over an in-memory Client that serves scripted pages.
#include <gtest/gtest.h>

#include <deque>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include "exporter/aws/client.h"

namespace awsgov::aws {
namespace {

using nlohmann::json;

class PagedClient final : public Client {
 public:
  std::deque<std::string> xml_pages;
  std::deque<json> json_pages;
  std::vector<QueryParams> query_requests;
  std::vector<json> json_requests;

  const std::string& account_id() const override { return account_; }
  const std::string& region() const override { return region_; }
  Status Query(std::string_view, std::string_view, const QueryParams& params,
               pugi::xml_document* out) override {
    query_requests.push_back(params);
    if (xml_pages.empty()) return Internal("no more pages scripted");
    out->load_string(xml_pages.front().c_str());
    xml_pages.pop_front();
    return Status::Ok();
  }
  Status Json(std::string_view, std::string_view, const json& request, json* out) override {
    json_requests.push_back(request);
    if (json_pages.empty()) return Internal("no more pages scripted");
    *out = json_pages.front();
    json_pages.pop_front();
    return Status::Ok();
  }
  Status RestJson(std::string_view, std::string_view, std::string_view, std::string_view,
                  const QueryParams&, const json*, json*) override {
    return Internal("unused");
  }

 private:
  std::string account_ = "123456789012";
  std::string region_ = "eu-west-1";
};

std::string Param(const QueryParams& params, const std::string& key) {
  std::string value;
  int count = 0;
  for (const auto& [k, v] : params) {
    if (k == key) {
      value = v;
      ++count;
    }
  }
  EXPECT_LE(count, 1) << key;
  return value;
}

TEST(PaginationTest, Ec2TokensAreFollowedAndEachPageSeenOnce) {
  PagedClient client;
  client.xml_pages = {"<R><vpcSet><item>a</item></vpcSet><nextToken>t1</nextToken></R>",
                      "<R><vpcSet><item>b</item></vpcSet><nextToken>t2</nextToken></R>",
                      "<R><vpcSet><item>c</item></vpcSet><nextToken></nextToken></R>"};
  std::vector<std::string> items;
  Status s = QueryAllPages(client, "ec2", "DescribeVpcs", {{"MaxResults", "5"}},
                           [&](const pugi::xml_node& root) {
                             items.push_back(root.child("vpcSet").child_value("item"));
                             return Status::Ok();
                           });
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(items, (std::vector<std::string>{"a", "b", "c"}));
  ASSERT_EQ(client.query_requests.size(), 3u);
  EXPECT_EQ(Param(client.query_requests[0], "NextToken"), "");
  EXPECT_EQ(Param(client.query_requests[1], "NextToken"), "t1");
  EXPECT_EQ(Param(client.query_requests[2], "NextToken"), "t2");
  EXPECT_EQ(Param(client.query_requests[2], "MaxResults"), "5");
}

TEST(PaginationTest, QueryProtocolTokenInsideResultElement) {
  PagedClient client;
  client.xml_pages = {
      "<DescribeAutoScalingGroupsResponse><DescribeAutoScalingGroupsResult><NextToken>n1"
      "</NextToken></DescribeAutoScalingGroupsResult></DescribeAutoScalingGroupsResponse>",
      "<DescribeAutoScalingGroupsResponse><DescribeAutoScalingGroupsResult/>"
      "</DescribeAutoScalingGroupsResponse>"};
  int pages = 0;
  Status s = QueryAllPages(
      client, "autoscaling", "DescribeAutoScalingGroups", {},
      [&](const pugi::xml_node&) {
        ++pages;
        return Status::Ok();
      },
      "NextToken", "NextToken");
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(pages, 2);
  EXPECT_EQ(Param(client.query_requests[1], "NextToken"), "n1");
}

TEST(PaginationTest, RepeatedTokenIsAnError) {
  PagedClient client;
  client.xml_pages = {"<R><nextToken>same</nextToken></R>", "<R><nextToken>same</nextToken></R>",
                      "<R/>"};
  int pages = 0;
  Status s = QueryAllPages(client, "ec2", "DescribeSubnets", {}, [&](const pugi::xml_node&) {
    ++pages;
    return Status::Ok();
  });
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(pages, 2);
  EXPECT_NE(s.message().find("ec2 DescribeSubnets"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("already seen"), std::string::npos) << s.message();
}

TEST(PaginationTest, PageCallbackErrorStopsAndIsReturned) {
  PagedClient client;
  client.xml_pages = {"<R><nextToken>t1</nextToken></R>", "<R/>"};
  Status s = QueryAllPages(client, "ec2", "DescribeVpcs", {},
                           [](const pugi::xml_node&) { return InvalidArgument("stop here"); });
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(client.query_requests.size(), 1u);
}

TEST(PaginationTest, EmptyJsonPagesWithTokensAreFollowed) {
  // Organizations may answer empty pages that still carry a NextToken.
  PagedClient client;
  client.json_pages = {json{{"Accounts", json::array()}, {"NextToken", "o1"}},
                       json{{"Accounts", {{{"Id", "1"}}}}, {"NextToken", "o2"}},
                       json{{"Accounts", {{{"Id", "2"}}}}, {"NextToken", nullptr}}};
  std::vector<std::string> ids;
  Status s =
      JsonAllPages(client, "organizations", "ListAccounts", json::object(), [&](const json& page) {
        for (const auto& a : page["Accounts"]) ids.push_back(a["Id"]);
        return Status::Ok();
      });
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(ids, (std::vector<std::string>{"1", "2"}));
  ASSERT_EQ(client.json_requests.size(), 3u);
  EXPECT_FALSE(client.json_requests[0].contains("NextToken"));
  EXPECT_EQ(client.json_requests[1]["NextToken"], "o1");
  EXPECT_EQ(client.json_requests[2]["NextToken"], "o2");
}

TEST(PaginationTest, DynamoDbKeysAreCopiedAndRepeatsDetected) {
  PagedClient client;
  json key = {{"id", {{"S", "k1"}}}};
  client.json_pages = {json{{"Items", json::array()}, {"LastEvaluatedKey", key}},
                       json{{"Items", json::array()}, {"LastEvaluatedKey", key}}};
  Status s = JsonAllPages(
      client, "dynamodb", "Scan", json{{"TableName", "t"}},
      [](const json&) { return Status::Ok(); }, "ExclusiveStartKey", "LastEvaluatedKey");
  EXPECT_FALSE(s.ok());
  ASSERT_EQ(client.json_requests.size(), 2u);
  EXPECT_EQ(client.json_requests[1]["ExclusiveStartKey"], key);
  EXPECT_EQ(client.json_requests[1]["TableName"], "t");
}

TEST(PaginationTest, MaxPagesStops) {
  PagedClient client;
  client.json_pages = {json{{"NextToken", "1"}}, json{{"NextToken", "2"}},
                       json{{"NextToken", "3"}}};
  Status s = JsonAllPages(
      client, "cloudtrail", "LookupEvents", json::object(),
      [](const json&) { return Status::Ok(); }, "NextToken", "NextToken", 2);
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(client.json_requests.size(), 2u);
  EXPECT_NE(s.message().find("more than 2 pages"), std::string::npos) << s.message();
}

}  // namespace
}  // namespace awsgov::aws
