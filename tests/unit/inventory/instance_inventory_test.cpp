// The EC2 instance inventory: one DescribeInstances listing per account x region shared by its
// callers while younger than each caller's max_age, concurrent callers sharing one listing, a
// failure seen by every caller that shared it and never cached, and the fallback of a context
// without an inventory.
#include "exporter/inventory/instance_inventory.h"

#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <map>
#include <mutex>
#include <pugixml.hpp>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/manual_clock.h"

namespace awsgov::inventory {
namespace {

using std::chrono::seconds;

using TestClock = awsgov::testing::ManualClock;

// Answers DescribeInstances for any account and region with one instance named after them
// ("i-<account>-<region>-<listing number>"), or the failure set; counts the calls per
// account/region. The one `hold` hook lets a test keep a listing in progress.
class CountingEc2 final : public aws::ClientFactory {
 public:
  class Client final : public aws::Client {
   public:
    Client(CountingEc2* owner, std::string account, std::string region)
        : owner_(owner), account_(std::move(account)), region_(std::move(region)) {}
    const std::string& account_id() const override { return account_; }
    const std::string& region() const override { return region_; }
    Status Query(std::string_view service, std::string_view operation, const aws::QueryParams&,
                 pugi::xml_document* out) override {
      if (service != "ec2" || operation != "DescribeInstances") return Internal("unexpected");
      int number = owner_->Count(account_ + "/" + region_);
      if (owner_->hold) owner_->hold();
      if (!owner_->failure.ok()) return owner_->failure;
      const std::string id = "i-" + account_ + "-" + region_ + "-" + std::to_string(number);
      const std::string xml =
          "<DescribeInstancesResponse><reservationSet><item><instancesSet><item><instanceId>" + id +
          "</instanceId><imageId>ami-0123</imageId><instanceState><name>running</name>"
          "</instanceState></item></instancesSet></item></reservationSet>"
          "</DescribeInstancesResponse>";
      return out->load_string(xml.c_str()) ? Status::Ok() : Internal("bad XML");
    }
    Status Json(std::string_view, std::string_view, const nlohmann::json&,
                nlohmann::json*) override {
      return Internal("not JSON");
    }
    Status RestJson(std::string_view, std::string_view, std::string_view, std::string_view,
                    const aws::QueryParams&, const nlohmann::json*, nlohmann::json*) override {
      return Internal("not REST-JSON");
    }

   private:
    CountingEc2* owner_;
    std::string account_, region_;
  };

  Status Get(const std::string& account_id, const std::string& region,
             std::shared_ptr<aws::Client>* out) override {
    *out = std::make_shared<Client>(this, account_id, region);
    return Status::Ok();
  }
  int Count(const std::string& where) {
    std::lock_guard<std::mutex> lock(mu_);
    return ++calls_[where];
  }
  int calls(const std::string& where) {
    std::lock_guard<std::mutex> lock(mu_);
    return calls_[where];
  }

  Status failure;              // set before the calls start
  std::function<void()> hold;  // set before the calls start

 private:
  std::mutex mu_;
  std::map<std::string, int> calls_;
};

CollectContext Context(CountingEc2* factory, InstanceInventory* inventory,
                       const std::string& collector, const std::string& account,
                       const std::string& region) {
  CollectContext ctx;
  ctx.target = Target{collector, account, region};
  ctx.deadline = std::chrono::steady_clock::now() + std::chrono::minutes(1);
  ctx.aws = factory;
  ctx.instances = inventory;
  return ctx;
}

TEST(InstanceInventoryTest, TwoCollectorsOfOneTargetShareOneListing) {
  CountingEc2 ec2;
  TestClock clock;
  InstanceInventory inventory(&clock);
  std::shared_ptr<const InstanceList> inspector, ami;
  ASSERT_TRUE(
      InstancesFor(Context(&ec2, &inventory, "inspector_coverage", "111111111111", "eu-west-1"),
                   seconds(150), &inspector)
          .ok());
  clock.Advance(seconds(2));
  ASSERT_TRUE(InstancesFor(Context(&ec2, &inventory, "ami_references", "111111111111", "eu-west-1"),
                           seconds(150), &ami)
                  .ok());
  EXPECT_EQ(ec2.calls("111111111111/eu-west-1"), 1);
  EXPECT_EQ(inventory.listings(), 1);
  ASSERT_EQ(ami->size(), 1u);
  EXPECT_EQ((*ami)[0].id, "i-111111111111-eu-west-1-1");
  EXPECT_EQ((*ami)[0].image_id, "ami-0123");
  EXPECT_EQ(inspector, ami);  // the same list

  // Another region and another account: their own listings.
  std::shared_ptr<const InstanceList> other;
  ASSERT_TRUE(InstancesFor(Context(&ec2, &inventory, "ami_references", "111111111111", "us-east-1"),
                           seconds(150), &other)
                  .ok());
  ASSERT_TRUE(InstancesFor(Context(&ec2, &inventory, "ami_references", "222222222222", "eu-west-1"),
                           seconds(150), &other)
                  .ok());
  EXPECT_EQ((*other)[0].id, "i-222222222222-eu-west-1-1");
  EXPECT_EQ(ec2.calls("111111111111/us-east-1"), 1);
  EXPECT_EQ(ec2.calls("222222222222/eu-west-1"), 1);
  EXPECT_EQ(inventory.listings(), 3);
}

TEST(InstanceInventoryTest, NextCycleListsAgain) {
  CountingEc2 ec2;
  TestClock clock;
  InstanceInventory inventory(&clock);
  std::shared_ptr<const InstanceList> list;
  auto ctx = Context(&ec2, &inventory, "inspector_coverage", "111111111111", "eu-west-1");
  ASSERT_TRUE(InstancesFor(ctx, seconds(150), &list).ok());
  // A 5-minute interval later (max_age is half of it): a new listing, never a stale one.
  clock.Advance(seconds(300));
  ASSERT_TRUE(InstancesFor(ctx, seconds(150), &list).ok());
  EXPECT_EQ((*list)[0].id, "i-111111111111-eu-west-1-2");
  EXPECT_EQ(ec2.calls("111111111111/eu-west-1"), 2);
}

// A caller's max_age is capped at half its target's interval: a collector run every 60 s never
// takes a list from its previous cycle, even when it asks for 150 s.
TEST(InstanceInventoryTest, MaxAgeIsAtMostHalfTheTargetsInterval) {
  CountingEc2 ec2;
  TestClock clock;
  InstanceInventory inventory(&clock);
  std::shared_ptr<const InstanceList> list;
  auto ctx = Context(&ec2, &inventory, "inspector_coverage", "111111111111", "eu-west-1");
  ctx.interval = seconds(60);
  ASSERT_TRUE(InstancesFor(ctx, seconds(150), &list).ok());
  clock.Advance(seconds(20));
  ASSERT_TRUE(InstancesFor(ctx, seconds(150), &list).ok());
  EXPECT_EQ(ec2.calls("111111111111/eu-west-1"), 1);  // 20 s old: shared
  clock.Advance(seconds(20));
  ASSERT_TRUE(InstancesFor(ctx, seconds(150), &list).ok());
  EXPECT_EQ((*list)[0].id, "i-111111111111-eu-west-1-2");  // 40 s > 30 s: listed again
  EXPECT_EQ(ec2.calls("111111111111/eu-west-1"), 2);
}

// Two collectors' runs of one target at the same time (as the scheduler starts them): the second
// waits for the first one's listing. Returns both results; the listing holds until the second
// caller waits, so the sharing is certain, not a matter of timing.
struct TwoRuns {
  Status first_status, second_status;
  std::shared_ptr<const InstanceList> first, second;
};
TwoRuns RunTogether(CountingEc2& ec2, InstanceInventory& inventory) {
  ec2.hold = [&inventory] {
    while (inventory.waiting("111111111111", "eu-west-1") == 0) std::this_thread::yield();
  };
  TwoRuns runs;
  std::thread a([&] {
    runs.first_status =
        InstancesFor(Context(&ec2, &inventory, "ami_references", "111111111111", "eu-west-1"),
                     seconds(150), &runs.first);
  });
  std::thread b([&] {
    runs.second_status =
        InstancesFor(Context(&ec2, &inventory, "inspector_coverage", "111111111111", "eu-west-1"),
                     seconds(150), &runs.second);
  });
  a.join();
  b.join();
  ec2.hold = nullptr;
  return runs;
}

TEST(InstanceInventoryTest, ConcurrentCollectorsShareTheListingInProgress) {
  CountingEc2 ec2;
  InstanceInventory inventory;
  TwoRuns runs = RunTogether(ec2, inventory);
  ASSERT_TRUE(runs.first_status.ok()) << runs.first_status.ToString();
  ASSERT_TRUE(runs.second_status.ok()) << runs.second_status.ToString();
  EXPECT_EQ(ec2.calls("111111111111/eu-west-1"), 1);
  EXPECT_EQ(runs.first, runs.second);
  EXPECT_EQ((*runs.first)[0].id, "i-111111111111-eu-west-1-1");
}

TEST(InstanceInventoryTest, FailedListingFailsBothCollectorsAndIsNotCached) {
  CountingEc2 ec2;
  InstanceInventory inventory;
  ec2.failure = Status(StatusCode::kPermissionDenied, "UnauthorizedOperation");
  TwoRuns runs = RunTogether(ec2, inventory);
  EXPECT_EQ(runs.first_status.code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(runs.second_status.code(), StatusCode::kPermissionDenied);
  EXPECT_NE(runs.second_status.message().find("UnauthorizedOperation"), std::string::npos);
  EXPECT_EQ(ec2.calls("111111111111/eu-west-1"), 1);

  // Not cached: the next run lists again and gets the instances.
  ec2.failure = Status::Ok();
  std::shared_ptr<const InstanceList> list;
  ASSERT_TRUE(InstancesFor(Context(&ec2, &inventory, "ami_references", "111111111111", "eu-west-1"),
                           seconds(150), &list)
                  .ok());
  EXPECT_EQ((*list)[0].id, "i-111111111111-eu-west-1-2");
  EXPECT_EQ(ec2.calls("111111111111/eu-west-1"), 2);
}

// A context built by hand (tools, benchmarks, a collector's own tests) has no inventory: each
// call lists on its own, nothing is kept.
TEST(InstanceInventoryTest, WithoutAnInventoryEachCallLists) {
  CountingEc2 ec2;
  std::shared_ptr<const InstanceList> list;
  auto ctx = Context(&ec2, nullptr, "ami_references", "111111111111", "eu-west-1");
  ASSERT_TRUE(InstancesFor(ctx, seconds(150), &list).ok());
  ASSERT_TRUE(InstancesFor(ctx, seconds(150), &list).ok());
  EXPECT_EQ((*list)[0].id, "i-111111111111-eu-west-1-2");
  EXPECT_EQ(ec2.calls("111111111111/eu-west-1"), 2);
}

}  // namespace
}  // namespace awsgov::inventory
