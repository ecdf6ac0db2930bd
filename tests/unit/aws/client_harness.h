// A real AWS client (MakeClient over CurlTransport) pointed at a scripted fake server, with
// recorded backoff sleeps, a retry quota and metrics that tests can read.
// Thread-safety: not thread-safe.
#pragma once

#include <prometheus/registry.h>

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "exporter/aws/aws_client.h"
#include "exporter/aws/aws_metrics.h"
#include "exporter/aws/http_curl.h"
#include "exporter/aws/retry.h"
#include "tests/support/fake_http_server.h"
#include "tests/unit/aws/client_fakes.h"

namespace awsgov::aws::clienttest {

inline double MetricValue(prometheus::Registry& registry, const std::string& family,
                          const std::map<std::string, std::string>& labels) {
  for (const auto& f : registry.Collect()) {
    if (f.name != family) continue;
    for (const auto& m : f.metric) {
      std::map<std::string, std::string> got;
      for (const auto& l : m.label) got[l.name] = l.value;
      bool match = true;
      for (const auto& [k, v] : labels) match = match && got[k] == v;
      if (!match) continue;
      if (f.type == prometheus::MetricType::Histogram) {
        return static_cast<double>(m.histogram.sample_count);
      }
      return m.counter.value;
    }
  }
  return 0;
}

struct ClientHarness {
  explicit ClientHarness(const nlohmann::json& script, HttpOptions http = {},
                         int quota_capacity = RetryQuota::kInitialCapacity)
      : server(script.dump()),
        transport(http),
        endpoints([](const std::string&) { return std::optional<std::string>(); },
                  server.endpoint(), {}),
        quota(quota_capacity),
        metrics(registry) {}

  // A client for account 123456789012 in `region`; `adjust` may change any option first.
  std::shared_ptr<Client> MakeTestClient(
      const std::string& region = "eu-west-1",
      const std::function<void(ClientOptions*)>& adjust = nullptr) {
    ClientOptions options;
    options.account_id = "123456789012";
    options.region = region;
    options.credentials = TestCredentials("client-test-session-token");
    options.transport = &transport;
    options.endpoints = &endpoints;
    options.retry.base_delay = std::chrono::milliseconds(100);
    options.retry.max_backoff = std::chrono::milliseconds(250);
    options.retry_quota = &quota;
    options.metrics = &metrics;
    options.sleep = sleeps.Recorder();
    if (adjust) adjust(&options);
    return MakeClient(std::move(options));
  }

  std::vector<nlohmann::json> Requests() const {
    std::vector<nlohmann::json> out;
    for (const auto& line : server.RequestLog()) out.push_back(nlohmann::json::parse(line));
    return out;
  }

  static std::string Header(const nlohmann::json& request, const std::string& name) {
    for (const auto& h : request["headers"]) {
      std::string key = h[0];
      for (char& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (key == name) return h[1];
    }
    return "";
  }

  double Metric(const std::string& family, const std::map<std::string, std::string>& labels) {
    return MetricValue(registry, family, labels);
  }

  testing::FakeHttpServer server;
  CurlTransport transport;
  EndpointResolver endpoints;
  RetryQuota quota;
  prometheus::Registry registry;
  AwsMetrics metrics;
  RecordedSleeps sleeps;
};

}  // namespace awsgov::aws::clienttest
