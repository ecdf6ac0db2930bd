#include "exporter/app/iam_policy.h"

#include <cctype>
#include <map>

#include "exporter/app/generation.h"

namespace awsgov {
namespace {

constexpr const char* kPolicyVersion = "2012-10-17";

// The node at a dotted `path` under `node`; undefined when absent. Recursive on const nodes:
// yaml-cpp's Node::operator= would write through a reference instead of rebinding.
YAML::Node Lookup(const YAML::Node& node, std::string_view path) {
  if (path.empty()) return node;
  if (!node || !node.IsMap()) return YAML::Node(YAML::NodeType::Undefined);
  const auto dot = path.find('.');
  const YAML::Node child = node[std::string(path.substr(0, dot))];
  if (!child) return YAML::Node(YAML::NodeType::Undefined);
  return Lookup(child, dot == std::string_view::npos ? std::string_view() : path.substr(dot + 1));
}

// "inventory.dynamodb_table" under the collector's options; "*" asks only for presence.
bool OptionMatches(const config::Config* config, const CollectorInfo& info,
                   const AwsAction& action) {
  if (action.option.empty() || config == nullptr) return true;
  auto it = config->collectors.find(std::string(info.name));
  if (it == config->collectors.end()) return false;
  const YAML::Node node = Lookup(it->second.options, action.option);
  if (!node || node.IsNull()) return false;
  if (action.value == "*") return true;
  return node.IsScalar() && node.Scalar() == action.value;
}

// "inspector_coverage" -> "InspectorCoverage", "inventory.dynamodb_table" ->
// "InventoryDynamodbTable" (Sids are alphanumeric).
std::string CamelCase(std::string_view name) {
  std::string out;
  bool upper = true;
  for (char c : name) {
    if (c == '_' || c == '.') {
      upper = true;
      continue;
    }
    out.push_back(upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c);
    upper = false;
  }
  return out;
}

nlohmann::json Statement(const std::string& sid, const std::set<std::string>& actions,
                         const nlohmann::json& resource) {
  return {{"Sid", sid}, {"Effect", "Allow"}, {"Action", actions}, {"Resource", resource}};
}

nlohmann::json Policy(const nlohmann::json& statements) {
  return {{"Version", kPolicyVersion}, {"Statement", statements}};
}

// The role ARNs the exporter assumes: explicit ones, the template with any account, discovery's.
std::set<std::string> AssumedRoles(const config::Config* config) {
  std::set<std::string> roles;
  if (config == nullptr) {
    roles.insert(std::string("arn:aws:iam::*:role/") + kDefaultMemberRoleName);
    return roles;
  }
  // Discovered accounts and the accounts collectors name use the template; listed accounts
  // whose role is the template's need no ARN of their own.
  const std::string templated = config::RoleArnFor(config->aws, "*");
  for (const config::Account& account : config->accounts) {
    if (account.role_arn.empty() ||
        account.role_arn == config::RoleArnFor(config->aws, account.id)) {
      continue;
    }
    roles.insert(account.role_arn);
  }
  if (!templated.empty()) roles.insert(templated);
  if (config->discovery.enabled && !config->discovery.role_arn.empty()) {
    roles.insert(config->discovery.role_arn);
  }
  return roles;
}

bool ReadsWithOwnCredentials(const config::Config* config) {
  if (config == nullptr) return false;
  for (const config::Account& account : config->accounts) {
    if (account.role_arn.empty()) return true;
  }
  return config->discovery.enabled && config::RoleArnFor(config->aws, "*").empty();
}

}  // namespace

const std::vector<std::string_view>& DiscoveryActions() {
  static const std::vector<std::string_view> actions = {"organizations:ListAccounts",
                                                        "organizations:ListAccountsForParent",
                                                        "organizations:ListChildren"};
  return actions;
}

nlohmann::json BuildIamPolicies(const std::vector<CollectorInfo>& collectors,
                                const config::Config* config, const Flags& flags) {
  nlohmann::json collector_statements = nlohmann::json::array();
  for (const CollectorInfo& info : collectors) {
    if (config != nullptr && !CollectorEnabled(info, *config, flags)) continue;
    // One statement per (where, option), so an option's actions can be dropped as a whole:
    // Sid "SgChanges", "SgChangesWhenRevert", "TgwSharesNamedAccountsWhenInventoryDynamodbTable".
    std::map<std::string, std::set<std::string>> statements;
    for (const AwsAction& action : info.aws_actions) {
      if (!OptionMatches(config, info, action)) continue;
      std::string sid = CamelCase(info.name);
      if (action.named_accounts) sid += "NamedAccounts";
      if (!action.option.empty()) sid += "When" + CamelCase(action.option);
      statements[sid].emplace(action.action);
    }
    for (const auto& [sid, actions] : statements) {
      collector_statements.push_back(Statement(sid, actions, "*"));
    }
  }
  // The HA lease (exporter/app/ha_lease.cpp) is read and written through the member role of the
  // account --ha.lease-account-id names, like a collector's table in a named account.
  if (config == nullptr || !flags.ha_lease_table.empty()) {
    collector_statements.push_back(
        Statement("HaLeaseNamedAccounts",
                  {"dynamodb:DeleteItem", "dynamodb:PutItem", "dynamodb:UpdateItem"}, "*"));
  }

  const bool discovery = config == nullptr || config->discovery.enabled;
  const bool discovery_role = config != nullptr && discovery && !config->discovery.role_arn.empty();
  std::set<std::string> discovery_actions;
  for (std::string_view action : DiscoveryActions()) discovery_actions.emplace(action);

  nlohmann::json hub_statements = nlohmann::json::array();
  hub_statements.push_back(
      Statement("AssumeMemberRoles", {"sts:AssumeRole"}, AssumedRoles(config)));
  if (discovery && !discovery_role) {
    hub_statements.push_back(Statement("DiscoverAccounts", discovery_actions, "*"));
  }
  if (ReadsWithOwnCredentials(config)) {
    for (const auto& statement : collector_statements) hub_statements.push_back(statement);
  }

  nlohmann::json out = {
      {"hub",
       {{"description",
         "The exporter's own identity (IRSA role or instance profile): assumes the member "
         "roles" +
             std::string(discovery && !discovery_role ? " and lists the organisation's accounts"
                                                      : "")},
        {"policy", Policy(hub_statements)}}},
      {"spoke",
       {{"description",
         "The role in every monitored account (and in the accounts collectors name, such as "
         "the Inspector administrator or a table's account), trusting the hub identity"},
        {"policy", Policy(collector_statements)}}},
  };
  if (discovery_role) {
    out["discovery"] = {
        {"description",
         "The role discovery.role_arn names, in the management or delegated "
         "administrator account"},
        {"policy",
         Policy(nlohmann::json::array({Statement("DiscoverAccounts", discovery_actions, "*")}))}};
  }
  return out;
}

std::set<std::string> AllPolicyActions(const nlohmann::json& policies) {
  std::set<std::string> actions;
  for (const auto& [role, entry] : policies.items()) {
    for (const auto& statement : entry.at("policy").at("Statement")) {
      for (const auto& action : statement.at("Action")) actions.insert(action.get<std::string>());
    }
  }
  return actions;
}

}  // namespace awsgov
