#include "collectors/tgw_shares/tgw_metrics.h"

namespace awsgov::tgw {

// HELP texts say how old a value can be: collectors run on an interval and /metrics serves the
// last result.
const MetricDesc kSharePrincipalAttached{
    "awsgov_tgw_share_principal_attached",
    "1 when a principal account of a RAM share holding the transit gateway owns at least one "
    "attachment to it that is not deleted, deleting, failed, failing, rejected or rejecting; "
    "0 when it owns none (an unattached principal). OU and organisation principals appear as "
    "their accounts; association_status ASSOCIATING is an invitation not yet accepted. "
    "account_id and region are the hub's. As of the last tgw_shares collection (default every "
    "5m).",
    MetricType::kGauge,
    {"account_id", "region", "transit_gateway_id", "resource_share_arn", "principal_id",
     "association_status"}};

const MetricDesc kAttachments{
    "awsgov_tgw_attachments",
    "Attachments of the transit gateway (DescribeTransitGatewayAttachments from the hub) by the "
    "attached resource's owner, type and state. As of the last tgw_shares collection (default "
    "every 5m).",
    MetricType::kGauge,
    {"account_id", "region", "transit_gateway_id", "resource_owner_id", "resource_type", "state"}};

const MetricDesc kInventoryMismatch{
    "awsgov_tgw_inventory_mismatch",
    "1 per difference between the expected inventory (DynamoDB table or config) and the "
    "transit gateway: kind missing_attachment (expected VPC not attached), unexpected_attachment "
    "(attached VPC not in the inventory), missing_share (expected account not a principal of "
    "the gateway's shares). As of the last tgw_shares collection (default every 5m).",
    MetricType::kGauge,
    {"account_id", "region", "transit_gateway_id", "kind", "vpc_id", "principal_id"}};

std::vector<const MetricDesc*> AllTgwMetrics() {
  return {&kSharePrincipalAttached, &kAttachments, &kInventoryMismatch};
}

}  // namespace awsgov::tgw
