// The VPC/subnet part end to end: the real AWS client (SigV4, AssumeRole per account, EC2 XML)
// against moto_server, with the data each test creates and the values computed from it.
#include <gtest/gtest.h>

#include <cmath>

#include "collectors/ipam/ipam_metrics.h"
#include "tests/support/subprocess.h"
#include "tests/unit/collector_ipam/ipam_aws_env.h"
#include "tests/unit/collector_ipam/ipam_fake_ec2.h"

namespace awsgov::ipam {
namespace {

using testing::CollectTarget;
using testing::Ec2Seeder;
using testing::MakeFactory;
using testing::MakeIpamCollector;
using testing::SampleCount;
using testing::SampleValue;

constexpr const char* kAccountA = "111111111111";
constexpr const char* kAccountB = "222222222222";
constexpr const char* kWest = "eu-west-1";
constexpr const char* kEast = "us-east-1";

// Only the VPCs the tests create (moto also has a default VPC per account and region), and no
// IPAM part: moto has no IPAM API (that part is tested against tests/fakes/ipam_fake.py).
constexpr const char* kOptions = R"(
include_vpc_tags: {awsgov-test: ipam}
ipam_account_id: "999999999999"
)";

double SubnetSize(int prefix) { return std::ldexp(1.0, 32 - prefix); }
// What AWS (and moto) report for a fresh subnet with `enis` interfaces, one address each.
double Available(int prefix, int enis) { return SubnetSize(prefix) - 5 - enis; }

class IpamMotoTest : public awsgov::testing::MotoSuite<IpamMotoTest> {
 protected:
  void SetUp() override {
    ASSERT_TRUE(moto_->ready()) << "moto_server did not start";
    // Both accounts through AssumeRole, as the exporter reaches member accounts.
    factory_ = MakeFactory(moto_->endpoint(),
                           {{kAccountA, "arn:aws:iam::111111111111:role/awsgov-exporter"},
                            {kAccountB, "arn:aws:iam::222222222222:role/awsgov-exporter"}},
                           {kWest, kEast});
    collector_ = MakeIpamCollector(kOptions);
    ASSERT_NE(collector_, nullptr);
  }

  std::optional<double> Subnet(const Result& r, const MetricDesc& desc, const std::string& account,
                               const std::string& region, const std::string& vpc,
                               const std::string& subnet, const std::string& cidr,
                               const std::string& az) {
    return SampleValue(r, desc, {account, region, vpc, subnet, cidr, az});
  }

  std::unique_ptr<aws::AwsClientFactory> factory_;
  std::unique_ptr<Collector> collector_;
};

TEST_F(IpamMotoTest, VpcsSubnetsAndEnisInOneAccount) {
  Ec2Seeder ec2(*factory_, kAccountA, kWest);
  // A VPC with a primary and a secondary CIDR, and a third CIDR that was disassociated.
  const std::string vpc = ec2.CreateVpc("10.0.0.0/16");
  ec2.AssociateCidr(vpc, "10.1.0.0/24");
  ec2.Call("DisassociateVpcCidrBlock", {{"AssociationId", ec2.AssociateCidr(vpc, "10.2.0.0/24")}});
  struct Planned {
    std::string cidr;
    int prefix;
    int enis;
    std::string id;
  };
  std::vector<Planned> subnets = {{"10.0.0.0/20", 20, 0, ""},
                                  {"10.0.16.0/24", 24, 3, ""},
                                  {"10.0.17.0/28", 28, 10, ""},
                                  {"10.0.17.16/28", 28, 11, ""},
                                  {"10.1.0.0/26", 26, 0, ""}};
  for (auto& s : subnets) {
    s.id = ec2.CreateSubnet(vpc, s.cidr);
    ec2.CreateEnis(s.id, s.enis);
  }
  // A VPC with no subnets, with an IPv6 block too.
  const std::string empty_vpc = ec2.CreateVpc("172.20.0.0/16");
  const std::string ipv6_block = ec2.AssociateAmazonIpv6(empty_vpc);
  ASSERT_FALSE(ipv6_block.empty());

  Result result;
  Status status = CollectTarget(*collector_, *factory_, kAccountA, kWest, &result);
  ASSERT_TRUE(status.ok()) << status.ToString();

  for (const auto& s : subnets) {
    const std::string az = ec2.SubnetAz(s.id);
    const double available = Available(s.prefix, s.enis);
    EXPECT_DOUBLE_EQ(*Subnet(result, kSubnetAvailableIps, kAccountA, kWest, vpc, s.id, s.cidr, az),
                     available)
        << s.cidr;
    EXPECT_DOUBLE_EQ(*Subnet(result, kSubnetIpUsageRatio, kAccountA, kWest, vpc, s.id, s.cidr, az),
                     (SubnetSize(s.prefix) - available) / SubnetSize(s.prefix))
        << s.cidr;
  }
  // The /28 with 11 interfaces is exactly full.
  EXPECT_DOUBLE_EQ(*Subnet(result, kSubnetIpUsageRatio, kAccountA, kWest, vpc, subnets[3].id,
                           subnets[3].cidr, ec2.SubnetAz(subnets[3].id)),
                   1.0);
  EXPECT_EQ(SampleCount(result, kSubnetIpUsageRatio), subnets.size());

  const double primary_used = SubnetSize(20) + SubnetSize(24) + 2 * SubnetSize(28);
  EXPECT_DOUBLE_EQ(*SampleValue(result, kVpcCidrUsageRatio, {kAccountA, kWest, vpc, "10.0.0.0/16"}),
                   primary_used / SubnetSize(16));
  EXPECT_DOUBLE_EQ(*SampleValue(result, kVpcCidrUsageRatio, {kAccountA, kWest, vpc, "10.1.0.0/24"}),
                   SubnetSize(26) / SubnetSize(24));
  EXPECT_FALSE(SampleValue(result, kVpcCidrUsageRatio, {kAccountA, kWest, vpc, "10.2.0.0/24"}));
  EXPECT_DOUBLE_EQ(
      *SampleValue(result, kVpcCidrUsageRatio, {kAccountA, kWest, empty_vpc, "172.20.0.0/16"}), 0);
  EXPECT_DOUBLE_EQ(
      *SampleValue(result, kVpcCidrUsageRatio, {kAccountA, kWest, empty_vpc, ipv6_block}), 0);
  EXPECT_EQ(SampleCount(result, kVpcCidrUsageRatio), 4u);
}

TEST_F(IpamMotoTest, TwoAccountsAndTwoRegionsStaySeparate) {
  Ec2Seeder b_east(*factory_, kAccountB, kEast);
  const std::string vpc_b = b_east.CreateVpc("192.168.0.0/24");
  const std::string subnet_b = b_east.CreateSubnet(vpc_b, "192.168.0.0/25");
  b_east.CreateEnis(subnet_b, 4);
  Ec2Seeder b_west(*factory_, kAccountB, kWest);
  const std::string vpc_w = b_west.CreateVpc("10.50.0.0/16");
  const std::string subnet_w = b_west.CreateSubnet(vpc_w, "10.50.0.0/16");  // the whole VPC

  Result east;
  ASSERT_TRUE(CollectTarget(*collector_, *factory_, kAccountB, kEast, &east).ok());
  EXPECT_DOUBLE_EQ(
      *SampleValue(east, kVpcCidrUsageRatio, {kAccountB, kEast, vpc_b, "192.168.0.0/24"}), 0.5);
  EXPECT_DOUBLE_EQ(*Subnet(east, kSubnetAvailableIps, kAccountB, kEast, vpc_b, subnet_b,
                           "192.168.0.0/25", b_east.SubnetAz(subnet_b)),
                   Available(25, 4));
  EXPECT_EQ(SampleCount(east, kVpcCidrUsageRatio), 1u);

  Result west;
  ASSERT_TRUE(CollectTarget(*collector_, *factory_, kAccountB, kWest, &west).ok());
  EXPECT_DOUBLE_EQ(
      *SampleValue(west, kVpcCidrUsageRatio, {kAccountB, kWest, vpc_w, "10.50.0.0/16"}), 1.0);
  EXPECT_DOUBLE_EQ(*Subnet(west, kSubnetIpUsageRatio, kAccountB, kWest, vpc_w, subnet_w,
                           "10.50.0.0/16", b_west.SubnetAz(subnet_w)),
                   5.0 / SubnetSize(16));
  EXPECT_EQ(SampleCount(west, kVpcCidrUsageRatio), 1u);

  // Account A in us-east-1 has none of B's resources.
  Result a_east;
  ASSERT_TRUE(CollectTarget(*collector_, *factory_, kAccountA, kEast, &a_east).ok());
  EXPECT_EQ(a_east.sample_count(), 0u);
}

}  // namespace
}  // namespace awsgov::ipam
