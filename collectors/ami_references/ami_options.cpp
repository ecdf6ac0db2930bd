#include "collectors/ami_references/ami_options.h"

#include <algorithm>

#include "exporter/config/checks.h"
#include "exporter/config/config.h"
#include "exporter/config/errors.h"
#include "exporter/config/yaml_reader.h"

namespace awsgov::ami {
namespace {

std::string CheckOrganizationId(std::string_view id) {
  if (id.size() >= 12 && id.starts_with("o-")) return "";
  return "invalid organization id \"" + std::string(id) + "\" (want e.g. o-a1b2c3d4e5)";
}

void ReadAccountParents(config::MapReader& reader, AmiOptions* options) {
  if (!reader.Has("account_parents")) return;
  config::MapReader parents = reader.Map("account_parents");
  std::vector<std::string> accounts;
  parents.ForEach([&](const std::string& key, const YAML::Node&) { accounts.push_back(key); });
  const config::StringCheck account_check = config::AccountIdCheck();
  for (const std::string& account : accounts) {
    if (std::string problem = account_check(account); !problem.empty()) {
      parents.Error(account, problem);
      continue;
    }
    std::vector<std::string> ids;
    if (parents.StringList(account, &ids, config::OrganizationalUnitCheck())) {
      options->account_parents[account] = std::move(ids);
    }
  }
  parents.Finish();
}

}  // namespace

bool AmiOptions::IsOwner(const std::string& account_id) const {
  return std::find(owner_accounts.begin(), owner_accounts.end(), account_id) !=
         owner_accounts.end();
}

std::optional<AmiOptions> ParseAmiOptions(const config::CollectorConfig& collector,
                                          config::ErrorList* errors) {
  const std::size_t errors_before = errors->errors().size();
  AmiOptions options;
  config::MapReader reader(collector.options, collector.path, errors);

  reader.Required("owner_accounts");
  if (reader.StringList("owner_accounts", &options.owner_accounts,
                        config::UniqueCheck("owner account", config::AccountIdCheck())) &&
      options.owner_accounts.empty()) {
    reader.Error("owner_accounts", "must name at least one account that owns shared images");
  }
  std::string versions = "default_and_latest";
  reader.Enum("launch_template_versions", &versions, {"default_and_latest", "all"});
  options.all_launch_template_versions = versions == "all";
  reader.Bool("include_unknown_owners", &options.include_unknown_owners);
  reader.String("unresolved_images_owner", &options.unresolved_images_owner,
                config::AccountIdCheck());
  reader.String("organizations_account_id", &options.organizations_account_id,
                config::AccountIdCheck());
  reader.String("organization_id", &options.organization_id, CheckOrganizationId);
  ReadAccountParents(reader, &options);
  reader.Double("launch_permission_lookups_per_second",
                &options.launch_permission_lookups_per_second, 0.1, 100);
  reader.Finish();

  if (errors->errors().size() != errors_before) return std::nullopt;
  return options;
}

}  // namespace awsgov::ami
