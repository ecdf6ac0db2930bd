#include "collectors/ipam/ipam_options.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <cctype>
#include <ostream>
#include <string>

#include "exporter/config/config.h"
#include "exporter/config/errors.h"

namespace awsgov::ipam {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

config::CollectorConfig Section(const std::string& yaml) {
  config::CollectorConfig section;
  section.name = "ipam";
  section.options = YAML::Load(yaml);
  section.file = "config.yml";
  section.path = "collectors.ipam.options";
  return section;
}

TEST(IpamOptionsTest, DefaultsWhenAbsent) {
  config::ErrorList errors("config.yml");
  auto options = ParseIpamOptions(Section(""), &errors);
  ASSERT_TRUE(options.has_value()) << errors.ToString();
  EXPECT_THAT(options->scope_types, ElementsAre("private"));
  EXPECT_THAT(options->resource_types, ElementsAre("vpc", "subnet"));
  EXPECT_TRUE(options->include_unmanaged_vpcs);
  EXPECT_TRUE(options->include_ipam);
  EXPECT_EQ(options->ipam_account_id, "");
  EXPECT_TRUE(options->IpamPartRunsIn("111111111111"));
}

TEST(IpamOptionsTest, IncludeIpamFalseSwitchesTheIpamPartOffEverywhere) {
  config::ErrorList errors("config.yml");
  auto options = ParseIpamOptions(
      Section("include_ipam: false\nipam_account_id: \"012345678901\"\n"), &errors);
  ASSERT_TRUE(options.has_value()) << errors.ToString();
  EXPECT_FALSE(options->IpamPartRunsIn("012345678901"));
  EXPECT_FALSE(options->IpamPartRunsIn("111111111111"));
  EXPECT_TRUE(options->include_unmanaged_vpcs);
}

TEST(IpamOptionsTest, ReadsEveryKey) {
  config::ErrorList errors("config.yml");
  auto options = ParseIpamOptions(Section(R"(
scope_types: [private, public, private]
resource_types: [vpc, eip, ipv6-pool, public-ipv4-pool, subnet]
include_unmanaged_vpcs: false
ipam_account_id: "012345678901"
include_vpc_ids: [vpc-0a, vpc-0b]
exclude_vpc_ids: [vpc-0b]
include_vpc_tags: {env: prod}
exclude_vpc_tags: {monitoring: "off"}
)"),
                                  &errors);
  ASSERT_TRUE(options.has_value()) << errors.ToString();
  EXPECT_THAT(options->scope_types, ElementsAre("private", "public"));  // duplicate dropped
  EXPECT_THAT(options->resource_types,
              ElementsAre("vpc", "eip", "ipv6-pool", "public-ipv4-pool", "subnet"));
  EXPECT_FALSE(options->include_unmanaged_vpcs);
  EXPECT_TRUE(options->include_ipam);
  EXPECT_TRUE(options->IpamPartRunsIn("012345678901"));
  EXPECT_FALSE(options->IpamPartRunsIn("111111111111"));
  EXPECT_TRUE(options->VpcIdSelected("vpc-0a"));
  EXPECT_FALSE(options->VpcIdSelected("vpc-0b"));  // excluded wins
  EXPECT_FALSE(options->VpcIdSelected("vpc-0c"));  // not included
  EXPECT_TRUE(options->VpcTagsSelected({{"env", "prod"}, {"team", "net"}}));
  EXPECT_FALSE(options->VpcTagsSelected({{"env", "dev"}}));
  EXPECT_FALSE(options->VpcTagsSelected({}));
  EXPECT_FALSE(options->VpcTagsSelected({{"env", "prod"}, {"monitoring", "off"}}));
}

TEST(IpamOptionsTest, ExcludeTagsAloneKeepUntaggedVpcs) {
  config::ErrorList errors("config.yml");
  auto options = ParseIpamOptions(Section("exclude_vpc_tags: {monitoring: 'off'}"), &errors);
  ASSERT_TRUE(options.has_value()) << errors.ToString();
  EXPECT_TRUE(options->VpcTagsSelected({}));
  EXPECT_TRUE(options->VpcTagsSelected({{"monitoring", "on"}}));
  EXPECT_FALSE(options->VpcTagsSelected({{"monitoring", "off"}}));
}

struct BadCase {
  const char* yaml;
  const char* path;
  const char* message_part;
};

void PrintTo(const BadCase& c, std::ostream* os) { *os << c.yaml; }

class IpamOptionsErrorTest : public ::testing::TestWithParam<BadCase> {};

TEST_P(IpamOptionsErrorTest, NamesFileLineAndKey) {
  config::ErrorList errors("config.yml");
  auto options = ParseIpamOptions(Section(GetParam().yaml), &errors);
  EXPECT_FALSE(options.has_value());
  ASSERT_FALSE(errors.empty());
  const config::ConfigError& error = errors.errors().front();
  EXPECT_EQ(error.path, GetParam().path) << errors.ToString();
  EXPECT_GT(error.line, 0);
  EXPECT_THAT(error.message, HasSubstr(GetParam().message_part)) << errors.ToString();
}

INSTANTIATE_TEST_SUITE_P(
    Cases, IpamOptionsErrorTest,
    ::testing::Values(
        BadCase{"threshold: 80", "collectors.ipam.options.threshold", "unknown"},
        BadCase{"resource_types: [vpc, eni]", "collectors.ipam.options.resource_types[1]", "eni"},
        BadCase{"scope_types: [privat]", "collectors.ipam.options.scope_types[0]", "privat"},
        BadCase{"scope_types: []", "collectors.ipam.options.scope_types", "at least one"},
        BadCase{"resource_types: []", "collectors.ipam.options.resource_types", "at least one"},
        BadCase{"ipam_account_id: '12345'", "collectors.ipam.options.ipam_account_id", "12 digits"},
        BadCase{"include_vpc_ids: [subnet-1]", "collectors.ipam.options.include_vpc_ids[0]",
                "VPC id"},
        BadCase{"include_unmanaged_vpcs: maybe", "collectors.ipam.options.include_unmanaged_vpcs",
                "maybe"},
        BadCase{"exclude_vpc_tags: [a, b]", "collectors.ipam.options.exclude_vpc_tags", "mapping"}),
    [](const ::testing::TestParamInfo<BadCase>& info) {
      // The key the case is about, e.g. "resource_types_1_".
      std::string name =
          std::string(info.param.path).substr(sizeof("collectors.ipam.options.") - 1);
      for (char& c : name) {
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
      }
      return name + "_" + std::to_string(info.index);
    });

}  // namespace
}  // namespace awsgov::ipam
