// --print-iam-policy: the least-privilege IAM policies for a configuration, built from the AWS
// actions each collector declares (CollectorInfo::aws_actions) and the exporter's own calls.
//   hub:       the exporter's own identity (IRSA role, instance profile): sts:AssumeRole on the
//              member roles, Organizations listing for discovery (unless discovery assumes a
//              role), and the collectors' actions when an account is read with these credentials
//              (assume_role: false).
//   spoke:     the role in every monitored account (and in the accounts collectors name, such as
//              the Inspector administrator or a table's account): one statement per collector.
//   discovery: only when discovery.role_arn is set: that role's Organizations listing.
// Thread-safety: pure functions.
#pragma once

#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "exporter/app/flags.h"
#include "exporter/config/config.h"
#include "exporter/core/collector.h"

namespace awsgov {

// The spoke role name the example templates (deploy/iam/) create, used for the AssumeRole
// resource when no configuration is given.
inline constexpr const char* kDefaultMemberRoleName = "awsgov-exporter";

// The exporter's own Organizations calls for accounts discovery (exporter/aws/discovery.cpp).
const std::vector<std::string_view>& DiscoveryActions();

// `config` null: every collector with every option, discovery on, the default role name.
// Otherwise the collectors enabled by `config` and `flags` (as at run time) with the options set.
nlohmann::json BuildIamPolicies(const std::vector<CollectorInfo>& collectors,
                                const config::Config* config, const Flags& flags);

// Every action in the policies BuildIamPolicies returns (all roles), for tests and docs.
std::set<std::string> AllPolicyActions(const nlohmann::json& policies);

}  // namespace awsgov
