#include "collectors/inspector_coverage/inspector_options.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "exporter/config/errors.h"
#include "tests/unit/collector_inspector_coverage/inspector_test_support.h"

namespace awsgov::inspector {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::Section;

TEST(InspectorOptionsTest, DefaultsWhenAbsent) {
  config::ErrorList errors("config.yml");
  auto options = ParseInspectorOptions(Section(""), &errors);
  ASSERT_TRUE(options.has_value()) << errors.ToString();
  EXPECT_EQ(options->delegated_admin_account_id, "");
  EXPECT_TRUE(options->check_account_status);
  EXPECT_FALSE(options->include_finding_counts);
  EXPECT_EQ(options->exceptions_table.name, "");
  EXPECT_THAT(options->exceptions_table.exception_types, ElementsAre("DoNotStart"));
  EXPECT_TRUE(options->excepted_instance_ids.empty());
  EXPECT_EQ(options->exception_tag_key, "");
  EXPECT_EQ(options->InspectorAccountFor("222222222222"), "222222222222");
}

TEST(InspectorOptionsTest, ReadsEveryKey) {
  config::ErrorList errors("config.yml");
  auto options = ParseInspectorOptions(Section(R"(
delegated_admin_account_id: "012345678901"
check_account_status: false
include_finding_counts: true
exceptions_table:
  name: Inspector-Exceptions
  account_id: "111111111111"
  region: eu-west-1
  exception_types: [DoNotStart, DoNotStop]
excepted_instance_ids: [i-0123456789abcdef0, i-0a1b2c3d]
exception_tag_key: inspector-exception
exception_tag_value: approved
)"),
                                       &errors);
  ASSERT_TRUE(options.has_value()) << errors.ToString();
  EXPECT_EQ(options->delegated_admin_account_id, "012345678901");
  EXPECT_EQ(options->InspectorAccountFor("222222222222"), "012345678901");
  EXPECT_FALSE(options->check_account_status);
  EXPECT_TRUE(options->include_finding_counts);
  EXPECT_EQ(options->exceptions_table.name, "Inspector-Exceptions");
  EXPECT_EQ(options->exceptions_table.account_id, "111111111111");
  EXPECT_EQ(options->exceptions_table.region, "eu-west-1");
  EXPECT_THAT(options->exceptions_table.exception_types, ElementsAre("DoNotStart", "DoNotStop"));
  EXPECT_THAT(options->excepted_instance_ids, ElementsAre("i-0123456789abcdef0", "i-0a1b2c3d"));
  EXPECT_EQ(options->exception_tag_key, "inspector-exception");
  EXPECT_EQ(options->exception_tag_value, "approved");
}

struct BadCase {
  const char* yaml;
  const char* message;  // a part of the error text
};

class InspectorOptionsErrorTest : public ::testing::TestWithParam<BadCase> {};

TEST_P(InspectorOptionsErrorTest, IsRejectedWithAPositionedMessage) {
  config::ErrorList errors("config.yml");
  auto options = ParseInspectorOptions(Section(GetParam().yaml), &errors);
  EXPECT_FALSE(options.has_value());
  ASSERT_FALSE(errors.empty());
  EXPECT_THAT(errors.ToString(), HasSubstr(GetParam().message));
  EXPECT_THAT(errors.ToString(), HasSubstr("config.yml:"));
}

INSTANTIATE_TEST_SUITE_P(
    Cases, InspectorOptionsErrorTest,
    ::testing::Values(
        BadCase{"delegated_admin_account_id: \"12345\"\n", "invalid account id \"12345\""},
        BadCase{"exceptions_table:\n  name: t\n  region: eu-west-1\n", "account_id"},
        BadCase{"exceptions_table:\n  name: t\n  account_id: \"111111111111\"\n", "region"},
        BadCase{"exceptions_table:\n  name: t\n  account_id: \"111111111111\"\n  region: eu\n",
                "invalid region"},
        BadCase{"exceptions_table:\n  name: t\n  account_id: \"111111111111\"\n  region: "
                "eu-west-1\n  exception_types: []\n",
                "at least one ExceptionType"},
        BadCase{"exceptions_table:\n  name: t\n  account_id: \"111111111111\"\n  region: "
                "eu-west-1\n  hash_key: Id\n",
                "unknown key"},
        BadCase{"excepted_instance_ids: [vol-0123456789abcdef0]\n", "invalid instance id"},
        BadCase{"excepted_instance_ids: [i-0a1b2c3d, i-0a1b2c3d]\n", "duplicate instance id"},
        BadCase{"exception_tag_value: yes-please\n", "needs exception_tag_key"},
        BadCase{"check_account_status: \"true\"\n", "check_account_status"},
        BadCase{"exceptions: []\n", "unknown key"}));

}  // namespace
}  // namespace awsgov::inspector
