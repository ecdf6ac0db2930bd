#include <gtest/gtest.h>

#include <map>
#include <optional>

#include "exporter/aws/aws_client.h"

namespace awsgov::aws {
namespace {

Getenv MapEnv(std::map<std::string, std::string> values) {
  return [values](const std::string& name) -> std::optional<std::string> {
    auto it = values.find(name);
    if (it == values.end()) return std::nullopt;
    return it->second;
  };
}

const ServiceInfo& Service(std::string_view id) {
  const ServiceInfo* service = FindService(id);
  EXPECT_NE(service, nullptr) << id;
  return *service;
}

TEST(EndpointsTest, ServiceTableMatchesBotocoreMetadata) {
  EXPECT_EQ(Service("ec2").protocol, Protocol::kEc2Query);
  EXPECT_EQ(Service("ec2").api_version, "2016-11-15");
  EXPECT_EQ(Service("sts").protocol, Protocol::kQuery);
  EXPECT_EQ(Service("sts").api_version, "2011-06-15");
  EXPECT_EQ(Service("autoscaling").api_version, "2011-01-01");
  EXPECT_EQ(Service("autoscaling").sdk_id, "Auto Scaling");
  EXPECT_EQ(Service("dynamodb").json_version, "1.0");
  EXPECT_EQ(Service("dynamodb").target_prefix, "DynamoDB_20120810");
  EXPECT_EQ(Service("cloudtrail").json_version, "1.1");
  EXPECT_EQ(Service("cloudtrail").target_prefix,
            "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101");
  EXPECT_EQ(Service("organizations").target_prefix, "AWSOrganizationsV20161128");
  EXPECT_TRUE(Service("organizations").global);
  EXPECT_EQ(Service("ram").protocol, Protocol::kRestJson);
  EXPECT_EQ(Service("inspector2").protocol, Protocol::kRestJson);
  EXPECT_EQ(Service("inspector2").signing_name, "inspector2");
  EXPECT_EQ(FindService("s3"), nullptr);
}

TEST(EndpointsTest, RegionalDefaults) {
  EndpointResolver resolver(MapEnv({}), "", {});
  EXPECT_EQ(resolver.Resolve(Service("ec2"), "eu-west-1"), "https://ec2.eu-west-1.amazonaws.com");
  EXPECT_EQ(resolver.Resolve(Service("sts"), "ap-southeast-2"),
            "https://sts.ap-southeast-2.amazonaws.com");
  EXPECT_EQ(resolver.Resolve(Service("dynamodb"), "cn-north-1"),
            "https://dynamodb.cn-north-1.amazonaws.com.cn");
  EXPECT_EQ(resolver.Resolve(Service("organizations"), "eu-central-1"),
            "https://organizations.us-east-1.amazonaws.com");
  EXPECT_EQ(resolver.SigningRegion(Service("organizations"), "eu-central-1"), "us-east-1");
  EXPECT_EQ(resolver.SigningRegion(Service("organizations"), "us-gov-east-1"), "us-gov-west-1");
  EXPECT_EQ(resolver.SigningRegion(Service("ec2"), "eu-central-1"), "eu-central-1");
}

TEST(EndpointsTest, EnvironmentBeatsConfigAndServiceBeatsGlobal) {
  EndpointResolver resolver(MapEnv({{"AWS_ENDPOINT_URL", "http://global-env:1/"},
                                    {"AWS_ENDPOINT_URL_EC2", "http://ec2-env:2"},
                                    {"AWS_ENDPOINT_URL_AUTO_SCALING", "http://asg-env:3"}}),
                            "http://global-config:4", {{"dynamodb", "http://ddb-config:5"}});
  EXPECT_EQ(resolver.Resolve(Service("ec2"), "eu-west-1"), "http://ec2-env:2");
  EXPECT_EQ(resolver.Resolve(Service("autoscaling"), "eu-west-1"), "http://asg-env:3");
  EXPECT_EQ(resolver.Resolve(Service("dynamodb"), "eu-west-1"), "http://global-env:1");
  EXPECT_EQ(resolver.Resolve(Service("sts"), "eu-west-1"), "http://global-env:1");
}

TEST(EndpointsTest, ConfigOverridesWhenEnvironmentIsSilent) {
  EndpointResolver resolver(
      MapEnv({}), "http://global-config:4/",
      {{"dynamodb", "http://ddb-config:5"}, {"auto_scaling", "http://asg:6"}});
  EXPECT_EQ(resolver.Resolve(Service("dynamodb"), "eu-west-1"), "http://ddb-config:5");
  EXPECT_EQ(resolver.Resolve(Service("autoscaling"), "eu-west-1"), "http://asg:6");
  EXPECT_EQ(resolver.Resolve(Service("ec2"), "eu-west-1"), "http://global-config:4");
}

TEST(EndpointsTest, IgnoreConfiguredEndpointUrlsDisablesOverrides) {
  EndpointResolver resolver(MapEnv({{"AWS_ENDPOINT_URL_EC2", "http://ec2-env:2"},
                                    {"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"}}),
                            "http://global-config:4", {});
  EXPECT_EQ(resolver.Resolve(Service("ec2"), "eu-west-1"), "https://ec2.eu-west-1.amazonaws.com");
}

}  // namespace
}  // namespace awsgov::aws
