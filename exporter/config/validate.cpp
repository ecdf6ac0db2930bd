// Shape checks for AWS identifiers written in the config, and role ARN resolution.
#include <algorithm>
#include <vector>

#include "exporter/config/config.h"

namespace awsgov::config {
namespace {

bool AllOf(std::string_view text, bool (*pred)(char)) {
  return !text.empty() && std::all_of(text.begin(), text.end(), pred);
}
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
// IAM names and paths: letters, digits and +=,.@_- (paths add '/').
bool IsIamNameChar(char c) {
  return IsDigit(c) || IsLower(c) || (c >= 'A' && c <= 'Z') ||
         std::string_view("+=,.@_-").find(c) != std::string_view::npos;
}
bool IsIamPathChar(char c) { return c == '/' || IsIamNameChar(c); }

std::vector<std::string_view> Split(std::string_view text, char sep) {
  std::vector<std::string_view> parts;
  while (true) {
    const std::size_t at = text.find(sep);
    parts.push_back(text.substr(0, at));
    if (at == std::string_view::npos) return parts;
    text.remove_prefix(at + 1);
  }
}

// "aws", "aws-cn", "aws-us-gov", "aws-iso-b", ...
bool IsValidPartition(std::string_view partition) {
  const std::vector<std::string_view> parts = Split(partition, '-');
  return parts[0] == "aws" && std::all_of(parts.begin() + 1, parts.end(),
                                          [](std::string_view p) { return AllOf(p, IsLower); });
}

}  // namespace

bool IsValidAccountId(std::string_view id) { return id.size() == 12 && AllOf(id, IsDigit); }

// <area>-[<qualifiers>-]<direction>-<number>: eu-west-1, us-gov-west-1, cn-north-1,
// il-central-1, ap-southeast-5, us-isob-east-1, eusc-de-east-1. A shape, not a list, so that new
// regions work without a release; every region so far ends in a compass direction, which catches
// typos such as eu-wset-1. Rejects availability zones (eu-west-1a) and upper case.
bool IsValidRegion(std::string_view region) {
  static constexpr std::string_view kDirections[] = {"east",      "west",      "north",
                                                     "south",     "central",   "northeast",
                                                     "northwest", "southeast", "southwest"};
  const std::vector<std::string_view> parts = Split(region, '-');
  if (parts.size() < 3 || parts.size() > 5) return false;
  if (parts.front().size() < 2 || parts.front().size() > 4 || !AllOf(parts.front(), IsLower)) {
    return false;
  }
  for (std::size_t i = 1; i + 2 < parts.size(); ++i) {
    if (parts[i].size() > 8 || !AllOf(parts[i], IsLower)) return false;
  }
  const std::string_view direction = parts[parts.size() - 2];
  return std::find(std::begin(kDirections), std::end(kDirections), direction) !=
             std::end(kDirections) &&
         parts.back().size() <= 2 && AllOf(parts.back(), IsDigit);
}

bool IsValidRoleArn(std::string_view arn) {
  // arn:partition:iam::account:role/path/name — split into exactly six fields.
  const std::vector<std::string_view> fields = Split(arn, ':');
  if (fields.size() != 6 || fields[0] != "arn" || !IsValidPartition(fields[1]) ||
      fields[2] != "iam" || !fields[3].empty() || !IsValidAccountId(fields[4])) {
    return false;
  }
  std::string_view resource = fields[5];
  if (!resource.starts_with("role/")) return false;
  resource.remove_prefix(5);
  const std::size_t slash = resource.rfind('/');
  const std::string_view name =
      slash == std::string_view::npos ? resource : resource.substr(slash + 1);
  return name.size() <= 64 && AllOf(name, IsIamNameChar) && AllOf(resource, IsIamPathChar);
}

std::string RoleArnFor(const Aws& aws, std::string_view account_id) {
  if (!aws.role_arn_template.empty()) {
    static constexpr std::string_view kPlaceholder = "{account_id}";
    std::string arn = aws.role_arn_template;
    for (std::size_t at = arn.find(kPlaceholder); at != std::string::npos;
         at = arn.find(kPlaceholder, at + account_id.size())) {
      arn.replace(at, kPlaceholder.size(), account_id);
    }
    return arn;
  }
  if (!aws.role_name.empty()) {
    return "arn:aws:iam::" + std::string(account_id) + ":role/" + aws.role_name;
  }
  return {};
}

}  // namespace awsgov::config
