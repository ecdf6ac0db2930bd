#include "exporter/config/checks.h"

#include <algorithm>

#include "exporter/config/config.h"

namespace awsgov::config {
namespace {

std::string Quote(std::string_view text) { return "\"" + std::string(text) + "\""; }

bool IsLowerAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

bool AllLowerAlnum(std::string_view text, std::size_t min, std::size_t max) {
  return text.size() >= min && text.size() <= max &&
         std::all_of(text.begin(), text.end(), IsLowerAlnum);
}

}  // namespace

StringCheck AccountIdCheck() {
  return [](std::string_view value) -> std::string {
    if (IsValidAccountId(value)) return "";
    return "invalid account id " + Quote(value) + " (want exactly 12 digits)";
  };
}

StringCheck RegionCheck() {
  return [](std::string_view value) -> std::string {
    if (IsValidRegion(value)) return "";
    return "invalid region " + Quote(value) + " (want e.g. eu-west-1)";
  };
}

StringCheck RoleArnCheck() {
  return [](std::string_view value) -> std::string {
    if (IsValidRoleArn(value)) return "";
    return "invalid role ARN " + Quote(value) + " (want arn:aws:iam::<12 digits>:role/<name>)";
  };
}

StringCheck UrlCheck() {
  return [](std::string_view value) -> std::string {
    std::string_view rest = value;
    const bool has_scheme = rest.starts_with("http://") || rest.starts_with("https://");
    if (has_scheme) rest.remove_prefix(rest.find("//") + 2);
    const bool has_host = !rest.empty() && rest.front() != '/' && rest.front() != ':';
    const bool has_space = value.find_first_of(" \t\r\n") != std::string_view::npos;
    if (has_scheme && has_host && !has_space) return "";
    return "invalid URL " + Quote(value) + " (want http://host[:port] or https://host[:port])";
  };
}

StringCheck OrganizationalUnitCheck() {
  return [](std::string_view value) -> std::string {
    // Organizations' patterns: ^r-[0-9a-z]{4,32}$ and ^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$.
    bool ok = false;
    if (value.starts_with("r-")) {
      ok = AllLowerAlnum(value.substr(2), 4, 32);
    } else if (value.starts_with("ou-")) {
      const std::string_view rest = value.substr(3);
      const std::size_t dash = rest.find('-');
      ok = dash != std::string_view::npos && AllLowerAlnum(rest.substr(0, dash), 4, 32) &&
           AllLowerAlnum(rest.substr(dash + 1), 8, 32);
    }
    if (ok) return "";
    return "invalid organizational unit id " + Quote(value) +
           " (want ou-<root>-<8 or more characters> or r-<root>)";
  };
}

StringCheck ServiceIdCheck() {
  return [](std::string_view value) -> std::string {
    const bool ok =
        !value.empty() && value.front() != '-' && value.back() != '-' &&
        std::all_of(value.begin(), value.end(), [](char c) { return IsLowerAlnum(c) || c == '-'; });
    if (ok) return "";
    return "invalid service id " + Quote(value) + " (want a lower-case service id, e.g. ec2)";
  };
}

StringCheck NonEmptyCheck() {
  return [](std::string_view value) -> std::string {
    return value.empty() ? "must not be empty" : "";
  };
}

StringCheck UniqueCheck(const std::string& what, StringCheck check) {
  auto seen = std::make_shared<std::set<std::string, std::less<>>>();
  return [what, check = std::move(check), seen](std::string_view value) -> std::string {
    if (check) {
      std::string problem = check(value);
      if (!problem.empty()) return problem;
    }
    if (!seen->emplace(value).second) return "duplicate " + what + " " + Quote(value);
    return "";
  };
}

}  // namespace awsgov::config
