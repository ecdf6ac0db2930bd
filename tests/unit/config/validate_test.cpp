#include <gtest/gtest.h>

#include "exporter/config/checks.h"
#include "exporter/config/config.h"

namespace awsgov::config {
namespace {

TEST(IsValidAccountIdTest, WantsExactlyTwelveDigits) {
  EXPECT_TRUE(IsValidAccountId("123456789012"));
  EXPECT_TRUE(IsValidAccountId("012345678901"));
  EXPECT_FALSE(IsValidAccountId("12345678901"));
  EXPECT_FALSE(IsValidAccountId("1234567890123"));
  EXPECT_FALSE(IsValidAccountId("12345678901a"));
  EXPECT_FALSE(IsValidAccountId("1234-5678-9012"));
  EXPECT_FALSE(IsValidAccountId(""));
}

TEST(IsValidRegionTest, AcceptsAllPartitions) {
  for (const char* region :
       {"eu-west-1", "us-east-1", "us-gov-west-1", "cn-north-1", "cn-northwest-1", "ap-southeast-5",
        "il-central-1", "me-central-1", "us-isob-east-1", "eusc-de-east-1", "ca-west-1",
        "us-isof-south-1", "ap-northeast-3", "sa-east-1", "mx-central-1"}) {
    EXPECT_TRUE(IsValidRegion(region)) << region;
  }
}

TEST(IsValidRegionTest, RejectsZonesCaseAndFragments) {
  for (const char* region : {"eu-west", "eu-west-1a", "EU-WEST-1", "euwest1", "global", "",
                             "eu--west-1", "-eu-west-1", "eu-west-1-", "e-west-1", "eu-west-100",
                             "eu_west_1", "eu-west1", "eu-wset-1", "moon-base-1", "us-gov-1"}) {
    EXPECT_FALSE(IsValidRegion(region)) << region;
  }
}

TEST(IsValidRoleArnTest, ChecksEveryField) {
  EXPECT_TRUE(IsValidRoleArn("arn:aws:iam::123456789012:role/awsgov-exporter"));
  EXPECT_TRUE(IsValidRoleArn("arn:aws-us-gov:iam::123456789012:role/path/to/Name+=,.@_-"));
  EXPECT_TRUE(IsValidRoleArn("arn:aws-cn:iam::123456789012:role/reader"));
  EXPECT_FALSE(IsValidRoleArn("arn:aws:iam::1234:role/reader"));              // short account
  EXPECT_FALSE(IsValidRoleArn("arn:aws:iam::123456789012:user/reader"));      // not a role
  EXPECT_FALSE(IsValidRoleArn("arn:aws:sts::123456789012:role/reader"));      // wrong service
  EXPECT_FALSE(IsValidRoleArn("arn:aws:iam:eu-west-1:123456789012:role/r"));  // has a region
  EXPECT_FALSE(IsValidRoleArn("arn:gcp:iam::123456789012:role/reader"));      // partition
  EXPECT_FALSE(IsValidRoleArn("arn:aws:iam::123456789012:role/"));            // no name
  EXPECT_FALSE(IsValidRoleArn("arn:aws:iam::123456789012:role/a b"));         // space
  EXPECT_FALSE(IsValidRoleArn("arn:aws:iam::123456789012:role/" + std::string(65, 'a')));
  EXPECT_FALSE(IsValidRoleArn("awsgov-exporter"));
}

TEST(RoleArnForTest, TemplateThenRoleNameThenOwnCredentials) {
  Aws aws;
  EXPECT_EQ(RoleArnFor(aws, "123456789012"), "");
  aws.role_name = "reader";
  EXPECT_EQ(RoleArnFor(aws, "123456789012"), "arn:aws:iam::123456789012:role/reader");
  aws.role_arn_template = "arn:aws-cn:iam::{account_id}:role/{account_id}-reader";
  EXPECT_EQ(RoleArnFor(aws, "012345678901"),
            "arn:aws-cn:iam::012345678901:role/012345678901-reader");
}

TEST(StringChecksTest, NameTheValueAndWhatIsWanted) {
  EXPECT_EQ(AccountIdCheck()("123"), "invalid account id \"123\" (want exactly 12 digits)");
  EXPECT_EQ(AccountIdCheck()("123456789012"), "");
  EXPECT_EQ(UrlCheck()("http://localhost:5000"), "");
  EXPECT_EQ(UrlCheck()("https://ec2.eu-west-1.amazonaws.com"), "");
  EXPECT_NE(UrlCheck()("http://"), "");
  EXPECT_NE(UrlCheck()("https://host name"), "");
  EXPECT_NE(UrlCheck()("localhost:5000"), "");
  EXPECT_EQ(OrganizationalUnitCheck()("ou-ab12-cdefgh12"), "");
  EXPECT_EQ(OrganizationalUnitCheck()("r-ab12"), "");
  EXPECT_NE(OrganizationalUnitCheck()("ou-ab12-short"), "");
  EXPECT_NE(OrganizationalUnitCheck()("ab12"), "");
  EXPECT_EQ(ServiceIdCheck()("resource-groups-tagging-api"), "");
  EXPECT_NE(ServiceIdCheck()("EC2"), "");
  EXPECT_EQ(NonEmptyCheck()(""), "must not be empty");
}

TEST(StringChecksTest, UniqueCheckRemembersValuesPerInstance) {
  StringCheck unique = UniqueCheck("region", RegionCheck());
  EXPECT_EQ(unique("eu-west-1"), "");
  EXPECT_EQ(unique("eu-west-2"), "");
  EXPECT_EQ(unique("eu-west-1"), "duplicate region \"eu-west-1\"");
  EXPECT_EQ(unique("eu-west"), "invalid region \"eu-west\" (want e.g. eu-west-1)");
  EXPECT_EQ(UniqueCheck("region")("eu-west-1"), "");  // a fresh check has seen nothing
}

}  // namespace
}  // namespace awsgov::config
