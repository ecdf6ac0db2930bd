// An in-memory EC2 for the ipam collector's unit tests: scripted XML pages shaped as botocore's
// ec2 model says (DescribeVpcsResult, DescribeSubnetsResult, GetIpamResourceCidrsResult, ...),
// served through the aws::Client interface, with every request recorded.
// Thread-safety: not thread-safe; one test drives one fake.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <pugixml.hpp>
#include <string>
#include <utility>
#include <vector>

#include "exporter/aws/client.h"
#include "exporter/core/status.h"
#include "tests/support/result_samples.h"

namespace awsgov::ipam::testing {

struct RecordedCall {
  std::string operation;
  aws::QueryParams params;

  // The value of `name`, or "" when it was not sent.
  std::string Param(const std::string& name) const {
    for (const auto& [key, value] : params) {
      if (key == name) return value;
    }
    return "";
  }
};

class FakeEc2 final : public aws::Client {
 public:
  FakeEc2(std::string account_id, std::string region)
      : account_id_(std::move(account_id)), region_(std::move(region)) {}

  // Answers `operation` when every (name, value) of `match` was sent; `pages` are the inner XML
  // of each page (the result's list element and its items). Page i > 0 is asked for with
  // NextToken "page-i"; every page but the last carries that token.
  void Script(const std::string& operation, aws::QueryParams match,
              std::vector<std::string> pages) {
    scripts_.push_back({operation, std::move(match), std::move(pages)});
  }
  // Makes `operation` fail with `status`.
  void Fail(const std::string& operation, Status status) { failures_[operation] = status; }

  const std::vector<RecordedCall>& calls() const { return calls_; }
  std::vector<RecordedCall> CallsOf(const std::string& operation) const {
    std::vector<RecordedCall> out;
    for (const auto& call : calls_) {
      if (call.operation == operation) out.push_back(call);
    }
    return out;
  }

  const std::string& account_id() const override { return account_id_; }
  const std::string& region() const override { return region_; }

  Status Query(std::string_view service, std::string_view operation, const aws::QueryParams& params,
               pugi::xml_document* out) override {
    RecordedCall call{std::string(operation), params};
    calls_.push_back(call);
    if (service != "ec2") return Status(StatusCode::kInternal, "fake serves only ec2");
    if (auto failure = failures_.find(call.operation); failure != failures_.end()) {
      return failure->second;
    }
    const Script_* script = Find(call);
    if (script == nullptr) {
      return Status(StatusCode::kNotFound, "unscripted call " + call.operation);
    }
    std::size_t page = 0;
    const std::string token = call.Param("NextToken");
    if (!token.empty()) page = std::stoul(token.substr(5));  // "page-N"
    if (page >= script->pages.size()) return Status(StatusCode::kInternal, "bad token " + token);
    std::string body = "<" + call.operation +
                       "Response xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">"
                       "<requestId>fake-request</requestId>" +
                       script->pages[page];
    if (page + 1 < script->pages.size()) {
      body += "<nextToken>page-" + std::to_string(page + 1) + "</nextToken>";
    }
    body += "</" + call.operation + "Response>";
    if (!out->load_string(body.c_str())) return Status(StatusCode::kParseError, "bad fake xml");
    return Status::Ok();
  }

  Status Json(std::string_view, std::string_view, const nlohmann::json&, nlohmann::json*) override {
    return Status(StatusCode::kInternal, "fake serves only the query protocol");
  }
  Status RestJson(std::string_view, std::string_view, std::string_view, std::string_view,
                  const aws::QueryParams&, const nlohmann::json*, nlohmann::json*) override {
    return Status(StatusCode::kInternal, "fake serves only the query protocol");
  }

 private:
  struct Script_ {
    std::string operation;
    aws::QueryParams match;
    std::vector<std::string> pages;
  };

  const Script_* Find(const RecordedCall& call) const {
    for (const auto& script : scripts_) {
      if (script.operation != call.operation) continue;
      bool all = true;
      for (const auto& [key, value] : script.match) all = all && call.Param(key) == value;
      if (all) return &script;
    }
    return nullptr;
  }

  std::string account_id_;
  std::string region_;
  std::vector<Script_> scripts_;
  std::map<std::string, Status> failures_;
  std::vector<RecordedCall> calls_;
};

class FakeFactory final : public aws::ClientFactory {
 public:
  std::shared_ptr<FakeEc2> Add(const std::string& account_id, const std::string& region) {
    auto client = std::make_shared<FakeEc2>(account_id, region);
    clients_[{account_id, region}] = client;
    return client;
  }
  Status Get(const std::string& account_id, const std::string& region,
             std::shared_ptr<aws::Client>* out) override {
    auto it = clients_.find({account_id, region});
    if (it == clients_.end()) return Status(StatusCode::kPermissionDenied, "no such account");
    *out = it->second;
    return Status::Ok();
  }

 private:
  std::map<std::pair<std::string, std::string>, std::shared_ptr<FakeEc2>> clients_;
};

// XML builders for the items the collector reads (element names from botocore's ec2 model).
inline std::string Tag(const std::string& key, const std::string& value) {
  return "<item><key>" + key + "</key><value>" + value + "</value></item>";
}

struct BlockSpec {
  std::string cidr;
  std::string state = "associated";
};

inline std::string VpcXml(const std::string& id, const std::string& owner,
                          const std::vector<BlockSpec>& v4, const std::vector<BlockSpec>& v6 = {},
                          const std::string& tags = "") {
  std::string xml =
      "<item><vpcId>" + id + "</vpcId><ownerId>" + owner + "</ownerId><state>available</state>";
  if (!v4.empty()) xml += "<cidrBlock>" + v4.front().cidr + "</cidrBlock>";
  xml += "<cidrBlockAssociationSet>";
  int n = 0;
  for (const auto& block : v4) {
    xml += "<item><associationId>vpc-cidr-assoc-" + std::to_string(++n) +
           "</associationId><cidrBlock>" + block.cidr + "</cidrBlock><cidrBlockState><state>" +
           block.state + "</state></cidrBlockState></item>";
  }
  xml += "</cidrBlockAssociationSet><ipv6CidrBlockAssociationSet>";
  for (const auto& block : v6) {
    xml += "<item><associationId>vpc-cidr-assoc-" + std::to_string(++n) +
           "</associationId><ipv6CidrBlock>" + block.cidr +
           "</ipv6CidrBlock><ipv6CidrBlockState><state>" + block.state +
           "</state></ipv6CidrBlockState><networkBorderGroup>eu-west-1</networkBorderGroup></item>";
  }
  xml += "</ipv6CidrBlockAssociationSet><tagSet>" + tags +
         "</tagSet><isDefault>false</isDefault></item>";
  return xml;
}

inline std::string SubnetXml(const std::string& id, const std::string& vpc_id,
                             const std::string& cidr, int available,
                             const std::vector<BlockSpec>& v6 = {},
                             const std::string& az = "eu-west-1a") {
  std::string xml = "<item><subnetId>" + id + "</subnetId><vpcId>" + vpc_id + "</vpcId>";
  if (!cidr.empty()) xml += "<cidrBlock>" + cidr + "</cidrBlock>";
  xml += "<availableIpAddressCount>" + std::to_string(available) +
         "</availableIpAddressCount><availabilityZone>" + az +
         "</availabilityZone><state>available</state><ipv6CidrBlockAssociationSet>";
  for (const auto& block : v6) {
    xml += "<item><associationId>subnet-cidr-assoc-1</associationId><ipv6CidrBlock>" + block.cidr +
           "</ipv6CidrBlock><ipv6CidrBlockState><state>" + block.state +
           "</state></ipv6CidrBlockState></item>";
  }
  xml += "</ipv6CidrBlockAssociationSet></item>";
  return xml;
}

inline std::string Set(const std::string& name, const std::string& items) {
  return "<" + name + ">" + items + "</" + name + ">";
}

using awsgov::testing::SampleCount;
using awsgov::testing::SampleValue;

}  // namespace awsgov::ipam::testing
