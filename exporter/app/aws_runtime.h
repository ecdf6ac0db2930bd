// What every AWS client of the process shares across config reloads: the HTTP transport (its
// connections), the AWS API metrics, the standard-mode retry quota, the client-side rate limits
// and the exporter's own credentials chain. A reload makes a new ClientFactory (new roles, new
// endpoints) over the same runtime.
// Thread-safety: thread-safe.
#pragma once

#include <prometheus/registry.h>

#include <memory>

#include "exporter/aws/client.h"
#include "exporter/config/config.h"

namespace awsgov {

class AwsRuntime {
 public:
  explicit AwsRuntime(prometheus::Registry& registry);
  ~AwsRuntime();
  std::shared_ptr<aws::ClientFactory> MakeClientFactory(const config::Config& config);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace awsgov
