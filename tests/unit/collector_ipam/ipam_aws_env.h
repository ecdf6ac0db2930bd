// Test support for the ipam collector's tests against servers (moto, tests/fakes/ipam_fake.py):
// a real AwsClientFactory pointed at a local endpoint with fixed test credentials
// (tests/support/moto_env.h), and a thin seeding helper that calls EC2 through the same client.
// Thread-safety: not thread-safe; one test uses one instance.
#pragma once

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <memory>
#include <string>
#include <vector>

#include "collectors/ipam/ipam_collector.h"
#include "exporter/aws/client_factory.h"
#include "exporter/config/errors.h"
#include "exporter/core/collector.h"
#include "tests/support/moto_env.h"

namespace awsgov::ipam::testing {

using awsgov::testing::TestAccount;

// A factory for `accounts` in `regions` against `endpoint`.
inline std::unique_ptr<aws::AwsClientFactory> MakeFactory(const std::string& endpoint,
                                                          const std::vector<TestAccount>& accounts,
                                                          const std::vector<std::string>& regions) {
  return awsgov::testing::MakeTestFactory(
      awsgov::testing::MakeTestConfig(endpoint, accounts, regions));
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
  return awsgov::testing::CollectTestTarget(collector, factory, Target{"ipam", account_id, region},
                                            out);
}

// EC2 calls for seeding; each returns the response's root element text at `path` (e.g.
// {"vpc", "vpcId"}) and fails the test on error.
class Ec2Seeder : public awsgov::testing::SeedClient {
 public:
  using SeedClient::SeedClient;

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
};

}  // namespace awsgov::ipam::testing
