#include <chrono>
#include <memory>

#include "collectors/tgw_shares/tgw_metrics.h"
#include "collectors/tgw_shares/tgw_options.h"
#include "collectors/tgw_shares/tgw_shares_collector.h"
#include "exporter/config/config.h"

namespace awsgov {

CollectorInfo TgwSharesCollectorInfo() {
  CollectorInfo info;
  info.name = "tgw_shares";
  info.description =
      "Transit gateway RAM share principals without an attachment, attachments by owner and "
      "state, and drift from an expected inventory (DynamoDB table or config)";
  info.enabled_by_default = true;
  info.default_interval = std::chrono::minutes(5);
  info.metrics = tgw::AllTgwMetrics();
  info.aws_actions = {
      {.action = "ec2:DescribeTransitGateways"},
      {.action = "ec2:DescribeTransitGatewayAttachments"},
      {.action = "ram:GetResourceShares"},
      {.action = "ram:GetResourceShareAssociations"},
      // OU and organisation principals, in organizations_account_id (else the hub).
      {.action = "organizations:ListAccounts", .named_accounts = true},
      {.action = "organizations:ListAccountsForParent", .named_accounts = true},
      {.action = "organizations:ListChildren", .named_accounts = true},
      {.action = "dynamodb:Scan",
       .option = "inventory.dynamodb_table",
       .value = "*",
       .named_accounts = true},
  };
  info.create = [](const config::CollectorConfig& collector,
                   config::ErrorList* errors) -> std::unique_ptr<Collector> {
    std::optional<tgw::TgwOptions> options = tgw::ParseTgwOptions(collector, errors);
    if (!options) return nullptr;
    return std::make_unique<tgw::TgwSharesCollector>(std::move(*options));
  };
  return info;
}

}  // namespace awsgov
