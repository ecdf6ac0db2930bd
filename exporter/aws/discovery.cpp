#include "exporter/aws/discovery.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

namespace awsgov::aws {
namespace {

constexpr char kService[] = "organizations";
constexpr int kPageSize = 20;  // the Organizations maximum for these listings

struct OrgAccount {
  std::string name;
  bool active = false;
};

// Newer responses carry State (ACTIVE, SUSPENDED, PENDING_CLOSURE, CLOSED, ...); Status is the
// older field with the same meaning for ACTIVE.
bool IsActive(const nlohmann::json& account) {
  auto state = account.find("State");
  if (state != account.end() && state->is_string()) return *state == "ACTIVE";
  auto status = account.find("Status");
  return status != account.end() && status->is_string() && *status == "ACTIVE";
}

Status ForEachAccountItem(const nlohmann::json& page, const std::string& where,
                          const std::function<void(const nlohmann::json&)>& visit) {
  auto accounts = page.find("Accounts");
  if (accounts == page.end()) return Status::Ok();
  if (!accounts->is_array()) return ParseError(where + ": Accounts is not a list");
  for (const auto& a : *accounts) {
    auto id = a.find("Id");
    if (id == a.end() || !id->is_string()) return ParseError(where + ": account without Id");
    visit(a);
  }
  return Status::Ok();
}

Status ListAllAccounts(Client& client, std::map<std::string, OrgAccount>* out) {
  return JsonAllPages(client, kService, "ListAccounts", {{"MaxResults", kPageSize}},
                      [&](const nlohmann::json& page) {
                        return ForEachAccountItem(page, "ListAccounts", [&](const auto& a) {
                          OrgAccount account;
                          account.name = a.value("Name", "");
                          account.active = IsActive(a);
                          (*out)[a["Id"].template get<std::string>()] = std::move(account);
                        });
                      });
}

// Adds the ids of every account under `parent` and its nested OUs to `out`.
Status CollectUnder(Client& client, const std::string& parent, std::set<std::string>* visited,
                    std::set<std::string>* out) {
  if (!visited->insert(parent).second) return Status::Ok();
  const std::string where = "ListAccountsForParent " + parent;
  if (Status s = JsonAllPages(client, kService, "ListAccountsForParent",
                              {{"ParentId", parent}, {"MaxResults", kPageSize}},
                              [&](const nlohmann::json& page) {
                                return ForEachAccountItem(page, where, [&](const auto& a) {
                                  out->insert(a["Id"].template get<std::string>());
                                });
                              });
      !s.ok()) {
    return s;
  }
  std::vector<std::string> children;
  if (Status s = JsonAllPages(
          client, kService, "ListChildren",
          {{"ParentId", parent}, {"ChildType", "ORGANIZATIONAL_UNIT"}, {"MaxResults", kPageSize}},
          [&](const nlohmann::json& page) {
            auto list = page.find("Children");
            if (list == page.end()) return Status::Ok();
            if (!list->is_array()) return ParseError("ListChildren " + parent + ": not a list");
            for (const auto& child : *list) {
              auto id = child.find("Id");
              if (id == child.end() || !id->is_string()) {
                return ParseError("ListChildren " + parent + ": child without Id");
              }
              children.push_back(id->get<std::string>());
            }
            return Status::Ok();
          });
      !s.ok()) {
    return s;
  }
  for (const auto& child : children) {
    if (Status s = CollectUnder(client, child, visited, out); !s.ok()) return s;
  }
  return Status::Ok();
}

Status CollectUnderAll(Client& client, const std::vector<std::string>& ous,
                       std::set<std::string>* out) {
  std::set<std::string> visited;
  for (const auto& ou : ous) {
    if (Status s = CollectUnder(client, ou, &visited, out); !s.ok()) return s;
  }
  return Status::Ok();
}

}  // namespace

Status DiscoverAccounts(Client& organizations, const config::Discovery& filters,
                        std::vector<DiscoveredAccount>* out) {
  std::map<std::string, OrgAccount> all;
  if (Status s = ListAllAccounts(organizations, &all); !s.ok()) {
    return s.WithContext("account discovery");
  }
  std::set<std::string> selected;
  if (filters.include_ous.empty() && filters.include_accounts.empty()) {
    for (const auto& [id, account] : all) selected.insert(id);
  } else {
    if (Status s = CollectUnderAll(organizations, filters.include_ous, &selected); !s.ok()) {
      return s.WithContext("account discovery (include_ous)");
    }
    selected.insert(filters.include_accounts.begin(), filters.include_accounts.end());
  }
  std::set<std::string> excluded(filters.exclude_accounts.begin(), filters.exclude_accounts.end());
  if (Status s = CollectUnderAll(organizations, filters.exclude_ous, &excluded); !s.ok()) {
    return s.WithContext("account discovery (exclude_ous)");
  }
  std::vector<DiscoveredAccount> result;
  for (const auto& id : selected) {
    auto it = all.find(id);
    if (it == all.end() || !it->second.active || excluded.count(id) != 0) continue;
    result.push_back({id, it->second.name});
  }
  *out = std::move(result);  // std::set iteration: already sorted by id
  return Status::Ok();
}

}  // namespace awsgov::aws
