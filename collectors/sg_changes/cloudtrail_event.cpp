#include "collectors/sg_changes/cloudtrail_event.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <ctime>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace awsgov::sg {
namespace {

using nlohmann::json;

constexpr std::string_view kIngress = "AuthorizeSecurityGroupIngress";
constexpr std::string_view kEgress = "AuthorizeSecurityGroupEgress";
constexpr std::string_view kModify = "ModifySecurityGroupRules";

std::string StringAt(const json& object, const char* key) {
  if (!object.is_object()) return "";
  auto it = object.find(key);
  if (it == object.end() || !it->is_string()) return "";
  return it->get<std::string>();
}

// CloudTrail writes ports as numbers, but a hand-written or older record may quote them.
std::optional<long long> IntAt(const json& object, const char* key) {
  if (!object.is_object()) return std::nullopt;
  auto it = object.find(key);
  if (it == object.end()) return std::nullopt;
  if (it->is_number_integer()) return it->get<long long>();
  if (it->is_string()) {
    const std::string text = it->get<std::string>();
    long long value = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error == std::errc() && end == text.data() + text.size()) return value;
  }
  return std::nullopt;
}

// EC2's XML-derived lists appear in CloudTrail as {"items": [...]}; newer APIs write plain arrays
// or, for one element, the object itself.
std::vector<json> Items(const json& node) {
  if (node.is_array()) return std::vector<json>(node.begin(), node.end());
  if (node.is_object()) {
    auto it = node.find("items");
    if (it != node.end() && it->is_array()) return std::vector<json>(it->begin(), it->end());
    if (it == node.end() && !node.empty()) return {node};
  }
  return {};
}

const json& Child(const json& object, const char* key) {
  static const json kNull;
  if (!object.is_object()) return kNull;
  auto it = object.find(key);
  return it == object.end() ? kNull : *it;
}

std::string NormalizeProtocol(std::string protocol) {
  std::transform(protocol.begin(), protocol.end(), protocol.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (protocol == "-1" || protocol.empty()) return "all";
  if (protocol == "6") return "tcp";
  if (protocol == "17") return "udp";
  if (protocol == "1") return "icmp";
  if (protocol == "58") return "icmpv6";
  return protocol;
}

std::string PortRange(const std::string& protocol, std::optional<long long> from,
                      std::optional<long long> to) {
  if (protocol == "icmp" || protocol == "icmpv6") {
    // For ICMP the "ports" are the type and the code.
    if (!from || *from == -1) return "all";
    if (!to || *to == -1) return "type " + std::to_string(*from);
    return "type " + std::to_string(*from) + " code " + std::to_string(*to);
  }
  if (protocol != "tcp" && protocol != "udp") return "all";  // ports do not apply
  if (!from || *from == -1) return "all";
  const long long last = to && *to != -1 ? *to : *from;
  if (last == *from) return std::to_string(*from);
  return std::to_string(*from) + "-" + std::to_string(last);
}

std::string Actor(const json& identity) {
  std::string arn = StringAt(identity, "arn");
  if (!arn.empty()) return arn;
  std::string type = StringAt(identity, "type");
  std::string invoked_by = StringAt(identity, "invokedBy");
  if (!invoked_by.empty()) return type + ":" + invoked_by;
  std::string principal = StringAt(identity, "principalId");
  if (principal.empty()) principal = StringAt(identity, "accountId");
  if (type.empty() && principal.empty()) return "unknown";
  return type + ":" + principal;
}

struct Source {
  std::string kind;
  std::string value;
};

std::string GroupSource(const std::string& group_id, const std::string& owner,
                        const std::string& account_id) {
  if (owner.empty() || owner == account_id) return group_id;
  return owner + "/" + group_id;
}

// The sources of one EC2-style permission item (ipRanges, ipv6Ranges, prefixListIds, groups),
// in that order, every item of each.
std::vector<Source> PermissionSources(const json& permission, const std::string& account_id) {
  std::vector<Source> sources;
  for (const json& range : Items(Child(permission, "ipRanges"))) {
    sources.push_back({"ipv4", StringAt(range, "cidrIp")});
  }
  for (const json& range : Items(Child(permission, "ipv6Ranges"))) {
    sources.push_back({"ipv6", StringAt(range, "cidrIpv6")});
  }
  for (const json& list : Items(Child(permission, "prefixListIds"))) {
    sources.push_back({"prefix_list", StringAt(list, "prefixListId")});
  }
  for (const json& group : Items(Child(permission, "groups"))) {
    std::string id = StringAt(group, "groupId");
    if (id.empty()) id = StringAt(group, "groupName");
    sources.push_back({"group", GroupSource(id, StringAt(group, "userId"), account_id)});
  }
  return sources;
}

// One rule AWS reports in responseElements.securityGroupRuleSet, keyed like a request source.
struct ReturnedRule {
  std::string id;
  std::string protocol;
  std::string port_range;
  std::string source;
  bool used = false;
};

std::vector<ReturnedRule> ReturnedRules(const json& response, const std::string& account_id) {
  std::vector<ReturnedRule> rules;
  for (const json& rule : Items(Child(response, "securityGroupRuleSet"))) {
    ReturnedRule r;
    r.id = StringAt(rule, "securityGroupRuleId");
    r.protocol = NormalizeProtocol(StringAt(rule, "ipProtocol"));
    r.port_range = PortRange(r.protocol, IntAt(rule, "fromPort"), IntAt(rule, "toPort"));
    if (std::string v = StringAt(rule, "cidrIpv4"); !v.empty()) {
      r.source = v;
    } else if (std::string v6 = StringAt(rule, "cidrIpv6"); !v6.empty()) {
      r.source = v6;
    } else if (std::string pl = StringAt(rule, "prefixListId"); !pl.empty()) {
      r.source = pl;
    } else {
      const json& group = Child(rule, "referencedGroupInfo");
      r.source = GroupSource(StringAt(group, "groupId"), StringAt(group, "userId"), account_id);
    }
    rules.push_back(std::move(r));
  }
  return rules;
}

std::string TakeRuleId(std::vector<ReturnedRule>* rules, const SgRuleChange& change) {
  for (ReturnedRule& rule : *rules) {
    if (!rule.used && rule.protocol == change.protocol && rule.port_range == change.port_range &&
        rule.source == change.source) {
      rule.used = true;
      return rule.id;
    }
  }
  return "";
}

bool IsPublic(const std::string& source) { return source == "0.0.0.0/0" || source == "::/0"; }

void AddChange(SgRuleChange change, const Source& source, std::vector<SgRuleChange>* out) {
  change.source_kind = source.kind;
  change.source = source.value;
  change.is_public = IsPublic(source.value);
  out->push_back(std::move(change));
}

// AuthorizeSecurityGroupIngress / Egress: requestParameters {groupId, ipPermissions {items}}.
void ParseAuthorize(const json& record, const SgRuleChange& base, std::vector<SgRuleChange>* out) {
  const json& request = Child(record, "requestParameters");
  SgRuleChange common = base;
  common.group_id = StringAt(request, "groupId");
  if (common.group_id.empty()) common.group_id = StringAt(request, "groupName");
  std::vector<ReturnedRule> returned =
      ReturnedRules(Child(record, "responseElements"), base.account_id);
  for (const json& permission : Items(Child(request, "ipPermissions"))) {
    SgRuleChange item = common;
    item.protocol = NormalizeProtocol(StringAt(permission, "ipProtocol"));
    if (item.protocol == "all" && !permission.contains("ipProtocol")) continue;
    item.port_range =
        PortRange(item.protocol, IntAt(permission, "fromPort"), IntAt(permission, "toPort"));
    for (const Source& source : PermissionSources(permission, base.account_id)) {
      AddChange(item, source, out);
      out->back().rule_id = TakeRuleId(&returned, out->back());
    }
  }
}

// ModifySecurityGroupRules: requestParameters.ModifySecurityGroupRulesRequest {GroupId,
// SecurityGroupRule: one or a list of {SecurityGroupRuleId, SecurityGroupRule {IpProtocol,
// FromPort, ToPort, CidrIpv4 | CidrIpv6 | PrefixListId | ReferencedGroupId}}}.
void ParseModify(const json& record, const SgRuleChange& base, std::vector<SgRuleChange>* out) {
  const json& request =
      Child(Child(record, "requestParameters"), "ModifySecurityGroupRulesRequest");
  for (const json& update : Items(Child(request, "SecurityGroupRule"))) {
    const json& rule = Child(update, "SecurityGroupRule");
    SgRuleChange change = base;
    change.group_id = StringAt(request, "GroupId");
    change.rule_id = StringAt(update, "SecurityGroupRuleId");
    change.protocol = NormalizeProtocol(StringAt(rule, "IpProtocol"));
    change.port_range = PortRange(change.protocol, IntAt(rule, "FromPort"), IntAt(rule, "ToPort"));
    Source source;
    if (std::string v = StringAt(rule, "CidrIpv4"); !v.empty()) {
      source = {"ipv4", v};
    } else if (std::string v6 = StringAt(rule, "CidrIpv6"); !v6.empty()) {
      source = {"ipv6", v6};
    } else if (std::string pl = StringAt(rule, "PrefixListId"); !pl.empty()) {
      source = {"prefix_list", pl};
    } else {
      source = {"group", StringAt(rule, "ReferencedGroupId")};
    }
    AddChange(std::move(change), source, out);
  }
}

}  // namespace

bool EventSelection::Selects(std::string_view event_name) const {
  return (ingress && event_name == kIngress) || (egress && event_name == kEgress) ||
         (modify && event_name == kModify);
}

std::vector<std::string_view> SelectedEventNames(const EventSelection& selection) {
  std::vector<std::string_view> names;
  if (selection.ingress) names.push_back(kIngress);
  if (selection.egress) names.push_back(kEgress);
  if (selection.modify) names.push_back(kModify);
  return names;
}

bool ParseIsoTime(std::string_view text, std::int64_t* out) {
  int year, month, day, hour, minute, second;
  std::string copy(text);
  int consumed = 0;
  if (std::sscanf(copy.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &year, &month, &day, &hour, &minute,
                  &second, &consumed) != 6) {
    return false;
  }
  std::string_view rest = text.substr(static_cast<std::size_t>(consumed));
  if (!rest.empty() && rest.front() == '.') {
    std::size_t digits = 1;
    while (digits < rest.size() && std::isdigit(static_cast<unsigned char>(rest[digits]))) {
      ++digits;
    }
    rest.remove_prefix(digits);
  }
  if (rest != "Z" && rest != "+00:00") return false;
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) {
    return false;
  }
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  *out = static_cast<std::int64_t>(timegm(&tm));
  return true;
}

std::string FormatIsoTime(std::int64_t seconds) {
  std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

Status ParseCloudTrailRecord(const json& record, const EventSelection& selection,
                             std::vector<SgRuleChange>* out) {
  if (!record.is_object()) return ParseError("CloudTrail record is not a JSON object");
  SgRuleChange base;
  base.event_id = StringAt(record, "eventID");
  base.event_name = StringAt(record, "eventName");
  base.account_id = StringAt(record, "recipientAccountId");
  base.region = StringAt(record, "awsRegion");
  const std::string time = StringAt(record, "eventTime");
  if (base.event_id.empty() || base.event_name.empty() || base.account_id.empty() ||
      !ParseIsoTime(time, &base.event_time)) {
    return ParseError("CloudTrail record \"" + base.event_id +
                      "\" lacks eventID, eventName, recipientAccountId or a valid eventTime");
  }
  if (!selection.Selects(base.event_name)) return Status::Ok();
  if (record.contains("errorCode")) return Status::Ok();  // the call failed: nothing changed
  base.actor = Actor(Child(record, "userIdentity"));

  const std::size_t first = out->size();
  if (base.event_name == kModify) {
    base.direction = "modified";
    ParseModify(record, base, out);
  } else {
    base.direction = base.event_name == kEgress ? "egress" : "ingress";
    ParseAuthorize(record, base, out);
  }
  for (std::size_t i = first; i < out->size(); ++i) {
    (*out)[i].id = base.event_id + "/" + std::to_string(i - first);
  }
  return Status::Ok();
}

Status ParseCloudTrailRecordText(std::string_view text, const EventSelection& selection,
                                 std::vector<SgRuleChange>* out) {
  json record = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (record.is_discarded()) return ParseError("CloudTrail record is not valid JSON");
  return ParseCloudTrailRecord(record, selection, out);
}

}  // namespace awsgov::sg
