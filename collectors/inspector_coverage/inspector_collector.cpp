#include "collectors/inspector_coverage/inspector_collector.h"

#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "collectors/inspector_coverage/coverage_report.h"
#include "collectors/inspector_coverage/exceptions_table.h"
#include "collectors/inspector_coverage/finding_counts.h"
#include "collectors/inspector_coverage/inspector_api.h"
#include "exporter/aws/client.h"
#include "exporter/inventory/instance_inventory.h"

namespace awsgov::inspector {
namespace {

// "inspector2 ListCoverage (account 111111111111 via 999999999999, eu-west-1)".
std::string Where(std::string_view call, const std::string& client_account, const Target& target) {
  std::string where = std::string(call) + " (account " + target.account_id;
  if (client_account != target.account_id) where += " via " + client_account;
  return where + ", " + target.region + ")";
}

// With EC2 scanning off, Inspector has no coverage to list (and may refuse the call).
bool ScanningOff(const std::optional<std::string>& status) {
  return status && (*status == "DISABLED" || *status == "SUSPENDED");
}

}  // namespace

Status InspectorCollector::CollectInspector(const CollectContext& ctx, CoverageFacts* facts) const {
  const Target& target = ctx.target;
  const std::string& inspector_account = options_.InspectorAccountFor(target.account_id);
  std::shared_ptr<aws::Client> inspector;
  Status status = ctx.aws->Get(inspector_account, target.region, &inspector);
  if (!status.ok()) return status.WithContext(Where("inspector2", inspector_account, target));

  if (options_.check_account_status) {
    std::string ec2_status;
    // The administrator answers for up to 100 accounts per call; an account can only ask
    // about itself.
    status = options_.delegated_admin_account_id.empty()
                 ? GetEc2ScanningStatus(*inspector, target.account_id, &ec2_status)
                 : account_statuses_->Ec2Status(ctx, *inspector, &ec2_status);
    if (!status.ok()) {
      return status.WithContext(
          Where("inspector2 BatchGetAccountStatus", inspector_account, target));
    }
    facts->ec2_scanning_status = std::move(ec2_status);
  }
  if (options_.include_finding_counts) {
    FindingCounts counts;
    status = GetFindingCounts(*inspector, target.account_id, ctx, &counts);
    if (!status.ok()) {
      return status.WithContext(
          Where("inspector2 ListFindingAggregations", inspector_account, target));
    }
    facts->finding_counts = counts;
  }
  if (ScanningOff(facts->ec2_scanning_status)) return Status::Ok();
  status = ListEc2Coverage(*inspector, target.account_id, ctx, &facts->coverage);
  if (!status.ok()) {
    return status.WithContext(Where("inspector2 ListCoverage", inspector_account, target));
  }
  return Status::Ok();
}

Status InspectorCollector::CollectExceptions(const CollectContext& ctx,
                                             CoverageFacts* facts) const {
  const ExceptionsTable& table = options_.exceptions_table;
  if (table.name.empty()) return Status::Ok();
  if (ctx.Cancelled()) return Cancelled("inspector_coverage: cancelled before the table scan");
  std::shared_ptr<const ScanPages> pages;
  Status status = exceptions_->Pages(
      [&](ScanPages* scanned) {
        std::shared_ptr<aws::Client> dynamodb;
        Status got = ctx.aws->Get(table.account_id, table.region, &dynamodb);
        return got.ok() ? ScanExceptionsTable(*dynamodb, table, ctx, scanned) : got;
      },
      &pages);
  if (!status.ok()) {
    return status.WithContext("dynamodb Scan of table " + table.name + " (account " +
                              table.account_id + ", " + table.region + ")");
  }
  for (const nlohmann::json& page : *pages) {
    AddExceptionsPage(page, table, ctx.target.account_id, ctx.target.region,
                      &facts->table_exceptions);
  }
  return Status::Ok();
}

Status InspectorCollector::Collect(const CollectContext& ctx, Result* out) {
  if (ctx.aws == nullptr) {
    return Internal("inspector_coverage: collector needs an AWS client factory");
  }
  const Target& target = ctx.target;
  CoverageFacts facts;
  Status status = CollectInspector(ctx, &facts);
  if (!status.ok()) return status;
  if (ctx.Cancelled()) return Cancelled("inspector_coverage: cancelled before DescribeInstances");

  // Shared with ami_references: one listing per account x region and cycle.
  std::shared_ptr<const inventory::InstanceList> instances;
  status = inventory::InstancesFor(ctx, cache_max_age_, &instances);
  if (!status.ok()) {
    return status.WithContext(Where("ec2 DescribeInstances", target.account_id, target));
  }
  facts.instances = *instances;

  status = CollectExceptions(ctx, &facts);
  if (!status.ok()) return status;

  AddCoverageSamples(options_, target, facts, out);
  return Status::Ok();
}

}  // namespace awsgov::inspector
