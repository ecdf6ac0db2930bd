#include "collectors/ipam/ipam_options.h"

#include <algorithm>

#include "exporter/config/config.h"
#include "exporter/config/errors.h"
#include "exporter/config/yaml_reader.h"

namespace awsgov::ipam {
namespace {

bool Contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

std::string CheckVpcId(std::string_view value) {
  if (value.starts_with("vpc-") && value.size() > 4) return "";
  return "invalid VPC id \"" + std::string(value) + "\" (want e.g. vpc-0abc1234)";
}

std::string CheckTagKey(std::string_view key) {
  if (!key.empty()) return "";
  return "empty tag key";
}

// A type named twice would query (and expose) everything twice.
void RemoveDuplicates(std::vector<std::string>* list) {
  std::vector<std::string> unique;
  for (auto& item : *list) {
    if (!Contains(unique, item)) unique.push_back(std::move(item));
  }
  *list = std::move(unique);
}

}  // namespace

bool IpamOptions::VpcIdSelected(const std::string& vpc_id) const {
  if (!include_vpc_ids.empty() && !Contains(include_vpc_ids, vpc_id)) return false;
  return !Contains(exclude_vpc_ids, vpc_id);
}

bool IpamOptions::VpcTagsSelected(const std::map<std::string, std::string>& tags) const {
  for (const auto& [key, value] : include_vpc_tags) {
    auto it = tags.find(key);
    if (it == tags.end() || it->second != value) return false;
  }
  for (const auto& [key, value] : exclude_vpc_tags) {
    auto it = tags.find(key);
    if (it != tags.end() && it->second == value) return false;
  }
  return true;
}

std::optional<IpamOptions> ParseIpamOptions(const config::CollectorConfig& collector,
                                            config::ErrorList* errors) {
  const std::size_t errors_before = errors->errors().size();
  IpamOptions options;
  config::MapReader reader(collector.options, collector.path, errors);

  if (reader.StringList("scope_types", &options.scope_types, {"private", "public"}) &&
      options.scope_types.empty()) {
    reader.Error("scope_types", "must name at least one scope type (private, public)");
  }
  if (reader.StringList("resource_types", &options.resource_types,
                        {"vpc", "subnet", "eip", "public-ipv4-pool", "ipv6-pool"}) &&
      options.resource_types.empty()) {
    reader.Error("resource_types", "must name at least one resource type");
  }
  reader.Bool("include_unmanaged_vpcs", &options.include_unmanaged_vpcs);
  reader.Bool("include_ipam", &options.include_ipam);
  reader.String("ipam_account_id", &options.ipam_account_id, [](std::string_view id) {
    return config::IsValidAccountId(id)
               ? std::string()
               : "invalid account id \"" + std::string(id) + "\" (want 12 digits)";
  });
  reader.StringList("include_vpc_ids", &options.include_vpc_ids, CheckVpcId);
  reader.StringList("exclude_vpc_ids", &options.exclude_vpc_ids, CheckVpcId);
  reader.StringMap("include_vpc_tags", &options.include_vpc_tags, CheckTagKey, {});
  reader.StringMap("exclude_vpc_tags", &options.exclude_vpc_tags, CheckTagKey, {});
  reader.Finish();
  RemoveDuplicates(&options.scope_types);
  RemoveDuplicates(&options.resource_types);

  if (errors->errors().size() != errors_before) return std::nullopt;
  return options;
}

}  // namespace awsgov::ipam
