// The collector's registration record and its metrics' labels against DESIGN.md's contract.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

#include "collectors/inspector_coverage/inspector_collector.h"
#include "collectors/inspector_coverage/inspector_metrics.h"
#include "tests/unit/collector_inspector_coverage/inspector_test_support.h"

namespace awsgov::inspector {
namespace {

using ::testing::ElementsAre;

TEST(InspectorCollectorInfoTest, DescribesItselfWithItsDefaults) {
  const CollectorInfo info = InspectorCoverageCollectorInfo();
  EXPECT_EQ(info.name, "inspector_coverage");
  EXPECT_TRUE(info.enabled_by_default);
  EXPECT_EQ(info.default_interval, std::chrono::minutes(5));
  std::set<std::string_view> names;
  for (const MetricDesc* desc : info.metrics) names.insert(desc->name);
  EXPECT_THAT(
      names,
      ElementsAre("awsgov_inspector_ec2_instances", "awsgov_inspector_ec2_scanning_enabled",
                  "awsgov_inspector_ec2_uncovered_instance_info", "awsgov_inspector_findings"));
}

TEST(InspectorCollectorInfoTest, LabelsAreDesignMdsContract) {
  EXPECT_THAT(kEc2Instances.label_names,
              ElementsAre("account_id", "region", "instance_state", "scan_status"));
  EXPECT_THAT(
      kEc2UncoveredInstanceInfo.label_names,
      ElementsAre("account_id", "region", "instance_id", "instance_state", "reason", "excepted"));
  // The optional finding counts, with the target's account and region.
  EXPECT_THAT(kFindings.label_names, ElementsAre("account_id", "region", "severity"));
}

TEST(InspectorCollectorInfoTest, CreateBuildsARegionalCollectorOrReportsBadOptions) {
  auto collector = testing::MakeCollector("exception_tag_key: inspector-exception\n");
  ASSERT_NE(collector, nullptr);
  EXPECT_EQ(collector->scope(), TargetScope::kAccountRegion);

  config::ErrorList errors("config.yml");
  EXPECT_EQ(InspectorCoverageCollectorInfo().create(
                testing::Section("excepted_instance_ids: [web-1]\n"), &errors),
            nullptr);
  ASSERT_EQ(errors.errors().size(), 1u);
  EXPECT_THAT(
      errors.ToString(),
      ::testing::HasSubstr("collectors.inspector_coverage.options.excepted_instance_ids[0]: "
                           "invalid instance id \"web-1\" (want e.g. "
                           "i-0123456789abcdef0)"));
}

}  // namespace
}  // namespace awsgov::inspector
