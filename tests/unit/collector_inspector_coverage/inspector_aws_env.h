// Test support for the inspector_coverage collector's tests against servers (moto_server and
// tests/fakes/inspector_fake.py): a real AwsClientFactory with fixed test credentials, moto as
// the endpoint of every service but Inspector2, and seeding helpers that call EC2 and DynamoDB
// through the same client as the collector.
// Thread-safety: not thread-safe; one test uses one instance.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <pugixml.hpp>
#include <string>
#include <vector>

#include "exporter/aws/call_record_for_tests.h"
#include "exporter/aws/client.h"
#include "exporter/aws/client_factory.h"
#include "exporter/config/config.h"

namespace awsgov::inspector::testing {

// The access key of the factory's own credentials: requests signed with it come from an account
// configured without a role.
inline constexpr const char* kOwnAccessKeyId = "AKIDAWSGOVTEST";

struct TestAccount {
  std::string id;
  std::string role_arn;  // "" = the factory's own credentials
};

inline std::unique_ptr<aws::AwsClientFactory> MakeFactory(const std::string& moto_endpoint,
                                                          const std::string& inspector_endpoint,
                                                          const std::vector<TestAccount>& accounts,
                                                          const std::vector<std::string>& regions) {
  auto config = std::make_shared<config::Config>();
  config->regions = regions;
  for (const auto& account : accounts) {
    config::Account a;
    a.id = account.id;
    a.role_arn = account.role_arn;
    config->accounts.push_back(a);
  }
  config->aws.endpoint_url = moto_endpoint;
  config->aws.service_endpoint_urls["inspector2"] = inspector_endpoint;
  config->aws.max_attempts = 1;
  aws::ClientFactoryOptions options;
  options.config = config;
  // Credentials only from this fake environment, never from the process's.
  options.getenv = [](const std::string& name) -> std::optional<std::string> {
    if (name == "AWS_ACCESS_KEY_ID") return kOwnAccessKeyId;
    if (name == "AWS_SECRET_ACCESS_KEY") return "awsgov-test-secret";
    return std::nullopt;
  };
  return std::make_unique<aws::AwsClientFactory>(options);
}

// EC2 and DynamoDB calls for seeding, failing the test on error.
class Seeder {
 public:
  Seeder(aws::ClientFactory& factory, const std::string& account_id, const std::string& region) {
    Status status = factory.Get(account_id, region, &client_);
    EXPECT_TRUE(status.ok()) << status.ToString();
  }

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
    if (!client_) return false;
    aws::PauseCallRecordForTests seeding;  // set-up, not the exporter's calls
    Status status = client_->Query("ec2", operation, params, doc);
    EXPECT_TRUE(status.ok()) << operation << ": " << status.ToString();
    return status.ok();
  }
  void DynamoDb(const std::string& operation, const nlohmann::json& request) {
    if (!client_) return;
    nlohmann::json response;
    aws::PauseCallRecordForTests seeding;  // set-up, not the exporter's calls
    Status status = client_->Json("dynamodb", operation, request, &response);
    EXPECT_TRUE(status.ok()) << operation << ": " << status.ToString();
  }

  std::shared_ptr<aws::Client> client_;
};

}  // namespace awsgov::inspector::testing
