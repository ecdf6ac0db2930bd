#include "exporter/app/aws_runtime.h"

namespace awsgov {

struct AwsRuntime::Impl {
  prometheus::Registry* registry;
};

AwsRuntime::AwsRuntime(prometheus::Registry& registry) : impl_(new Impl{&registry}) {}

AwsRuntime::~AwsRuntime() = default;

std::shared_ptr<aws::AwsClientFactory> AwsRuntime::MakeClientFactory(
    std::shared_ptr<const config::Config> config) {
  aws::ClientFactoryOptions options;
  options.config = std::move(config);
  // prometheus-cpp merges a family registered again under the same name, so the AWS API
  // counters carry on across reloads.
  options.registry = impl_->registry;
  return std::make_shared<aws::AwsClientFactory>(std::move(options));
}

}  // namespace awsgov
