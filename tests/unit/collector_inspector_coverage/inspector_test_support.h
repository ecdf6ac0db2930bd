// Test support for the inspector_coverage collector's tests: reading samples out of a Result,
// building the collector from YAML options, and an in-memory Inspector2 client that serves
// scripted REST-JSON pages and records each request.
// Thread-safety: not thread-safe; one test uses one instance.
#pragma once

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <pugixml.hpp>
#include <string>
#include <vector>

#include "collectors/inspector_coverage/inspector_collector.h"
#include "exporter/aws/client.h"
#include "exporter/config/config.h"
#include "exporter/config/errors.h"
#include "exporter/core/collector.h"
#include "exporter/core/metric.h"
#include "tests/support/result_samples.h"

namespace awsgov::inspector::testing {

using awsgov::testing::FindFamily;
using awsgov::testing::SampleCount;
using awsgov::testing::SampleValue;

// The samples of `desc` as "label1,label2,... = value" lines, sorted: whole-family comparisons
// that show every difference at once.
inline std::vector<std::string> SampleLines(const Result& result, const MetricDesc& desc) {
  std::vector<std::string> lines;
  const Family* family = FindFamily(result, desc);
  if (family == nullptr) return lines;
  for (const Sample& sample : family->samples) {
    std::string line;
    for (const std::string& value : sample.label_values) line += (line.empty() ? "" : ",") + value;
    char number[32];
    std::snprintf(number, sizeof number, "%g", sample.value);
    lines.push_back(line + " = " + number);
  }
  std::sort(lines.begin(), lines.end());
  return lines;
}

inline config::CollectorConfig Section(const std::string& yaml) {
  config::CollectorConfig section;
  section.name = "inspector_coverage";
  section.options = YAML::Load(yaml);
  section.file = "config.yml";
  section.path = "collectors.inspector_coverage.options";
  return section;
}

// The collector as the exporter builds it: from its CollectorInfo and YAML options.
inline std::unique_ptr<Collector> MakeCollector(const std::string& options_yaml) {
  config::ErrorList errors("config.yml");
  auto collector = InspectorCoverageCollectorInfo().create(Section(options_yaml), &errors);
  EXPECT_TRUE(errors.empty()) << errors.ToString();
  return collector;
}

inline CollectContext Context(aws::ClientFactory* factory, const std::string& account_id,
                              const std::string& region) {
  CollectContext ctx;
  ctx.target = Target{"inspector_coverage", account_id, region};
  ctx.deadline = std::chrono::steady_clock::now() + std::chrono::minutes(1);
  ctx.aws = factory;
  return ctx;
}

struct RestCall {
  std::string operation;
  std::string method;
  std::string path;
  nlohmann::json body;
};

// Serves each operation's scripted responses in order (the last one repeats), or a failure.
class FakeInspectorClient final : public aws::Client {
 public:
  explicit FakeInspectorClient(std::string account_id = "111111111111",
                               std::string region = "eu-west-1")
      : account_id_(std::move(account_id)), region_(std::move(region)) {}

  void Script(const std::string& operation, std::vector<nlohmann::json> responses) {
    scripts_[operation] = std::move(responses);
  }
  void Fail(const std::string& operation, Status status) { failures_[operation] = status; }
  const std::vector<RestCall>& calls() const { return calls_; }

  const std::string& account_id() const override { return account_id_; }
  const std::string& region() const override { return region_; }

  Status Query(std::string_view, std::string_view, const aws::QueryParams&,
               pugi::xml_document*) override {
    return Status(StatusCode::kInternal, "the fake serves only REST-JSON");
  }
  Status Json(std::string_view, std::string_view, const nlohmann::json&, nlohmann::json*) override {
    return Status(StatusCode::kInternal, "the fake serves only REST-JSON");
  }
  Status RestJson(std::string_view service, std::string_view operation, std::string_view method,
                  std::string_view path, const aws::QueryParams&, const nlohmann::json* body,
                  nlohmann::json* out) override {
    const std::string name(operation);
    calls_.push_back(
        {name, std::string(method), std::string(path), body == nullptr ? nlohmann::json() : *body});
    if (service != "inspector2") return Status(StatusCode::kInternal, "not inspector2");
    if (auto failure = failures_.find(name); failure != failures_.end()) return failure->second;
    auto script = scripts_.find(name);
    if (script == scripts_.end() || script->second.empty()) {
      return Status(StatusCode::kNotFound, "unscripted call " + name);
    }
    std::size_t& served = served_[name];
    *out = script->second[std::min(served, script->second.size() - 1)];
    ++served;
    return Status::Ok();
  }

 private:
  std::string account_id_;
  std::string region_;
  std::map<std::string, std::vector<nlohmann::json>> scripts_;
  std::map<std::string, Status> failures_;
  std::map<std::string, std::size_t> served_;
  std::vector<RestCall> calls_;
};

}  // namespace awsgov::inspector::testing
