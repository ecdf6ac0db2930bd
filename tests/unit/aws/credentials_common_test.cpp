#include "exporter/aws/credentials_common.h"

#include <gtest/gtest.h>

#include "exporter/aws/credentials_json.h"
#include "exporter/aws/credentials_sts.h"
#include "tests/unit/aws/credentials_fakes.h"

namespace awsgov::aws {
namespace {

using credtest::Unix;

TEST(CredentialsTimestamp, ParsesAwsForms) {
  std::chrono::system_clock::time_point t;
  ASSERT_TRUE(ParseAwsTimestamp("2024-05-01T12:00:00Z", &t));
  EXPECT_EQ(t, Unix(1714564800));
  ASSERT_TRUE(ParseAwsTimestamp("2024-05-01T12:00:00.123456Z", &t));
  EXPECT_EQ(t, Unix(1714564800));
  ASSERT_TRUE(ParseAwsTimestamp("2024-05-01T14:00:00+02:00", &t));
  EXPECT_EQ(t, Unix(1714564800));
  ASSERT_TRUE(ParseAwsTimestamp("2024-05-01T10:30:00-01:30", &t));
  EXPECT_EQ(t, Unix(1714564800));
  EXPECT_EQ(FormatAwsTimestamp(Unix(1893456000)), "2030-01-01T00:00:00Z");
}

// Found by fuzz_ec2_xml: years system_clock cannot hold overflowed (UBSan) instead of failing.
TEST(ParseAwsTimestampTest, RefusesYearsOutsideTheClocksRange) {
  std::chrono::system_clock::time_point t;
  EXPECT_FALSE(ParseAwsTimestamp("1015-01-01T00:00:00Z", &t));
  EXPECT_FALSE(ParseAwsTimestamp("9999-12-31T23:59:59Z", &t));
  EXPECT_FALSE(ParseAwsTimestamp("2024-05-01T-1:00:00Z", &t));
  ASSERT_TRUE(ParseAwsTimestamp("2261-12-31T00:00:00Z", &t));
  ASSERT_TRUE(ParseAwsTimestamp("1970-01-01T00:00:00Z", &t));
  EXPECT_EQ(std::chrono::system_clock::to_time_t(t), 0);
}

TEST(CredentialsTimestamp, RejectsMalformed) {
  std::chrono::system_clock::time_point t;
  EXPECT_FALSE(ParseAwsTimestamp("", &t));
  EXPECT_FALSE(ParseAwsTimestamp("2024-05-01", &t));
  EXPECT_FALSE(ParseAwsTimestamp("2024-05-01T12:00:00", &t));  // no zone
  EXPECT_FALSE(ParseAwsTimestamp("2024-13-01T12:00:00Z", &t));
  EXPECT_FALSE(ParseAwsTimestamp("1714564800", &t));
}

TEST(CredentialsFormEncode, KeepsUnreservedOnly) {
  EXPECT_EQ(FormEncode("arn:aws:iam::123456789012:role/a b+c~d"),
            "arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fa%20b%2Bc~d");
}

TEST(CredentialsJson, ReadsFieldsAndNamesMissingOnes) {
  Credentials c;
  ASSERT_TRUE(
      CredentialsFromJsonText(R"({"AccessKeyId":"AKIDX","SecretAccessKey":"S3CR3T","Token":"TOK",)"
                              R"("Expiration":"2030-01-01T00:00:00Z"})",
                              "Token", &c)
          .ok());
  EXPECT_EQ(c.access_key_id, "AKIDX");
  EXPECT_EQ(c.secret_access_key, "S3CR3T");
  EXPECT_EQ(c.session_token, "TOK");
  EXPECT_EQ(c.expiration, Unix(1893456000));

  Status s = CredentialsFromJsonText(R"({"AccessKeyId":"AKIDX","Token":"TOK"})", "Token", &c);
  EXPECT_EQ(s.code(), StatusCode::kParseError);
  EXPECT_NE(s.message().find("SecretAccessKey"), std::string::npos);
  EXPECT_EQ(s.message().find("AKIDX"), std::string::npos);
}

TEST(CredentialsSts, ParsesResultAndErrors) {
  Credentials c;
  std::string xml = credtest::StsCredentialsXml("AssumeRoleWithWebIdentity", "ASIAW", "sek", "tok",
                                                "2024-05-01T12:00:00Z");
  ASSERT_TRUE(CredentialsFromStsResponse(200, xml, "AssumeRoleWithWebIdentity", &c).ok());
  EXPECT_EQ(c.access_key_id, "ASIAW");
  EXPECT_EQ(c.secret_access_key, "sek");
  EXPECT_EQ(c.session_token, "tok");
  EXPECT_EQ(c.expiration, Unix(1714564800));

  std::string error =
      "<ErrorResponse><Error><Type>Sender</Type><Code>InvalidIdentityToken</Code>"
      "<Message>Token expired</Message></Error></ErrorResponse>";
  Status s = CredentialsFromStsResponse(400, error, "AssumeRoleWithWebIdentity", &c);
  EXPECT_EQ(s.code(), StatusCode::kPermissionDenied);
  EXPECT_NE(s.message().find("InvalidIdentityToken"), std::string::npos);
  EXPECT_EQ(CredentialsFromStsResponse(503, "", "AssumeRole", &c).code(), StatusCode::kUnavailable);
}

}  // namespace
}  // namespace awsgov::aws
