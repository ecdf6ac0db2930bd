#include "exporter/aws/aws_metrics.h"

#include <string>

namespace awsgov::aws {

AwsMetrics::AwsMetrics(prometheus::Registry& registry)
    : requests_(prometheus::BuildCounter()
                    .Name("awsgov_aws_requests_total")
                    .Help("AWS API HTTP requests sent, by service, operation and result code "
                          "(HTTP status, AWS error code or transport error).")
                    .Register(registry)),
      retries_(prometheus::BuildCounter()
                   .Name("awsgov_aws_retries_total")
                   .Help("AWS API requests retried, by service, operation and reason "
                         "(throttling, transient, timeout, clock_skew).")
                   .Register(registry)),
      duration_(prometheus::BuildHistogram()
                    .Name("awsgov_aws_request_duration_seconds")
                    .Help("Duration of AWS API HTTP requests, each attempt on its own.")
                    .Register(registry)) {}

void AwsMetrics::ObserveRequest(std::string_view service, std::string_view operation,
                                std::string_view code, double seconds) {
  requests_
      .Add({{"service", std::string(service)},
            {"operation", std::string(operation)},
            {"code", std::string(code)}})
      .Increment();
  static const prometheus::Histogram::BucketBoundaries kBuckets = {0.025, 0.05, 0.1, 0.25, 0.5,
                                                                   1,     2.5,  5,   10,   30};
  duration_
      .Add({{"service", std::string(service)}, {"operation", std::string(operation)}}, kBuckets)
      .Observe(seconds);
}

void AwsMetrics::CountRetry(std::string_view service, std::string_view operation,
                            std::string_view reason) {
  retries_
      .Add({{"service", std::string(service)},
            {"operation", std::string(operation)},
            {"reason", std::string(reason)}})
      .Increment();
}

}  // namespace awsgov::aws
