// The `ami_references` collector's options (collectors.ami_references.options), parsed strictly.
// Thread-safety: AmiOptions is an immutable value once parsed.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace awsgov::config {
struct CollectorConfig;
class ErrorList;
}  // namespace awsgov::config

namespace awsgov::ami {

struct AmiOptions {
  // Accounts whose images are watched (the old tool's "AMI owner" accounts). Required.
  std::vector<std::string> owner_accounts;
  // false: each launch template's $Default and $Latest versions; true: every version.
  bool all_launch_template_versions = false;
  // Count references to images whose owner is not in owner_accounts (image_status="unknown").
  bool include_unknown_owners = false;
  // An image that no owner account lists (any more), that the exporter never saw listed and that
  // the consumer cannot see is reported as deregistered by this account. For the old tool's
  // setup (one image factory account); empty: such references are not attributed.
  std::string unresolved_images_owner;
  // OU and organisation launch permissions: membership of consumer accounts comes from
  // Organizations (ListParents, DescribeOrganization) called in this account, or from the static
  // organization_id / account_parents below. Without either, such a permission is taken to
  // cover every consumer (no false alarm without evidence).
  std::string organizations_account_id;
  std::string organization_id;
  std::map<std::string, std::vector<std::string>> account_parents;  // account -> OU/root ids
  // Pace of DescribeImageAttribute(launchPermission) calls per owner account and region; AWS
  // has no batched form, so only images referenced from another account are looked up.
  double launch_permission_lookups_per_second = 5;

  bool IsOwner(const std::string& account_id) const;
};

// Reads `collector.options`; problems go to `errors` (file, line, column, key path), then nullopt.
std::optional<AmiOptions> ParseAmiOptions(const config::CollectorConfig& collector,
                                          config::ErrorList* errors);

}  // namespace awsgov::ami
