// Synthetic EC2 responses shaped as EC2 writes them (botocore's ec2 model: <item> lists,
// camel-case member names), for the parsing benchmarks.
#pragma once

#include <string>

namespace awsgov::bench {

// One DescribeVpcs page with `vpcs` VPCs, 10.<i/256>.<i%256>.0/24... each a /16 of its own.
std::string DescribeVpcsPage(int vpcs);
// One DescribeSubnets page with `subnets` subnets spread over `vpcs` VPCs (as many per VPC),
// with tags and the fields EC2 returns.
std::string DescribeSubnetsPage(int subnets, int vpcs);
// One DescribeInstances page with `instances` instances (one reservation each).
std::string DescribeInstancesPage(int instances);

}  // namespace awsgov::bench
