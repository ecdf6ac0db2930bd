#include "exporter/core/metric.h"

#include <gtest/gtest.h>

#include <stdexcept>

#include "exporter/core/status.h"

namespace awsgov {
namespace {

const MetricDesc kUsage{
    "awsgov_test_usage_ratio", "Test usage.", MetricType::kGauge, {"account_id", "region"}};
const MetricDesc kCount{"awsgov_test_things", "Test count.", MetricType::kGauge, {"state"}};

TEST(ResultTest, GroupsSamplesByDescInInsertionOrder) {
  Result r;
  r.Add(kUsage, {"111111111111", "eu-west-1"}, 0.25);
  r.Add(kCount, {"available"}, 3);
  r.Add(kUsage, {"222222222222", "eu-west-1"}, 0.5);
  ASSERT_EQ(r.families().size(), 2u);
  EXPECT_EQ(r.families()[0].desc, &kUsage);
  ASSERT_EQ(r.families()[0].samples.size(), 2u);
  EXPECT_EQ(r.families()[0].samples[1].label_values[0], "222222222222");
  EXPECT_DOUBLE_EQ(r.families()[0].samples[1].value, 0.5);
  EXPECT_EQ(r.sample_count(), 3u);
}

TEST(ResultTest, RejectsWrongNumberOfLabelValues) {
  Result r;
  EXPECT_THROW(r.Add(kUsage, {"111111111111"}, 1), std::logic_error);
}

TEST(StatusTest, ContextAndToString) {
  Status s = Unavailable("connection reset").WithContext("ec2 DescribeVpcs");
  EXPECT_EQ(s.ToString(), "Unavailable: ec2 DescribeVpcs: connection reset");
  EXPECT_EQ(Status::Ok().WithContext("x").ToString(), "OK");
}

}  // namespace
}  // namespace awsgov
