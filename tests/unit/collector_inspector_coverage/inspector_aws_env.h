// Test support for the inspector_coverage collector's tests against servers (moto_server and
// tests/fakes/inspector_fake.py): a real AwsClientFactory with fixed test credentials
// (tests/support/moto_env.h), moto as the endpoint of every service but Inspector2, and seeding
// helpers that call EC2 and DynamoDB through the same client as the collector.
// Thread-safety: not thread-safe; one test uses one instance.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <pugixml.hpp>
#include <string>
#include <utility>
#include <vector>

#include "exporter/aws/client_factory.h"
#include "tests/support/moto_env.h"

namespace awsgov::inspector::testing {

using awsgov::testing::TestAccount;
// The access key of the factory's own credentials: requests signed with it come from an account
// configured without a role.
inline constexpr const char* kOwnAccessKeyId = awsgov::testing::kTestAccessKeyId;

inline std::unique_ptr<aws::AwsClientFactory> MakeFactory(const std::string& moto_endpoint,
                                                          const std::string& inspector_endpoint,
                                                          const std::vector<TestAccount>& accounts,
                                                          const std::vector<std::string>& regions) {
  return awsgov::testing::MakeTestFactory(awsgov::testing::MakeTestConfig(
      moto_endpoint, accounts, regions, {{"inspector2", inspector_endpoint}}));
}

// EC2 and DynamoDB calls for seeding, failing the test on error.
class Seeder {
 public:
  Seeder(aws::ClientFactory& factory, const std::string& account_id, const std::string& region)
      : seed_(factory, account_id, region) {}

  // One instance; `tags` as key/value pairs. Returns its id.
  std::string RunInstance(const std::vector<std::pair<std::string, std::string>>& tags = {}) {
    aws::QueryParams params = {{"ImageId", "ami-12c6146b"}, {"MinCount", "1"}, {"MaxCount", "1"}};
    if (!tags.empty()) params.push_back({"TagSpecification.1.ResourceType", "instance"});
    for (std::size_t i = 0; i < tags.size(); ++i) {
      const std::string prefix = "TagSpecification.1.Tag." + std::to_string(i + 1);
      params.push_back({prefix + ".Key", tags[i].first});
      params.push_back({prefix + ".Value", tags[i].second});
    }
    pugi::xml_document doc;
    if (!Ec2("RunInstances", params, &doc)) return "";
    return doc.document_element()
        .child("instancesSet")
        .child("item")
        .child("instanceId")
        .text()
        .as_string();
  }
  void Stop(const std::string& instance_id) {
    pugi::xml_document doc;
    Ec2("StopInstances", {{"InstanceId.1", instance_id}}, &doc);
  }
  void Terminate(const std::string& instance_id) {
    pugi::xml_document doc;
    Ec2("TerminateInstances", {{"InstanceId.1", instance_id}}, &doc);
  }

  // The old routine's exceptions table: hash key InstanceId.
  void CreateExceptionsTable(const std::string& name) {
    DynamoDb("CreateTable",
             {{"TableName", name},
              {"KeySchema", {{{"AttributeName", "InstanceId"}, {"KeyType", "HASH"}}}},
              {"AttributeDefinitions", {{{"AttributeName", "InstanceId"}, {"AttributeType", "S"}}}},
              {"BillingMode", "PAY_PER_REQUEST"}});
  }
  void PutException(const std::string& table, const std::string& instance_id,
                    const std::string& account_id, const std::string& region,
                    const std::string& exception_type) {
    DynamoDb("PutItem", {{"TableName", table},
                         {"Item",
                          {{"InstanceId", {{"S", instance_id}}},
                           {"AccountId", {{"S", account_id}}},
                           {"InstanceRegion", {{"S", region}}},
                           {"ExceptionType", {{"S", exception_type}}}}}});
  }

 private:
  bool Ec2(const std::string& operation, const aws::QueryParams& params, pugi::xml_document* doc) {
    return seed_.Query("ec2", operation, params, doc);
  }
  void DynamoDb(const std::string& operation, const nlohmann::json& request) {
    seed_.Json("dynamodb", operation, request);
  }

  awsgov::testing::SeedClient seed_;
};

}  // namespace awsgov::inspector::testing
