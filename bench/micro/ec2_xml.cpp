#include "bench/micro/ec2_xml.h"

namespace awsgov::bench {
namespace {

constexpr const char* kNamespace = "http://ec2.amazonaws.com/doc/2016-11-15/";

std::string Hex(int i, int width) {
  static const char* digits = "0123456789abcdef";
  std::string out(width, '0');
  for (int p = width - 1; p >= 0 && i > 0; --p, i /= 16) out[p] = digits[i % 16];
  return out;
}

std::string VpcId(int i) { return "vpc-" + Hex(i, 17); }

}  // namespace

std::string DescribeVpcsPage(int vpcs) {
  std::string xml = std::string("<DescribeVpcsResponse xmlns=\"") + kNamespace +
                    "\"><requestId>bench</requestId><vpcSet>";
  for (int i = 0; i < vpcs; ++i) {
    const std::string cidr = "10." + std::to_string(i % 256) + ".0.0/16";
    xml += "<item><vpcId>" + VpcId(i) +
           "</vpcId><ownerId>111111111111</ownerId><state>available</state><cidrBlock>" + cidr +
           "</cidrBlock><cidrBlockAssociationSet><item><cidrBlock>" + cidr +
           "</cidrBlock><associationId>vpc-cidr-assoc-" + Hex(i, 17) +
           "</associationId><cidrBlockState><state>associated</state></cidrBlockState></item>"
           "</cidrBlockAssociationSet><dhcpOptionsId>dopt-0123456789abcdef0</dhcpOptionsId>"
           "<instanceTenancy>default</instanceTenancy><isDefault>false</isDefault><tagSet><item>"
           "<key>Name</key><value>bench-" +
           std::to_string(i) + "</value></item></tagSet></item>";
  }
  return xml + "</vpcSet></DescribeVpcsResponse>";
}

std::string DescribeSubnetsPage(int subnets, int vpcs) {
  std::string xml = std::string("<DescribeSubnetsResponse xmlns=\"") + kNamespace +
                    "\"><requestId>bench</requestId><subnetSet>";
  const int per_vpc = (subnets + vpcs - 1) / vpcs;
  for (int i = 0; i < subnets; ++i) {
    const int vpc = i / per_vpc;
    const int index = i % per_vpc;
    const std::string cidr =
        "10." + std::to_string(vpc % 256) + "." + std::to_string(index % 256) + ".0/24";
    xml += "<item><subnetId>subnet-" + Hex(i, 17) +
           "</subnetId><subnetArn>arn:aws:ec2:eu-west-1:111111111111:subnet/subnet-" + Hex(i, 17) +
           "</subnetArn><state>available</state><ownerId>111111111111</ownerId><vpcId>" +
           VpcId(vpc) + "</vpcId><cidrBlock>" + cidr +
           "</cidrBlock><ipv6CidrBlockAssociationSet/><availableIpAddressCount>" +
           std::to_string(251 - i % 200) +
           "</availableIpAddressCount><availabilityZone>eu-west-1a</availabilityZone>"
           "<availabilityZoneId>euw1-az1</availabilityZoneId><defaultForAz>false</defaultForAz>"
           "<mapPublicIpOnLaunch>false</mapPublicIpOnLaunch><assignIpv6AddressOnCreation>false"
           "</assignIpv6AddressOnCreation><tagSet><item><key>Name</key><value>bench-subnet-" +
           std::to_string(i) + "</value></item></tagSet></item>";
  }
  return xml + "</subnetSet></DescribeSubnetsResponse>";
}

std::string DescribeInstancesPage(int instances) {
  std::string xml = std::string("<DescribeInstancesResponse xmlns=\"") + kNamespace +
                    "\"><requestId>bench</requestId><reservationSet>";
  for (int i = 0; i < instances; ++i) {
    xml += "<item><reservationId>r-" + Hex(i, 17) +
           "</reservationId><ownerId>111111111111</ownerId><groupSet/><instancesSet><item>"
           "<instanceId>i-" +
           Hex(i, 17) + "</instanceId><imageId>ami-" + Hex(i % 50, 17) +
           "</imageId><instanceState><code>16</code><name>running</name></instanceState>"
           "<privateDnsName>ip-10-0-0-1.eu-west-1.compute.internal</privateDnsName>"
           "<instanceType>t3.micro</instanceType><launchTime>2026-11-01T10:00:00.000Z</launchTime>"
           "<placement><availabilityZone>eu-west-1a</availabilityZone><tenancy>default</tenancy>"
           "</placement><monitoring><state>disabled</state></monitoring><subnetId>subnet-" +
           Hex(i % 100, 17) + "</subnetId><vpcId>" + VpcId(i % 10) +
           "</vpcId><privateIpAddress>10.0.0.1</privateIpAddress><architecture>x86_64"
           "</architecture><rootDeviceType>ebs</rootDeviceType><tagSet><item><key>Name</key>"
           "<value>bench-" +
           std::to_string(i) + "</value></item></tagSet></item></instancesSet></item>";
  }
  return xml + "</reservationSet></DescribeInstancesResponse>";
}

}  // namespace awsgov::bench
