// Test support for the ami_references tests against servers (moto, tests/fakes/ami_fake.py): a
// real AwsClientFactory pointed at a local endpoint with fixed test credentials, the collector
// built from its CollectorInfo and YAML options, a generic seeding helper, and result lookups.
// Thread-safety: not thread-safe; one test uses one instance.
#pragma once

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <pugixml.hpp>
#include <string>
#include <vector>

#include "collectors/ami_references/ami_collector.h"
#include "exporter/aws/call_record_for_tests.h"
#include "exporter/aws/client.h"
#include "exporter/aws/client_factory.h"
#include "exporter/config/config.h"
#include "exporter/config/errors.h"
#include "exporter/core/collector.h"
#include "exporter/core/metric.h"

namespace awsgov::ami::testing {

inline std::string RoleOf(const std::string& account) {
  return "arn:aws:iam::" + account + ":role/awsgov-exporter";
}

// A factory for `accounts` (each reached through AssumeRole) in `regions` against `endpoint`;
// credentials come only from the given fake environment.
inline std::unique_ptr<aws::AwsClientFactory> MakeFactory(const std::string& endpoint,
                                                          const std::vector<std::string>& accounts,
                                                          const std::vector<std::string>& regions) {
  auto config = std::make_shared<config::Config>();
  config->regions = regions;
  for (const auto& id : accounts) {
    config::Account a;
    a.id = id;
    a.role_arn = RoleOf(id);
    config->accounts.push_back(a);
  }
  config->aws.endpoint_url = endpoint;
  config->aws.max_attempts = 1;
  config->aws.requests_per_second = 0;
  aws::ClientFactoryOptions options;
  options.config = config;
  options.getenv = [](const std::string& name) -> std::optional<std::string> {
    if (name == "AWS_ACCESS_KEY_ID") return "AKIDAWSGOVTEST";
    if (name == "AWS_SECRET_ACCESS_KEY") return "awsgov-test-secret";
    return std::nullopt;
  };
  return std::make_unique<aws::AwsClientFactory>(options);
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
  CollectContext ctx;
  ctx.target = Target{"ami_references", account_id, region};
  ctx.deadline = std::chrono::steady_clock::now() + std::chrono::minutes(1);
  ctx.aws = &factory;
  return collector.Collect(ctx, out);
}

// Calls made to seed servers; each fails the test on error.
class Seeder {
 public:
  Seeder(aws::ClientFactory& factory, const std::string& account_id, const std::string& region) {
    Status status = factory.Get(account_id, region, &client_);
    EXPECT_TRUE(status.ok()) << status.ToString();
  }

  // Query protocol; returns the text at `path` under the response root.
  std::string Call(const std::string& operation, const aws::QueryParams& params,
                   const std::vector<const char*>& path = {}, const std::string& service = "ec2") {
    if (!client_) return "";
    pugi::xml_document doc;
    aws::PauseCallRecordForTests seeding;  // set-up, not the exporter's calls
    Status status = client_->Query(service, operation, params, &doc);
    EXPECT_TRUE(status.ok()) << operation << ": " << status.ToString();
    pugi::xml_node node = doc.document_element();
    for (const char* name : path) node = node.child(name);
    return node.text().as_string();
  }

  nlohmann::json Json(const std::string& service, const std::string& operation,
                      const nlohmann::json& request) {
    nlohmann::json response;
    if (!client_) return response;
    aws::PauseCallRecordForTests seeding;  // set-up, not the exporter's calls
    Status status = client_->Json(service, operation, request, &response);
    EXPECT_TRUE(status.ok()) << operation << ": " << status.ToString();
    return response;
  }

 private:
  std::shared_ptr<aws::Client> client_;
};

// The value of the sample with exactly these label values; nullopt when absent.
inline std::optional<double> SampleValue(const Result& result, const MetricDesc& desc,
                                         const std::vector<std::string>& labels) {
  for (const auto& family : result.families()) {
    if (family.desc != &desc) continue;
    for (const auto& sample : family.samples) {
      if (sample.label_values == labels) return sample.value;
    }
  }
  return std::nullopt;
}

inline std::vector<std::vector<std::string>> Samples(const Result& result, const MetricDesc& desc) {
  std::vector<std::vector<std::string>> out;
  for (const auto& family : result.families()) {
    if (family.desc != &desc) continue;
    for (const auto& sample : family.samples) out.push_back(sample.label_values);
  }
  return out;
}

}  // namespace awsgov::ami::testing
