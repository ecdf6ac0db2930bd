// The services the exporter calls, with the metadata of botocore's service-2.json models
// (apiVersion, endpointPrefix, protocol, jsonVersion, targetPrefix, signingName, serviceId).
#include <array>

#include "exporter/aws/aws_client.h"

namespace awsgov::aws {
namespace {

constexpr std::array<ServiceInfo, 8> kServices = {{
    {"ec2", "EC2", "ec2", "ec2", "2016-11-15", Protocol::kEc2Query, "", "", false},
    {"sts", "STS", "sts", "sts", "2011-06-15", Protocol::kQuery, "", "", false},
    {"autoscaling", "Auto Scaling", "autoscaling", "autoscaling", "2011-01-01", Protocol::kQuery,
     "", "", false},
    {"dynamodb", "DynamoDB", "dynamodb", "dynamodb", "2012-08-10", Protocol::kJson, "1.0",
     "DynamoDB_20120810", false},
    {"cloudtrail", "CloudTrail", "cloudtrail", "cloudtrail", "2013-11-01", Protocol::kJson, "1.1",
     "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101", false},
    {"organizations", "Organizations", "organizations", "organizations", "2016-11-28",
     Protocol::kJson, "1.1", "AWSOrganizationsV20161128", true},
    {"ram", "RAM", "ram", "ram", "2018-01-04", Protocol::kRestJson, "1.1", "", false},
    {"inspector2", "Inspector2", "inspector2", "inspector2", "2020-06-08", Protocol::kRestJson, "",
     "", false},
}};

}  // namespace

const ServiceInfo* FindService(std::string_view id) {
  for (const ServiceInfo& service : kServices) {
    if (service.id == id) return &service;
  }
  return nullptr;
}

}  // namespace awsgov::aws
