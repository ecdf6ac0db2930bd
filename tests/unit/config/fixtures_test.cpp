// Table-driven tests over tests/config: every *.good.yml must parse and has its own expectations
// below; every *.bad.yml names, on its first line, one error it must produce:
//   # error: <ConfigError::ToString() with the file's basename>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "exporter/config/config.h"

namespace awsgov::config {
namespace {

using std::chrono::seconds;

const std::vector<std::string> kKnownCollectors = {"ami_references", "inspector_coverage", "ipam",
                                                   "sg_changes", "tgw_shares"};

std::filesystem::path FixtureDir() {
  return std::filesystem::path(AWSGOV_SOURCE_DIR) / "tests" / "config";
}

std::vector<std::string> FixturesEndingWith(const std::string& suffix) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(FixtureDir())) {
    const std::string name = entry.path().filename().string();
    if (name.size() > suffix.size() && name.ends_with(suffix)) names.push_back(name);
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::string ReadFixture(const std::string& name) {
  std::ifstream in(FixtureDir() / name, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string TestNameOf(const testing::TestParamInfo<std::string>& info) {
  std::string name = info.param.substr(0, info.param.find('.'));
  std::replace_if(
      name.begin(), name.end(), [](char c) { return !std::isalnum(c); }, '_');
  return name;
}

const Account& AccountById(const Config& config, const std::string& id) {
  for (const Account& account : config.accounts) {
    if (account.id == id) return account;
  }
  throw std::runtime_error("no account " + id);
}

using Expectation = std::function<void(const Config&)>;

const std::map<std::string, Expectation>& Expectations() {
  static const auto* expectations = new std::map<std::string, Expectation>{
      {"minimal.good.yml",
       [](const Config& c) {
         EXPECT_EQ(c.file, "minimal.good.yml");
         EXPECT_EQ(c.regions, std::vector<std::string>{"eu-west-1"});
         ASSERT_EQ(c.accounts.size(), 1u);
         EXPECT_EQ(c.accounts[0].id, "123456789012");
         EXPECT_EQ(c.accounts[0].role_arn, "");  // no template, no role_name: own credentials
         EXPECT_FALSE(c.discovery.enabled);
         EXPECT_EQ(c.scheduler.max_concurrency, 8);
         EXPECT_EQ(c.scheduler.default_interval, seconds(300));
         EXPECT_FALSE(c.scheduler.default_timeout.has_value());
         EXPECT_EQ(c.aws.session_duration, seconds(3600));
         EXPECT_EQ(c.aws.session_name, "awsgov-exporter");
         EXPECT_EQ(c.aws.max_attempts, 3);
         EXPECT_TRUE(c.collectors.empty());
       }},
      {"full.good.yml",
       [](const Config& c) {
         EXPECT_EQ(c.regions, (std::vector<std::string>{"eu-west-1", "eu-central-1"}));
         ASSERT_EQ(c.accounts.size(), 4u);
         EXPECT_EQ(c.accounts[0].name, "network-hub");
         EXPECT_EQ(c.accounts[0].role_arn, "arn:aws:iam::111111111111:role/awsgov-exporter");
         EXPECT_EQ(c.accounts[0].external_id, "org-wide-external-id");
         EXPECT_TRUE(c.accounts[0].regions.empty());
         EXPECT_EQ(RegionsFor(c, c.accounts[0]), c.regions);
         EXPECT_EQ(c.accounts[1].regions, std::vector<std::string>{"us-east-1"});
         EXPECT_EQ(RegionsFor(c, c.accounts[1]), std::vector<std::string>{"us-east-1"});
         EXPECT_EQ(c.accounts[1].external_id, "account-specific-id");
         EXPECT_EQ(c.accounts[2].role_arn, "arn:aws:iam::333333333333:role/custom/SecurityAudit");
         EXPECT_EQ(c.accounts[3].role_arn, "");
         EXPECT_FALSE(c.accounts[3].assume_role);
         EXPECT_TRUE(c.discovery.enabled);
         EXPECT_EQ(c.discovery.role_arn, "arn:aws:iam::999999999999:role/OrgReader");
         EXPECT_EQ(c.discovery.include_ous,
                   (std::vector<std::string>{"ou-ab12-cdef3456", "r-ab12"}));
         EXPECT_EQ(c.discovery.exclude_ous, std::vector<std::string>{"ou-ab12-sandbox1"});
         EXPECT_EQ(c.discovery.include_accounts, std::vector<std::string>{"555555555555"});
         EXPECT_EQ(c.discovery.exclude_accounts, std::vector<std::string>{"666666666666"});
         EXPECT_EQ(c.discovery.refresh_interval, seconds(7200));
         EXPECT_EQ(c.aws.session_name, "awsgov-prod");
         EXPECT_EQ(c.aws.session_duration, seconds(7200));
         EXPECT_EQ(c.aws.max_attempts, 5);
         EXPECT_DOUBLE_EQ(c.aws.requests_per_second, 2.5);
         EXPECT_DOUBLE_EQ(c.aws.sts_requests_per_second, 20);
         EXPECT_EQ(c.aws.max_concurrent_requests, 32);
         EXPECT_EQ(c.aws.connect_timeout, seconds(3));
         EXPECT_EQ(c.aws.request_timeout, seconds(60));
         EXPECT_EQ(c.aws.max_response_bytes, 1048576);
         EXPECT_EQ(c.aws.endpoint_url, "https://vpce-0123.example.internal");
         EXPECT_EQ(c.aws.service_endpoint_urls,
                   (std::map<std::string, std::string>{{"dynamodb", "http://127.0.0.1:8000"},
                                                       {"ec2", "http://127.0.0.1:5000"}}));
         EXPECT_EQ(c.aws.sts_region, "eu-west-1");
         EXPECT_EQ(c.scheduler.max_concurrency, 16);
         EXPECT_EQ(c.scheduler.default_interval, seconds(600));
         EXPECT_EQ(c.scheduler.default_timeout, seconds(120));
         ASSERT_EQ(c.collectors.size(), 3u);
         const CollectorConfig& ipam = c.collectors.at("ipam");
         EXPECT_FALSE(ipam.enabled.has_value());
         EXPECT_EQ(ipam.interval, seconds(900));
         EXPECT_EQ(ipam.timeout, seconds(300));
         EXPECT_EQ(ipam.options["scope_types"][0].Scalar(), "private");
         EXPECT_EQ(c.collectors.at("tgw_shares").enabled, false);
         EXPECT_EQ(c.collectors.at("sg_changes").enabled, true);
         EXPECT_EQ(c.collectors.at("sg_changes").interval, seconds(60));
       }},
      {"leading_zero_id.good.yml",
       [](const Config& c) {
         ASSERT_EQ(c.accounts.size(), 2u);
         EXPECT_EQ(c.accounts[0].id, "012345678901");
         EXPECT_EQ(c.accounts[0].role_arn, "arn:aws:iam::012345678901:role/awsgov-exporter");
         EXPECT_EQ(c.accounts[1].id, "001122334455");
         EXPECT_EQ(c.accounts[1].role_arn, "arn:aws:iam::001122334455:role/awsgov-exporter");
       }},
      {"role_name.good.yml",
       [](const Config& c) {
         EXPECT_EQ(AccountById(c, "111122223333").role_arn,
                   "arn:aws:iam::111122223333:role/awsgov-reader");
         EXPECT_EQ(AccountById(c, "444455556666").role_arn,
                   "arn:aws:iam::444455556666:role/Legacy");
         EXPECT_EQ(AccountById(c, "777788889999").role_arn, "");
         EXPECT_EQ(AccountById(c, "111122223333").external_id, "shared-external-id");
         EXPECT_EQ(RoleArnFor(c.aws, "555555555555"),
                   "arn:aws:iam::555555555555:role/awsgov-reader");
       }},
      {"discovery_only.good.yml",
       [](const Config& c) {
         EXPECT_TRUE(c.accounts.empty());
         EXPECT_TRUE(c.discovery.enabled);
         EXPECT_EQ(c.discovery.include_ous, std::vector<std::string>{"ou-root-abcdefgh"});
         EXPECT_EQ(c.discovery.refresh_interval, seconds(1800));
         EXPECT_EQ(c.regions, (std::vector<std::string>{"eu-west-1", "eu-north-1"}));
       }},
      {"account_regions.good.yml",
       [](const Config& c) {
         EXPECT_TRUE(c.regions.empty());
         ASSERT_EQ(c.accounts.size(), 3u);
         EXPECT_EQ(c.accounts[0].regions,
                   (std::vector<std::string>{"us-gov-west-1", "us-gov-east-1"}));
         EXPECT_EQ(c.accounts[1].regions,
                   (std::vector<std::string>{"cn-north-1", "cn-northwest-1"}));
         EXPECT_EQ(RegionsFor(c, c.accounts[2]),
                   (std::vector<std::string>{"il-central-1", "ap-southeast-5", "me-central-1"}));
       }},
      {"collectors.good.yml",
       [](const Config& c) {
         ASSERT_EQ(c.collectors.size(), 4u);
         const CollectorConfig& ipam = c.collectors.at("ipam");
         EXPECT_EQ(ipam.name, "ipam");
         EXPECT_EQ(ipam.interval, seconds(5400));
         EXPECT_EQ(ipam.timeout, seconds(120));
         EXPECT_EQ(ipam.file, "collectors.good.yml");
         EXPECT_EQ(ipam.path, "collectors.ipam.options");
         ASSERT_TRUE(ipam.options.IsMap());
         EXPECT_EQ(ipam.options["scopes"][1].Scalar(), "public");
         EXPECT_EQ(ipam.options["threshold"].Mark().line + 1, 10);
         EXPECT_EQ(c.collectors.at("ami_references").enabled, false);
         EXPECT_FALSE(c.collectors.at("inspector_coverage").enabled.has_value());
         EXPECT_TRUE(c.collectors.at("inspector_coverage").options.IsNull());
         EXPECT_EQ(c.collectors.at("sg_changes").interval, seconds(10));
       }},
      {"bounds.good.yml",
       [](const Config& c) {
         EXPECT_EQ(c.accounts[0].id, "000000000001");
         EXPECT_EQ(c.aws.session_duration, seconds(43200));
         EXPECT_EQ(c.aws.max_attempts, 20);
         EXPECT_DOUBLE_EQ(c.aws.requests_per_second, 0.01);
         EXPECT_DOUBLE_EQ(c.aws.sts_requests_per_second, 10000);
         EXPECT_EQ(c.aws.max_concurrent_requests, 4096);
         EXPECT_EQ(c.scheduler.max_concurrency, 256);
         EXPECT_EQ(c.scheduler.default_interval, seconds(7 * 24 * 3600));
         EXPECT_EQ(c.scheduler.default_timeout, seconds(1));
         EXPECT_EQ(c.collectors.at("tgw_shares").enabled, true);
         EXPECT_EQ(c.collectors.at("tgw_shares").interval, seconds(10));
       }},
      {"gov_partition.good.yml",
       [](const Config& c) {
         EXPECT_EQ(c.accounts[0].role_arn,
                   "arn:aws-us-gov:iam::123456789012:role/monitoring/awsgov");
         EXPECT_EQ(c.aws.sts_region, "us-gov-west-1");
         EXPECT_EQ(c.aws.session_duration, seconds(900));
       }},
      {"null_sections.good.yml",
       [](const Config& c) {
         EXPECT_EQ(c.scheduler.max_concurrency, 8);
         EXPECT_FALSE(c.discovery.enabled);
         ASSERT_EQ(c.collectors.count("ipam"), 1u);
         EXPECT_FALSE(c.collectors.at("ipam").interval.has_value());
       }},
  };
  return *expectations;
}

class GoodConfigTest : public testing::TestWithParam<std::string> {};

TEST_P(GoodConfigTest, ParsesWithExpectedValues) {
  const auto expectation = Expectations().find(GetParam());
  ASSERT_NE(expectation, Expectations().end())
      << GetParam() << " has no expectations in fixtures_test.cpp";
  ErrorList errors;
  const std::optional<Config> config =
      Parse(ReadFixture(GetParam()), GetParam(), kKnownCollectors, &errors);
  ASSERT_TRUE(config.has_value()) << errors.ToString();
  EXPECT_TRUE(errors.empty());
  expectation->second(*config);
}

INSTANTIATE_TEST_SUITE_P(Fixtures, GoodConfigTest,
                         testing::ValuesIn(FixturesEndingWith(".good.yml")), TestNameOf);

class BadConfigTest : public testing::TestWithParam<std::string> {};

TEST_P(BadConfigTest, ReportsTheErrorNamedOnItsFirstLine) {
  const std::string text = ReadFixture(GetParam());
  const std::string prefix = "# error: ";
  ASSERT_TRUE(text.starts_with(prefix)) << GetParam() << " must start with \"" << prefix << "\"";
  const std::string expected = text.substr(prefix.size(), text.find('\n') - prefix.size());

  ErrorList errors;
  const std::optional<Config> config = Parse(text, GetParam(), kKnownCollectors, &errors);
  EXPECT_FALSE(config.has_value());
  std::vector<std::string> reported;
  for (const ConfigError& error : errors.errors()) reported.push_back(error.ToString());
  EXPECT_NE(std::find(reported.begin(), reported.end(), expected), reported.end())
      << "expected: " << expected << "\nreported:\n"
      << errors.ToString();
}

INSTANTIATE_TEST_SUITE_P(Fixtures, BadConfigTest, testing::ValuesIn(FixturesEndingWith(".bad.yml")),
                         TestNameOf);

TEST(ConfigFixturesTest, CoverEnoughCases) {
  EXPECT_GE(FixturesEndingWith(".good.yml").size(), 8u);
  EXPECT_GE(FixturesEndingWith(".bad.yml").size(), 20u);
  // Every expectation belongs to a fixture that exists (a renamed file is not silently skipped).
  const std::vector<std::string> good = FixturesEndingWith(".good.yml");
  for (const auto& [name, expectation] : Expectations()) {
    EXPECT_NE(std::find(good.begin(), good.end(), name), good.end()) << name;
  }
}

}  // namespace
}  // namespace awsgov::config
