// The CloudTrail parser over records shaped as AWS writes them for EC2 security-group calls.
#include "collectors/sg_changes/cloudtrail_event.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace awsgov::sg {
namespace {

using nlohmann::json;

json Identity(const std::string& kind) {
  if (kind == "root") {
    return json::parse(R"({"type": "Root", "principalId": "222222222222",
      "arn": "arn:aws:iam::222222222222:root", "accountId": "222222222222"})");
  }
  if (kind == "user") {
    return json::parse(R"({"type": "IAMUser", "principalId": "AIDAEXAMPLE",
      "arn": "arn:aws:iam::222222222222:user/alice", "accountId": "222222222222",
      "userName": "alice"})");
  }
  return json::parse(R"({"type": "AssumedRole", "principalId": "AROAEXAMPLE:bob@example.com",
    "arn": "arn:aws:sts::222222222222:assumed-role/AWSReservedSSO_Admin/bob@example.com",
    "accountId": "222222222222",
    "sessionContext": {"sessionIssuer": {"type": "Role", "userName": "AWSReservedSSO_Admin"}}})");
}

// An AuthorizeSecurityGroupIngress record as CloudTrail writes it; `permissions` are the
// requestParameters.ipPermissions items, `rules` the responseElements rule set.
json Record(const std::string& event_name, const json& permissions, const json& rules,
            const std::string& caller = "role") {
  json record = {
      {"eventVersion", "1.09"},
      {"userIdentity", Identity(caller)},
      {"eventTime", "2026-11-20T10:15:30Z"},
      {"eventSource", "ec2.amazonaws.com"},
      {"eventName", event_name},
      {"awsRegion", "eu-west-1"},
      {"sourceIPAddress", "198.51.100.7"},
      {"requestParameters", {{"groupId", "sg-0abc"}, {"ipPermissions", {{"items", permissions}}}}},
      {"responseElements",
       {{"requestId", "req-1"}, {"_return", true}, {"securityGroupRuleSet", {{"items", rules}}}}},
      {"requestID", "req-1"},
      {"eventID", "ev-1"},
      {"readOnly", false},
      {"eventType", "AwsApiCall"},
      {"managementEvent", true},
      {"recipientAccountId", "222222222222"},
  };
  return record;
}

std::vector<SgRuleChange> Parse(const json& record, EventSelection selection = {}) {
  std::vector<SgRuleChange> out;
  Status status = ParseCloudTrailRecord(record, selection, &out);
  EXPECT_TRUE(status.ok()) << status.ToString();
  return out;
}

struct ItemCase {
  const char* name;
  const char* permission;   // one ipPermissions item
  const char* rule;         // its securityGroupRuleSet item
  const char* protocol;     // expected
  const char* port_range;   // expected
  const char* source;       // expected
  const char* source_kind;  // expected
  bool is_public;
};

class OneItemTest : public ::testing::TestWithParam<ItemCase> {};

TEST_P(OneItemTest, ParsesProtocolPortsSourceAndRuleId) {
  const ItemCase& c = GetParam();
  json record = Record("AuthorizeSecurityGroupIngress", json::array({json::parse(c.permission)}),
                       json::array({json::parse(c.rule)}));
  std::vector<SgRuleChange> changes = Parse(record);
  ASSERT_EQ(changes.size(), 1u);
  const SgRuleChange& change = changes[0];
  EXPECT_EQ(change.id, "ev-1/0");
  EXPECT_EQ(change.event_id, "ev-1");
  EXPECT_EQ(change.event_time, 1795169730);  // 2026-11-20T10:15:30Z
  EXPECT_EQ(change.account_id, "222222222222");
  EXPECT_EQ(change.region, "eu-west-1");
  EXPECT_EQ(change.group_id, "sg-0abc");
  EXPECT_EQ(change.direction, "ingress");
  EXPECT_EQ(change.protocol, c.protocol);
  EXPECT_EQ(change.port_range, c.port_range);
  EXPECT_EQ(change.source, c.source);
  EXPECT_EQ(change.source_kind, c.source_kind);
  EXPECT_EQ(change.is_public, c.is_public);
  EXPECT_EQ(change.rule_id, "sgr-1");
}

INSTANTIATE_TEST_SUITE_P(
    Protocols, OneItemTest,
    ::testing::Values(
        ItemCase{"tcp_single_port_public",
                 R"({"ipProtocol": "tcp", "fromPort": 22, "toPort": 22,
                     "ipRanges": {"items": [{"cidrIp": "0.0.0.0/0"}]}})",
                 R"({"securityGroupRuleId": "sgr-1", "groupId": "sg-0abc", "isEgress": false,
                     "ipProtocol": "tcp", "fromPort": 22, "toPort": 22, "cidrIpv4": "0.0.0.0/0"})",
                 "tcp", "22", "0.0.0.0/0", "ipv4", true},
        ItemCase{"udp_range",
                 R"({"ipProtocol": "udp", "fromPort": 1024, "toPort": 65535,
                     "ipRanges": {"items": [{"cidrIp": "10.0.0.0/8", "description": "vpn"}]}})",
                 R"({"securityGroupRuleId": "sgr-1", "ipProtocol": "udp", "fromPort": 1024,
                     "toPort": 65535, "cidrIpv4": "10.0.0.0/8"})",
                 "udp", "1024-65535", "10.0.0.0/8", "ipv4", false},
        ItemCase{"icmp_echo",
                 R"({"ipProtocol": "icmp", "fromPort": 8, "toPort": 0,
                     "ipRanges": {"items": [{"cidrIp": "192.0.2.0/24"}]}})",
                 R"({"securityGroupRuleId": "sgr-1", "ipProtocol": "icmp", "fromPort": 8,
                     "toPort": 0, "cidrIpv4": "192.0.2.0/24"})",
                 "icmp", "type 8 code 0", "192.0.2.0/24", "ipv4", false},
        ItemCase{"icmp_all_types",
                 R"({"ipProtocol": "icmp", "fromPort": -1, "toPort": -1,
                     "ipRanges": {"items": [{"cidrIp": "192.0.2.0/24"}]}})",
                 R"({"securityGroupRuleId": "sgr-1", "ipProtocol": "icmp", "fromPort": -1,
                     "toPort": -1, "cidrIpv4": "192.0.2.0/24"})",
                 "icmp", "all", "192.0.2.0/24", "ipv4", false},
        ItemCase{"all_traffic_numeric_protocol",
                 R"({"ipProtocol": "-1", "ipRanges": {"items": [{"cidrIp": "0.0.0.0/0"}]}})",
                 R"({"securityGroupRuleId": "sgr-1", "ipProtocol": "-1", "fromPort": -1,
                     "toPort": -1, "cidrIpv4": "0.0.0.0/0"})",
                 "all", "all", "0.0.0.0/0", "ipv4", true},
        ItemCase{"protocol_number_6_is_tcp",
                 R"({"ipProtocol": "6", "fromPort": 443, "toPort": 443,
                     "ipRanges": {"items": [{"cidrIp": "203.0.113.0/24"}]}})",
                 R"({"securityGroupRuleId": "sgr-1", "ipProtocol": "tcp", "fromPort": 443,
                     "toPort": 443, "cidrIpv4": "203.0.113.0/24"})",
                 "tcp", "443", "203.0.113.0/24", "ipv4", false},
        ItemCase{"ipv6_open",
                 R"({"ipProtocol": "tcp", "fromPort": 80, "toPort": 80,
                     "ipv6Ranges": {"items": [{"cidrIpv6": "::/0"}]}})",
                 R"({"securityGroupRuleId": "sgr-1", "ipProtocol": "tcp", "fromPort": 80,
                     "toPort": 80, "cidrIpv6": "::/0"})",
                 "tcp", "80", "::/0", "ipv6", true},
        ItemCase{"prefix_list",
                 R"({"ipProtocol": "tcp", "fromPort": 443, "toPort": 443,
                     "prefixListIds": {"items": [{"prefixListId": "pl-0123"}]}})",
                 R"({"securityGroupRuleId": "sgr-1", "ipProtocol": "tcp", "fromPort": 443,
                     "toPort": 443, "prefixListId": "pl-0123"})",
                 "tcp", "443", "pl-0123", "prefix_list", false},
        ItemCase{"group_pair_other_account",
                 R"({"ipProtocol": "tcp", "fromPort": 5432, "toPort": 5432,
                     "groups": {"items": [{"groupId": "sg-0peer", "userId": "333333333333"}]}})",
                 R"({"securityGroupRuleId": "sgr-1", "ipProtocol": "tcp", "fromPort": 5432,
                     "toPort": 5432, "referencedGroupInfo": {"groupId": "sg-0peer",
                     "userId": "333333333333"}})",
                 "tcp", "5432", "333333333333/sg-0peer", "group", false},
        ItemCase{"group_pair_same_account",
                 R"({"ipProtocol": "tcp", "fromPort": 5432, "toPort": 5432,
                     "groups": {"items": [{"groupId": "sg-0app", "userId": "222222222222"}]}})",
                 R"({"securityGroupRuleId": "sgr-1", "ipProtocol": "tcp", "fromPort": 5432,
                     "toPort": 5432, "referencedGroupInfo": {"groupId": "sg-0app",
                     "userId": "222222222222"}})",
                 "tcp", "5432", "sg-0app", "group", false}),
    [](const ::testing::TestParamInfo<ItemCase>& info) { return info.param.name; });

TEST(CloudTrailEventTest, EverySourceOfEveryItemBecomesAChangeWithItsRuleId) {
  json permissions = json::parse(R"([
    {"ipProtocol": "tcp", "fromPort": 22, "toPort": 22,
     "ipRanges": {"items": [{"cidrIp": "10.0.0.0/8"}, {"cidrIp": "0.0.0.0/0"}]},
     "ipv6Ranges": {"items": [{"cidrIpv6": "2001:db8::/32"}]},
     "prefixListIds": {"items": [{"prefixListId": "pl-0aa"}]},
     "groups": {"items": [{"groupId": "sg-0src", "userId": "222222222222"}]}},
    {"ipProtocol": "udp", "fromPort": 53, "toPort": 53,
     "ipRanges": {"items": [{"cidrIp": "10.0.0.0/8"}]}}
  ])");
  // AWS's rule set in an order unlike the request's: matching is by content, not position.
  json rules = json::parse(R"([
    {"securityGroupRuleId": "sgr-udp", "ipProtocol": "udp", "fromPort": 53, "toPort": 53,
     "cidrIpv4": "10.0.0.0/8"},
    {"securityGroupRuleId": "sgr-grp", "ipProtocol": "tcp", "fromPort": 22, "toPort": 22,
     "referencedGroupInfo": {"groupId": "sg-0src", "userId": "222222222222"}},
    {"securityGroupRuleId": "sgr-open", "ipProtocol": "tcp", "fromPort": 22, "toPort": 22,
     "cidrIpv4": "0.0.0.0/0"},
    {"securityGroupRuleId": "sgr-ten", "ipProtocol": "tcp", "fromPort": 22, "toPort": 22,
     "cidrIpv4": "10.0.0.0/8"},
    {"securityGroupRuleId": "sgr-v6", "ipProtocol": "tcp", "fromPort": 22, "toPort": 22,
     "cidrIpv6": "2001:db8::/32"},
    {"securityGroupRuleId": "sgr-pl", "ipProtocol": "tcp", "fromPort": 22, "toPort": 22,
     "prefixListId": "pl-0aa"}
  ])");
  std::vector<SgRuleChange> changes =
      Parse(Record("AuthorizeSecurityGroupIngress", permissions, rules));
  ASSERT_EQ(changes.size(), 6u);
  const std::vector<std::vector<std::string>> want = {
      {"ev-1/0", "tcp", "22", "10.0.0.0/8", "ipv4", "sgr-ten"},
      {"ev-1/1", "tcp", "22", "0.0.0.0/0", "ipv4", "sgr-open"},
      {"ev-1/2", "tcp", "22", "2001:db8::/32", "ipv6", "sgr-v6"},
      {"ev-1/3", "tcp", "22", "pl-0aa", "prefix_list", "sgr-pl"},
      {"ev-1/4", "tcp", "22", "sg-0src", "group", "sgr-grp"},
      {"ev-1/5", "udp", "53", "10.0.0.0/8", "ipv4", "sgr-udp"},
  };
  for (std::size_t i = 0; i < want.size(); ++i) {
    const SgRuleChange& c = changes[i];
    EXPECT_EQ((std::vector<std::string>{c.id, c.protocol, c.port_range, c.source, c.source_kind,
                                        c.rule_id}),
              want[i])
        << "change " << i;
  }
  EXPECT_TRUE(changes[1].is_public);
  EXPECT_FALSE(changes[0].is_public);
}

TEST(CloudTrailEventTest, FailedCallIsSkipped) {
  json record = Record("AuthorizeSecurityGroupIngress",
                       json::parse(R"([{"ipProtocol": "tcp", "fromPort": 22, "toPort": 22,
                         "ipRanges": {"items": [{"cidrIp": "0.0.0.0/0"}]}}])"),
                       json::array());
  record["errorCode"] = "Client.InvalidPermission.Duplicate";
  record["errorMessage"] = "the specified rule already exists";
  record.erase("responseElements");
  EXPECT_TRUE(Parse(record).empty());
}

TEST(CloudTrailEventTest, CallerIsTheArnOfRootUserOrRoleSessionAndAccountIsTheRecipient) {
  json permissions = json::parse(R"([{"ipProtocol": "tcp", "fromPort": 22, "toPort": 22,
    "ipRanges": {"items": [{"cidrIp": "10.1.0.0/16"}]}}])");
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"root", "arn:aws:iam::222222222222:root"},
      {"user", "arn:aws:iam::222222222222:user/alice"},
      {"role", "arn:aws:sts::222222222222:assumed-role/AWSReservedSSO_Admin/bob@example.com"},
  };
  for (const auto& [caller, arn] : cases) {
    json record = Record("AuthorizeSecurityGroupIngress", permissions, json::array(), caller);
    // The caller may act from another account (a cross-account role); the group's account is
    // the recipient.
    record["userIdentity"]["accountId"] = "999999999999";
    std::vector<SgRuleChange> changes = Parse(record);
    ASSERT_EQ(changes.size(), 1u) << caller;
    EXPECT_EQ(changes[0].actor, arn);
    EXPECT_EQ(changes[0].account_id, "222222222222");
    EXPECT_EQ(changes[0].rule_id, "");  // no rule set returned
  }
  json service = Record("AuthorizeSecurityGroupIngress", permissions, json::array());
  service["userIdentity"] = {{"type", "AWSService"}, {"invokedBy", "ecs.amazonaws.com"}};
  EXPECT_EQ(Parse(service).at(0).actor, "AWSService:ecs.amazonaws.com");
}

TEST(CloudTrailEventTest, EgressAndModifyOnlyWhenSelected) {
  json permissions = json::parse(R"([{"ipProtocol": "tcp", "fromPort": 443, "toPort": 443,
    "ipRanges": {"items": [{"cidrIp": "0.0.0.0/0"}]}}])");
  json egress = Record("AuthorizeSecurityGroupEgress", permissions, json::array());
  EXPECT_TRUE(Parse(egress).empty());
  EventSelection with_egress;
  with_egress.egress = true;
  std::vector<SgRuleChange> changes = Parse(egress, with_egress);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].direction, "egress");

  json modify = Record("ModifySecurityGroupRules", json::array(), json::array());
  modify["requestParameters"] = json::parse(R"({"ModifySecurityGroupRulesRequest": {
    "GroupId": "sg-0mod",
    "SecurityGroupRule": [
      {"SecurityGroupRuleId": "sgr-0m1", "SecurityGroupRule": {"IpProtocol": "tcp",
       "FromPort": 3389, "ToPort": 3389, "CidrIpv4": "0.0.0.0/0", "Description": "rdp"}},
      {"SecurityGroupRuleId": "sgr-0m2", "SecurityGroupRule": {"IpProtocol": "-1",
       "PrefixListId": "pl-0bb"}}]}})");
  EXPECT_TRUE(Parse(modify).empty());
  EventSelection with_modify;
  with_modify.modify = true;
  changes = Parse(modify, with_modify);
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[0].group_id, "sg-0mod");
  EXPECT_EQ(changes[0].direction, "modified");
  EXPECT_EQ(changes[0].rule_id, "sgr-0m1");
  EXPECT_EQ(changes[0].port_range, "3389");
  EXPECT_TRUE(changes[0].is_public);
  EXPECT_EQ(changes[1].rule_id, "sgr-0m2");
  EXPECT_EQ(changes[1].protocol, "all");
  EXPECT_EQ(changes[1].source, "pl-0bb");
  EXPECT_EQ(changes[1].source_kind, "prefix_list");
  EXPECT_EQ(changes[1].id, "ev-1/1");

  // A single rule may be written as the object itself rather than a one-element list.
  modify["requestParameters"]["ModifySecurityGroupRulesRequest"]["SecurityGroupRule"] =
      json::parse(R"({"SecurityGroupRuleId": "sgr-0m3", "SecurityGroupRule": {
        "IpProtocol": "udp", "FromPort": 500, "ToPort": 500, "CidrIpv6": "::/0"}})");
  changes = Parse(modify, with_modify);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].rule_id, "sgr-0m3");
  EXPECT_EQ(changes[0].source_kind, "ipv6");
}

TEST(CloudTrailEventTest, MalformedRecordsAreParseErrorsNotCrashes) {
  std::vector<SgRuleChange> out;
  EventSelection selection;
  EXPECT_EQ(ParseCloudTrailRecordText("not json", selection, &out).code(), StatusCode::kParseError);
  EXPECT_EQ(ParseCloudTrailRecordText("[1]", selection, &out).code(), StatusCode::kParseError);
  json record = Record("AuthorizeSecurityGroupIngress", json::array(), json::array());
  record.erase("recipientAccountId");
  EXPECT_EQ(ParseCloudTrailRecord(record, selection, &out).code(), StatusCode::kParseError);
  // Wrong types inside the request are tolerated: nothing recognisable, nothing reported.
  record = Record("AuthorizeSecurityGroupIngress", json::array(), json::array());
  record["requestParameters"]["ipPermissions"] = "garbage";
  EXPECT_TRUE(ParseCloudTrailRecord(record, selection, &out).ok());
  EXPECT_TRUE(out.empty());
}

TEST(CloudTrailEventTest, IsoTimes) {
  std::int64_t t = 0;
  ASSERT_TRUE(ParseIsoTime("1970-01-02T00:00:01Z", &t));
  EXPECT_EQ(t, 86401);
  ASSERT_TRUE(ParseIsoTime("2026-11-20T10:15:30.123Z", &t));
  EXPECT_EQ(t, 1795169730);
  EXPECT_FALSE(ParseIsoTime("2026-11-20 10:15:30", &t));
  EXPECT_FALSE(ParseIsoTime("2026-13-20T10:15:30Z", &t));
  EXPECT_EQ(FormatIsoTime(1795169730), "2026-11-20T10:15:30Z");
}

}  // namespace
}  // namespace awsgov::sg
