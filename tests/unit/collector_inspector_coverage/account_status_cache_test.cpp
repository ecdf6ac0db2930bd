// Inspector's account status asked from the delegated administrator in batches of at most 100
// accounts per region, shared by the region's targets: the batches follow the configuration's
// accounts and regions, every account gets its own status, a failed batch fails only its own
// accounts and is not cached, the next cycle asks again. The administrator is an in-memory fake
// (BatchStatusAdmin) that answers each asked account from a rule and records every call.
#include "collectors/inspector_coverage/account_status_cache.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <cstdio>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "exporter/config/config.h"
#include "tests/support/manual_clock.h"

namespace awsgov::inspector {
namespace {

using nlohmann::json;
using std::chrono::seconds;
using ::testing::ElementsAre;

using TestClock = awsgov::testing::ManualClock;

std::string AccountId(int n) {
  char id[16];
  std::snprintf(id, sizeof id, "%012d", 100000000 + n);
  return id;
}

// The rule the fake administrator answers by: EC2 scanning ENABLED for even account numbers,
// DISABLED for odd ones; the accounts of `unknown_` come back in failedAccounts.
std::string ExpectedStatus(int n) { return n % 2 == 0 ? "ENABLED" : "DISABLED"; }

// Fake Inspector2 client of the delegated administrator: answers BatchGetAccountStatus for the
// asked accountIds (response shape as botocore's model), fails a batch that contains
// `failing_account`, and records each call's accountIds. Thread-safe.
class BatchStatusAdmin final : public aws::Client {
 public:
  const std::string& account_id() const override { return account_; }
  const std::string& region() const override { return region_; }
  Status Query(std::string_view, std::string_view, const aws::QueryParams&,
               pugi::xml_document*) override {
    return Internal("not query");
  }
  Status Json(std::string_view, std::string_view, const json&, json*) override {
    return Internal("not JSON 1.x");
  }
  Status RestJson(std::string_view service, std::string_view operation, std::string_view method,
                  std::string_view path, const aws::QueryParams&, const json* body,
                  json* out) override {
    if (service != "inspector2" || operation != "BatchGetAccountStatus" || method != "POST" ||
        path != "/status/batch/get" || body == nullptr) {
      return Internal("unexpected call");
    }
    std::vector<std::string> ids = (*body)["accountIds"].get<std::vector<std::string>>();
    {
      std::lock_guard<std::mutex> lock(mu_);
      calls_.push_back(ids);
      for (const std::string& id : ids) {
        if (id == failing_account) return Status(StatusCode::kThrottled, "ThrottlingException");
      }
    }
    if (ids.size() > 100) return InvalidArgument("ValidationException: more than 100 accountIds");
    json accounts = json::array(), failed = json::array();
    for (const std::string& id : ids) {
      if (id == unknown_account) {
        failed.push_back({{"accountId", id},
                          {"errorCode", "ACCESS_DENIED"},
                          {"errorMessage", "not a member"},
                          {"status", "DISABLED"}});
        continue;
      }
      const std::string status = ExpectedStatus(std::stoi(id.substr(3)) - 100000000);
      const json state = {
          {"status", status}, {"errorCode", "ALREADY_ENABLED"}, {"errorMessage", "-"}};
      accounts.push_back({{"accountId", id},
                          {"state", state},
                          {"resourceState", {{"ec2", state}, {"ecr", state}}}});
    }
    *out = {{"accounts", accounts}, {"failedAccounts", failed}};
    return Status::Ok();
  }

  std::vector<std::vector<std::string>> calls() {
    std::lock_guard<std::mutex> lock(mu_);
    return calls_;
  }
  std::vector<std::size_t> call_sizes() {
    std::vector<std::size_t> sizes;
    for (const auto& ids : calls()) sizes.push_back(ids.size());
    return sizes;
  }

  std::string failing_account;  // set between calls
  std::string unknown_account;

 private:
  std::mutex mu_;
  std::vector<std::vector<std::string>> calls_;
  std::string account_ = "999999999999";
  std::string region_ = "eu-west-1";
};

// `count` accounts numbered 0..count-1 in the top-level regions eu-west-1 and us-east-1.
config::Config Organisation(int count) {
  config::Config config;
  config.regions = {"eu-west-1", "us-east-1"};
  for (int n = 0; n < count; ++n) {
    config::Account account;
    account.id = AccountId(n);
    config.accounts.push_back(account);
  }
  return config;
}

CollectContext Context(const config::Config& config, const std::string& account,
                       const std::string& region) {
  CollectContext ctx;
  ctx.target = Target{"inspector_coverage", account, region};
  ctx.deadline = std::chrono::steady_clock::now() + std::chrono::minutes(1);
  ctx.config = &config;
  return ctx;
}

TEST(AccountBatchesTest, RegionsAccountsSortedInBatches) {
  config::Config config;
  config.regions = {"eu-west-1"};
  config::Account a, b, c, d;
  a.id = "333333333333";
  b.id = "111111111111";
  c.id = "222222222222";
  c.regions = {"us-east-1"};  // its own regions win over the top-level ones
  d.id = "444444444444";
  d.regions = {"us-east-1", "eu-west-1"};
  config.accounts = {a, b, c, d, b};  // listed twice: asked once
  EXPECT_THAT(
      AccountBatches(config, "eu-west-1", 2),
      ElementsAre(ElementsAre("111111111111", "333333333333"), ElementsAre("444444444444")));
  EXPECT_THAT(AccountBatches(config, "us-east-1", 100),
              ElementsAre(ElementsAre("222222222222", "444444444444")));
  EXPECT_TRUE(AccountBatches(config, "ap-south-1", 100).empty());
}

TEST(AccountStatusCacheTest, TwoHundredFiftyAccountsCostThreeCallsPerRegion) {
  const config::Config config = Organisation(250);
  TestClock clock;
  AccountStatusCache cache(seconds(150), &clock);
  BatchStatusAdmin admin;
  for (const char* region : {"eu-west-1", "us-east-1"}) {
    for (int n = 0; n < 250; ++n) {
      std::string status;
      Status s = cache.Ec2Status(Context(config, AccountId(n), region), admin, &status);
      ASSERT_TRUE(s.ok()) << s.ToString();
      EXPECT_EQ(status, ExpectedStatus(n)) << AccountId(n) << " " << region;
    }
  }
  // Per region: 100 + 100 + 50 accountIds, each account asked once.
  EXPECT_THAT(admin.call_sizes(), ElementsAre(100u, 100u, 50u, 100u, 100u, 50u));
  EXPECT_EQ(cache.calls(), 6);
  std::set<std::string> asked;
  for (const auto& ids : admin.calls()) asked.insert(ids.begin(), ids.end());
  EXPECT_EQ(asked.size(), 250u);

  // The next cycle (an interval later; max_age is half of it) asks again.
  clock.Advance(seconds(300));
  std::string status;
  ASSERT_TRUE(cache.Ec2Status(Context(config, AccountId(7), "eu-west-1"), admin, &status).ok());
  EXPECT_EQ(status, "DISABLED");
  EXPECT_EQ(cache.calls(), 7);
}

TEST(AccountStatusCacheTest, AnswerIsAtMostHalfTheTargetsIntervalOld) {
  const config::Config config = Organisation(3);
  TestClock clock;
  AccountStatusCache cache(seconds(150), &clock);
  BatchStatusAdmin admin;
  CollectContext ctx = Context(config, AccountId(0), "eu-west-1");
  ctx.interval = seconds(60);
  std::string status;
  ASSERT_TRUE(cache.Ec2Status(ctx, admin, &status).ok());
  clock.Advance(seconds(20));
  ctx.target.account_id = AccountId(1);
  ASSERT_TRUE(cache.Ec2Status(ctx, admin, &status).ok());
  EXPECT_EQ(status, "DISABLED");
  EXPECT_EQ(cache.calls(), 1);  // 20 s old: shared
  clock.Advance(seconds(20));
  ASSERT_TRUE(cache.Ec2Status(ctx, admin, &status).ok());
  EXPECT_EQ(cache.calls(), 2);  // 40 s > 30 s: asked again
}

TEST(AccountStatusCacheTest, ConcurrentTargetsShareTheirBatchCall) {
  const config::Config config = Organisation(250);
  AccountStatusCache cache(seconds(150));
  BatchStatusAdmin admin;
  std::vector<std::thread> workers;
  std::atomic<int> wrong{0}, failed{0};
  for (int w = 0; w < 8; ++w) {
    workers.emplace_back([&, w] {
      for (int n = w; n < 250; n += 8) {
        std::string status;
        Status s = cache.Ec2Status(Context(config, AccountId(n), "eu-west-1"), admin, &status);
        if (!s.ok()) ++failed;
        if (status != ExpectedStatus(n)) ++wrong;
      }
    });
  }
  for (std::thread& worker : workers) worker.join();
  EXPECT_EQ(failed.load(), 0);
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_THAT(admin.call_sizes(), ::testing::UnorderedElementsAre(100u, 100u, 50u));
}

TEST(AccountStatusCacheTest, AFailedBatchFailsOnlyItsAccountsAndIsNotCached) {
  const config::Config config = Organisation(250);
  AccountStatusCache cache(seconds(150));
  BatchStatusAdmin admin;
  admin.failing_account = AccountId(150);  // in the second batch (100..199)
  std::string status;
  Status first = cache.Ec2Status(Context(config, AccountId(120), "eu-west-1"), admin, &status);
  EXPECT_EQ(first.code(), StatusCode::kThrottled);
  EXPECT_THAT(first.ToString(), ::testing::HasSubstr("batch of 100 accounts"));
  // The other batches are not affected.
  ASSERT_TRUE(cache.Ec2Status(Context(config, AccountId(3), "eu-west-1"), admin, &status).ok());
  EXPECT_EQ(status, "DISABLED");
  ASSERT_TRUE(cache.Ec2Status(Context(config, AccountId(204), "eu-west-1"), admin, &status).ok());
  EXPECT_EQ(status, "ENABLED");
  EXPECT_EQ(cache.calls(), 3);

  // Not cached: the batch's next target asks again, and now gets its answer.
  admin.failing_account.clear();
  ASSERT_TRUE(cache.Ec2Status(Context(config, AccountId(150), "eu-west-1"), admin, &status).ok());
  EXPECT_EQ(status, "ENABLED");
  EXPECT_EQ(cache.calls(), 4);
  ASSERT_TRUE(cache.Ec2Status(Context(config, AccountId(121), "eu-west-1"), admin, &status).ok());
  EXPECT_EQ(status, "DISABLED");
  EXPECT_EQ(cache.calls(), 4);
}

TEST(AccountStatusCacheTest, FailedAccountsAndAccountsOutsideTheConfig) {
  const config::Config config = Organisation(3);
  AccountStatusCache cache(seconds(150));
  BatchStatusAdmin admin;
  admin.unknown_account = AccountId(1);
  std::string status;
  // Inspector lists the account in failedAccounts with its status.
  ASSERT_TRUE(cache.Ec2Status(Context(config, AccountId(1), "eu-west-1"), admin, &status).ok());
  EXPECT_EQ(status, "DISABLED");
  // Not a target account of the configuration: asked about alone, not cached.
  ASSERT_TRUE(cache.Ec2Status(Context(config, AccountId(42), "eu-west-1"), admin, &status).ok());
  EXPECT_EQ(status, "ENABLED");
  EXPECT_THAT(admin.calls(), ElementsAre(ElementsAre(AccountId(0), AccountId(1), AccountId(2)),
                                         ElementsAre(AccountId(42))));
  // A context without a configuration (built by hand): asked about alone.
  CollectContext bare = Context(config, AccountId(2), "eu-west-1");
  bare.config = nullptr;
  ASSERT_TRUE(cache.Ec2Status(bare, admin, &status).ok());
  EXPECT_EQ(status, "ENABLED");
  EXPECT_EQ(admin.calls().size(), 3u);
}

}  // namespace
}  // namespace awsgov::inspector
