// The ClientFactory against moto_server: AssumeRole into two accounts (moto keeps one backend per
// account), a VPC created in each through the factory's clients, each account seeing only its own.
#include <gtest/gtest.h>

#include <pugixml.hpp>
#include <set>

#include "exporter/aws/client_factory.h"
#include "exporter/aws/credentials_common.h"
#include "exporter/aws/http_curl.h"
#include "tests/support/subprocess.h"
#include "tests/unit/aws/credentials_fakes.h"

namespace awsgov::aws {
namespace {

using credtest::MapEnv;

constexpr char kAccountA[] = "111111111111";
constexpr char kAccountB[] = "222222222222";
constexpr char kRegion[] = "eu-west-1";

std::shared_ptr<config::Config> MotoConfig(const std::string& endpoint) {
  auto cfg = std::make_shared<config::Config>();
  cfg->regions = {kRegion};
  cfg->aws.endpoint_url = endpoint;
  cfg->aws.role_arn_template = "arn:aws:iam::{account_id}:role/awsgov-exporter";
  for (const char* id : {kAccountA, kAccountB}) {
    config::Account a;
    a.id = id;
    a.name = std::string("acct-") + id;
    a.role_arn = config::RoleArnFor(cfg->aws, id);
    a.external_id = "ext-" + std::string(id).substr(0, 3);
    cfg->accounts.push_back(a);
  }
  return cfg;
}

std::shared_ptr<CredentialsProvider> MotoBaseCredentials() {
  return std::make_shared<StaticCredentialsProvider>(
      Credentials{"AKIAMOTOBASE00000000", "motobasesecret", "", {}}, "test");
}

// CIDRs and owner ids of the account's VPCs in the region, as "cidr@owner".
std::set<std::string> VpcsOf(Client& client) {
  std::set<std::string> out;
  pugi::xml_document doc;
  Status s = client.Query("ec2", "DescribeVpcs", {}, &doc);
  EXPECT_TRUE(s.ok()) << s.ToString();
  for (auto item : doc.document_element().child("vpcSet").children("item")) {
    out.insert(std::string(item.child_value("cidrBlock")) + "@" + item.child_value("ownerId"));
  }
  return out;
}

TEST(FactoryMoto, AssumedRolesSeparateAccounts) {
  awsgov::testing::MotoServer moto;
  ASSERT_TRUE(moto.ready());
  ClientFactoryOptions o;
  o.config = MotoConfig(moto.endpoint());
  o.base_credentials = MotoBaseCredentials();
  o.getenv = MapEnv({});
  AwsClientFactory factory(o);

  std::shared_ptr<Client> a, b, a_again;
  ASSERT_TRUE(factory.Get(kAccountA, kRegion, &a).ok());
  ASSERT_TRUE(factory.Get(kAccountB, kRegion, &b).ok());
  ASSERT_TRUE(factory.Get(kAccountA, kRegion, &a_again).ok());
  EXPECT_EQ(a.get(), a_again.get());  // cached per (account, region)
  EXPECT_EQ(a->account_id(), kAccountA);

  // The assumed credentials are temporary ones for the account's role, not the base keys.
  std::shared_ptr<CredentialsProvider> creds_a;
  ASSERT_TRUE(factory.CredentialsFor(kAccountA, &creds_a).ok());
  Credentials ca;
  ASSERT_TRUE(creds_a->Get(&ca).ok());
  EXPECT_NE(ca.access_key_id, "AKIAMOTOBASE00000000");
  EXPECT_FALSE(ca.session_token.empty());
  EXPECT_EQ(creds_a->Source(), "assume_role:arn:aws:iam::111111111111:role/awsgov-exporter");

  pugi::xml_document doc;
  ASSERT_TRUE(a->Query("ec2", "CreateVpc", {{"CidrBlock", "10.11.0.0/16"}}, &doc).ok());
  ASSERT_TRUE(b->Query("ec2", "CreateVpc", {{"CidrBlock", "10.22.0.0/16"}}, &doc).ok());

  std::set<std::string> vpcs_a = VpcsOf(*a);
  std::set<std::string> vpcs_b = VpcsOf(*b);
  EXPECT_EQ(vpcs_a.count("10.11.0.0/16@111111111111"), 1u);
  EXPECT_EQ(vpcs_a.count("10.22.0.0/16@222222222222"), 0u);
  EXPECT_EQ(vpcs_b.count("10.22.0.0/16@222222222222"), 1u);
  EXPECT_EQ(vpcs_b.count("10.11.0.0/16@111111111111"), 0u);
  for (const auto& v : vpcs_a) EXPECT_NE(v.find("@111111111111"), std::string::npos) << v;
  for (const auto& v : vpcs_b) EXPECT_NE(v.find("@222222222222"), std::string::npos) << v;

  std::vector<AccountInfo> accounts;
  ASSERT_TRUE(factory.ListAccounts(&accounts).ok());
  ASSERT_EQ(accounts.size(), 2u);
  EXPECT_EQ(accounts[0].id, kAccountA);
  EXPECT_EQ(accounts[0].name, "acct-111111111111");
  EXPECT_EQ(accounts[1].role_arn, "arn:aws:iam::222222222222:role/awsgov-exporter");
  EXPECT_EQ(accounts[1].regions, std::vector<std::string>{kRegion});
}

TEST(FactoryMoto, AccountWithoutRoleUsesBaseCredentials) {
  awsgov::testing::MotoServer moto;
  ASSERT_TRUE(moto.ready());
  auto cfg = MotoConfig(moto.endpoint());
  cfg->accounts[0].role_arn.clear();  // assume_role: false
  cfg->aws.role_arn_template.clear();
  ClientFactoryOptions o;
  o.config = cfg;
  o.base_credentials = MotoBaseCredentials();
  o.getenv = MapEnv({});
  AwsClientFactory factory(o);
  std::shared_ptr<CredentialsProvider> creds;
  ASSERT_TRUE(factory.CredentialsFor(kAccountA, &creds).ok());
  EXPECT_EQ(creds.get(), &factory.base_credentials());
  std::shared_ptr<Client> client;
  ASSERT_TRUE(factory.Get(kAccountA, kRegion, &client).ok());
  pugi::xml_document doc;
  ASSERT_TRUE(client->Query("ec2", "CreateVpc", {{"CidrBlock", "10.33.0.0/16"}}, &doc).ok());
  // moto's default account for unknown keys is 123456789012.
  EXPECT_EQ(VpcsOf(*client).count("10.33.0.0/16@123456789012"), 1u);

  EXPECT_EQ(factory.Get("12345", kRegion, &client).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(factory.Get(kAccountA, "mars-1", &client).code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace awsgov::aws
