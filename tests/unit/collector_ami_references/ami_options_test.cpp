// Strict parsing of collectors.ami_references.options: defaults, every key, and errors that name
// the file, line, column and key path.
#include "collectors/ami_references/ami_options.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <ostream>
#include <string>

#include "exporter/config/config.h"
#include "exporter/config/errors.h"

namespace awsgov::ami {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

config::CollectorConfig Section(const std::string& yaml) {
  config::CollectorConfig section;
  section.name = "ami_references";
  section.options = YAML::Load(yaml);
  section.file = "config.yml";
  section.path = "collectors.ami_references.options";
  return section;
}

TEST(AmiOptionsTest, DefaultsWithTheRequiredOwners) {
  config::ErrorList errors("config.yml");
  auto options = ParseAmiOptions(Section("owner_accounts: [\"111111111111\"]\n"), &errors);
  ASSERT_TRUE(options.has_value()) << errors.ToString();
  EXPECT_THAT(options->owner_accounts, ElementsAre("111111111111"));
  EXPECT_FALSE(options->all_launch_template_versions);
  EXPECT_FALSE(options->include_unknown_owners);
  EXPECT_EQ(options->unresolved_images_owner, "");
  EXPECT_EQ(options->organizations_account_id, "");
  EXPECT_DOUBLE_EQ(options->launch_permission_lookups_per_second, 5);
  EXPECT_TRUE(options->IsOwner("111111111111"));
  EXPECT_FALSE(options->IsOwner("222222222222"));
}

TEST(AmiOptionsTest, ReadsEveryKey) {
  config::ErrorList errors("config.yml");
  auto options = ParseAmiOptions(Section(R"(
owner_accounts: ["111111111111", "222222222222"]
launch_template_versions: all
include_unknown_owners: true
unresolved_images_owner: "111111111111"
organizations_account_id: "999999999999"
organization_id: o-abcdef1234
account_parents:
  "333333333333": [ou-ab12-cdef3456, r-ab12]
launch_permission_lookups_per_second: 0.5
)"),
                                 &errors);
  ASSERT_TRUE(options.has_value()) << errors.ToString();
  EXPECT_THAT(options->owner_accounts, ElementsAre("111111111111", "222222222222"));
  EXPECT_TRUE(options->all_launch_template_versions);
  EXPECT_TRUE(options->include_unknown_owners);
  EXPECT_EQ(options->unresolved_images_owner, "111111111111");
  EXPECT_EQ(options->organizations_account_id, "999999999999");
  EXPECT_EQ(options->organization_id, "o-abcdef1234");
  EXPECT_THAT(options->account_parents.at("333333333333"),
              ElementsAre("ou-ab12-cdef3456", "r-ab12"));
  EXPECT_DOUBLE_EQ(options->launch_permission_lookups_per_second, 0.5);
}

struct BadCase {
  std::string yaml;
  std::string error;  // a substring of the one error
};

// Test names and ctest names show the YAML, not the object's bytes (which hold heap addresses).
void PrintTo(const BadCase& c, std::ostream* os) { *os << c.yaml; }

class AmiOptionsErrorTest : public ::testing::TestWithParam<BadCase> {};

TEST_P(AmiOptionsErrorTest, NamesTheKeyAndTheProblem) {
  config::ErrorList errors("config.yml");
  auto options = ParseAmiOptions(Section(GetParam().yaml), &errors);
  EXPECT_FALSE(options.has_value());
  ASSERT_EQ(errors.errors().size(), 1u) << errors.ToString();
  EXPECT_THAT(errors.ToString(), HasSubstr(GetParam().error));
  EXPECT_THAT(errors.ToString(), HasSubstr("config.yml:"));
}

INSTANTIATE_TEST_SUITE_P(
    Cases, AmiOptionsErrorTest,
    ::testing::Values(
        BadCase{"include_unknown_owners: true\n", "owner_accounts"},
        BadCase{"owner_accounts: []\n", "collectors.ami_references.options.owner_accounts"},
        BadCase{"owner_accounts: [\"1111\"]\n", "owner_accounts[0]"},
        BadCase{"owner_accounts: [\"111111111111\", \"111111111111\"]\n",
                "duplicate owner account \"111111111111\""},
        BadCase{"owner_accounts: [\"111111111111\"]\nlaunch_template_versions: latest\n",
                "launch_template_versions"},
        BadCase{"owner_accounts: [\"111111111111\"]\norganization_id: org-1\n",
                "invalid organization id \"org-1\""},
        BadCase{
            "owner_accounts: [\"111111111111\"]\naccount_parents:\n  \"333333333333\": [ou-x]\n",
            "account_parents.333333333333[0]"},
        BadCase{"owner_accounts: [\"111111111111\"]\naccount_parents:\n  abc: [r-ab12]\n",
                "account_parents.abc"},
        BadCase{"owner_accounts: [\"111111111111\"]\nlaunch_permission_lookups_per_second: 0\n",
                "launch_permission_lookups_per_second"},
        BadCase{"owner_accounts: [\"111111111111\"]\nowner_account: x\n", "owner_account"}),
    [](const ::testing::TestParamInfo<BadCase>& info) { return std::to_string(info.index); });

}  // namespace
}  // namespace awsgov::ami
