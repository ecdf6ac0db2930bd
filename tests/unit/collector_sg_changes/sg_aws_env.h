// Test support for the sg_changes tests against servers: a real AwsClientFactory pointed at
// moto (STS, EC2) and at the LookupEvents fake (tests/fakes/sg_changes_cloudtrail_fake.py, which
// asks moto whose access key a request carries), with fixed test credentials
// (tests/support/moto_env.h).
// Thread-safety: not thread-safe; one test uses one instance.
#pragma once

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>
#include <string>
#include <vector>

#include "exporter/aws/client_factory.h"
#include "exporter/core/collector.h"
#include "tests/support/moto_env.h"
#include "tests/support/subprocess.h"

namespace awsgov::sg::testing {

inline std::string RoleFor(const std::string& account) {
  return awsgov::testing::TestRoleArn(account);
}

// Every account through AssumeRole in moto; CloudTrail at `cloudtrail_endpoint` unless empty.
inline std::unique_ptr<aws::AwsClientFactory> MakeFactory(const std::string& moto_endpoint,
                                                          const std::string& cloudtrail_endpoint,
                                                          const std::vector<std::string>& accounts,
                                                          const std::vector<std::string>& regions) {
  std::map<std::string, std::string> service_endpoints;
  if (!cloudtrail_endpoint.empty()) service_endpoints["cloudtrail"] = cloudtrail_endpoint;
  return awsgov::testing::MakeTestFactory(awsgov::testing::MakeTestConfig(
      moto_endpoint, awsgov::testing::ThroughTestRoles(accounts), regions, service_endpoints));
}

inline Status CollectTarget(Collector& collector, aws::ClientFactory& factory,
                            const std::string& account_id, const std::string& region, Result* out) {
  return awsgov::testing::CollectTestTarget(
      collector, factory, Target{"sg_changes", account_id, region}, out, std::chrono::minutes(2));
}

// The LookupEvents and Lake fake on a free port, serving `records_json` (a JSON list of CloudTrail
// records), filtering by the caller's account through moto.
class CloudTrailFake {
 public:
  // `extra_args` go to the fake as they are (e.g. --lake-polls 2).
  CloudTrailFake(const std::string& records_json, const std::string& data_path,
                 const std::string& moto_endpoint, int page_size,
                 const std::vector<std::string>& extra_args = {})
      : port_(awsgov::testing::FreeLoopbackPort()) {
    std::ofstream(data_path) << records_json;
    std::vector<std::string> argv{
        "python3",
        std::string(AWSGOV_SOURCE_DIR) + "/tests/fakes/sg_changes_cloudtrail_fake.py",
        "--port",
        std::to_string(port_),
        "--data",
        data_path,
        "--sts-endpoint",
        moto_endpoint,
        "--page-size",
        std::to_string(page_size)};
    argv.insert(argv.end(), extra_args.begin(), extra_args.end());
    process_ = std::make_unique<awsgov::testing::Subprocess>(argv, data_path + ".log");
    ready_ = awsgov::testing::WaitForPort(port_, std::chrono::seconds(30));
  }
  std::string endpoint() const { return "http://127.0.0.1:" + std::to_string(port_); }
  // The fake's request log (GET /_fake/requests), parsed; null when it cannot be read.
  nlohmann::json Requests() const {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port_));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    std::string response;
    if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) {
      const std::string request = "GET /_fake/requests HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n";
      if (::send(fd, request.data(), request.size(), 0) == static_cast<ssize_t>(request.size())) {
        char buffer[8192];
        ssize_t n;
        while ((n = ::recv(fd, buffer, sizeof buffer, 0)) > 0) response.append(buffer, n);
      }
    }
    ::close(fd);
    const std::size_t body = response.find("\r\n\r\n");
    if (body == std::string::npos) return nullptr;
    return nlohmann::json::parse(response.substr(body + 4), nullptr, false);
  }
  bool ready() const { return ready_; }
  int port() const { return port_; }

 private:
  int port_;
  std::unique_ptr<awsgov::testing::Subprocess> process_;
  bool ready_ = false;
};

// EC2 calls through the factory's client for one account and region.
class Ec2 {
 public:
  Ec2(aws::ClientFactory& factory, const std::string& account_id, const std::string& region)
      : seed_(factory, account_id, region) {}
  // The response's root element (valid until the next call).
  pugi::xml_node Call(const std::string& operation, const aws::QueryParams& params) {
    doc_.reset();
    seed_.Query("ec2", operation, params, &doc_);
    return doc_.document_element();
  }
  std::string CreateGroup(const std::string& name) {
    std::string vpc = Call("CreateVpc", {{"CidrBlock", "10.0.0.0/16"}})
                          .child("vpc")
                          .child("vpcId")
                          .text()
                          .as_string();
    return Call("CreateSecurityGroup",
                {{"GroupName", name}, {"GroupDescription", "awsgov test"}, {"VpcId", vpc}})
        .child("groupId")
        .text()
        .as_string();
  }
  // Opens tcp `port` to `cidr`; returns the rule id.
  std::string Authorize(const std::string& group, const std::string& cidr, int port) {
    return Call("AuthorizeSecurityGroupIngress",
                {{"GroupId", group},
                 {"IpPermissions.1.IpProtocol", "tcp"},
                 {"IpPermissions.1.FromPort", std::to_string(port)},
                 {"IpPermissions.1.ToPort", std::to_string(port)},
                 {"IpPermissions.1.IpRanges.1.CidrIp", cidr}})
        .child("securityGroupRuleSet")
        .child("item")
        .child("securityGroupRuleId")
        .text()
        .as_string();
  }
  // The ingress rule ids of `group`.
  std::vector<std::string> IngressRules(const std::string& group) {
    std::vector<std::string> ids;
    pugi::xml_node root = Call("DescribeSecurityGroupRules",
                               {{"Filter.1.Name", "group-id"}, {"Filter.1.Value.1", group}});
    for (pugi::xml_node item : root.child("securityGroupRuleSet").children("item")) {
      if (std::string(item.child("isEgress").text().as_string()) == "false") {
        ids.push_back(item.child("securityGroupRuleId").text().as_string());
      }
    }
    return ids;
  }

 private:
  awsgov::testing::SeedClient seed_;
  pugi::xml_document doc_;
};

}  // namespace awsgov::sg::testing
