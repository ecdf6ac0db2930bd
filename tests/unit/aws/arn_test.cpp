// The ARN splitter (exporter/aws/arn.h) shared by the client factory (AccountIdOfArn of a role
// ARN) and tgw_shares (share principals): fields as AWS documents them, colons inside the
// resource kept, and texts that are not ARNs refused.
#include "exporter/aws/arn.h"

#include <gtest/gtest.h>

#include <string>

namespace awsgov::aws {
namespace {

ArnParts Split(std::string_view arn) {
  ArnParts parts;
  EXPECT_TRUE(SplitArn(arn, &parts)) << arn;
  return parts;
}

bool Refused(std::string_view arn) {
  ArnParts parts;
  return !SplitArn(arn, &parts);
}

TEST(Arn, SplitsTheFiveFields) {
  EXPECT_EQ(Split("arn:aws:iam::123456789012:role/awsgov-exporter"),
            (ArnParts{"aws", "iam", "", "123456789012", "role/awsgov-exporter"}));
  EXPECT_EQ(
      Split("arn:aws-us-gov:ec2:us-gov-west-1:210987654321:transit-gateway/tgw-0a"),
      (ArnParts{"aws-us-gov", "ec2", "us-gov-west-1", "210987654321", "transit-gateway/tgw-0a"}));
  EXPECT_EQ(Split("arn:aws:organizations::111111111111:ou/o-abc/ou-ab12-cdef3456"),
            (ArnParts{"aws", "organizations", "", "111111111111", "ou/o-abc/ou-ab12-cdef3456"}));
}

TEST(Arn, ResourceKeepsItsColonsAndMayBeEmpty) {
  EXPECT_EQ(Split("arn:aws:lambda:eu-west-1:123456789012:function:f:1").resource, "function:f:1");
  EXPECT_EQ(Split("arn:aws:s3:::bucket"), (ArnParts{"aws", "s3", "", "", "bucket"}));
  EXPECT_EQ(Split("arn:aws:iam::123456789012:").resource, "");
}

TEST(Arn, RefusesWhatIsNotAnArn) {
  EXPECT_TRUE(Refused(""));
  EXPECT_TRUE(Refused("123456789012"));
  EXPECT_TRUE(Refused("not-an-arn"));
  EXPECT_TRUE(Refused("ARN:aws:iam::123456789012:role/x"));  // the prefix is lower-case
  EXPECT_TRUE(Refused("arn:aws:iam::123456789012"));         // five fields
  EXPECT_TRUE(Refused("arn::iam::123456789012:role/x"));     // no partition
  EXPECT_TRUE(Refused("arn:AWS:iam::123456789012:role/x"));  // partition not lower-case
  EXPECT_TRUE(Refused("arn:aws1:iam::123456789012:role/x"));
}

TEST(Arn, AccountIdOfArn) {
  EXPECT_EQ(AccountIdOfArn("arn:aws:iam::123456789012:role/x"), "123456789012");
  EXPECT_EQ(AccountIdOfArn("arn:aws-cn:iam::210987654321:role/a/b"), "210987654321");
  EXPECT_EQ(AccountIdOfArn("arn:aws:s3:::bucket"), "");
  EXPECT_EQ(AccountIdOfArn("not-an-arn"), "");
  EXPECT_EQ(AccountIdOfArn("x:aws:iam::123456789012:role/x"), "");
}

}  // namespace
}  // namespace awsgov::aws
