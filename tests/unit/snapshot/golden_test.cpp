// Whole-body comparison against text written by hand from the format specs (Prometheus text
// 0.0.4 and OpenMetrics 1.0.0), for a small result built by hand.
#include <gtest/gtest.h>

#include <limits>

#include "exporter/snapshot/store.h"
#include "tests/unit/snapshot/exposition_test_util.h"

namespace awsgov {
namespace {

const MetricDesc kUsage{"awsgov_test_usage_ratio",
                        "Share of \"used\" addresses\nper subnet; path C:\\dir",
                        MetricType::kGauge,
                        {"account_id", "region"}};
const MetricDesc kEvents{"awsgov_test_events", "Events seen.", MetricType::kCounter, {"kind"}};

std::vector<prometheus::MetricFamily> SelfMetrics() {
  prometheus::MetricFamily requests;
  requests.name = "awsgov_aws_requests_total";
  requests.help = "AWS API requests.";
  requests.type = prometheus::MetricType::Counter;
  prometheus::ClientMetric r;
  r.label = {{"code", "200"}, {"operation", "DescribeVpcs"}, {"service", "ec2"}};
  r.counter.value = 4;
  requests.metric.push_back(r);

  prometheus::MetricFamily latency;
  latency.name = "awsgov_aws_request_duration_seconds";
  latency.help = "Request latency.";
  latency.type = prometheus::MetricType::Histogram;
  prometheus::ClientMetric h;
  h.histogram.sample_count = 3;
  h.histogram.sample_sum = 2.5;
  h.histogram.bucket = {{1, 0.1}, {2, 1.0}, {3, std::numeric_limits<double>::infinity()}};
  latency.metric.push_back(h);
  return {requests, latency};
}

class GoldenTest : public ::testing::Test {
 protected:
  void SetUp() override {
    clock_.Set(1700000000.5);
    Result result;
    result.Add(kUsage, {"111111111111", "eu-west-1"}, 0.25);
    result.Add(kEvents, {"a\"b\\c\nd"}, 7);
    result.Add(kUsage, {"111111111111", "us-east-1"}, 3);
    store_.Update(Target{"ipam", "111111111111", "eu-west-1"}, Status::Ok(), result, 2.5);
    store_.SetSelfMetricsSource(SelfMetrics);
  }
  testing::FakeClock clock_;
  SnapshotStore store_{clock_};
};

constexpr const char* kHealthLabels =
    "{collector=\"ipam\",account_id=\"111111111111\",region=\"eu-west-1\"}";

TEST_F(GoldenTest, Text004) {
  const std::string h = kHealthLabels;
  const std::string expected =
      "# HELP awsgov_collector_duration_seconds Duration of the last run of the collector for "
      "this account and region, in seconds.\n"
      "# TYPE awsgov_collector_duration_seconds gauge\n"
      "awsgov_collector_duration_seconds" +
      h +
      " 2.5\n"
      "# HELP awsgov_collector_last_success_timestamp_seconds Unix time of the last successful "
      "run of the collector for this account and region; the age of its samples.\n"
      "# TYPE awsgov_collector_last_success_timestamp_seconds gauge\n"
      "awsgov_collector_last_success_timestamp_seconds" +
      h +
      " 1700000000.5\n"
      "# HELP awsgov_collector_samples Samples this collector currently exposes for this account "
      "and region (its share of the exporter's series).\n"
      "# TYPE awsgov_collector_samples gauge\n"
      "awsgov_collector_samples" +
      h +
      " 3\n"
      "# HELP awsgov_collector_success 1 when the last run of the collector for this account "
      "and region succeeded, 0 when it failed (the last good samples then stay exposed).\n"
      "# TYPE awsgov_collector_success gauge\n"
      "awsgov_collector_success" +
      h +
      " 1\n"
      "# HELP awsgov_test_events_total Events seen.\n"
      "# TYPE awsgov_test_events_total counter\n"
      "awsgov_test_events_total{kind=\"a\\\"b\\\\c\\nd\"} 7\n"
      "# HELP awsgov_test_usage_ratio Share of \"used\" addresses\\nper subnet; path C:\\\\dir\n"
      "# TYPE awsgov_test_usage_ratio gauge\n"
      "awsgov_test_usage_ratio{account_id=\"111111111111\",region=\"eu-west-1\"} 0.25\n"
      "awsgov_test_usage_ratio{account_id=\"111111111111\",region=\"us-east-1\"} 3\n"
      "# HELP awsgov_aws_requests_total AWS API requests.\n"
      "# TYPE awsgov_aws_requests_total counter\n"
      "awsgov_aws_requests_total{code=\"200\",operation=\"DescribeVpcs\",service=\"ec2\"} 4\n"
      "# HELP awsgov_aws_request_duration_seconds Request latency.\n"
      "# TYPE awsgov_aws_request_duration_seconds histogram\n"
      "awsgov_aws_request_duration_seconds_bucket{le=\"0.1\"} 1\n"
      "awsgov_aws_request_duration_seconds_bucket{le=\"1\"} 2\n"
      "awsgov_aws_request_duration_seconds_bucket{le=\"+Inf\"} 3\n"
      "awsgov_aws_request_duration_seconds_sum 2.5\n"
      "awsgov_aws_request_duration_seconds_count 3\n";
  Exposition e = store_.Render(ExpositionFormat::kText004, false);
  EXPECT_EQ(e.content_type, "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_EQ(testing::Body(e), expected);
}

TEST_F(GoldenTest, OpenMetrics100) {
  const std::string h = kHealthLabels;
  const std::string expected =
      "# TYPE awsgov_collector_duration_seconds gauge\n"
      "# HELP awsgov_collector_duration_seconds Duration of the last run of the collector for "
      "this account and region, in seconds.\n"
      "awsgov_collector_duration_seconds" +
      h +
      " 2.5\n"
      "# TYPE awsgov_collector_last_success_timestamp_seconds gauge\n"
      "# HELP awsgov_collector_last_success_timestamp_seconds Unix time of the last successful "
      "run of the collector for this account and region; the age of its samples.\n"
      "awsgov_collector_last_success_timestamp_seconds" +
      h +
      " 1700000000.5\n"
      "# TYPE awsgov_collector_samples gauge\n"
      "# HELP awsgov_collector_samples Samples this collector currently exposes for this account "
      "and region (its share of the exporter's series).\n"
      "awsgov_collector_samples" +
      h +
      " 3\n"
      "# TYPE awsgov_collector_success gauge\n"
      "# HELP awsgov_collector_success 1 when the last run of the collector for this account "
      "and region succeeded, 0 when it failed (the last good samples then stay exposed).\n"
      "awsgov_collector_success" +
      h +
      " 1\n"
      "# TYPE awsgov_test_events counter\n"
      "# HELP awsgov_test_events Events seen.\n"
      "awsgov_test_events_total{kind=\"a\\\"b\\\\c\\nd\"} 7\n"
      "# TYPE awsgov_test_usage_ratio gauge\n"
      "# HELP awsgov_test_usage_ratio Share of \\\"used\\\" addresses\\nper subnet; path "
      "C:\\\\dir\n"
      "awsgov_test_usage_ratio{account_id=\"111111111111\",region=\"eu-west-1\"} 0.25\n"
      "awsgov_test_usage_ratio{account_id=\"111111111111\",region=\"us-east-1\"} 3\n"
      "# TYPE awsgov_aws_requests counter\n"
      "# HELP awsgov_aws_requests AWS API requests.\n"
      "awsgov_aws_requests_total{code=\"200\",operation=\"DescribeVpcs\",service=\"ec2\"} 4\n"
      "# TYPE awsgov_aws_request_duration_seconds histogram\n"
      "# HELP awsgov_aws_request_duration_seconds Request latency.\n"
      "awsgov_aws_request_duration_seconds_bucket{le=\"0.1\"} 1\n"
      "awsgov_aws_request_duration_seconds_bucket{le=\"1.0\"} 2\n"
      "awsgov_aws_request_duration_seconds_bucket{le=\"+Inf\"} 3\n"
      "awsgov_aws_request_duration_seconds_sum 2.5\n"
      "awsgov_aws_request_duration_seconds_count 3\n"
      "# EOF\n";
  Exposition e = store_.Render(ExpositionFormat::kOpenMetrics100, false);
  EXPECT_EQ(e.content_type, "application/openmetrics-text; version=1.0.0; charset=utf-8");
  EXPECT_EQ(testing::Body(e), expected);
}

}  // namespace
}  // namespace awsgov
