#include <gtest/gtest.h>

#include "exporter/aws/protocol_json.h"
#include "exporter/aws/protocol_query.h"
#include "exporter/aws/url.h"

namespace awsgov::aws {
namespace {

HttpResponse Response(long status, std::string body,
                      std::vector<std::pair<std::string, std::string>> headers = {}) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  r.headers = std::move(headers);
  return r;
}

TEST(ProtocolTest, PercentEncodingKeepsOnlyUnreservedCharacters) {
  EXPECT_EQ(PercentEncode("aZ09-_.~"), "aZ09-_.~");
  EXPECT_EQ(PercentEncode("a b/c+d=e&f:g"), "a%20b%2Fc%2Bd%3De%26f%3Ag");
  EXPECT_EQ(PercentEncode("\xc3\xa9"), "%C3%A9");
  EXPECT_EQ(PercentEncode("/a b/", "/"), "/a%20b/");
}

TEST(ProtocolTest, Ec2ErrorResponse) {
  AwsError e = ParseQueryError(Response(
      400,
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Errors><Error><Code>"
      "InvalidVpcID.NotFound</Code><Message>The vpc ID 'vpc-1' does not exist</Message></Error>"
      "</Errors><RequestID>ec2-req-1</RequestID></Response>"));
  EXPECT_EQ(e.code, "InvalidVpcID.NotFound");
  EXPECT_EQ(e.message, "The vpc ID 'vpc-1' does not exist");
  EXPECT_EQ(e.request_id, "ec2-req-1");
  EXPECT_EQ(StatusCodeForAwsError(e), StatusCode::kNotFound);
}

TEST(ProtocolTest, QueryErrorResponse) {
  AwsError e = ParseQueryError(Response(
      400,
      "<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded"
      "</Message></Error><RequestId>asg-req-1</RequestId></ErrorResponse>"));
  EXPECT_EQ(e.code, "Throttling");
  EXPECT_EQ(e.message, "Rate exceeded");
  EXPECT_EQ(e.request_id, "asg-req-1");
  EXPECT_EQ(StatusCodeForAwsError(e), StatusCode::kThrottled);
}

TEST(ProtocolTest, UnparseableErrorBodyKeepsStatusAndExcerpt) {
  AwsError e =
      ParseQueryError(Response(502, "<html>Bad Gateway", {{"x-amz-request-id", "hdr-req"}}));
  EXPECT_EQ(e.code, "");
  EXPECT_EQ(e.request_id, "hdr-req");
  EXPECT_NE(e.message.find("Bad Gateway"), std::string::npos);
  EXPECT_EQ(StatusCodeForAwsError(e), StatusCode::kUnavailable);
}

TEST(ProtocolTest, RequestIdIsFoundInTruncatedXml) {
  EXPECT_EQ(RequestIdFromXmlText("<DescribeVpcsResponse><requestId>abc-1</requestId><vpcSe"),
            "abc-1");
  EXPECT_EQ(RequestIdFromXmlText("<DescribeVpcsResponse><requestId>abc-"), "");
}

TEST(ProtocolTest, QueryResponseRootMustMatchTheOperation) {
  pugi::xml_document doc;
  EXPECT_TRUE(
      ParseQueryResponse("DescribeVpcs", Response(200, "<DescribeVpcsResponse/>"), &doc).ok());
  Status s = ParseQueryResponse("DescribeVpcs", Response(200, "<Other/>"), &doc);
  EXPECT_EQ(s.code(), StatusCode::kParseError);
  s = ParseQueryResponse("DescribeVpcs", Response(200, "<DescribeVpcsResponse><a>"), &doc);
  EXPECT_EQ(s.code(), StatusCode::kParseError);
  s = ParseQueryResponse("DescribeVpcs", Response(200, ""), &doc);
  EXPECT_EQ(s.code(), StatusCode::kParseError);
}

TEST(ProtocolTest, JsonErrorCodesAreSanitized) {
  AwsError e = ParseJsonError(
      Response(400, R"({"__type":"com.amazon.coral.service#AccessDeniedException","Message":"no"})",
               {{"x-amzn-requestid", "j-1"}}));
  EXPECT_EQ(e.code, "AccessDeniedException");
  EXPECT_EQ(e.message, "no");
  EXPECT_EQ(e.request_id, "j-1");
  EXPECT_EQ(StatusCodeForAwsError(e), StatusCode::kPermissionDenied);

  e = ParseJsonError(Response(429, R"({"code":"TooManyRequestsException","message":"slow"})"));
  EXPECT_EQ(e.code, "TooManyRequestsException");
  EXPECT_EQ(StatusCodeForAwsError(e), StatusCode::kThrottled);

  e = ParseJsonError(Response(400, R"({"__type":"X"})",
                              {{"x-amzn-errortype", "ConflictException:http://internal/"}}));
  EXPECT_EQ(e.code, "ConflictException");

  e = ParseJsonError(Response(500, "not json at all"));
  EXPECT_EQ(e.code, "");
  EXPECT_EQ(e.message, "not json at all");
}

TEST(ProtocolTest, JsonResponses) {
  nlohmann::json out;
  ASSERT_TRUE(ParseJsonResponse(Response(200, ""), &out).ok());
  EXPECT_EQ(out, nlohmann::json::object());
  ASSERT_TRUE(ParseJsonResponse(Response(200, R"({"a":[1,2]})"), &out).ok());
  EXPECT_EQ(out["a"][1], 2);
  EXPECT_EQ(ParseJsonResponse(Response(200, "[1]"), &out).code(), StatusCode::kParseError);
  EXPECT_EQ(ParseJsonResponse(Response(200, R"({"a":)"), &out).code(), StatusCode::kParseError);
  std::string deep(100000, '[');
  EXPECT_EQ(ParseJsonResponse(Response(200, deep), &out).code(), StatusCode::kParseError);
}

TEST(ProtocolTest, RequestBuilders) {
  const ServiceInfo* sts = FindService("sts");
  HttpRequest q = BuildQueryRequest(*sts, "https://sts.eu-west-1.amazonaws.com", "AssumeRole",
                                    {{"RoleArn", "arn:aws:iam::1:role/x"}});
  EXPECT_EQ(q.url, "https://sts.eu-west-1.amazonaws.com/");
  EXPECT_EQ(q.body,
            "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A1%3Arole%2Fx");

  HttpRequest r = BuildRestJsonRequest("https://ram.eu-west-1.amazonaws.com", "GET", "/x",
                                       {{"k", "v w"}}, nullptr);
  EXPECT_EQ(r.url, "https://ram.eu-west-1.amazonaws.com/x?k=v%20w");
  EXPECT_TRUE(r.body.empty());
  EXPECT_TRUE(r.headers.empty());
}

}  // namespace
}  // namespace awsgov::aws
