// Parsing of Inspector2 responses and of the exceptions table's Scan pages, from responses
// written out here in the shapes of botocore's models.
#include "collectors/inspector_coverage/inspector_api.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "collectors/inspector_coverage/exceptions_table.h"
#include "tests/unit/collector_inspector_coverage/inspector_test_support.h"

namespace awsgov::inspector {
namespace {

using nlohmann::json;
using ::testing::ElementsAre;

json Entry(const std::string& account, const std::string& instance, const std::string& status,
           const std::string& reason, const std::string& scan_type = "PACKAGE") {
  return {{"resourceType", "AWS_EC2_INSTANCE"},
          {"resourceId", instance},
          {"accountId", account},
          {"scanType", scan_type},
          {"scanStatus", {{"statusCode", status}, {"reason", reason}}}};
}

TEST(ListCoverageRequestTest, AsksForEc2InstancesOfTheAccountAtTheLargestPage) {
  EXPECT_EQ(ListCoverageRequest("222222222222", ""),
            json::parse(R"({"maxResults": 200, "filterCriteria": {
                "resourceType": [{"comparison": "EQUALS", "value": "AWS_EC2_INSTANCE"}],
                "accountId": [{"comparison": "EQUALS", "value": "222222222222"}]}})"));
  EXPECT_EQ(ListCoverageRequest("222222222222", "t2")["nextToken"], "t2");
}

TEST(AddCoveragePageTest, KeepsTheAccountsInstancesPreferringAnActiveEntry) {
  json page = {{"coveredResources",
                {Entry("222222222222", "i-1", "INACTIVE", "NO_INVENTORY", "NETWORK"),
                 Entry("222222222222", "i-1", "ACTIVE", "SUCCESSFUL"),
                 Entry("222222222222", "i-2", "ACTIVE", "SUCCESSFUL", "NETWORK"),
                 Entry("222222222222", "i-2", "INACTIVE", "EC2_INSTANCE_STOPPED"),
                 Entry("333333333333", "i-3", "ACTIVE", "SUCCESSFUL"),  // another account
                 {{"resourceType", "AWS_ECR_REPOSITORY"}, {"resourceId", "repo"}},
                 {{"resourceType", "AWS_EC2_INSTANCE"}},  // no resourceId: skipped
                 {{"resourceType", "AWS_EC2_INSTANCE"}, {"resourceId", "i-4"}}}},
               {"nextToken", "next"}};
  CoverageByInstance coverage;
  EXPECT_EQ(AddCoveragePage(page, "222222222222", &coverage), "next");
  ASSERT_EQ(coverage.size(), 3u);
  EXPECT_EQ(coverage["i-1"].status_code, "ACTIVE");
  EXPECT_EQ(coverage["i-1"].reason, "SUCCESSFUL");
  EXPECT_EQ(coverage["i-2"].status_code, "ACTIVE");  // any active scan covers the instance
  EXPECT_EQ(coverage["i-2"].scan_type, "NETWORK");
  // Without scanStatus the entry still counts as listed, with UNKNOWN status and reason.
  EXPECT_EQ(coverage["i-4"].status_code, "UNKNOWN");
  EXPECT_EQ(coverage["i-4"].reason, "UNKNOWN");
}

TEST(AddCoveragePageTest, MalformedPagesAddNothingAndEndPaging) {
  CoverageByInstance coverage;
  EXPECT_EQ(AddCoveragePage(json::array(), "1", &coverage), "");
  EXPECT_EQ(AddCoveragePage(json{{"coveredResources", "x"}, {"nextToken", 5}}, "1", &coverage), "");
  EXPECT_TRUE(coverage.empty());
}

TEST(ListEc2CoverageTest, FollowsTokensAndStopsWhenAServerLoops) {
  testing::FakeInspectorClient client;
  client.Script(
      "ListCoverage",
      {{{"coveredResources", {Entry("1", "i-1", "ACTIVE", "SUCCESSFUL")}}, {"nextToken", "a"}},
       {{"coveredResources", {Entry("1", "i-2", "INACTIVE", "NO_INVENTORY")}}, {"nextToken", "b"}},
       {{"coveredResources", json::array()}}});
  aws::ClientFactory* no_factory = nullptr;
  CollectContext ctx = testing::Context(no_factory, "1", "eu-west-1");
  CoverageByInstance coverage;
  ASSERT_TRUE(ListEc2Coverage(client, "1", ctx, &coverage).ok());
  EXPECT_EQ(coverage.size(), 2u);
  std::vector<std::string> tokens;
  for (const auto& call : client.calls()) {
    EXPECT_EQ(call.method, "POST");
    EXPECT_EQ(call.path, "/coverage/list");
    tokens.push_back(call.body.value("nextToken", ""));
  }
  EXPECT_THAT(tokens, ElementsAre("", "a", "b"));

  testing::FakeInspectorClient looping;
  looping.Script("ListCoverage", {{{"coveredResources", json::array()}, {"nextToken", "same"}}});
  Status status = ListEc2Coverage(looping, "1", ctx, &coverage);
  EXPECT_FALSE(status.ok());
  EXPECT_THAT(status.ToString(), ::testing::HasSubstr("already seen"));
}

TEST(Ec2StatusFromResponseTest, ReadsTheAccountsEc2StatusOrItsFailure) {
  const json response = json::parse(R"({
      "accounts": [{"accountId": "1", "resourceState": {"ec2": {"status": "ENABLED"}}},
                   {"accountId": "2", "resourceState": {"ec2": {"status": "SUSPENDED"}}}],
      "failedAccounts": [{"accountId": "3", "errorCode": "ACCESS_DENIED",
                          "resourceStatus": {"ec2": "DISABLED"}},
                         {"accountId": "4", "errorCode": "RESOURCE_NOT_FOUND",
                          "status": "DISABLED"}]})");
  EXPECT_EQ(Ec2StatusFromResponse(response, "1"), "ENABLED");
  EXPECT_EQ(Ec2StatusFromResponse(response, "2"), "SUSPENDED");
  EXPECT_EQ(Ec2StatusFromResponse(response, "3"), "DISABLED");
  EXPECT_EQ(Ec2StatusFromResponse(response, "4"), "DISABLED");
  EXPECT_EQ(Ec2StatusFromResponse(response, "5"), "UNKNOWN");
}

// Serves DynamoDB Scan pages in order and records each request.
class ScriptedScanClient final : public aws::Client {
 public:
  explicit ScriptedScanClient(std::vector<json> pages) : pages_(std::move(pages)) {}
  const std::vector<json>& requests() const { return requests_; }
  const std::string& account_id() const override { return account_; }
  const std::string& region() const override { return region_; }
  Status Query(std::string_view, std::string_view, const aws::QueryParams&,
               pugi::xml_document*) override {
    return Internal("not EC2");
  }
  Status Json(std::string_view service, std::string_view operation, const json& request,
              json* out) override {
    requests_.push_back(request);
    if (service != "dynamodb" || operation != "Scan") return Internal("not a Scan");
    if (requests_.size() > pages_.size()) return Internal("no more pages");
    *out = pages_[requests_.size() - 1];
    return Status::Ok();
  }
  Status RestJson(std::string_view, std::string_view, std::string_view, std::string_view,
                  const aws::QueryParams&, const json*, json*) override {
    return Internal("not REST-JSON");
  }

 private:
  std::vector<json> pages_;
  std::vector<json> requests_;
  std::string account_ = "111111111111";
  std::string region_ = "eu-west-1";
};

json Item(const std::string& instance, const std::string& account, const std::string& region,
          const std::string& type) {
  json item = {{"InstanceId", {{"S", instance}}}};
  if (!account.empty()) item["AccountId"] = {{"S", account}};
  if (!region.empty()) item["InstanceRegion"] = {{"S", region}};
  if (!type.empty()) item["ExceptionType"] = {{"S", type}};
  return item;
}

TEST(ExceptionsTableTest, ScansEveryPageAndKeepsTheTargetsExceptions) {
  const json key = {{"InstanceId", {{"S", "i-2"}}}};
  ScriptedScanClient client({
      {{"Items", {Item("i-1", "2", "eu-west-1", "DoNotStart"), Item("i-2", "2", "", "")}},
       {"LastEvaluatedKey", key}},
      {{"Items",
        {Item("i-3", "3", "eu-west-1", "DoNotStart"),  // another account
         Item("i-4", "2", "us-east-1", "DoNotStart"),  // another region
         Item("i-5", "2", "eu-west-1", "DoNotStop"),   // not an excepting type by default
         Item("i-6", "", "", "DoNotStart"),            // the instance id alone is unique
         {{"InstanceId", {{"N", "7"}}}}}}},            // not a string: skipped
  });
  ExceptionsTable table;
  table.name = "Inspector-Exceptions";
  aws::ClientFactory* no_factory = nullptr;
  CollectContext ctx = testing::Context(no_factory, "2", "eu-west-1");
  std::set<std::string> excepted;
  Status status = ReadExceptionsTable(client, table, ctx, &excepted);
  ASSERT_TRUE(status.ok()) << status.ToString();
  EXPECT_THAT(excepted, ElementsAre("i-1", "i-2", "i-6"));
  ASSERT_EQ(client.requests().size(), 2u);
  EXPECT_EQ(client.requests()[0], json({{"TableName", "Inspector-Exceptions"}}));
  EXPECT_EQ(client.requests()[1]["ExclusiveStartKey"], key);

  table.exception_types = {"DoNotStart", "DoNotStop"};
  std::set<std::string> both;
  AddExceptionsPage(json{{"Items", {Item("i-5", "2", "eu-west-1", "DoNotStop")}}}, table, "2",
                    "eu-west-1", &both);
  EXPECT_THAT(both, ElementsAre("i-5"));
}

}  // namespace
}  // namespace awsgov::inspector
