// The exporter's own AWS API usage metrics (docs/metrics.md, "AWS API usage"):
//   awsgov_aws_requests_total{service,operation,code}        one per HTTP attempt
//   awsgov_aws_retries_total{service,operation,reason}        one per retry taken
//   awsgov_aws_request_duration_seconds{service,operation}    per HTTP attempt
// Thread-safety: thread-safe (prometheus-cpp families lock internally).
#pragma once

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <string_view>

namespace awsgov::aws {

class AwsMetrics {
 public:
  explicit AwsMetrics(prometheus::Registry& registry);

  // `code`: the HTTP status ("200"), the AWS error code ("Throttling") or a transport error name
  // ("timeout", "connection_error", "transport_error").
  void ObserveRequest(std::string_view service, std::string_view operation, std::string_view code,
                      double seconds);
  // `reason`: "throttling", "transient", "timeout" or "clock_skew".
  void CountRetry(std::string_view service, std::string_view operation, std::string_view reason);

 private:
  prometheus::Family<prometheus::Counter>& requests_;
  prometheus::Family<prometheus::Counter>& retries_;
  prometheus::Family<prometheus::Histogram>& duration_;
};

}  // namespace awsgov::aws
