#include <chrono>
#include <memory>

#include "collectors/ami_references/ami_collector.h"
#include "collectors/ami_references/ami_metrics.h"
#include "collectors/ami_references/ami_options.h"
#include "exporter/config/config.h"

namespace awsgov {

CollectorInfo AmiReferencesCollectorInfo() {
  CollectorInfo info;
  info.name = "ami_references";
  info.description =
      "Instances, launch templates and launch configurations that reference images of the "
      "owner accounts, and whether each image is still available, shared, or deregistered";
  info.enabled_by_default = false;  // needs owner_accounts
  info.default_interval = std::chrono::minutes(5);
  info.metrics = ami::AllAmiMetrics();
  info.aws_actions = {
      // Consumers: every monitored account and region.
      {.action = "ec2:DescribeInstances"},
      {.action = "ec2:DescribeLaunchTemplates"},
      {.action = "ec2:DescribeLaunchTemplateVersions"},
      {.action = "autoscaling:DescribeLaunchConfigurations"},
      // The owner accounts' images and their launch permissions.
      {.action = "ec2:DescribeImages", .named_accounts = true},
      {.action = "ec2:DescribeImageAttribute", .named_accounts = true},
      // Organisation membership of the consumers, in organizations_account_id.
      {.action = "organizations:ListParents",
       .option = "organizations_account_id",
       .value = "*",
       .named_accounts = true},
      {.action = "organizations:DescribeOrganization",
       .option = "organizations_account_id",
       .value = "*",
       .named_accounts = true},
  };
  info.create = [interval = info.default_interval](
                    const config::CollectorConfig& collector,
                    config::ErrorList* errors) -> std::unique_ptr<Collector> {
    std::optional<ami::AmiOptions> options = ami::ParseAmiOptions(collector, errors);
    if (!options) return nullptr;
    ami::OwnerCacheOptions cache;
    // Half an interval: every cycle refreshes each owner list once, and a consumer collected
    // late in a cycle still shares the list taken early in it. It also bounds the age of the
    // instance listing shared with inspector_coverage (exporter/inventory).
    cache.max_age = collector.interval.value_or(interval) / 2;
    cache.lookups_per_second = options->launch_permission_lookups_per_second;
    return std::make_unique<ami::AmiReferencesCollector>(std::move(*options), std::move(cache));
  };
  return info;
}

}  // namespace awsgov
