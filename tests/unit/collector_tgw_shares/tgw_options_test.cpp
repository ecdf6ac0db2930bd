#include "collectors/tgw_shares/tgw_options.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "exporter/config/config.h"
#include "exporter/config/errors.h"

namespace awsgov::tgw {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

config::CollectorConfig Section(const std::string& yaml) {
  config::CollectorConfig section;
  section.name = "tgw_shares";
  section.options = YAML::Load(yaml);
  section.file = "config.yml";
  section.path = "collectors.tgw_shares.options";
  return section;
}

TEST(TgwOptionsTest, DefaultsAskEveryAccountForEveryGatewayWithoutInventory) {
  config::ErrorList errors("config.yml");
  auto options = ParseTgwOptions(Section(""), &errors);
  ASSERT_TRUE(options.has_value()) << errors.ToString();
  EXPECT_TRUE(options->IsHub("123456789012"));
  EXPECT_TRUE(options->TransitGatewaySelected("tgw-any"));
  EXPECT_TRUE(options->ShareSelected("arn:any", "any"));
  EXPECT_FALSE(options->inventory.configured());
}

TEST(TgwOptionsTest, ReadsEveryKey) {
  config::ErrorList errors("config.yml");
  auto options = ParseTgwOptions(Section(R"(
hub_account_ids: ["111111111111"]
transit_gateway_ids: [tgw-0a]
share_names: [tgw-share]
share_arns: ["arn:aws:ram:eu-west-1:111111111111:resource-share/x"]
organizations_account_id: "999999999999"
inventory:
  dynamodb_table: dynamodb-tgw-table
  dynamodb_account_id: "222222222222"
  scan_page_size: 100
  region: eu-central-1
)"),
                                 &errors);
  ASSERT_TRUE(options.has_value()) << errors.ToString();
  EXPECT_TRUE(options->IsHub("111111111111"));
  EXPECT_FALSE(options->IsHub("222222222222"));
  EXPECT_TRUE(options->TransitGatewaySelected("tgw-0a"));
  EXPECT_FALSE(options->TransitGatewaySelected("tgw-0b"));
  EXPECT_TRUE(options->ShareSelected("arn:other", "tgw-share"));
  EXPECT_TRUE(options->ShareSelected("arn:aws:ram:eu-west-1:111111111111:resource-share/x", "n"));
  EXPECT_FALSE(options->ShareSelected("arn:other", "other"));
  EXPECT_EQ(options->organizations_account_id, "999999999999");
  EXPECT_EQ(options->inventory.dynamodb_table, "dynamodb-tgw-table");
  EXPECT_EQ(options->inventory.dynamodb_account_id, "222222222222");
  EXPECT_EQ(options->inventory.scan_page_size, 100);
  EXPECT_EQ(options->inventory.region, "eu-central-1");
  EXPECT_TRUE(options->inventory.configured());
  EXPECT_FALSE(options->inventory.per_hub());
}

TEST(TgwOptionsTest, StaticInventoryItems) {
  config::ErrorList errors("config.yml");
  auto options = ParseTgwOptions(Section(R"(
inventory:
  items:
    - {transit_gateway_id: tgw-0a, resource_type: hub, account: "111111111111", resource_id: vpc-0h, cidr: 10.0.0.0/16}
    - {transit_gateway_id: tgw-0a, resource_type: vpn, account: "111111111111"}
)"),
                                 &errors);
  ASSERT_TRUE(options.has_value()) << errors.ToString();
  EXPECT_THAT(options->inventory.items,
              ElementsAre(InventoryItem{"tgw-0a", "hub", "111111111111", "vpc-0h", "10.0.0.0/16"},
                          InventoryItem{"tgw-0a", "vpn", "111111111111", "", ""}));
  EXPECT_TRUE(options->inventory.configured());
}

TEST(TgwOptionsTest, ErrorsNameFileLineAndKeyPath) {
  config::ErrorList errors("config.yml");
  auto options = ParseTgwOptions(Section(R"(hub_account_ids: ["1111"]
transit_gateway_ids: [vpc-0a, tgw-0b, tgw-0b]
inventory:
  dynamodb_table: t
  items:
    - {transit_gateway_id: tgw-0a, resource_type: subnet, account: "111111111111"}
    - {transit_gateway_id: tgw-0a, resource_type: vpc, account: "111111111111", resource_id: x}
  colour: blue
unknown: 1
)"),
                                 &errors);
  EXPECT_FALSE(options.has_value());
  const std::string text = errors.ToString();
  EXPECT_THAT(text, HasSubstr("config.yml:1:"));
  EXPECT_THAT(text, HasSubstr("collectors.tgw_shares.options.hub_account_ids"));
  EXPECT_THAT(text, HasSubstr("invalid value \"vpc-0a\""));
  EXPECT_THAT(text, HasSubstr("duplicate transit gateway id \"tgw-0b\""));
  EXPECT_THAT(text, HasSubstr("collectors.tgw_shares.options.inventory.items[0].resource_type"));
  EXPECT_THAT(text, HasSubstr("needs the VPC id it expects attached"));
  EXPECT_THAT(text, HasSubstr("use either dynamodb_table or items"));
  EXPECT_THAT(text, HasSubstr("collectors.tgw_shares.options.inventory.colour"));
  EXPECT_THAT(text, HasSubstr("collectors.tgw_shares.options.unknown"));
}

TEST(TgwOptionsTest, TableOnlyKeysNeedATable) {
  config::ErrorList errors("config.yml");
  auto options =
      ParseTgwOptions(Section("inventory: {dynamodb_account_id: \"111111111111\"}"), &errors);
  EXPECT_FALSE(options.has_value());
  EXPECT_THAT(errors.ToString(), HasSubstr("needs dynamodb_table"));
}

}  // namespace
}  // namespace awsgov::tgw

namespace awsgov::tgw {
namespace {

std::string ReadDoc(const std::string& name) {
  std::ifstream in(std::string(AWSGOV_SOURCE_DIR) + "/docs/" + name);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Every ```yaml block after `heading` up to the next "## " heading.
std::vector<std::string> YamlBlocksAfter(const std::string& doc, const std::string& heading) {
  std::vector<std::string> blocks;
  std::size_t at = doc.find("\n" + heading + "\n");
  if (at == std::string::npos) return blocks;
  const std::size_t section_end = doc.find("\n## ", at + 1);
  const std::string open = "```yaml\n";
  while ((at = doc.find(open, at)) < section_end) {
    const std::size_t end = doc.find("```", at + open.size());
    blocks.push_back(doc.substr(at + open.size(), end - at - open.size()));
    at = end + 3;
  }
  return blocks;
}

void ExpectValidOptions(const std::string& yaml) {
  YAML::Node node = YAML::Load(yaml);
  config::ErrorList errors("docs");
  auto options =
      ParseTgwOptions(Section(YAML::Dump(node["collectors"]["tgw_shares"]["options"])), &errors);
  EXPECT_TRUE(options.has_value()) << errors.ToString() << "\n" << yaml;
  if (options) {
    EXPECT_TRUE(options->inventory.configured()) << yaml;
  }
}

TEST(TgwOptionsTest, DocumentedExamplesAreValid) {
  auto configuration =
      YamlBlocksAfter(ReadDoc("configuration.md"), "## Collector options: `tgw_shares`");
  ASSERT_EQ(configuration.size(), 2u);
  for (const auto& yaml : configuration) ExpectValidOptions(yaml);
  auto migration = YamlBlocksAfter(ReadDoc("migration.md"), "## monitortgwresourceshares");
  ASSERT_EQ(migration.size(), 1u);
  ExpectValidOptions(migration[0]);
}

}  // namespace
}  // namespace awsgov::tgw
