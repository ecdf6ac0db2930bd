// The IPAM part (resource CIDRs and pools), against scripted EC2 pages.
#include <gtest/gtest.h>

#include "collectors/ipam/ipam_collector.h"
#include "collectors/ipam/ipam_metrics.h"
#include "tests/unit/collector_ipam/ipam_fake_ec2.h"

namespace awsgov::ipam {
namespace {

using testing::FakeEc2;
using testing::FakeFactory;
using testing::SampleCount;
using testing::SampleValue;
using testing::Set;

constexpr const char* kAccount = "111111111111";
constexpr const char* kRegion = "eu-west-1";
constexpr const char* kIpamArn = "arn:aws:ec2::111111111111:ipam/ipam-1";
constexpr const char* kOtherIpamArn = "arn:aws:ec2::111111111111:ipam/ipam-2";

std::string IpamXml(const std::string& id, const std::string& arn, const std::string& region) {
  return "<item><ownerId>111111111111</ownerId><ipamId>" + id + "</ipamId><ipamArn>" + arn +
         "</ipamArn><ipamRegion>" + region + "</ipamRegion><state>create-complete</state></item>";
}

std::string ScopeXml(const std::string& id, const std::string& type, const std::string& ipam_arn) {
  return "<item><ownerId>111111111111</ownerId><ipamScopeId>" + id + "</ipamScopeId><ipamArn>" +
         ipam_arn + "</ipamArn><ipamRegion>eu-west-1</ipamRegion><ipamScopeType>" + type +
         "</ipamScopeType><isDefault>true</isDefault><state>create-complete</state></item>";
}

std::string ResourceCidrXml(const std::string& scope, const std::string& type,
                            const std::string& id, const std::string& cidr,
                            const std::string& owner, const std::string& region,
                            const std::string& usage, const std::string& vpc_id = "") {
  std::string xml = "<item><ipamId>ipam-1</ipamId><ipamScopeId>" + scope +
                    "</ipamScopeId><resourceRegion>" + region +
                    "</resourceRegion><resourceOwnerId>" + owner +
                    "</resourceOwnerId><resourceId>" + id + "</resourceId><resourceCidr>" + cidr +
                    "</resourceCidr><resourceType>" + type + "</resourceType>";
  if (!usage.empty()) xml += "<ipUsage>" + usage + "</ipUsage>";
  if (!vpc_id.empty()) xml += "<vpcId>" + vpc_id + "</vpcId>";
  return xml +
         "<complianceStatus>compliant</complianceStatus><managementState>managed</managementState>"
         "<overlapStatus>nonoverlapping</overlapStatus></item>";
}

std::string PoolXml(const std::string& id, const std::string& ipam_arn,
                    const std::string& scope_type, const std::string& family,
                    const std::string& locale) {
  return "<item><ownerId>111111111111</ownerId><ipamPoolId>" + id + "</ipamPoolId><ipamArn>" +
         ipam_arn + "</ipamArn><ipamScopeType>" + scope_type + "</ipamScopeType><locale>" + locale +
         "</locale><addressFamily>" + family +
         "</addressFamily><state>create-complete</state></item>";
}

std::string PoolCidrXml(const std::string& cidr, const std::string& state) {
  return "<item><cidr>" + cidr + "</cidr><state>" + state + "</state><netmaskLength>" +
         cidr.substr(cidr.find('/') + 1) + "</netmaskLength></item>";
}

std::string AllocationXml(const std::string& id, const std::string& cidr) {
  return "<item><cidr>" + cidr + "</cidr><ipamPoolAllocationId>" + id +
         "</ipamPoolAllocationId><resourceType>vpc</resourceType></item>";
}

class IpamManagedTest : public ::testing::Test {
 protected:
  IpamManagedTest() : ec2_(factory_.Add(kAccount, kRegion)) {
    options_.include_unmanaged_vpcs = false;  // keeps DescribeVpcs out of these tests
  }

  Status Run(Result* out) {
    IpamCollector collector(options_);
    CollectContext ctx;
    ctx.target = Target{"ipam", kAccount, kRegion};
    ctx.aws = &factory_;
    return collector.Collect(ctx, out);
  }

  // One IPAM homed here with a private and a public scope, one homed elsewhere.
  void ScriptInventory() {
    ec2_->Script("DescribeIpams", {},
                 {Set("ipamSet", IpamXml("ipam-1", kIpamArn, kRegion) +
                                     IpamXml("ipam-2", kOtherIpamArn, "us-east-1"))});
    ec2_->Script(
        "DescribeIpamScopes", {},
        {Set("ipamScopeSet", ScopeXml("ipam-scope-priv", "private", kIpamArn) +
                                 ScopeXml("ipam-scope-pub", "public", kIpamArn)),
         Set("ipamScopeSet", ScopeXml("ipam-scope-priv2", "private", kIpamArn) +
                                 ScopeXml("ipam-scope-elsewhere", "private", kOtherIpamArn))});
  }

  std::optional<double> Usage(const Result& r, const std::string& owner, const std::string& region,
                              const std::string& scope, const std::string& type,
                              const std::string& id, const std::string& cidr) {
    return SampleValue(r, kResourceCidrUsageRatio,
                       {owner, region, scope, type, id, cidr, "managed"});
  }

  FakeFactory factory_;
  std::shared_ptr<FakeEc2> ec2_;
  IpamOptions options_;
};

TEST_F(IpamManagedTest, ResourceCidrsOfEveryScopeTypeAndPage) {
  ScriptInventory();
  ec2_->Script(
      "GetIpamResourceCidrs", {{"IpamScopeId", "ipam-scope-priv"}, {"ResourceType", "vpc"}},
      {Set("ipamResourceCidrSet", ResourceCidrXml("ipam-scope-priv", "vpc", "vpc-a", "10.0.0.0/16",
                                                  "222222222222", "eu-central-1", "0.8125")),
       Set("ipamResourceCidrSet",
           ResourceCidrXml("ipam-scope-priv", "vpc", "vpc-a", "10.1.0.0/16", "222222222222",
                           "eu-central-1", "0.25") +
               ResourceCidrXml("ipam-scope-priv", "vpc", "vpc-new", "10.2.0.0/16", "222222222222",
                               "eu-central-1", ""))});
  ec2_->Script("GetIpamResourceCidrs",
               {{"IpamScopeId", "ipam-scope-priv"}, {"ResourceType", "subnet"}},
               {Set("ipamResourceCidrSet",
                    ResourceCidrXml("ipam-scope-priv", "subnet", "subnet-1", "10.0.0.0/24",
                                    "222222222222", "eu-central-1", "1", "vpc-a"))});
  ec2_->Script("GetIpamResourceCidrs",
               {{"IpamScopeId", "ipam-scope-priv2"}, {"ResourceType", "vpc"}},
               {Set("ipamResourceCidrSet",
                    ResourceCidrXml("ipam-scope-priv2", "vpc", "vpc-b", "172.16.0.0/12",
                                    "333333333333", "eu-west-1", "0"))});
  ec2_->Script("GetIpamResourceCidrs",
               {{"IpamScopeId", "ipam-scope-priv2"}, {"ResourceType", "subnet"}},
               {Set("ipamResourceCidrSet", "")});
  ec2_->Script("DescribeIpamPools", {}, {Set("ipamPoolSet", "")});

  Result result;
  Status status = Run(&result);
  ASSERT_TRUE(status.ok()) << status.ToString();

  EXPECT_DOUBLE_EQ(*Usage(result, "222222222222", "eu-central-1", "ipam-scope-priv", "vpc", "vpc-a",
                          "10.0.0.0/16"),
                   0.8125);
  EXPECT_DOUBLE_EQ(*Usage(result, "222222222222", "eu-central-1", "ipam-scope-priv", "vpc", "vpc-a",
                          "10.1.0.0/16"),
                   0.25);
  EXPECT_DOUBLE_EQ(*Usage(result, "222222222222", "eu-central-1", "ipam-scope-priv", "subnet",
                          "subnet-1", "10.0.0.0/24"),
                   1.0);
  // A measured 0 is exposed; an unmeasured CIDR (no IpUsage) is not.
  EXPECT_DOUBLE_EQ(*Usage(result, "333333333333", "eu-west-1", "ipam-scope-priv2", "vpc", "vpc-b",
                          "172.16.0.0/12"),
                   0.0);
  EXPECT_EQ(SampleCount(result, kResourceCidrUsageRatio), 4u);

  // Two scopes x two types, plus the second page of one of them; never the public scope or the
  // other region's IPAM.
  auto calls = ec2_->CallsOf("GetIpamResourceCidrs");
  ASSERT_EQ(calls.size(), 5u);
  for (const auto& call : calls) {
    EXPECT_EQ(call.Param("MaxResults"), "1000");
    EXPECT_TRUE(call.Param("IpamScopeId") == "ipam-scope-priv" ||
                call.Param("IpamScopeId") == "ipam-scope-priv2")
        << call.Param("IpamScopeId");
  }
  EXPECT_EQ(ec2_->CallsOf("DescribeIpamScopes").size(), 2u);
}

TEST_F(IpamManagedTest, VpcIdFiltersApplyToResourceCidrs) {
  ScriptInventory();
  options_.scope_types = {"public"};
  options_.exclude_vpc_ids = {"vpc-x"};
  ec2_->Script(
      "GetIpamResourceCidrs", {{"ResourceType", "vpc"}},
      {Set("ipamResourceCidrSet", ResourceCidrXml("ipam-scope-pub", "vpc", "vpc-x", "10.0.0.0/16",
                                                  kAccount, kRegion, "0.5") +
                                      ResourceCidrXml("ipam-scope-pub", "vpc", "vpc-y",
                                                      "10.1.0.0/16", kAccount, kRegion, "0.5"))});
  ec2_->Script("GetIpamResourceCidrs", {{"ResourceType", "subnet"}},
               {Set("ipamResourceCidrSet",
                    ResourceCidrXml("ipam-scope-pub", "subnet", "subnet-x", "10.0.0.0/24", kAccount,
                                    kRegion, "0.5", "vpc-x"))});
  ec2_->Script("DescribeIpamPools", {}, {Set("ipamPoolSet", "")});
  Result result;
  ASSERT_TRUE(Run(&result).ok());
  EXPECT_EQ(SampleCount(result, kResourceCidrUsageRatio), 1u);
  EXPECT_TRUE(Usage(result, kAccount, kRegion, "ipam-scope-pub", "vpc", "vpc-y", "10.1.0.0/16")
                  .has_value());
}

TEST_F(IpamManagedTest, NoIpamMeansNothingToReport) {
  ec2_->Script("DescribeIpams", {}, {Set("ipamSet", "")});
  Result result;
  ASSERT_TRUE(Run(&result).ok());
  EXPECT_EQ(result.sample_count(), 0u);
  EXPECT_EQ(ec2_->calls().size(), 1u);  // nothing after DescribeIpams
  EXPECT_EQ(ec2_->calls()[0].Param("MaxResults"), "1000");
}

TEST_F(IpamManagedTest, IpamWithoutAScopeOfTheWantedTypeReportsNothing) {
  ec2_->Script("DescribeIpams", {}, {Set("ipamSet", IpamXml("ipam-1", kIpamArn, kRegion))});
  ec2_->Script("DescribeIpamScopes", {},
               {Set("ipamScopeSet", ScopeXml("ipam-scope-pub", "public", kIpamArn))});
  ec2_->Script("DescribeIpamPools", {},
               {Set("ipamPoolSet", PoolXml("ipam-pool-pub", kIpamArn, "public", "ipv4", "None"))});
  Result result;
  ASSERT_TRUE(Run(&result).ok());
  EXPECT_EQ(result.sample_count(), 0u);
  EXPECT_TRUE(ec2_->CallsOf("GetIpamResourceCidrs").empty());
  EXPECT_TRUE(ec2_->CallsOf("GetIpamPoolCidrs").empty());
}

TEST_F(IpamManagedTest, RunsOnlyInTheConfiguredIpamAccount) {
  options_.ipam_account_id = "222222222222";
  Result result;
  ASSERT_TRUE(Run(&result).ok());
  EXPECT_TRUE(ec2_->calls().empty());
}

TEST_F(IpamManagedTest, PoolRatioIsAllocatedOverProvisioned) {
  ScriptInventory();
  options_.resource_types = {"eip"};
  ec2_->Script("GetIpamResourceCidrs", {}, {Set("ipamResourceCidrSet", "")});
  ec2_->Script(
      "DescribeIpamPools", {},
      {Set("ipamPoolSet", PoolXml("ipam-pool-4", kIpamArn, "private", "ipv4", "eu-west-2") +
                              PoolXml("ipam-pool-pub", kIpamArn, "public", "ipv4", "None")),
       Set("ipamPoolSet", PoolXml("ipam-pool-6", kIpamArn, "private", "ipv6", "None") +
                              PoolXml("ipam-pool-empty", kIpamArn, "private", "ipv4", "None") +
                              PoolXml("ipam-pool-x", kOtherIpamArn, "private", "ipv4", "None"))});
  ec2_->Script("GetIpamPoolCidrs", {{"IpamPoolId", "ipam-pool-4"}},
               {Set("ipamPoolCidrSet", PoolCidrXml("10.0.0.0/16", "provisioned") +
                                           PoolCidrXml("10.1.0.0/16", "pending-provision")),
                Set("ipamPoolCidrSet", PoolCidrXml("10.2.0.0/17", "provisioned"))});
  ec2_->Script("GetIpamPoolAllocations", {{"IpamPoolId", "ipam-pool-4"}},
               {Set("ipamPoolAllocationSet", AllocationXml("a-1", "10.0.0.0/18")),
                Set("ipamPoolAllocationSet", AllocationXml("a-2", "10.2.0.0/20"))});
  ec2_->Script("GetIpamPoolCidrs", {{"IpamPoolId", "ipam-pool-6"}},
               {Set("ipamPoolCidrSet", PoolCidrXml("2600:1f18:100::/52", "provisioned"))});
  ec2_->Script("GetIpamPoolAllocations", {{"IpamPoolId", "ipam-pool-6"}},
               {Set("ipamPoolAllocationSet", AllocationXml("a-3", "2600:1f18:100::/56") +
                                                 AllocationXml("a-4", "2600:1f18:100:100::/56"))});
  ec2_->Script("GetIpamPoolCidrs", {{"IpamPoolId", "ipam-pool-empty"}},
               {Set("ipamPoolCidrSet", PoolCidrXml("10.9.0.0/16", "deprovisioned"))});

  Result result;
  Status status = Run(&result);
  ASSERT_TRUE(status.ok()) << status.ToString();
  // ipv4: (2^14 + 2^12) / (2^16 + 2^15); the pending CIDR does not count.
  EXPECT_DOUBLE_EQ(
      *SampleValue(result, kPoolAllocatedRatio, {kAccount, "eu-west-2", "ipam-pool-4", "ipv4"}),
      (16384.0 + 4096.0) / (65536.0 + 32768.0));
  // ipv6: two /56 of a /52; no locale, so the IPAM's region.
  EXPECT_DOUBLE_EQ(
      *SampleValue(result, kPoolAllocatedRatio, {kAccount, kRegion, "ipam-pool-6", "ipv6"}),
      2.0 / 16.0);
  EXPECT_EQ(SampleCount(result, kPoolAllocatedRatio), 2u);
  EXPECT_TRUE(ec2_->CallsOf("GetIpamPoolAllocations").size() == 3u);  // 2 pages + 1; none for empty
  for (const auto& call : ec2_->CallsOf("GetIpamPoolAllocations")) {
    EXPECT_EQ(call.Param("MaxResults"), "1000");
  }
}

TEST_F(IpamManagedTest, ScopeErrorFailsTheTarget) {
  ec2_->Script("DescribeIpams", {}, {Set("ipamSet", IpamXml("ipam-1", kIpamArn, kRegion))});
  ec2_->Fail("DescribeIpamScopes", Status(StatusCode::kThrottled, "RequestLimitExceeded"));
  Result result;
  Status status = Run(&result);
  EXPECT_EQ(status.code(), StatusCode::kThrottled);
  EXPECT_NE(status.message().find("DescribeIpamScopes"), std::string::npos);
}

}  // namespace
}  // namespace awsgov::ipam
