// The pure rules of the tgw_shares collector: which attachment states connect, which principal
// is attached, the three inventory checks per gateway, and principal expansion.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "collectors/tgw_shares/evaluate.h"
#include "collectors/tgw_shares/inventory.h"
#include "collectors/tgw_shares/principals.h"
#include "collectors/tgw_shares/tgw_metrics.h"
#include "collectors/tgw_shares/transit_gateways.h"

namespace awsgov::tgw {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr const char* kHub = "111111111111";

Attachment Vpc(const std::string& owner, const std::string& vpc, const std::string& state) {
  return {"tgw-attach-" + vpc, "tgw-1", owner, "vpc", vpc, state};
}

InventoryItem Item(const std::string& type, const std::string& account, const std::string& id) {
  return {"tgw-1", type, account, id, ""};
}

TEST(TgwEvaluateTest, LiveStatesAreThoseThatConnectOrWillConnect) {
  for (const char* live : {"available", "pending", "pendingAcceptance", "modifying", "initiating",
                           "initiatingRequest", "rollingBack"}) {
    EXPECT_TRUE(AttachmentIsLive(live)) << live;
  }
  for (const char* dead : {"deleted", "deleting", "failed", "failing", "rejected", "rejecting"}) {
    EXPECT_FALSE(AttachmentIsLive(dead)) << dead;
  }
}

TEST(TgwEvaluateTest, PrincipalWithADeletedAttachmentOnlyIsUnattached) {
  TgwState tgw{"tgw-1", kHub, {}, {Vpc("222222222222", "vpc-2", "deleted")}};
  tgw.attachments.push_back(Vpc("333333333333", "vpc-3", "pending"));
  EXPECT_FALSE(OwnsLiveAttachment(tgw, "222222222222"));
  EXPECT_TRUE(OwnsLiveAttachment(tgw, "333333333333"));
  EXPECT_FALSE(OwnsLiveAttachment(tgw, "444444444444"));
}

TEST(TgwEvaluateTest, SamplesForPrincipalsAndAttachmentCounts) {
  TgwState tgw{
      "tgw-1",
      kHub,
      {{"arn:share", "222222222222", "ASSOCIATED"}, {"arn:share", "333333333333", "ASSOCIATING"}},
      {Vpc("222222222222", "vpc-2a", "available"), Vpc("222222222222", "vpc-2b", "available"),
       Vpc("222222222222", "vpc-2c", "deleted")}};
  Result result;
  AddShareSamples(kHub, "eu-west-1", tgw, &result);
  ASSERT_EQ(result.families().size(), 2u);
  const Family& principals = result.families()[0];
  EXPECT_EQ(principals.desc, &kSharePrincipalAttached);
  ASSERT_EQ(principals.samples.size(), 2u);
  EXPECT_THAT(principals.samples[0].label_values,
              ElementsAre(kHub, "eu-west-1", "tgw-1", "arn:share", "222222222222", "ASSOCIATED"));
  EXPECT_EQ(principals.samples[0].value, 1);
  EXPECT_EQ(principals.samples[1].label_values[5], "ASSOCIATING");
  EXPECT_EQ(principals.samples[1].value, 0);
  const Family& counts = result.families()[1];
  ASSERT_EQ(counts.samples.size(), 2u);
  EXPECT_THAT(counts.samples[0].label_values,
              ElementsAre(kHub, "eu-west-1", "tgw-1", "222222222222", "vpc", "available"));
  EXPECT_EQ(counts.samples[0].value, 2);
  EXPECT_EQ(counts.samples[1].label_values[5], "deleted");
  EXPECT_EQ(counts.samples[1].value, 1);
}

TEST(TgwEvaluateTest, HubVpcAndVpnItemsAndAllThreeMismatchKinds) {
  TgwState tgw{"tgw-1",
               kHub,
               {{"arn:share", "222222222222", "ASSOCIATED"},
                {"arn:share", "333333333333", "ASSOCIATING"},
                {"arn:share", "555555555555", "FAILED"}},
               {Vpc(kHub, "vpc-hub", "available"),
                Vpc("222222222222", "vpc-2", "available"),
                Vpc("222222222222", "vpc-rogue", "available"),
                Vpc("333333333333", "vpc-3", "rejected"),
                {"tgw-attach-vpn", "tgw-1", kHub, "vpn", "vpn-1", "available"}}};
  std::vector<InventoryItem> items = {
      Item("hub", kHub, "vpc-hub"),          // attached: fine; the hub needs no share
      Item("vpn", kHub, "vpn-1"),            // expects no VPC attachment
      Item("vpc", "222222222222", "vpc-2"),  // attached and a principal: fine
      Item("vpc", "333333333333", "vpc-3"),  // rejected: missing; invitation pending: shared
      Item("vpc", "555555555555", "vpc-5"),  // FAILED association: missing share and VPC
  };
  EXPECT_THAT(FindMismatches(tgw, items),
              ElementsAre(Mismatch{"missing_attachment", "vpc-3", "333333333333"},
                          Mismatch{"missing_attachment", "vpc-5", "555555555555"},
                          Mismatch{"missing_share", "", "555555555555"},
                          Mismatch{"unexpected_attachment", "vpc-rogue", "222222222222"}));
}

TEST(TgwEvaluateTest, ItemOfAGatewayThatNoLongerExistsIsMissingEverything) {
  TgwState gone{"tgw-gone", kHub, {}, {}};
  std::vector<InventoryItem> items = {{"tgw-gone", "hub", kHub, "vpc-hub", "10.0.0.0/16"},
                                      {"tgw-gone", "vpc", "222222222222", "vpc-2", "10.2.0.0/16"}};
  Result result;
  AddMismatchSamples(kHub, "eu-west-1", gone, items, &result);
  ASSERT_EQ(result.families().size(), 1u);
  const auto& samples = result.families()[0].samples;
  ASSERT_EQ(samples.size(), 3u);
  EXPECT_THAT(samples[0].label_values, ElementsAre(kHub, "eu-west-1", "tgw-gone",
                                                   "missing_attachment", "vpc-2", "222222222222"));
  EXPECT_THAT(samples[1].label_values,
              ElementsAre(kHub, "eu-west-1", "tgw-gone", "missing_attachment", "vpc-hub", kHub));
  EXPECT_THAT(samples[2].label_values,
              ElementsAre(kHub, "eu-west-1", "tgw-gone", "missing_share", "", "222222222222"));
}

TEST(TgwEvaluateTest, DynamoDbItemsInTheOldSchema) {
  InventoryItem item;
  std::string problem;
  ASSERT_TRUE(ParseDynamoDbItem(nlohmann::json::parse(R"({
    "TransitGatewayId": {"S": "tgw-1"}, "Cidr": {"S": "10.0.0.0/16"},
    "ResourceType": {"S": "HUB"}, "Account": {"N": "111111111111"},
    "ResourceId": {"S": "vpc-hub"},
    "Configuration": {"S": "{\"resourceShareArn\": \"arn:aws:ram:...\"}"}})"),
                                &item, &problem));
  EXPECT_EQ(item, (InventoryItem{"tgw-1", "hub", kHub, "vpc-hub", "10.0.0.0/16"}));
  EXPECT_TRUE(item.ExpectsVpcAttachment());
  EXPECT_FALSE(ParseDynamoDbItem(nlohmann::json::parse(R"({"Cidr": {"S": "10.0.0.0/16"}})"), &item,
                                 &problem));
  EXPECT_THAT(problem, HasSubstr("TransitGatewayId"));
  EXPECT_FALSE(ParseDynamoDbItem(nlohmann::json::array(), &item, &problem));
}

TEST(TgwPrincipalsTest, AccountsIamArnsOusAndTheOrganisation) {
  const std::string ou = "arn:aws:organizations::111111111111:ou/o-abc123/ou-ab12-cdef3456";
  const std::string org = "arn:aws:organizations::111111111111:organization/o-abc123";
  std::vector<PrincipalAssociation> associations = {
      {"share-1", "222222222222", "ASSOCIATING"},
      {"share-1", ou, "ASSOCIATED"},  // 222222222222 again, and 333333333333
      {"share-1", "arn:aws:iam::444444444444:role/network", "ASSOCIATED"},
      {"share-1", "ec2.amazonaws.com", "ASSOCIATED"},  // a service: no account
      {"share-2", org, "ASSOCIATING"},
      // Other partitions count; malformed ARNs are no principal (and nothing is resolved).
      {"share-3", "arn:aws-us-gov:iam::555555555555:user/u", "ASSOCIATED"},
      {"share-3", "arn:aws:iam::55555555555:role/eleven-digits", "ASSOCIATED"},
      {"share-3", "arn:aws:iam:eu-west-1:666666666666:role/regional", "ASSOCIATED"},
      {"share-3", "arn:aws:organizations::111111111111:ou/o-abc123/", "ASSOCIATED"},
      {"share-3", "arn:aws:organizations::111111111111:organization/o-ABC", "ASSOCIATED"},
  };
  std::vector<std::string> asked;
  auto resolve = [&](const std::string& arn, std::vector<std::string>* accounts) {
    asked.push_back(arn);
    if (arn == ou) *accounts = {"222222222222", "333333333333"};
    if (arn == org) *accounts = {kHub, "222222222222"};
    return Status::Ok();
  };
  std::vector<SharePrincipal> out;
  ASSERT_TRUE(ExpandPrincipals(associations, kHub, resolve, &out).ok());
  EXPECT_THAT(asked, ElementsAre(ou, org));
  // 222222222222 reached directly (ASSOCIATING) and through the OU (ASSOCIATED): ASSOCIATED.
  // The hub itself, a member of the organisation, is left out.
  EXPECT_THAT(out, ElementsAre(SharePrincipal{"share-1", "222222222222", "ASSOCIATED"},
                               SharePrincipal{"share-1", "333333333333", "ASSOCIATED"},
                               SharePrincipal{"share-1", "444444444444", "ASSOCIATED"},
                               SharePrincipal{"share-2", "222222222222", "ASSOCIATING"},
                               SharePrincipal{"share-3", "555555555555", "ASSOCIATED"}));
}

TEST(TgwPrincipalsTest, ResolverErrorNamesThePrincipalAndShare) {
  std::vector<PrincipalAssociation> associations = {
      {"share-1", "arn:aws:organizations::111111111111:organization/o-abc123", "ASSOCIATED"}};
  std::vector<SharePrincipal> out;
  Status status = ExpandPrincipals(
      associations, kHub,
      [](const std::string&, std::vector<std::string>*) {
        return Status(StatusCode::kPermissionDenied, "AccessDenied");
      },
      &out);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.code(), StatusCode::kPermissionDenied);
  EXPECT_THAT(status.message(), HasSubstr("organization/o-abc123 of share-1"));
}

}  // namespace
}  // namespace awsgov::tgw
