// The IPAM part end to end: the real AWS client against tests/fakes/ipam_fake.py (moto has no
// IPAM API), which pages at 2 items and checks MaxResults against botocore's model.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "collectors/ipam/ipam_metrics.h"
#include "tests/support/subprocess.h"
#include "tests/unit/collector_ipam/ipam_aws_env.h"
#include "tests/unit/collector_ipam/ipam_fake_ec2.h"

namespace awsgov::ipam {
namespace {

using nlohmann::json;
using testing::CollectTarget;
using testing::MakeFactory;
using testing::MakeIpamCollector;
using testing::SampleCount;
using testing::SampleValue;

constexpr const char* kIpamAccount = "111111111111";
constexpr const char* kMainArn = "arn:aws:ec2::111111111111:ipam/ipam-main";
constexpr const char* kEastArn = "arn:aws:ec2::111111111111:ipam/ipam-east";

json ResourceCidr(const std::string& scope, const std::string& type, const std::string& id,
                  const std::string& cidr, const std::string& owner, const std::string& region,
                  std::optional<double> usage, const std::string& state = "managed") {
  json item = {{"IpamScopeId", scope},     {"IpamId", "ipam-main"},   {"ResourceType", type},
               {"ResourceId", id},         {"ResourceCidr", cidr},    {"ResourceOwnerId", owner},
               {"ResourceRegion", region}, {"ManagementState", state}};
  if (usage) item["IpUsage"] = *usage;
  return item;
}

json Scenario() {
  json s;
  s["page_size"] = 2;
  s["ipams"] = {{{"IpamId", "ipam-main"},
                 {"IpamArn", kMainArn},
                 {"IpamRegion", "eu-west-1"},
                 {"OwnerId", kIpamAccount}},
                {{"IpamId", "ipam-east"},
                 {"IpamArn", kEastArn},
                 {"IpamRegion", "us-east-1"},
                 {"OwnerId", kIpamAccount}}};
  auto scope = [](const std::string& id, const std::string& type, const std::string& arn) {
    return json{{"IpamScopeId", id}, {"IpamScopeType", type}, {"IpamArn", arn}};
  };
  s["scopes"] = {
      scope("ipam-scope-priv", "private", kMainArn), scope("ipam-scope-priv2", "private", kMainArn),
      scope("ipam-scope-pub", "public", kMainArn), scope("ipam-scope-east", "public", kEastArn)};
  s["resource_cidrs"] = {
      // Five VPC CIDRs in one scope: three pages of two.
      ResourceCidr("ipam-scope-priv", "vpc", "vpc-1", "10.0.0.0/16", "222222222222", "eu-west-1",
                   0.8125),
      ResourceCidr("ipam-scope-priv", "vpc", "vpc-1", "100.64.0.0/24", "222222222222", "eu-west-1",
                   0.25),
      ResourceCidr("ipam-scope-priv", "vpc", "vpc-2", "10.1.0.0/16", "333333333333", "eu-central-1",
                   0.5, "unmanaged"),
      ResourceCidr("ipam-scope-priv", "vpc", "vpc-3", "10.2.0.0/16", "222222222222", "eu-west-1",
                   std::nullopt),  // not measured yet
      ResourceCidr("ipam-scope-priv", "vpc", "vpc-4", "10.3.0.0/16", "222222222222", "eu-west-1",
                   1.0),
      ResourceCidr("ipam-scope-priv", "subnet", "subnet-1", "10.0.0.0/28", "222222222222",
                   "eu-west-1", 0.9375),
      ResourceCidr("ipam-scope-priv2", "vpc", "vpc-5", "172.16.0.0/20", kIpamAccount, "eu-west-1",
                   0.0),
      ResourceCidr("ipam-scope-pub", "eip", "eipalloc-1", "203.0.113.10/32", kIpamAccount,
                   "eu-west-1", 1.0, "unmanaged")};
  s["pools"] = {{{"IpamPoolId", "ipam-pool-4"},
                 {"IpamArn", kMainArn},
                 {"IpamScopeType", "private"},
                 {"Locale", "eu-west-1"},
                 {"AddressFamily", "ipv4"},
                 {"OwnerId", kIpamAccount}},
                {{"IpamPoolId", "ipam-pool-6"},
                 {"IpamArn", kMainArn},
                 {"IpamScopeType", "private"},
                 {"Locale", "None"},
                 {"AddressFamily", "ipv6"},
                 {"OwnerId", kIpamAccount}},
                {{"IpamPoolId", "ipam-pool-pub"},
                 {"IpamArn", kMainArn},
                 {"IpamScopeType", "public"},
                 {"Locale", "eu-west-1"},
                 {"AddressFamily", "ipv4"},
                 {"OwnerId", kIpamAccount}}};
  s["pool_cidrs"] = {{"ipam-pool-4",
                      {{{"Cidr", "10.0.0.0/16"}, {"State", "provisioned"}},
                       {{"Cidr", "10.1.0.0/17"}, {"State", "provisioned"}},
                       {{"Cidr", "10.9.0.0/16"}, {"State", "pending-provision"}}}},
                     {"ipam-pool-6", {{{"Cidr", "fd00:ec2::/52"}, {"State", "provisioned"}}}},
                     {"ipam-pool-pub", {{{"Cidr", "198.51.100.0/24"}, {"State", "provisioned"}}}}};
  s["pool_allocations"] = {
      {"ipam-pool-4",
       {{{"Cidr", "10.0.0.0/18"}, {"ResourceType", "vpc"}},
        {{"Cidr", "10.0.64.0/20"}, {"ResourceType", "custom"}},
        {{"Cidr", "10.1.0.0/20"}, {"ResourceType", "vpc"}}}},
      {"ipam-pool-6", {{{"Cidr", "fd00:ec2::/56"}, {"ResourceType", "vpc"}}}},
      {"ipam-pool-pub", {{{"Cidr", "198.51.100.0/25"}, {"ResourceType", "eip"}}}}};
  return s;
}

class IpamFakeServerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    scenario_path_ =
        new std::string("/tmp/awsgov-ipam-scenario-" + std::to_string(::getpid()) + ".json");
    std::ofstream(*scenario_path_) << Scenario().dump();
    port_ = awsgov::testing::FreeLoopbackPort();
    fake_ = new awsgov::testing::Subprocess(
        {"python3", AWSGOV_SOURCE_DIR "/tests/fakes/ipam_fake.py", "--port", std::to_string(port_),
         "--scenario", *scenario_path_},
        "/tmp/awsgov-test-ipam-fake-" + std::to_string(port_) + ".log");
    ready_ = awsgov::testing::WaitForPort(port_, std::chrono::seconds(30));
  }
  static void TearDownTestSuite() {
    delete fake_;
    std::remove(scenario_path_->c_str());
    delete scenario_path_;
  }

  void SetUp() override {
    ASSERT_TRUE(ready_) << "ipam_fake.py did not start";
    factory_ = MakeFactory("http://127.0.0.1:" + std::to_string(port_), {{kIpamAccount, ""}},
                           {"eu-west-1", "us-east-1", "ap-south-1"});
  }

  Status Collect(const std::string& options, const std::string& region, Result* out) {
    auto collector = MakeIpamCollector(options);
    if (collector == nullptr) return Internal("bad options");
    return CollectTarget(*collector, *factory_, kIpamAccount, region, out);
  }

  // Every scenario resource CIDR of these scopes and types that has IpUsage, as label values.
  static std::set<std::vector<std::string>> Expected(const std::set<std::string>& scopes,
                                                     const std::set<std::string>& types) {
    std::set<std::vector<std::string>> out;
    const json scenario = Scenario();  // kept alive: a range-for over a temporary's member dangles
    for (const json& item : scenario["resource_cidrs"]) {
      if (!scopes.contains(item["IpamScopeId"].get<std::string>()) ||
          !types.contains(item["ResourceType"].get<std::string>()) || !item.contains("IpUsage")) {
        continue;
      }
      std::vector<std::string> labels;
      for (const char* key : {"ResourceOwnerId", "ResourceRegion", "IpamScopeId", "ResourceType",
                              "ResourceId", "ResourceCidr", "ManagementState"}) {
        labels.push_back(item[key].get<std::string>());
      }
      out.insert(std::move(labels));
    }
    return out;
  }

  static double UsageIn(const std::vector<std::string>& labels) {
    const json scenario = Scenario();
    for (const json& item : scenario["resource_cidrs"]) {
      if (item["ResourceId"] == labels[4] && item["ResourceCidr"] == labels[5]) {
        return item["IpUsage"].get<double>();
      }
    }
    return -1;
  }

  static int port_;
  static bool ready_;
  static std::string* scenario_path_;
  static awsgov::testing::Subprocess* fake_;
  std::unique_ptr<aws::AwsClientFactory> factory_;
};

int IpamFakeServerTest::port_ = 0;
bool IpamFakeServerTest::ready_ = false;
std::string* IpamFakeServerTest::scenario_path_ = nullptr;
awsgov::testing::Subprocess* IpamFakeServerTest::fake_ = nullptr;

constexpr const char* kIpamOnly = "include_unmanaged_vpcs: false\n";

TEST_F(IpamFakeServerTest, PrivateScopesEveryPageSkippingUnmeasuredCidrs) {
  Result result;
  Status status = Collect(kIpamOnly, "eu-west-1", &result);
  ASSERT_TRUE(status.ok()) << status.ToString();

  const auto expected = Expected({"ipam-scope-priv", "ipam-scope-priv2"}, {"vpc", "subnet"});
  ASSERT_EQ(expected.size(), 6u);  // 7 CIDRs in the private scopes, one without IpUsage
  EXPECT_EQ(SampleCount(result, kResourceCidrUsageRatio), expected.size());
  for (const auto& labels : expected) {
    auto value = SampleValue(result, kResourceCidrUsageRatio, labels);
    ASSERT_TRUE(value.has_value()) << labels[4] << " " << labels[5];
    EXPECT_DOUBLE_EQ(*value, UsageIn(labels));
  }
}

TEST_F(IpamFakeServerTest, PoolRatiosAcrossPages) {
  Result result;
  ASSERT_TRUE(Collect(kIpamOnly, "eu-west-1", &result).ok());
  // Provisioned: a /16 and a /17 (the pending /16 does not count); allocated: /18 + /20 + /20.
  const double provisioned4 = std::ldexp(1.0, 16) + std::ldexp(1.0, 15);
  const double allocated4 = std::ldexp(1.0, 14) + 2 * std::ldexp(1.0, 12);
  EXPECT_DOUBLE_EQ(
      *SampleValue(result, kPoolAllocatedRatio, {kIpamAccount, "eu-west-1", "ipam-pool-4", "ipv4"}),
      allocated4 / provisioned4);
  // One /56 of a /52; locale "None", so the IPAM's region.
  EXPECT_DOUBLE_EQ(
      *SampleValue(result, kPoolAllocatedRatio, {kIpamAccount, "eu-west-1", "ipam-pool-6", "ipv6"}),
      1.0 / 16.0);
  EXPECT_EQ(SampleCount(result, kPoolAllocatedRatio), 2u);  // not the public pool
}

TEST_F(IpamFakeServerTest, PublicScopeAndOtherResourceTypes) {
  Result result;
  ASSERT_TRUE(
      Collect("include_unmanaged_vpcs: false\nscope_types: [public]\nresource_types: [eip, vpc]\n",
              "eu-west-1", &result)
          .ok());
  const auto expected = Expected({"ipam-scope-pub"}, {"eip", "vpc"});
  ASSERT_EQ(expected.size(), 1u);
  EXPECT_DOUBLE_EQ(*SampleValue(result, kResourceCidrUsageRatio, *expected.begin()), 1.0);
  EXPECT_EQ(SampleCount(result, kResourceCidrUsageRatio), 1u);
  EXPECT_DOUBLE_EQ(*SampleValue(result, kPoolAllocatedRatio,
                                {kIpamAccount, "eu-west-1", "ipam-pool-pub", "ipv4"}),
                   0.5);
}

TEST_F(IpamFakeServerTest, IpamWithoutAPrivateScopeReportsNothing) {
  Result result;  // us-east-1's IPAM has only a public scope and no pools
  Status status = Collect(kIpamOnly, "us-east-1", &result);
  ASSERT_TRUE(status.ok()) << status.ToString();
  EXPECT_EQ(result.sample_count(), 0u);
}

TEST_F(IpamFakeServerTest, RegionWithoutIpamReportsNothing) {
  Result result;
  Status status = Collect(kIpamOnly, "ap-south-1", &result);
  ASSERT_TRUE(status.ok()) << status.ToString();
  EXPECT_EQ(result.sample_count(), 0u);
}

}  // namespace
}  // namespace awsgov::ipam
