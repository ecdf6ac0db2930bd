// The expected inventory of transit-gateway attachments, as the old monitortgwresourceshares
// kept it in DynamoDB (`dynamodb-tgw-table`): items keyed by TransitGatewayId + Cidr with
// ResourceType (hub, vpc, vpn), Account and ResourceId (a vpc-... id on vpc and hub items).
// Thread-safety: plain values and a reentrant reader.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "exporter/aws/client.h"
#include "exporter/core/status.h"

namespace awsgov::tgw {

struct InventoryItem {
  std::string transit_gateway_id;
  std::string resource_type;  // hub, vpc, vpn (lower case)
  std::string account;        // the account the resource lives in
  std::string resource_id;    // vpc-... for hub and vpc items
  std::string cidr;

  // Hub items also stand for a VPC (the hub's own), as in the old script.
  bool ExpectsVpcAttachment() const {
    return (resource_type == "vpc" || resource_type == "hub") && resource_id.starts_with("vpc-");
  }
  bool operator==(const InventoryItem&) const = default;
};

// One DynamoDB item (attribute-value JSON: {"Account": {"S": "..."}, ...}) as an InventoryItem;
// false (and `problem` set) when it has no TransitGatewayId. Account may be a string or number.
bool ParseDynamoDbItem(const nlohmann::json& item, InventoryItem* out, std::string* problem);

// Scans the whole table (every page; `page_size` > 0 sets Limit). Items without a
// TransitGatewayId are skipped with a warning, as the old script could not use them either.
Status ScanInventoryTable(aws::Client& dynamodb, const std::string& table, int page_size,
                          std::vector<InventoryItem>* out);

}  // namespace awsgov::tgw
