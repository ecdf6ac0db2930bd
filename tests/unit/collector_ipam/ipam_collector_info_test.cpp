#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <set>

#include "collectors/ipam/ipam_collector.h"
#include "collectors/ipam/ipam_metrics.h"
#include "exporter/config/config.h"
#include "exporter/config/errors.h"
#include "exporter/core/collector.h"

namespace awsgov {
namespace {

using ::testing::ElementsAre;

TEST(IpamCollectorInfoTest, DescribesItselfWithItsDefaults) {
  const CollectorInfo registered = IpamCollectorInfo();
  const CollectorInfo* info = &registered;
  EXPECT_EQ(info->name, "ipam");
  EXPECT_TRUE(info->enabled_by_default);
  EXPECT_EQ(info->default_interval, std::chrono::minutes(5));
  std::set<std::string_view> names;
  for (const MetricDesc* desc : info->metrics) names.insert(desc->name);
  EXPECT_THAT(names,
              ElementsAre("awsgov_ipam_pool_allocated_ratio",
                          "awsgov_ipam_resource_cidr_usage_ratio", "awsgov_subnet_available_ips",
                          "awsgov_subnet_ip_usage_ratio", "awsgov_vpc_cidr_usage_ratio"));
}

TEST(IpamCollectorInfoTest, LabelsAreDesignMdsContract) {
  EXPECT_THAT(ipam::kResourceCidrUsageRatio.label_names,
              ElementsAre("account_id", "region", "ipam_scope_id", "resource_type", "resource_id",
                          "resource_cidr", "management_state"));
  EXPECT_THAT(ipam::kPoolAllocatedRatio.label_names,
              ElementsAre("account_id", "region", "ipam_pool_id", "address_family"));
  EXPECT_THAT(ipam::kVpcCidrUsageRatio.label_names,
              ElementsAre("account_id", "region", "vpc_id", "cidr"));
  EXPECT_THAT(
      ipam::kSubnetIpUsageRatio.label_names,
      ElementsAre("account_id", "region", "vpc_id", "subnet_id", "cidr", "availability_zone"));
  EXPECT_EQ(ipam::kSubnetAvailableIps.label_names, ipam::kSubnetIpUsageRatio.label_names);
}

TEST(IpamCollectorInfoTest, CreateBuildsARegionalCollectorOrReportsBadOptions) {
  const CollectorInfo registered = IpamCollectorInfo();
  const CollectorInfo* info = &registered;
  config::CollectorConfig section;
  section.name = "ipam";
  section.path = "collectors.ipam.options";
  section.options = YAML::Load("resource_types: [vpc]");
  config::ErrorList errors("config.yml");
  auto collector = info->create(section, &errors);
  ASSERT_NE(collector, nullptr) << errors.ToString();
  EXPECT_EQ(collector->scope(), TargetScope::kAccountRegion);

  section.options = YAML::Load("resource_types: [vpcs]");
  EXPECT_EQ(info->create(section, &errors), nullptr);
  ASSERT_EQ(errors.errors().size(), 1u);
  EXPECT_EQ(errors.errors()[0].path, "collectors.ipam.options.resource_types[0]");
}

}  // namespace
}  // namespace awsgov
