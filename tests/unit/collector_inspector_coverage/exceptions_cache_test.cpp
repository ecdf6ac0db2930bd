// The exceptions table's Scan is shared: one scan per max_age for every target, one at a time,
// failures not cached.
#include "collectors/inspector_coverage/exceptions_cache.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

namespace awsgov::inspector {
namespace {

using nlohmann::json;

// A clock the test moves by hand. Thread-safety: Now() reads an atomic.
class ManualClock final : public Clock {
 public:
  time_point Now() const override { return time_point(std::chrono::seconds(now_.load())); }
  double UnixSeconds() const override { return static_cast<double>(now_.load()); }
  void Advance(std::chrono::seconds by) { now_ += by.count(); }

 private:
  std::atomic<long> now_{1000};
};

TEST(ExceptionsCacheTest, ConcurrentTargetsShareOneScan) {
  ManualClock clock;
  ExceptionsCache cache(std::chrono::seconds(150), &clock);
  std::atomic<int> scans{0};
  auto scan = [&](ScanPages* pages) {
    ++scans;
    // Slow enough that the other threads arrive while it runs and must wait for it.
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    pages->push_back(json{{"Items", json::array({{{"InstanceId", {{"S", "i-1"}}}}})}});
    pages->push_back(json{{"Items", json::array({{{"InstanceId", {{"S", "i-2"}}}}})}});
    return Status::Ok();
  };
  constexpr int kTargets = 8;
  std::vector<std::shared_ptr<const ScanPages>> got(kTargets);
  std::vector<Status> statuses(kTargets);
  std::vector<std::thread> threads;
  for (int t = 0; t < kTargets; ++t) {
    threads.emplace_back([&, t] { statuses[t] = cache.Pages(scan, &got[t]); });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(scans.load(), 1);
  EXPECT_EQ(cache.scans(), 1);
  for (int t = 0; t < kTargets; ++t) {
    ASSERT_TRUE(statuses[t].ok()) << statuses[t].ToString();
    ASSERT_EQ(got[t], got[0]);  // the very same pages
  }
  ASSERT_EQ(got[0]->size(), 2u);
  EXPECT_EQ((*got[0])[1]["Items"][0]["InstanceId"]["S"], "i-2");
}

TEST(ExceptionsCacheTest, ScansAgainOnceThePagesAreOlderThanMaxAge) {
  ManualClock clock;
  ExceptionsCache cache(std::chrono::seconds(150), &clock);
  int scans = 0;
  auto scan = [&](ScanPages* pages) {
    ++scans;
    pages->push_back(json{{"Count", scans}});
    return Status::Ok();
  };
  std::shared_ptr<const ScanPages> pages;
  ASSERT_TRUE(cache.Pages(scan, &pages).ok());
  clock.Advance(std::chrono::seconds(149));
  ASSERT_TRUE(cache.Pages(scan, &pages).ok());
  EXPECT_EQ(scans, 1);
  EXPECT_EQ((*pages)[0]["Count"], 1);
  clock.Advance(std::chrono::seconds(1));  // 150 s old: stale
  ASSERT_TRUE(cache.Pages(scan, &pages).ok());
  EXPECT_EQ(scans, 2);
  EXPECT_EQ((*pages)[0]["Count"], 2);
  EXPECT_EQ(cache.scans(), 2);
}

TEST(ExceptionsCacheTest, AFailedScanIsNotCachedAndKeepsNothing) {
  ManualClock clock;
  ExceptionsCache cache(std::chrono::seconds(150), &clock);
  int scans = 0;
  auto scan = [&](ScanPages* pages) {
    ++scans;
    pages->push_back(json{{"Count", scans}});  // a first page, then the failure
    if (scans == 1) return Unavailable("ResourceNotFoundException");
    return Status::Ok();
  };
  std::shared_ptr<const ScanPages> pages;
  Status status = cache.Pages(scan, &pages);
  EXPECT_FALSE(status.ok());
  EXPECT_EQ(pages, nullptr);
  ASSERT_TRUE(cache.Pages(scan, &pages).ok());
  EXPECT_EQ(scans, 2);
  ASSERT_EQ(pages->size(), 1u);  // only the successful scan's page
  EXPECT_EQ((*pages)[0]["Count"], 2);
  ASSERT_TRUE(cache.Pages(scan, &pages).ok());
  EXPECT_EQ(scans, 2);
}

}  // namespace
}  // namespace awsgov::inspector
