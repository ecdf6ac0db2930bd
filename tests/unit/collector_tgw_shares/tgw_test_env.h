// Test support for the tgw_shares collector's tests: a real AwsClientFactory (and the Config it
// was built from, which the collector reads for the hub's regions) pointed at local servers with
// fixed test credentials (tests/support/moto_env.h); the collector built from YAML options;
// samples as maps.
// Thread-safety: not thread-safe; one test uses one instance.
#pragma once

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "collectors/tgw_shares/tgw_shares_collector.h"
#include "exporter/aws/client_factory.h"
#include "exporter/config/config.h"
#include "exporter/config/errors.h"
#include "exporter/core/collector.h"
#include "exporter/core/metric.h"
#include "tests/support/moto_env.h"

namespace awsgov::tgw::testing {

using awsgov::testing::TestAccount;

struct TestEnv {
  std::shared_ptr<config::Config> config;
  std::unique_ptr<aws::AwsClientFactory> factory;
};

inline TestEnv MakeEnv(const std::string& endpoint, const std::vector<TestAccount>& accounts,
                       const std::vector<std::string>& regions,
                       const std::map<std::string, std::string>& service_endpoints = {}) {
  TestEnv env;
  env.config = awsgov::testing::MakeTestConfig(endpoint, accounts, regions, service_endpoints);
  env.factory = awsgov::testing::MakeTestFactory(env.config);
  return env;
}

// The collector as the exporter builds it: from its CollectorInfo and YAML options.
inline std::unique_ptr<Collector> MakeCollector(const std::string& options_yaml) {
  config::CollectorConfig section;
  section.name = "tgw_shares";
  section.path = "collectors.tgw_shares.options";
  section.options = YAML::Load(options_yaml);
  config::ErrorList errors("test");
  auto collector = TgwSharesCollectorInfo().create(section, &errors);
  EXPECT_TRUE(errors.empty()) << errors.ToString();
  return collector;
}

inline Status CollectTarget(Collector& collector, const TestEnv& env, const std::string& account_id,
                            const std::string& region, Result* out) {
  return awsgov::testing::CollectTestTarget(collector, *env.factory,
                                            Target{"tgw_shares", account_id, region}, out,
                                            std::chrono::minutes(1), env.config.get());
}

using Samples = std::map<std::vector<std::string>, double>;

// Every sample of `desc` by label values; a label set seen twice fails the test.
inline Samples SamplesOf(const Result& result, const MetricDesc& desc) {
  Samples samples;
  for (const Family& family : result.families()) {
    if (family.desc != &desc) continue;
    for (const Sample& sample : family.samples) {
      EXPECT_TRUE(samples.emplace(sample.label_values, sample.value).second)
          << "duplicate series in " << desc.name;
    }
  }
  return samples;
}

// The stdout of a shell command (for seeding scripts); fails the test on a non-zero exit.
inline std::string CommandOutput(const std::string& command) {
  std::string output;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) {
    ADD_FAILURE() << "cannot run " << command;
    return "";
  }
  char buffer[4096];
  while (std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) output.append(buffer, n);
  EXPECT_EQ(::pclose(pipe), 0) << command;
  return output;
}

}  // namespace awsgov::tgw::testing
