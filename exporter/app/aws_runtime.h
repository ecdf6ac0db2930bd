// Makes the AWS client factory of each configuration generation. The AWS API metrics live in the
// process' self-metrics registry and carry on across reloads; a reload gets a fresh factory (new
// roles, endpoints, timeouts), so credentials, connections and rate limits start anew with it.
// Thread-safety: thread-safe.
#pragma once

#include <prometheus/registry.h>

#include <memory>

#include "exporter/aws/client_factory.h"
#include "exporter/config/config.h"

namespace awsgov {

class AwsRuntime {
 public:
  explicit AwsRuntime(prometheus::Registry& registry);
  ~AwsRuntime();
  std::shared_ptr<aws::AwsClientFactory> MakeClientFactory(
      std::shared_ptr<const config::Config> config);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace awsgov
