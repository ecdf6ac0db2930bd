// The AWS client against moto_server: resources are created through the client itself and read
// back through the pagination helpers; counts and ids must match what the test created.
//
// moto's DescribeVpcs ignores MaxResults (everything comes in one page), so multi-page EC2 query
// pagination is exercised with DescribeInstances, which moto does paginate.
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <pugixml.hpp>
#include <set>

#include "exporter/aws/aws_client.h"
#include "exporter/aws/client.h"
#include "exporter/aws/http_curl.h"
#include "tests/support/moto_env.h"
#include "tests/support/subprocess.h"
#include "tests/unit/aws/client_fakes.h"

namespace awsgov::aws {
namespace {

using nlohmann::json;

class ClientMotoTest : public testing::MotoSuite<ClientMotoTest> {
 protected:
  void SetUp() override {
    ASSERT_TRUE(moto_->ready());
    endpoints_ = std::make_unique<EndpointResolver>(
        [](const std::string&) { return std::optional<std::string>(); }, moto_->endpoint(),
        std::map<std::string, std::string>{});
    ClientOptions options;
    options.account_id = "123456789012";
    options.region = "us-east-1";
    options.credentials = clienttest::TestCredentials();
    options.transport = &transport_;
    options.endpoints = endpoints_.get();
    client_ = MakeClient(std::move(options));
  }

  CurlTransport transport_;
  std::unique_ptr<EndpointResolver> endpoints_;
  std::shared_ptr<Client> client_;
};

TEST_F(ClientMotoTest, StsGetCallerIdentity) {
  pugi::xml_document doc;
  Status s = client_->Query("sts", "GetCallerIdentity", {}, &doc);
  ASSERT_TRUE(s.ok()) << s.ToString();
  pugi::xml_node result = doc.document_element().child("GetCallerIdentityResult");
  EXPECT_STREQ(result.child_value("Account"), "123456789012");
  EXPECT_STREQ(result.child_value("Arn"), "arn:aws:sts::123456789012:user/moto");
}

TEST_F(ClientMotoTest, CreatedVpcsAreListedExactlyOnce) {
  std::set<std::string> created;
  for (int i = 0; i < 12; ++i) {
    pugi::xml_document doc;
    Status s = client_->Query("ec2", "CreateVpc",
                              {{"CidrBlock", "10." + std::to_string(100 + i) + ".0.0/16"},
                               {"TagSpecification.1.ResourceType", "vpc"},
                               {"TagSpecification.1.Tag.1.Key", "suite"},
                               {"TagSpecification.1.Tag.1.Value", "client-moto-vpcs"}},
                              &doc);
    ASSERT_TRUE(s.ok()) << s.ToString();
    std::string id = doc.document_element().child("vpc").child_value("vpcId");
    ASSERT_EQ(id.rfind("vpc-", 0), 0u) << id;
    created.insert(id);
  }
  std::multiset<std::string> listed;
  Status s = QueryAllPages(*client_, "ec2", "DescribeVpcs",
                           {{"MaxResults", "5"},
                            {"Filter.1.Name", "tag:suite"},
                            {"Filter.1.Value.1", "client-moto-vpcs"}},
                           [&](const pugi::xml_node& root) {
                             for (pugi::xml_node item : root.child("vpcSet").children("item")) {
                               listed.insert(item.child_value("vpcId"));
                             }
                             return Status::Ok();
                           });
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(listed.size(), 12u);
  EXPECT_EQ(std::set<std::string>(listed.begin(), listed.end()), created);
}

TEST_F(ClientMotoTest, DescribeInstancesFollowsTokensOverSeveralPages) {
  pugi::xml_document images;
  ASSERT_TRUE(client_->Query("ec2", "DescribeImages", {{"Owner.1", "amazon"}}, &images).ok());
  std::string image_id =
      images.document_element().child("imagesSet").child("item").child_value("imageId");
  ASSERT_FALSE(image_id.empty());
  std::set<std::string> created;
  for (int i = 0; i < 12; ++i) {
    pugi::xml_document doc;
    Status s = client_->Query(
        "ec2", "RunInstances",
        {{"ImageId", image_id}, {"MinCount", "1"}, {"MaxCount", "1"}, {"InstanceType", "t3.micro"}},
        &doc);
    ASSERT_TRUE(s.ok()) << s.ToString();
    created.insert(
        doc.document_element().child("instancesSet").child("item").child_value("instanceId"));
  }
  std::multiset<std::string> listed;
  int pages = 0;
  Status s = QueryAllPages(
      *client_, "ec2", "DescribeInstances", {{"MaxResults", "5"}}, [&](const pugi::xml_node& root) {
        ++pages;
        for (pugi::xml_node r : root.child("reservationSet").children("item")) {
          for (pugi::xml_node i : r.child("instancesSet").children("item")) {
            listed.insert(i.child_value("instanceId"));
          }
        }
        return Status::Ok();
      });
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(pages, 3);  // 5 + 5 + 2
  EXPECT_EQ(listed.size(), 12u);
  EXPECT_EQ(std::set<std::string>(listed.begin(), listed.end()), created);
}

TEST_F(ClientMotoTest, DynamoDbScanFollowsLastEvaluatedKey) {
  json out;
  Status s = client_->Json(
      "dynamodb", "CreateTable",
      json{{"TableName", "client-moto-items"},
           {"KeySchema", json::array({{{"AttributeName", "id"}, {"KeyType", "HASH"}}})},
           {"AttributeDefinitions",
            json::array({{{"AttributeName", "id"}, {"AttributeType", "S"}}})},
           {"BillingMode", "PAY_PER_REQUEST"}},
      &out);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(out["TableDescription"]["TableName"], "client-moto-items");
  std::set<std::string> created;
  for (int i = 0; i < 11; ++i) {
    std::string id = "item-" + std::to_string(i);
    s = client_->Json("dynamodb", "PutItem",
                      json{{"TableName", "client-moto-items"},
                           {"Item", {{"id", {{"S", id}}}, {"n", {{"N", std::to_string(i)}}}}}},
                      &out);
    ASSERT_TRUE(s.ok()) << s.ToString();
    created.insert(id);
  }
  std::multiset<std::string> scanned;
  int pages = 0;
  s = JsonAllPages(
      *client_, "dynamodb", "Scan", json{{"TableName", "client-moto-items"}, {"Limit", 4}},
      [&](const json& page) {
        ++pages;
        for (const auto& item : page["Items"]) scanned.insert(item["id"]["S"].get<std::string>());
        return Status::Ok();
      },
      "ExclusiveStartKey", "LastEvaluatedKey");
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_GE(pages, 3);  // 4 + 4 + 3 (moto may add an empty last page)
  EXPECT_LE(pages, 4);
  EXPECT_EQ(scanned.size(), 11u);
  EXPECT_EQ(std::set<std::string>(scanned.begin(), scanned.end()), created);
}

TEST_F(ClientMotoTest, MissingTableIsNotFoundWithRequestId) {
  json out;
  Status s = client_->Json("dynamodb", "DescribeTable", json{{"TableName", "no-such-table"}}, &out);
  EXPECT_EQ(s.code(), StatusCode::kNotFound);
  EXPECT_NE(s.message().find("ResourceNotFoundException"), std::string::npos) << s.message();
  EXPECT_EQ(s.message().find("request id unknown"), std::string::npos) << s.message();
}

}  // namespace
}  // namespace awsgov::aws
