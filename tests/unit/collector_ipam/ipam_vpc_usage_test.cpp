// The DescribeVpcs/DescribeSubnets part, against scripted EC2 pages.
#include <gtest/gtest.h>

#include <atomic>

#include "collectors/ipam/ipam_collector.h"
#include "collectors/ipam/ipam_metrics.h"
#include "tests/unit/collector_ipam/ipam_fake_ec2.h"

namespace awsgov::ipam {
namespace {

using testing::BlockSpec;
using testing::FakeEc2;
using testing::FakeFactory;
using testing::SampleCount;
using testing::SampleValue;
using testing::Set;
using testing::SubnetXml;
using testing::VpcXml;

constexpr const char* kAccount = "111111111111";
constexpr const char* kRegion = "eu-west-1";

class IpamVpcUsageTest : public ::testing::Test {
 protected:
  IpamVpcUsageTest() : ec2_(factory_.Add(kAccount, kRegion)) {
    options_.ipam_account_id = "999999999999";  // keeps the IPAM part out of these tests
  }

  Status Run(Result* out) {
    IpamCollector collector(options_);
    CollectContext ctx;
    ctx.target = Target{"ipam", kAccount, kRegion};
    ctx.aws = &factory_;
    ctx.cancelled = &cancelled_;
    return collector.Collect(ctx, out);
  }

  std::optional<double> Vpc(const std::string& vpc, const std::string& cidr, const Result& r) {
    return SampleValue(r, kVpcCidrUsageRatio, {kAccount, kRegion, vpc, cidr});
  }
  std::optional<double> Subnet(const MetricDesc& desc, const std::string& vpc,
                               const std::string& subnet, const std::string& cidr, const Result& r,
                               const std::string& az = "eu-west-1a") {
    return SampleValue(r, desc, {kAccount, kRegion, vpc, subnet, cidr, az});
  }

  FakeFactory factory_;
  std::shared_ptr<FakeEc2> ec2_;
  IpamOptions options_;
  std::atomic<bool> cancelled_{false};
};

TEST_F(IpamVpcUsageTest, ComputesVpcAndSubnetRatiosAcrossPages) {
  // Page 1: a VPC with a primary and a secondary CIDR. Page 2: a VPC with no subnets.
  ec2_->Script("DescribeVpcs", {},
               {Set("vpcSet", VpcXml("vpc-a", kAccount, {{"10.0.0.0/16"}, {"100.64.0.0/24"}})),
                Set("vpcSet", VpcXml("vpc-empty", kAccount, {{"10.9.0.0/20"}}))});
  ec2_->Script(
      "DescribeSubnets", {},
      {Set("subnetSet", SubnetXml("subnet-1", "vpc-a", "10.0.0.0/24", 251) +
                            SubnetXml("subnet-2", "vpc-a", "10.0.1.0/26", 0, {}, "eu-west-1b")),
       Set("subnetSet", SubnetXml("subnet-3", "vpc-a", "100.64.0.0/28", 1))});
  Result result;
  ASSERT_TRUE(Run(&result).ok());

  // vpc-a 10.0.0.0/16: 256 + 64 of 65536 addresses; 100.64.0.0/24: 16 of 256.
  EXPECT_DOUBLE_EQ(*Vpc("vpc-a", "10.0.0.0/16", result), (256.0 + 64.0) / 65536.0);
  EXPECT_DOUBLE_EQ(*Vpc("vpc-a", "100.64.0.0/24", result), 16.0 / 256.0);
  EXPECT_DOUBLE_EQ(*Vpc("vpc-empty", "10.9.0.0/20", result), 0.0);
  EXPECT_EQ(SampleCount(result, kVpcCidrUsageRatio), 3u);

  // Subnet: (size - available) / size; the 5 reserved addresses count as used.
  EXPECT_DOUBLE_EQ(*Subnet(kSubnetIpUsageRatio, "vpc-a", "subnet-1", "10.0.0.0/24", result),
                   (256.0 - 251.0) / 256.0);
  EXPECT_DOUBLE_EQ(*Subnet(kSubnetAvailableIps, "vpc-a", "subnet-1", "10.0.0.0/24", result), 251);
  EXPECT_DOUBLE_EQ(
      *Subnet(kSubnetIpUsageRatio, "vpc-a", "subnet-2", "10.0.1.0/26", result, "eu-west-1b"), 1.0);
  EXPECT_DOUBLE_EQ(
      *Subnet(kSubnetAvailableIps, "vpc-a", "subnet-2", "10.0.1.0/26", result, "eu-west-1b"), 0);
  EXPECT_DOUBLE_EQ(*Subnet(kSubnetIpUsageRatio, "vpc-a", "subnet-3", "100.64.0.0/28", result),
                   15.0 / 16.0);
  EXPECT_EQ(SampleCount(result, kSubnetIpUsageRatio), 3u);

  // Every call asks for 1000 items; the second page is asked for with the first page's token.
  auto vpc_calls = ec2_->CallsOf("DescribeVpcs");
  ASSERT_EQ(vpc_calls.size(), 2u);
  EXPECT_EQ(vpc_calls[0].Param("MaxResults"), "1000");
  EXPECT_EQ(vpc_calls[1].Param("NextToken"), "page-1");
  auto subnet_calls = ec2_->CallsOf("DescribeSubnets");
  ASSERT_EQ(subnet_calls.size(), 2u);
  EXPECT_EQ(subnet_calls[0].Param("MaxResults"), "1000");
}

TEST_F(IpamVpcUsageTest, OnlyAssociatedBlocksAreReported) {
  ec2_->Script("DescribeVpcs", {},
               {Set("vpcSet", VpcXml("vpc-a", kAccount,
                                     {{"10.0.0.0/24"},
                                      {"10.1.0.0/24", "disassociated"},
                                      {"10.2.0.0/24", "associating"}},
                                     {{"2600:1f18:1:100::/56", "disassociated"}}))});
  ec2_->Script("DescribeSubnets", {},
               {Set("subnetSet", SubnetXml("subnet-1", "vpc-a", "10.0.0.0/25", 100))});
  Result result;
  ASSERT_TRUE(Run(&result).ok());
  EXPECT_DOUBLE_EQ(*Vpc("vpc-a", "10.0.0.0/24", result), 0.5);
  EXPECT_EQ(SampleCount(result, kVpcCidrUsageRatio), 1u);
}

TEST_F(IpamVpcUsageTest, Ipv6BlocksCountSlash64sAndIpv6OnlySubnetsHaveNoIpv4Series) {
  ec2_->Script("DescribeVpcs", {},
               {Set("vpcSet",
                    VpcXml("vpc-6", kAccount, {{"10.0.0.0/16"}}, {{"2600:1f18:abcd:1200::/56"}}))});
  ec2_->Script(
      "DescribeSubnets", {},
      {Set("subnetSet",
           SubnetXml("subnet-dual", "vpc-6", "10.0.0.0/24", 200, {{"2600:1f18:abcd:1200::/64"}}) +
               SubnetXml("subnet-v6only", "vpc-6", "", 0, {{"2600:1f18:abcd:1201::/64"}}) +
               SubnetXml("subnet-old", "vpc-6", "10.0.1.0/24", 251,
                         {{"2600:1f18:abcd:1202::/64", "disassociated"}}))});
  Result result;
  ASSERT_TRUE(Run(&result).ok());
  EXPECT_DOUBLE_EQ(*Vpc("vpc-6", "2600:1f18:abcd:1200::/56", result), 2.0 / 256.0);
  EXPECT_DOUBLE_EQ(*Vpc("vpc-6", "10.0.0.0/16", result), 512.0 / 65536.0);
  EXPECT_EQ(SampleCount(result, kSubnetIpUsageRatio), 2u);  // the IPv6-only subnet has none
  EXPECT_EQ(SampleCount(result, kSubnetAvailableIps), 2u);
}

TEST_F(IpamVpcUsageTest, SkipsResourcesOfOtherAccountsAndApplyFilters) {
  options_.exclude_vpc_ids = {"vpc-excluded"};
  options_.exclude_vpc_tags = {{"monitoring", "off"}};
  options_.include_vpc_tags = {{"env", "prod"}};
  const std::string prod = testing::Tag("env", "prod");
  ec2_->Script(
      "DescribeVpcs", {},
      {Set("vpcSet",
           VpcXml("vpc-mine", kAccount, {{"10.0.0.0/24"}}, {}, prod) +
               VpcXml("vpc-shared", "222222222222", {{"10.1.0.0/24"}}, {}, prod) +
               VpcXml("vpc-excluded", kAccount, {{"10.2.0.0/24"}}, {}, prod) +
               VpcXml("vpc-off", kAccount, {{"10.3.0.0/24"}}, {},
                      prod + testing::Tag("monitoring", "off")) +
               VpcXml("vpc-dev", kAccount, {{"10.4.0.0/24"}}, {}, testing::Tag("env", "dev")))});
  ec2_->Script("DescribeSubnets", {},
               {Set("subnetSet", SubnetXml("subnet-1", "vpc-mine", "10.0.0.0/28", 11) +
                                     SubnetXml("subnet-2", "vpc-shared", "10.1.0.0/28", 11) +
                                     SubnetXml("subnet-3", "vpc-excluded", "10.2.0.0/28", 11))});
  Result result;
  ASSERT_TRUE(Run(&result).ok());
  EXPECT_DOUBLE_EQ(*Vpc("vpc-mine", "10.0.0.0/24", result), 16.0 / 256.0);
  EXPECT_EQ(SampleCount(result, kVpcCidrUsageRatio), 1u);
  EXPECT_EQ(SampleCount(result, kSubnetIpUsageRatio), 1u);
  // Include tags become server-side filters.
  auto call = ec2_->CallsOf("DescribeVpcs").at(0);
  EXPECT_EQ(call.Param("Filter.1.Name"), "tag:env");
  EXPECT_EQ(call.Param("Filter.1.Value.1"), "prod");
}

TEST_F(IpamVpcUsageTest, IncludedVpcIdsFilterBothCalls) {
  options_.include_vpc_ids = {"vpc-a", "vpc-b"};
  ec2_->Script("DescribeVpcs", {}, {Set("vpcSet", VpcXml("vpc-a", kAccount, {{"10.0.0.0/24"}}))});
  ec2_->Script("DescribeSubnets", {}, {Set("subnetSet", "")});
  Result result;
  ASSERT_TRUE(Run(&result).ok());
  for (const char* op : {"DescribeVpcs", "DescribeSubnets"}) {
    auto call = ec2_->CallsOf(op).at(0);
    EXPECT_EQ(call.Param("Filter.1.Name"), "vpc-id") << op;
    EXPECT_EQ(call.Param("Filter.1.Value.1"), "vpc-a") << op;
    EXPECT_EQ(call.Param("Filter.1.Value.2"), "vpc-b") << op;
  }
}

TEST_F(IpamVpcUsageTest, NoVpcsMeansNoSubnetCallAndNoSeries) {
  ec2_->Script("DescribeVpcs", {}, {Set("vpcSet", "")});
  Result result;
  ASSERT_TRUE(Run(&result).ok());
  EXPECT_EQ(result.sample_count(), 0u);
  EXPECT_TRUE(ec2_->CallsOf("DescribeSubnets").empty());
}

TEST_F(IpamVpcUsageTest, ErrorsFailTheTargetWithTheOperationNamed) {
  ec2_->Script("DescribeVpcs", {}, {Set("vpcSet", VpcXml("vpc-a", kAccount, {{"10.0.0.0/24"}}))});
  ec2_->Fail("DescribeSubnets", Status(StatusCode::kPermissionDenied, "UnauthorizedOperation"));
  Result result;
  Status status = Run(&result);
  EXPECT_EQ(status.code(), StatusCode::kPermissionDenied);
  EXPECT_NE(status.message().find("DescribeSubnets"), std::string::npos) << status.ToString();
}

TEST_F(IpamVpcUsageTest, DisabledUnmanagedPartMakesNoCalls) {
  options_.include_unmanaged_vpcs = false;
  Result result;
  ASSERT_TRUE(Run(&result).ok());
  EXPECT_TRUE(ec2_->calls().empty());
}

TEST_F(IpamVpcUsageTest, CancelledStopsBeforeTheNextCall) {
  ec2_->Script("DescribeVpcs", {}, {Set("vpcSet", VpcXml("vpc-a", kAccount, {{"10.0.0.0/24"}}))});
  cancelled_ = true;
  Result result;
  EXPECT_EQ(Run(&result).code(), StatusCode::kCancelled);
  EXPECT_TRUE(ec2_->CallsOf("DescribeSubnets").empty());
}

}  // namespace
}  // namespace awsgov::ipam
