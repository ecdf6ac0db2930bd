// Test support for the ami_references tests against servers (moto, tests/fakes/ami_fake.py): a
// real AwsClientFactory pointed at a local endpoint with fixed test credentials
// (tests/support/moto_env.h), the collector built from its CollectorInfo and YAML options, a
// generic seeding helper, and result lookups.
// Thread-safety: not thread-safe; one test uses one instance.
#pragma once

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "collectors/ami_references/ami_collector.h"
#include "exporter/aws/client_factory.h"
#include "exporter/config/errors.h"
#include "exporter/core/collector.h"
#include "exporter/core/metric.h"
#include "tests/support/moto_env.h"
#include "tests/support/result_samples.h"

namespace awsgov::ami::testing {

inline std::string RoleOf(const std::string& account) {
  return awsgov::testing::TestRoleArn(account);
}

// A factory for `accounts` (each reached through AssumeRole) in `regions` against `endpoint`,
// unpaced.
inline std::unique_ptr<aws::AwsClientFactory> MakeFactory(const std::string& endpoint,
                                                          const std::vector<std::string>& accounts,
                                                          const std::vector<std::string>& regions) {
  auto config = awsgov::testing::MakeTestConfig(
      endpoint, awsgov::testing::ThroughTestRoles(accounts), regions);
  config->aws.requests_per_second = 0;
  return awsgov::testing::MakeTestFactory(config);
}

// The collector as the exporter builds it: from its CollectorInfo and YAML options.
// `interval` sets the owner cache's max age (half of it); 0 refreshes owner lists every run.
inline std::unique_ptr<Collector> MakeAmiCollector(
    const std::string& options_yaml, std::chrono::seconds interval = std::chrono::seconds(0)) {
  const CollectorInfo info = AmiReferencesCollectorInfo();
  config::CollectorConfig section;
  section.interval = interval;
  section.name = "ami_references";
  section.path = "collectors.ami_references.options";
  section.options = YAML::Load(options_yaml);
  config::ErrorList errors("test");
  auto collector = info.create(section, &errors);
  EXPECT_TRUE(errors.empty()) << errors.ToString();
  return collector;
}

inline Status CollectTarget(Collector& collector, aws::ClientFactory& factory,
                            const std::string& account_id, const std::string& region, Result* out) {
  return awsgov::testing::CollectTestTarget(collector, factory,
                                            Target{"ami_references", account_id, region}, out);
}

// Calls made to seed servers; each fails the test on error.
using Seeder = awsgov::testing::SeedClient;

using awsgov::testing::SampleValue;
// The label values of every sample of `desc`.
inline std::vector<std::vector<std::string>> Samples(const Result& result, const MetricDesc& desc) {
  return awsgov::testing::SampleLabels(result, desc);
}

}  // namespace awsgov::ami::testing
