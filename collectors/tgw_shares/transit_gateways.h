// EC2's view of transit gateways from the account that owns them: the gateways
// (DescribeTransitGateways) and every attachment to them, whoever owns the attached resource
// (DescribeTransitGatewayAttachments, which shows the TGW owner other accounts' attachments).
// Thread-safety: reentrant functions; the Client must be thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "exporter/aws/client.h"
#include "exporter/core/status.h"

namespace awsgov::tgw {

struct TransitGateway {
  std::string id;
  std::string arn;
  std::string owner_id;
  std::string state;
};

struct Attachment {
  std::string id;
  std::string transit_gateway_id;
  std::string resource_owner_id;
  std::string resource_type;  // vpc, vpn, direct-connect-gateway, peering, connect, ...
  std::string resource_id;
  std::string state;
};

// An attachment that exists or is on its way to existing. deleted, deleting, failed, failing,
// rejected and rejecting (on its way to rejected) do not connect anything.
bool AttachmentIsLive(std::string_view state);

// The gateways `owner_id` owns in the client's region, all pages; `ids` non-empty limits them to
// those ids. Deleted gateways are left out.
Status ListTransitGateways(aws::Client& ec2, const std::string& owner_id,
                           const std::vector<std::string>& ids, std::vector<TransitGateway>* out);

// Every attachment of the given gateways, all pages, in every state EC2 still reports.
Status ListAttachments(aws::Client& ec2, const std::vector<std::string>& transit_gateway_ids,
                       std::vector<Attachment>* out);

}  // namespace awsgov::tgw
