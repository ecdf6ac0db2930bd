#include "collectors/ipam/ipam_scopes.h"

#include <algorithm>
#include <pugixml.hpp>

#include "collectors/ipam/ec2_params.h"
#include "collectors/ipam/xml_fields.h"

namespace awsgov::ipam {

Status ListIpamInventory(aws::Client& client, const std::vector<std::string>& scope_types,
                         IpamInventory* out) {
  Status status =
      aws::QueryAllPages(client, "ec2", "DescribeIpams", {{"MaxResults", kMaxResults}},
                         [&](const pugi::xml_node& page) {
                           ForEachItem(page, "ipamSet", [&](const pugi::xml_node& item) {
                             const std::string home = Text(item, "ipamRegion");
                             if (!home.empty() && home != client.region()) return;
                             out->ipam_arns.insert(Text(item, "ipamArn"));
                           });
                           return Status::Ok();
                         });
  if (!status.ok()) return status.WithContext("ec2 DescribeIpams");
  if (out->ipam_arns.empty()) return Status::Ok();

  // Filtered here, not by the server: DescribeIpamScopes documents no filter names, and an
  // account holds a handful of scopes.
  status = aws::QueryAllPages(
      client, "ec2", "DescribeIpamScopes", {{"MaxResults", kMaxResults}},
      [&](const pugi::xml_node& page) {
        ForEachItem(page, "ipamScopeSet", [&](const pugi::xml_node& item) {
          IpamScope scope{Text(item, "ipamScopeId"), Text(item, "ipamScopeType"),
                          Text(item, "ipamArn")};
          if (std::find(scope_types.begin(), scope_types.end(), scope.type) == scope_types.end() ||
              !out->ipam_arns.contains(scope.ipam_arn)) {
            return;
          }
          out->scopes.push_back(std::move(scope));
        });
        return Status::Ok();
      });
  return status.WithContext("ec2 DescribeIpamScopes");
}

}  // namespace awsgov::ipam
