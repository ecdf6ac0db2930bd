// Test support for tests of the AWS client and the collectors against local servers (moto_server,
// tests/fakes/*): a Config and a real AwsClientFactory pointed at them with fixed test credentials
// (never the process's), a collection of one target, and a client that seeds the servers through
// the exporter's own client without counting as the exporter's calls.
// Header-only: the test binaries that include it link the AWS client; awsgov_testsupport does not.
// Thread-safety: not thread-safe; one test uses one instance.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <pugixml.hpp>
#include <string>
#include <vector>

#include "exporter/aws/call_record_for_tests.h"
#include "exporter/aws/client.h"
#include "exporter/aws/client_factory.h"
#include "exporter/config/config.h"
#include "exporter/core/collector.h"
#include "tests/support/subprocess.h"

namespace awsgov::testing {

// The access key of the factory's own credentials: requests signed with it come from an account
// configured without a role.
inline constexpr const char* kTestAccessKeyId = "AKIDAWSGOVTEST";

struct TestAccount {
  std::string id;
  std::string role_arn;  // "" = the factory's own credentials
};

// The role the exporter assumes in `account` in these tests.
inline std::string TestRoleArn(const std::string& account) {
  return "arn:aws:iam::" + account + ":role/awsgov-exporter";
}

// `ids`, each reached through TestRoleArn.
inline std::vector<TestAccount> ThroughTestRoles(const std::vector<std::string>& ids) {
  std::vector<TestAccount> accounts;
  for (const auto& id : ids) accounts.push_back({id, TestRoleArn(id)});
  return accounts;
}

// `accounts` in `regions`, every service at `endpoint` but those in `service_endpoints`; one
// attempt per call (a failed request fails the test instead of being retried).
inline std::shared_ptr<config::Config> MakeTestConfig(
    const std::string& endpoint, const std::vector<TestAccount>& accounts,
    const std::vector<std::string>& regions,
    const std::map<std::string, std::string>& service_endpoints = {}) {
  auto config = std::make_shared<config::Config>();
  config->regions = regions;
  for (const auto& account : accounts) {
    config::Account a;
    a.id = account.id;
    a.role_arn = account.role_arn;
    config->accounts.push_back(a);
  }
  config->aws.endpoint_url = endpoint;
  config->aws.service_endpoint_urls = service_endpoints;
  config->aws.max_attempts = 1;
  return config;
}

// A factory on `config` whose credentials come only from a fake environment holding
// kTestAccessKeyId, never from the process's.
inline std::unique_ptr<aws::AwsClientFactory> MakeTestFactory(
    std::shared_ptr<config::Config> config) {
  aws::ClientFactoryOptions options;
  options.config = std::move(config);
  options.getenv = [](const std::string& name) -> std::optional<std::string> {
    if (name == "AWS_ACCESS_KEY_ID") return kTestAccessKeyId;
    if (name == "AWS_SECRET_ACCESS_KEY") return "awsgov-test-secret";
    return std::nullopt;
  };
  return std::make_unique<aws::AwsClientFactory>(options);
}

// One collection of `target`, as the scheduler runs it (`config`: what CollectContext::config
// gives collectors that read it).
inline Status CollectTestTarget(Collector& collector, aws::ClientFactory& factory,
                                const Target& target, Result* out,
                                std::chrono::seconds deadline = std::chrono::minutes(1),
                                const config::Config* config = nullptr) {
  CollectContext ctx;
  ctx.target = target;
  ctx.deadline = std::chrono::steady_clock::now() + deadline;
  ctx.aws = &factory;
  ctx.config = config;
  return collector.Collect(ctx, out);
}

// A test suite sharing one moto_server, started before its first test and stopped after its last
// (`Suite`: the fixture itself, so that each suite has its own). A suite with more to start
// calls MotoSuite::SetUpTestSuite() / TearDownTestSuite() from its own.
template <class Suite>
class MotoSuite : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { moto_ = std::make_unique<MotoServer>(); }
  static void TearDownTestSuite() { moto_.reset(); }

  static inline std::unique_ptr<MotoServer> moto_;
};

// Calls that seed the servers, through the factory's client for one account and region; each
// fails the test on error and is not recorded as an exporter call (PauseCallRecordForTests).
class SeedClient {
 public:
  SeedClient(aws::ClientFactory& factory, const std::string& account_id,
             const std::string& region) {
    Status status = factory.Get(account_id, region, &client_);
    EXPECT_TRUE(status.ok()) << status.ToString();
  }

  // Query protocol into `doc`; false on error.
  bool Query(const std::string& service, const std::string& operation,
             const aws::QueryParams& params, pugi::xml_document* doc) {
    if (!client_) return false;
    aws::PauseCallRecordForTests seeding;  // set-up, not the exporter's calls
    Status status = client_->Query(service, operation, params, doc);
    EXPECT_TRUE(status.ok()) << operation << ": " << status.ToString();
    return status.ok();
  }

  // Query protocol; the text at `path` under the response's root element.
  std::string Call(const std::string& operation, const aws::QueryParams& params,
                   const std::vector<const char*>& path = {}, const std::string& service = "ec2") {
    pugi::xml_document doc;
    if (!Query(service, operation, params, &doc)) return "";
    pugi::xml_node node = doc.document_element();
    for (const char* name : path) node = node.child(name);
    return node.text().as_string();
  }

  // JSON protocols; the response (null on error).
  nlohmann::json Json(const std::string& service, const std::string& operation,
                      const nlohmann::json& request) {
    nlohmann::json response;
    if (!client_) return response;
    aws::PauseCallRecordForTests seeding;  // set-up, not the exporter's calls
    Status status = client_->Json(service, operation, request, &response);
    EXPECT_TRUE(status.ok()) << operation << ": " << status.ToString();
    return response;
  }

 private:
  std::shared_ptr<aws::Client> client_;
};

}  // namespace awsgov::testing
