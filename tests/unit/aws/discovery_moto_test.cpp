// Discovery against moto's Organizations: an organisation with nested OUs, accounts moved into
// them and one closed account; the filters select exactly the expected ACTIVE accounts.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "exporter/aws/client_factory.h"
#include "exporter/aws/credentials_common.h"
#include "exporter/aws/discovery.h"
#include "tests/support/subprocess.h"
#include "tests/unit/aws/credentials_fakes.h"

namespace awsgov::aws {
namespace {

using credtest::MapEnv;
using nlohmann::json;

constexpr char kManagement[] = "123456789012";  // moto's default account: the org's master

class DiscoveryMoto : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(moto_.ready());
    config_ = std::make_shared<config::Config>();
    config_->regions = {"us-east-1"};
    config_->aws.endpoint_url = moto_.endpoint();
    ClientFactoryOptions o;
    o.config = config_;
    o.base_credentials = std::make_shared<StaticCredentialsProvider>(
        Credentials{"AKIAMOTOBASE00000000", "motobasesecret", "", {}}, "test");
    o.getenv = MapEnv({});
    setup_factory_ = std::make_unique<AwsClientFactory>(o);
    ASSERT_TRUE(setup_factory_->Get(kManagement, "us-east-1", &org_).ok());

    // root ── ou_prod ── ou_prod_eu (nested)
    //     └─ ou_sandbox
    // accounts: prod1 in ou_prod, prod_eu1 in ou_prod_eu, sandbox1 in ou_sandbox,
    //           closed1 in ou_prod (closed -> SUSPENDED), loose1 in root, and the master in root.
    Call("CreateOrganization", {{"FeatureSet", "ALL"}});
    json roots = Call("ListRoots", json::object());
    root_ = roots["Roots"][0]["Id"];
    ou_prod_ = Call("CreateOrganizationalUnit",
                    {{"ParentId", root_}, {"Name", "prod"}})["OrganizationalUnit"]["Id"];
    ou_prod_eu_ = Call("CreateOrganizationalUnit",
                       {{"ParentId", ou_prod_}, {"Name", "prod-eu"}})["OrganizationalUnit"]["Id"];
    ou_sandbox_ = Call("CreateOrganizationalUnit",
                       {{"ParentId", root_}, {"Name", "sandbox"}})["OrganizationalUnit"]["Id"];
    prod1_ = NewAccount("prod1", ou_prod_);
    prod_eu1_ = NewAccount("prod-eu1", ou_prod_eu_);
    sandbox1_ = NewAccount("sandbox1", ou_sandbox_);
    closed1_ = NewAccount("closed1", ou_prod_);
    loose1_ = NewAccount("loose1", "");
    Call("CloseAccount", {{"AccountId", closed1_}});
  }

  json Call(const std::string& operation, const json& request) {
    json response;
    Status s = org_->Json("organizations", operation, request, &response);
    EXPECT_TRUE(s.ok()) << operation << ": " << s.ToString();
    return response;
  }

  std::string NewAccount(const std::string& name, const std::string& ou) {
    json created = Call("CreateAccount", {{"AccountName", name}, {"Email", name + "@example.com"}});
    std::string id = created["CreateAccountStatus"]["AccountId"];
    if (!ou.empty()) {
      Call("MoveAccount",
           {{"AccountId", id}, {"SourceParentId", root_}, {"DestinationParentId", ou}});
    }
    return id;
  }

  std::vector<std::string> Discover(const config::Discovery& filters) {
    std::vector<DiscoveredAccount> found;
    Status s = DiscoverAccounts(*org_, filters, &found);
    EXPECT_TRUE(s.ok()) << s.ToString();
    std::vector<std::string> ids;
    for (const auto& a : found) ids.push_back(a.id);
    return ids;
  }

  static std::vector<std::string> Sorted(std::vector<std::string> ids) {
    std::sort(ids.begin(), ids.end());
    return ids;
  }

  awsgov::testing::MotoServer moto_;
  std::shared_ptr<config::Config> config_;
  std::unique_ptr<AwsClientFactory> setup_factory_;
  std::shared_ptr<Client> org_;
  std::string root_, ou_prod_, ou_prod_eu_, ou_sandbox_;
  std::string prod1_, prod_eu1_, sandbox1_, closed1_, loose1_;
};

TEST_F(DiscoveryMoto, AllActiveAccountsWithoutFilters) {
  EXPECT_EQ(Discover({}), Sorted({kManagement, prod1_, prod_eu1_, sandbox1_, loose1_}));
}

TEST_F(DiscoveryMoto, IncludeOuCoversNestedOus) {
  config::Discovery d;
  d.include_ous = {ou_prod_};
  EXPECT_EQ(Discover(d), Sorted({prod1_, prod_eu1_}));  // closed1 is SUSPENDED
}

TEST_F(DiscoveryMoto, ExcludeOuRemovesItsSubtree) {
  config::Discovery d;
  d.include_ous = {ou_prod_};
  d.exclude_ous = {ou_prod_eu_};
  EXPECT_EQ(Discover(d), Sorted({prod1_}));

  config::Discovery all_but_prod;
  all_but_prod.exclude_ous = {ou_prod_};
  EXPECT_EQ(Discover(all_but_prod), Sorted({kManagement, sandbox1_, loose1_}));
}

TEST_F(DiscoveryMoto, AccountIdFilters) {
  config::Discovery d;
  d.include_ous = {ou_sandbox_};
  d.include_accounts = {loose1_, closed1_};  // closed1 stays out: not ACTIVE
  EXPECT_EQ(Discover(d), Sorted({sandbox1_, loose1_}));

  config::Discovery exclude;
  exclude.exclude_accounts = {kManagement, loose1_};
  EXPECT_EQ(Discover(exclude), Sorted({prod1_, prod_eu1_, sandbox1_}));
}

TEST_F(DiscoveryMoto, FactoryListsConfiguredThenDiscoveredAccounts) {
  auto cfg = std::make_shared<config::Config>(*config_);
  cfg->aws.role_arn_template = "arn:aws:iam::{account_id}:role/awsgov-exporter";
  config::Account configured;
  configured.id = prod1_;
  configured.name = "production one";
  configured.role_arn = "arn:aws:iam::" + prod1_ + ":role/custom";
  cfg->accounts.push_back(configured);
  cfg->discovery.enabled = true;
  cfg->discovery.include_ous = {ou_prod_};
  ClientFactoryOptions o;
  o.config = cfg;
  o.base_credentials = std::make_shared<StaticCredentialsProvider>(
      Credentials{"AKIAMOTOBASE00000000", "motobasesecret", "", {}}, "test");
  o.getenv = MapEnv({});
  AwsClientFactory factory(o);
  std::vector<AccountInfo> accounts;
  Status s = factory.ListAccounts(&accounts);
  ASSERT_TRUE(s.ok()) << s.ToString();
  ASSERT_EQ(accounts.size(), 2u);
  EXPECT_EQ(accounts[0].id, prod1_);
  EXPECT_EQ(accounts[0].name, "production one");
  EXPECT_EQ(accounts[0].role_arn, "arn:aws:iam::" + prod1_ + ":role/custom");
  EXPECT_FALSE(accounts[0].discovered);
  EXPECT_EQ(accounts[1].id, prod_eu1_);
  EXPECT_EQ(accounts[1].name, "prod-eu1");
  EXPECT_EQ(accounts[1].role_arn, "arn:aws:iam::" + prod_eu1_ + ":role/awsgov-exporter");
  EXPECT_EQ(accounts[1].regions, std::vector<std::string>{"us-east-1"});
  EXPECT_TRUE(accounts[1].discovered);
}

}  // namespace
}  // namespace awsgov::aws
