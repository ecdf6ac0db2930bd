// The text exposition passes `promtool check metrics` (parser and linter of the installed
// Prometheus), the check the design requires of /metrics.
#include <gtest/gtest.h>
#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "exporter/snapshot/store.h"
#include "tests/unit/snapshot/exposition_test_util.h"

namespace awsgov {
namespace {

const MetricDesc kUsage{"awsgov_subnet_ip_usage_ratio",
                        "Used share of the subnet's addresses.",
                        MetricType::kGauge,
                        {"account_id", "region", "subnet_id", "cidr"}};
const MetricDesc kChanges{"awsgov_sg_ingress_changes",
                          "Ingress changes by \"state\".\nSecond line.",
                          MetricType::kGauge,
                          {"account_id", "region", "state"}};

TEST(PromtoolTest, TextExpositionPassesCheckMetrics) {
  testing::FakeClock clock;
  SnapshotStore store(clock);
  for (const char* account : {"111111111111", "222222222222"}) {
    Result r;
    r.Add(kUsage, {account, "eu-west-1", "subnet-0a1", "10.0.0.0/24"}, 0.25);
    r.Add(kUsage, {account, "eu-west-1", "subnet-0b2", "10.0.1.0/24"}, 1);
    r.Add(kChanges, {account, "eu-west-1", "pending \"review\"\\"}, 3);
    store.Update(Target{"ipam", account, "eu-west-1"}, Status::Ok(), r, 1.25);
  }
  store.Update(Target{"sg_changes", "333333333333", "eu-west-1"}, Unavailable("down"), Result(), 2);

  auto registry = std::make_shared<prometheus::Registry>();
  prometheus::BuildCounter()
      .Name("awsgov_aws_requests_total")
      .Help("AWS API requests.")
      .Register(*registry)
      .Add({{"service", "ec2"}, {"operation", "DescribeVpcs"}, {"code", "200"}})
      .Increment(12);
  prometheus::BuildGauge()
      .Name("awsgov_build_info")
      .Help("Build version and revision.")
      .Register(*registry)
      .Add({{"version", "0.1.0"}, {"revision", "abcdef012345"}})
      .Set(1);
  prometheus::BuildHistogram()
      .Name("awsgov_aws_request_duration_seconds")
      .Help("Latency.")
      .Register(*registry)
      .Add({}, prometheus::Histogram::BucketBoundaries{0.05, 0.5, 5})
      .Observe(0.3);
  store.SetSelfMetricsSource([registry] { return registry->Collect(); });

  const std::string body = testing::Body(store.Render(ExpositionFormat::kText004, false));
  const auto dir =
      std::filesystem::temp_directory_path() / ("awsgov_promtool_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto metrics = dir / "metrics.txt";
  const auto output = dir / "promtool.out";
  std::ofstream(metrics) << body;
  const std::string command =
      "promtool check metrics < '" + metrics.string() + "' > '" + output.string() + "' 2>&1";
  const int status = std::system(command.c_str());
  std::stringstream report;
  report << std::ifstream(output).rdbuf();
  std::filesystem::remove_all(dir);

  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << report.str() << "\n--- body ---\n" << body;
  EXPECT_EQ(report.str(), "") << body;
}

}  // namespace
}  // namespace awsgov
