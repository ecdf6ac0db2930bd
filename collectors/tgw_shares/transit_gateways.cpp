#include "collectors/tgw_shares/transit_gateways.h"

#include <algorithm>
#include <array>
#include <pugixml.hpp>

namespace awsgov::tgw {
namespace {

// The largest page the model allows, to spend few of EC2's shared request tokens.
constexpr const char* kMaxResults = "1000";
// EC2 caps the values of one filter; ids beyond this go in further calls.
constexpr std::size_t kMaxFilterValues = 200;

std::string Text(const pugi::xml_node& node, const char* name) {
  return node.child(name).text().as_string();
}

template <typename Fn>
void ForEachItem(const pugi::xml_node& page, const char* set_name, Fn fn) {
  for (pugi::xml_node item : page.child(set_name).children("item")) fn(item);
}

aws::QueryParams FilterParams(
    const std::vector<std::pair<std::string, std::vector<std::string>>>& filters) {
  aws::QueryParams params = {{"MaxResults", kMaxResults}};
  int index = 0;
  for (const auto& [name, values] : filters) {
    if (values.empty()) continue;
    const std::string prefix = "Filter." + std::to_string(++index);
    params.emplace_back(prefix + ".Name", name);
    for (std::size_t i = 0; i < values.size(); ++i) {
      params.emplace_back(prefix + ".Value." + std::to_string(i + 1), values[i]);
    }
  }
  return params;
}

// Calls fn with consecutive slices of at most kMaxFilterValues ids (once with none when empty).
Status ForEachChunk(const std::vector<std::string>& ids,
                    const std::function<Status(const std::vector<std::string>&)>& fn) {
  if (ids.empty()) return fn({});
  for (std::size_t start = 0; start < ids.size(); start += kMaxFilterValues) {
    const std::size_t end = std::min(ids.size(), start + kMaxFilterValues);
    if (Status s = fn({ids.begin() + start, ids.begin() + end}); !s.ok()) return s;
  }
  return Status::Ok();
}

std::string Where(const aws::Client& ec2) {
  return " in account " + ec2.account_id() + ", region " + ec2.region();
}

}  // namespace

bool AttachmentIsLive(std::string_view state) {
  static constexpr std::array<std::string_view, 6> kDead = {"deleted", "deleting", "failed",
                                                            "failing", "rejected", "rejecting"};
  return std::find(kDead.begin(), kDead.end(), state) == kDead.end();
}

Status ListTransitGateways(aws::Client& ec2, const std::string& owner_id,
                           const std::vector<std::string>& ids, std::vector<TransitGateway>* out) {
  Status status = ForEachChunk(ids, [&](const std::vector<std::string>& chunk) {
    return aws::QueryAllPages(
        ec2, "ec2", "DescribeTransitGateways",
        FilterParams({{"owner-id", {owner_id}}, {"transit-gateway-id", chunk}}),
        [&](const pugi::xml_node& page) {
          ForEachItem(page, "transitGatewaySet", [&](const pugi::xml_node& item) {
            TransitGateway tgw{Text(item, "transitGatewayId"), Text(item, "transitGatewayArn"),
                               Text(item, "ownerId"), Text(item, "state")};
            // The filter already asks for the owner; a server that ignores it must not make
            // another account's gateway look like the hub's.
            if (tgw.id.empty() || tgw.state == "deleted" || tgw.owner_id != owner_id) return;
            out->push_back(std::move(tgw));
          });
          return Status::Ok();
        });
  });
  return status.WithContext("ec2 DescribeTransitGateways" + Where(ec2));
}

Status ListAttachments(aws::Client& ec2, const std::vector<std::string>& transit_gateway_ids,
                       std::vector<Attachment>* out) {
  if (transit_gateway_ids.empty()) return Status::Ok();
  Status status = ForEachChunk(transit_gateway_ids, [&](const std::vector<std::string>& chunk) {
    return aws::QueryAllPages(
        ec2, "ec2", "DescribeTransitGatewayAttachments",
        FilterParams({{"transit-gateway-id", chunk}}), [&](const pugi::xml_node& page) {
          ForEachItem(page, "transitGatewayAttachments", [&](const pugi::xml_node& item) {
            Attachment attachment{Text(item, "transitGatewayAttachmentId"),
                                  Text(item, "transitGatewayId"),
                                  Text(item, "resourceOwnerId"),
                                  Text(item, "resourceType"),
                                  Text(item, "resourceId"),
                                  Text(item, "state")};
            if (std::find(chunk.begin(), chunk.end(), attachment.transit_gateway_id) ==
                chunk.end()) {
              return;  // not asked for (a server that ignores the filter)
            }
            out->push_back(std::move(attachment));
          });
          return Status::Ok();
        });
  });
  return status.WithContext("ec2 DescribeTransitGatewayAttachments" + Where(ec2));
}

}  // namespace awsgov::tgw
