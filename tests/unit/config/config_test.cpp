#include "exporter/config/config.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace awsgov::config {
namespace {

const std::vector<std::string> kKnownCollectors = {"ipam", "tgw_shares"};

TEST(ParseTest, CollectsEveryErrorInOneRun) {
  const char* yaml =
      "regions: [eu-west-1, moon-base-1]\n"  // line 1: bad region (2nd item, col 22)
      "accounts:\n"
      "  - id: \"12345\"\n"  // line 3: bad id
      "  - id: \"111111111111\"\n"
      "    assume_role: maybe\n"  // line 5: bad bool
      "aws:\n"
      "  max_attempts: 50\n"  // line 7: out of range
      "collectors:\n"
      "  ipam: {interval: 1x}\n"  // line 9: bad duration
      "  nope: {}\n"              // line 10: unknown collector
      "extra: 1\n";               // line 11: unknown key
  ErrorList errors;
  EXPECT_FALSE(Parse(yaml, "all.yml", kKnownCollectors, &errors).has_value());
  std::vector<std::string> where;
  for (const ConfigError& e : errors.errors()) {
    EXPECT_EQ(e.file, "all.yml");
    where.push_back(std::to_string(e.line) + ":" + std::to_string(e.column) + " " + e.path);
  }
  EXPECT_EQ(where, (std::vector<std::string>{"1:22 regions[1]", "7:3 aws.max_attempts",
                                             "3:5 accounts[0].id", "5:5 accounts[1].assume_role",
                                             "9:10 collectors.ipam.interval",
                                             "10:3 collectors.nope", "11:1 extra"}));
}

// Found by fuzz_config: yaml-cpp 0.7's LoadAll never returns on a stray top-level ','.
TEST(ParseTest, StrayCommaIsAnErrorNotAHang) {
  for (const auto& [yaml, where] : std::vector<std::pair<std::string, std::string>>{
           {",", "c.yml:1:1"},
           {"# comment\n,regions: [eu-west-1]\n", "c.yml:2:1"},
           {"regions: [eu-west-1]\n...\n,", "c.yml:3:1"}}) {
    ErrorList errors;
    EXPECT_FALSE(Parse(yaml, "c.yml", kKnownCollectors, &errors).has_value()) << yaml;
    ASSERT_EQ(errors.errors().size(), 1u) << errors.ToString();
    EXPECT_EQ(errors.errors()[0].ToString(),
              where + ": invalid YAML: unexpected ',' outside a flow collection");
  }
  // Commas where YAML allows them still parse.
  ErrorList errors;
  EXPECT_TRUE(Parse("regions: [eu-west-1, eu-west-2]\naccounts: [{id: '123456789012'}]\n", "c.yml",
                    kKnownCollectors, &errors))
      << errors.ToString();
}

TEST(ParseTest, AppendsToTheCallersErrorsAndKeepsThem) {
  ErrorList errors("earlier.yml");
  errors.Add(1, 1, "x", "an earlier problem");
  EXPECT_FALSE(Parse("accounts: []\nregions: [eu-west-1]\n", "c.yml", {}, &errors).has_value());
  ASSERT_EQ(errors.errors().size(), 2u);
  EXPECT_EQ(errors.errors()[0].ToString(), "earlier.yml:1:1: x: an earlier problem");
  EXPECT_EQ(errors.errors()[1].ToString(),
            "c.yml:1:1: accounts: no accounts: list accounts or enable discovery");
}

TEST(ParseTest, SuccessLeavesErrorsEmpty) {
  ErrorList errors;
  const auto config = Parse("regions: [eu-west-1]\naccounts: [{id: '123456789012', name: n}]\n",
                            "ok.yml", kKnownCollectors, &errors);
  ASSERT_TRUE(config.has_value()) << errors.ToString();
  EXPECT_TRUE(errors.empty());
  EXPECT_EQ(config->accounts.at(0).name, "n");
}

TEST(ParseTest, UnknownCollectorListsTheKnownOnes) {
  ErrorList errors;
  Parse("regions: [eu-west-1]\naccounts: [{id: '123456789012'}]\ncollectors: {ipamm: {}}\n",
        "c.yml", kKnownCollectors, &errors);
  ASSERT_EQ(errors.errors().size(), 1u);
  EXPECT_EQ(errors.errors()[0].message,
            "unknown collector \"ipamm\" (want one of: ipam, tgw_shares)");
}

TEST(ParseTest, AccountExternalIdOverridesTheGlobalOne) {
  ErrorList errors;
  const auto config = Parse(
      "regions: [eu-west-1]\n"
      "aws: {external_id: global-id, role_name: r}\n"
      "accounts:\n"
      "  - {id: '111111111111'}\n"
      "  - {id: '222222222222', external_id: own-id}\n",
      "e.yml", {}, &errors);
  ASSERT_TRUE(config.has_value()) << errors.ToString();
  EXPECT_EQ(config->accounts[0].external_id, "global-id");
  EXPECT_EQ(config->accounts[1].external_id, "own-id");
  EXPECT_EQ(config->accounts[1].role_arn, "arn:aws:iam::222222222222:role/r");
}

TEST(LoadFileTest, ReadsAFileAndNamesItInErrors) {
  const std::string dir = std::string(AWSGOV_SOURCE_DIR) + "/tests/config/";
  ErrorList errors;
  const auto config = LoadFile(dir + "minimal.good.yml", {}, &errors);
  ASSERT_TRUE(config.has_value()) << errors.ToString();
  EXPECT_EQ(config->file, dir + "minimal.good.yml");
  EXPECT_EQ(config->accounts.at(0).id, "123456789012");

  EXPECT_FALSE(LoadFile(dir + "max_concurrency_zero.bad.yml", {}, &errors).has_value());
  ASSERT_FALSE(errors.empty());
  EXPECT_EQ(errors.errors()[0].file, dir + "max_concurrency_zero.bad.yml");
}

TEST(LoadFileTest, MissingFileIsAnError) {
  ErrorList errors;
  EXPECT_FALSE(LoadFile("/nonexistent/awsgov.yml", {}, &errors).has_value());
  ASSERT_EQ(errors.errors().size(), 1u);
  EXPECT_EQ(errors.ToString(), "/nonexistent/awsgov.yml: cannot read: No such file or directory");
}

TEST(ConfigErrorTest, ToStringLeavesOutUnknownParts) {
  EXPECT_EQ((ConfigError{"c.yml", 12, 5, "collectors.ipam.interval", "bad"}).ToString(),
            "c.yml:12:5: collectors.ipam.interval: bad");
  EXPECT_EQ((ConfigError{"c.yml", 3, 0, "", "bad"}).ToString(), "c.yml:3: bad");
  EXPECT_EQ((ConfigError{"c.yml", 0, 0, "regions", "bad"}).ToString(), "c.yml: regions: bad");
  EXPECT_EQ((ConfigError{"", 0, 0, "", "bad"}).ToString(), "bad");
}

TEST(ErrorListTest, ToStringPutsOneErrorPerLine) {
  ErrorList errors("f.yml");
  errors.Add(1, 2, "a", "first");
  errors.Add(3, 4, "b", "second");
  EXPECT_EQ(errors.file(), "f.yml");
  EXPECT_EQ(errors.ToString(), "f.yml:1:2: a: first\nf.yml:3:4: b: second");
}

TEST(ParseTest, AnInvalidListIsNotAlsoReportedAsMissing) {
  ErrorList errors;
  EXPECT_FALSE(
      Parse("accounts:\n  - id: '111111111111'\n    regions: [mars-1]\n", "r.yml", {}, &errors)
          .has_value());
  EXPECT_EQ(errors.ToString(),
            "r.yml:3:15: accounts[0].regions[0]: invalid region \"mars-1\" (want e.g. eu-west-1)");

  ErrorList top_errors;
  EXPECT_FALSE(
      Parse("regions: eu-west-1\naccounts: [{id: '111111111111'}]\n", "t.yml", {}, &top_errors)
          .has_value());
  EXPECT_EQ(top_errors.ToString(),
            "t.yml:1:1: regions: expected a list of strings, got \"eu-west-1\"");
}

}  // namespace
}  // namespace awsgov::config
