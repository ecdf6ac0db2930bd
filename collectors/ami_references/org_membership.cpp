#include "collectors/ami_references/org_membership.h"

#include <nlohmann/json.hpp>
#include <set>

namespace awsgov::ami {
namespace {

// OUs nest at most five deep under the root; the bound only stops a misbehaving server.
constexpr int kMaxDepth = 10;

Status ParentOf(aws::Client& client, const std::string& child, std::string* id, std::string* type) {
  id->clear();
  Status status = aws::JsonAllPages(client, "organizations", "ListParents", {{"ChildId", child}},
                                    [&](const nlohmann::json& page) {
                                      auto parents = page.find("Parents");
                                      if (parents == page.end() || !parents->is_array()) {
                                        return Status::Ok();
                                      }
                                      for (const auto& parent : *parents) {
                                        if (!id->empty()) break;
                                        *id = parent.value("Id", "");
                                        *type = parent.value("Type", "");
                                      }
                                      return Status::Ok();
                                    });
  return status.WithContext("organizations ListParents " + child);
}

}  // namespace

Status MembershipFromOrganizations(aws::Client& client, const std::string& account_id,
                                   Membership* out) {
  *out = Membership{};
  out->known = true;
  std::string child = account_id;
  for (int depth = 0; depth < kMaxDepth; ++depth) {
    std::string id;
    std::string type;
    Status status = ParentOf(client, child, &id, &type);
    if (status.code() == StatusCode::kNotFound && depth == 0) return Status::Ok();  // outside
    if (!status.ok()) return status;
    if (id.empty()) break;
    out->ancestor_ids.push_back(id);
    if (type == "ROOT") break;
    child = id;
  }
  nlohmann::json organization;
  Status status =
      client.Json("organizations", "DescribeOrganization", nlohmann::json::object(), &organization);
  if (!status.ok()) return status.WithContext("organizations DescribeOrganization");
  if (auto org = organization.find("Organization"); org != organization.end() && org->is_object()) {
    out->organization_id = org->value("Id", "");
  }
  return Status::Ok();
}

Membership MembershipFromOptions(const AmiOptions& options, const std::string& account_id) {
  Membership membership;
  if (options.organization_id.empty() && options.account_parents.empty()) return membership;
  membership.known = true;
  membership.organization_id = options.organization_id;
  if (auto it = options.account_parents.find(account_id); it != options.account_parents.end()) {
    membership.ancestor_ids = it->second;
  }
  return membership;
}

}  // namespace awsgov::ami
