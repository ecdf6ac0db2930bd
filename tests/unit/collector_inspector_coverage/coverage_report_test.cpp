// The join of EC2 instances, Inspector coverage and exceptions, from facts written out here.
#include "collectors/inspector_coverage/coverage_report.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "collectors/inspector_coverage/inspector_metrics.h"
#include "tests/unit/collector_inspector_coverage/inspector_test_support.h"

namespace awsgov::inspector {
namespace {

using ::testing::ElementsAre;
using testing::SampleLines;

const Target kTarget{"inspector_coverage", "222222222222", "eu-west-1"};

CoverageFacts Facts() {
  CoverageFacts facts;
  facts.instances = {
      {"i-00000000000000001", "running", {}, ""},
      {"i-00000000000000002", "stopped", {}, ""},
      {"i-00000000000000003", "running", {}, ""},
      {"i-00000000000000004", "running", {{"inspector-exception", "approved"}}, ""},
      {"i-00000000000000005", "stopped", {}, ""},
      {"i-00000000000000006", "pending", {{"inspector-exception", "maybe"}}, ""},
  };
  facts.coverage = {
      {"i-00000000000000001", {"ACTIVE", "SUCCESSFUL", "PACKAGE"}},
      {"i-00000000000000002", {"INACTIVE", "EC2_INSTANCE_STOPPED", "PACKAGE"}},
      {"i-00000000000000003", {"INACTIVE", "UNMANAGED_EC2_INSTANCE", "PACKAGE"}},
      // Listed by Inspector, gone from EC2: not an instance any more.
      {"i-0000000000000dead", {"INACTIVE", "RESOURCE_TERMINATED", "PACKAGE"}},
  };
  facts.table_exceptions = {"i-00000000000000002", "i-0000000000000dead"};
  facts.ec2_scanning_status = "ENABLED";
  return facts;
}

InspectorOptions Options() {
  InspectorOptions options;
  options.excepted_instance_ids = {"i-00000000000000005"};
  options.exception_tag_key = "inspector-exception";
  options.exception_tag_value = "approved";
  return options;
}

TEST(CoverageReportTest, CountsAndListsUncoveredInstancesWithTheirExceptions) {
  Result result;
  AddCoverageSamples(Options(), kTarget, Facts(), &result);
  EXPECT_THAT(SampleLines(result, kEc2Instances),
              ElementsAre("222222222222,eu-west-1,pending,not_covered = 1",
                          "222222222222,eu-west-1,running,ACTIVE = 1",
                          "222222222222,eu-west-1,running,INACTIVE = 1",
                          "222222222222,eu-west-1,running,not_covered = 1",
                          "222222222222,eu-west-1,stopped,INACTIVE = 1",
                          "222222222222,eu-west-1,stopped,not_covered = 1"));
  EXPECT_THAT(
      SampleLines(result, kEc2UncoveredInstanceInfo),
      ElementsAre(
          // Excepted by the table.
          "222222222222,eu-west-1,i-00000000000000002,stopped,EC2_INSTANCE_STOPPED,true = 1",
          "222222222222,eu-west-1,i-00000000000000003,running,UNMANAGED_EC2_INSTANCE,false = 1",
          // Excepted by the tag with the configured value.
          "222222222222,eu-west-1,i-00000000000000004,running,NOT_LISTED,true = 1",
          // Excepted by the config's list.
          "222222222222,eu-west-1,i-00000000000000005,stopped,NOT_LISTED,true = 1",
          // The tag with another value is no exception.
          "222222222222,eu-west-1,i-00000000000000006,pending,NOT_LISTED,false = 1"));
  EXPECT_THAT(SampleLines(result, kEc2ScanningEnabled),
              ElementsAre("222222222222,eu-west-1,ENABLED = 1"));
}

TEST(CoverageReportTest, ScanningDisabledMakesEveryUnlistedInstanceSaySo) {
  CoverageFacts facts;
  facts.instances = {{"i-00000000000000001", "running", {}, ""},
                     {"i-00000000000000002", "running", {}, ""}};
  facts.ec2_scanning_status = "DISABLED";
  Result result;
  AddCoverageSamples(InspectorOptions(), kTarget, facts, &result);
  EXPECT_THAT(SampleLines(result, kEc2Instances),
              ElementsAre("222222222222,eu-west-1,running,not_covered = 2"));
  EXPECT_THAT(
      SampleLines(result, kEc2UncoveredInstanceInfo),
      ElementsAre(
          "222222222222,eu-west-1,i-00000000000000001,running,EC2_SCANNING_DISABLED,false = 1",
          "222222222222,eu-west-1,i-00000000000000002,running,EC2_SCANNING_DISABLED,false = 1"));
  EXPECT_THAT(SampleLines(result, kEc2ScanningEnabled),
              ElementsAre("222222222222,eu-west-1,DISABLED = 0"));
}

TEST(CoverageReportTest, WithoutTheStatusCheckThereIsNoScanningGauge) {
  CoverageFacts facts;
  facts.instances = {{"i-00000000000000001", "stopping", {}, ""}};
  Result result;
  AddCoverageSamples(InspectorOptions(), kTarget, facts, &result);
  EXPECT_THAT(SampleLines(result, kEc2ScanningEnabled), ElementsAre());
  EXPECT_THAT(
      SampleLines(result, kEc2UncoveredInstanceInfo),
      ElementsAre("222222222222,eu-west-1,i-00000000000000001,stopping,NOT_LISTED,false = 1"));
}

TEST(CoverageReportTest, NoInstancesNoInstanceSeries) {
  CoverageFacts facts;
  facts.coverage = {{"i-00000000000000001", {"ACTIVE", "SUCCESSFUL", "PACKAGE"}}};
  facts.ec2_scanning_status = "ENABLED";
  Result result;
  AddCoverageSamples(InspectorOptions(), kTarget, facts, &result);
  EXPECT_EQ(testing::SampleCount(result, kEc2Instances), 0u);
  EXPECT_EQ(testing::SampleCount(result, kEc2UncoveredInstanceInfo), 0u);
  EXPECT_EQ(testing::SampleCount(result, kEc2ScanningEnabled), 1u);
}

TEST(CoverageReportTest, NotListedReason) {
  EXPECT_EQ(NotListedReason(std::nullopt), "NOT_LISTED");
  EXPECT_EQ(NotListedReason(std::string("ENABLED")), "NOT_LISTED");
  EXPECT_EQ(NotListedReason(std::string("SUSPENDED")), "EC2_SCANNING_SUSPENDED");
  EXPECT_EQ(NotListedReason(std::string("ENABLING")), "EC2_SCANNING_ENABLING");
}

TEST(CoverageReportTest, TagKeyWithoutValueExceptsAnyValue) {
  InspectorOptions options;
  options.exception_tag_key = "skip-inspector";
  EXPECT_TRUE(
      IsExcepted(options, {"i-00000000000000001", "running", {{"skip-inspector", ""}}, ""}, {}));
  EXPECT_FALSE(IsExcepted(options, {"i-00000000000000001", "running", {{"Name", "x"}}, ""}, {}));
  EXPECT_TRUE(
      IsExcepted(options, {"i-00000000000000001", "running", {}, ""}, {"i-00000000000000001"}));
}

}  // namespace
}  // namespace awsgov::inspector
