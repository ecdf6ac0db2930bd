// Test support for the ipam collector's tests against servers (moto, tests/fakes/ipam_fake.py):
// a real AwsClientFactory pointed at a local endpoint with fixed test credentials, and a thin
// seeding helper that calls EC2 through the same client.
// Thread-safety: not thread-safe; one test uses one instance.
#pragma once

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <memory>
#include <optional>
#include <pugixml.hpp>
#include <string>
#include <vector>

#include "collectors/ipam/ipam_collector.h"
#include "exporter/aws/call_record_for_tests.h"
#include "exporter/aws/client.h"
#include "exporter/aws/client_factory.h"
#include "exporter/config/config.h"
#include "exporter/config/errors.h"
#include "exporter/core/collector.h"

namespace awsgov::ipam::testing {

struct TestAccount {
  std::string id;
  std::string role_arn;  // "" = the factory's own credentials
};

// A factory for `accounts` in `regions` against `endpoint`; credentials come only from the
// given fake environment, never from the process's.
inline std::unique_ptr<aws::AwsClientFactory> MakeFactory(const std::string& endpoint,
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
  config->aws.endpoint_url = endpoint;
  config->aws.max_attempts = 1;
  aws::ClientFactoryOptions options;
  options.config = config;
  options.getenv = [](const std::string& name) -> std::optional<std::string> {
    if (name == "AWS_ACCESS_KEY_ID") return "AKIDAWSGOVTEST";
    if (name == "AWS_SECRET_ACCESS_KEY") return "awsgov-test-secret";
    return std::nullopt;
  };
  return std::make_unique<aws::AwsClientFactory>(options);
}

// The collector as the exporter builds it: from its CollectorInfo and YAML options.
inline std::unique_ptr<Collector> MakeIpamCollector(const std::string& options_yaml) {
  const CollectorInfo registered = IpamCollectorInfo();
  const CollectorInfo* info = &registered;
  config::CollectorConfig section;
  section.name = "ipam";
  section.path = "collectors.ipam.options";
  section.options = YAML::Load(options_yaml);
  config::ErrorList errors("test");
  auto collector = info->create(section, &errors);
  EXPECT_TRUE(errors.empty()) << errors.ToString();
  return collector;
}

inline Status CollectTarget(Collector& collector, aws::ClientFactory& factory,
                            const std::string& account_id, const std::string& region, Result* out) {
  CollectContext ctx;
  ctx.target = Target{"ipam", account_id, region};
  ctx.deadline = std::chrono::steady_clock::now() + std::chrono::minutes(1);
  ctx.aws = &factory;
  return collector.Collect(ctx, out);
}

// EC2 calls for seeding; each returns the response's root element text at `path` (e.g.
// {"vpc", "vpcId"}) and fails the test on error.
class Ec2Seeder {
 public:
  Ec2Seeder(aws::ClientFactory& factory, const std::string& account_id, const std::string& region) {
    Status status = factory.Get(account_id, region, &client_);
    EXPECT_TRUE(status.ok()) << status.ToString();
  }

  std::string Call(const std::string& operation, const aws::QueryParams& params,
                   const std::vector<const char*>& path = {}) {
    if (!client_) return "";
    pugi::xml_document doc;
    aws::PauseCallRecordForTests seeding;  // set-up, not the exporter's calls
    Status status = client_->Query("ec2", operation, params, &doc);
    EXPECT_TRUE(status.ok()) << operation << ": " << status.ToString();
    pugi::xml_node node = doc.document_element();
    for (const char* name : path) node = node.child(name);
    return node.text().as_string();
  }

  // A VPC tagged awsgov-test=ipam (the collector in these tests selects by that tag).
  std::string CreateVpc(const std::string& cidr) {
    return Call("CreateVpc",
                {{"CidrBlock", cidr},
                 {"TagSpecification.1.ResourceType", "vpc"},
                 {"TagSpecification.1.Tag.1.Key", "awsgov-test"},
                 {"TagSpecification.1.Tag.1.Value", "ipam"}},
                {"vpc", "vpcId"});
  }
  std::string CreateSubnet(const std::string& vpc_id, const std::string& cidr) {
    return Call("CreateSubnet", {{"VpcId", vpc_id}, {"CidrBlock", cidr}}, {"subnet", "subnetId"});
  }
  std::string AssociateCidr(const std::string& vpc_id, const std::string& cidr) {
    return Call("AssociateVpcCidrBlock", {{"VpcId", vpc_id}, {"CidrBlock", cidr}},
                {"cidrBlockAssociation", "associationId"});
  }
  std::string AssociateAmazonIpv6(const std::string& vpc_id) {
    return Call("AssociateVpcCidrBlock",
                {{"VpcId", vpc_id}, {"AmazonProvidedIpv6CidrBlock", "true"}},
                {"ipv6CidrBlockAssociation", "ipv6CidrBlock"});
  }
  void CreateEnis(const std::string& subnet_id, int count) {
    for (int i = 0; i < count; ++i) Call("CreateNetworkInterface", {{"SubnetId", subnet_id}});
  }
  std::string SubnetAz(const std::string& subnet_id) {
    return Call("DescribeSubnets", {{"SubnetId.1", subnet_id}},
                {"subnetSet", "item", "availabilityZone"});
  }

 private:
  std::shared_ptr<aws::Client> client_;
};

}  // namespace awsgov::ipam::testing
