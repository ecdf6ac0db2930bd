// SharedFetches: one fetch per key while fresh, each caller's own max_age, a fetch in progress
// shared with its waiters (its error too), failures never cached, stale values dropped.
#include "exporter/core/shared_fetch.h"

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <string>
#include <thread>

#include "tests/support/manual_clock.h"

namespace awsgov {
namespace {

using std::chrono::seconds;

using TestClock = awsgov::testing::ManualClock;

using Cache = SharedFetches<std::string, int>;

// A fetch that returns `value` and counts its runs.
Cache::Fetch Returning(int value, int* runs) {
  return [value, runs](int* out) {
    ++*runs;
    *out = value;
    return Status::Ok();
  };
}

TEST(SharedFetchesTest, FreshValueIsSharedAndEachCallerHasItsOwnMaxAge) {
  TestClock clock;
  Cache cache(&clock);
  int runs = 0;
  std::shared_ptr<const int> value;
  ASSERT_TRUE(cache.Get("a", seconds(150), Returning(1, &runs), &value).ok());
  EXPECT_EQ(*value, 1);
  clock.Advance(seconds(100));
  ASSERT_TRUE(cache.Get("a", seconds(150), Returning(2, &runs), &value).ok());
  EXPECT_EQ(*value, 1);  // 100 s old, fresh for a caller that accepts 150 s
  EXPECT_EQ(runs, 1);
  ASSERT_TRUE(cache.Get("a", seconds(60), Returning(3, &runs), &value).ok());
  EXPECT_EQ(*value, 3);  // too old for a caller that accepts 60 s
  ASSERT_TRUE(cache.Get("b", seconds(150), Returning(4, &runs), &value).ok());
  EXPECT_EQ(*value, 4);  // another key, its own fetch
  EXPECT_EQ(runs, 3);
  EXPECT_EQ(cache.fetches(), 3);
}

TEST(SharedFetchesTest, FailureIsNotCached) {
  TestClock clock;
  Cache cache(&clock);
  std::shared_ptr<const int> value;
  Status failed = cache.Get(
      "a", seconds(150), [](int*) { return Unavailable("throttled"); }, &value);
  EXPECT_EQ(failed.code(), StatusCode::kUnavailable);
  EXPECT_EQ(value, nullptr);
  int runs = 0;
  ASSERT_TRUE(cache.Get("a", seconds(150), Returning(7, &runs), &value).ok());
  EXPECT_EQ(*value, 7);
  EXPECT_EQ(runs, 1);
  EXPECT_EQ(cache.fetches(), 2);
}

// Runs a fetch on another thread that holds until a second caller waits for it, then returns
// `outcome`; the second caller's Get result is returned. Deterministic: the second caller asks
// only once the fetch runs, and the fetch returns only once that caller waits.
Status WaitForAFetchThatReturns(Cache& cache, Status outcome, std::shared_ptr<const int>* value,
                                Status* fetcher_status) {
  std::atomic<bool> fetching{false};
  std::thread fetcher([&] {
    std::shared_ptr<const int> own;
    *fetcher_status = cache.Get(
        "a", seconds(150),
        [&](int* out) {
          fetching = true;
          while (cache.waiting("a") == 0) std::this_thread::yield();
          *out = 5;
          return outcome;
        },
        &own);
  });
  while (!fetching) std::this_thread::yield();
  Status status = cache.Get(
      "a", seconds(150), [](int*) { return Internal("the waiting caller fetched on its own"); },
      value);
  fetcher.join();
  return status;
}

TEST(SharedFetchesTest, WaiterSharesTheFetchInProgress) {
  TestClock clock;
  Cache cache(&clock);
  std::shared_ptr<const int> value;
  Status fetcher_status;
  Status status = WaitForAFetchThatReturns(cache, Status::Ok(), &value, &fetcher_status);
  ASSERT_TRUE(fetcher_status.ok()) << fetcher_status.ToString();
  ASSERT_TRUE(status.ok()) << status.ToString();
  EXPECT_EQ(*value, 5);
  EXPECT_EQ(cache.fetches(), 1);
}

TEST(SharedFetchesTest, WaiterSeesTheErrorOfTheFetchItShared) {
  TestClock clock;
  Cache cache(&clock);
  std::shared_ptr<const int> value;
  Status fetcher_status;
  Status status = WaitForAFetchThatReturns(
      cache, Status(StatusCode::kPermissionDenied, "AccessDenied"), &value, &fetcher_status);
  EXPECT_EQ(fetcher_status.code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(status.code(), StatusCode::kPermissionDenied) << status.ToString();
  EXPECT_EQ(status.message(), "AccessDenied");
  EXPECT_EQ(cache.fetches(), 1);

  // The failure was not cached: the next caller fetches.
  int runs = 0;
  ASSERT_TRUE(cache.Get("a", seconds(150), Returning(9, &runs), &value).ok());
  EXPECT_EQ(*value, 9);
  EXPECT_EQ(cache.fetches(), 2);
}

TEST(SharedFetchesTest, WaiterGivesUpAtItsDeadline) {
  TestClock clock;
  Cache cache(&clock);
  std::atomic<bool> release{false};
  std::atomic<bool> fetching{false};
  std::thread fetcher([&] {
    std::shared_ptr<const int> own;
    (void)cache.Get(
        "a", seconds(150),
        [&](int* out) {
          fetching = true;
          while (!release) std::this_thread::yield();
          *out = 1;
          return Status::Ok();
        },
        &own);
  });
  while (!fetching) std::this_thread::yield();
  std::shared_ptr<const int> value;
  Status status = cache.Get(
      "a", seconds(150), [](int*) { return Internal("must not run"); }, &value,
      std::chrono::steady_clock::now() + std::chrono::milliseconds(20));
  release = true;
  fetcher.join();
  EXPECT_EQ(status.code(), StatusCode::kDeadlineExceeded) << status.ToString();
  EXPECT_EQ(cache.fetches(), 1);
}

TEST(SharedFetchesTest, ThrowingFetchBecomesAnError) {
  TestClock clock;
  Cache cache(&clock);
  std::shared_ptr<const int> value;
  Status status = cache.Get(
      "a", seconds(150), [](int*) -> Status { throw std::runtime_error("bug"); }, &value);
  EXPECT_EQ(status.code(), StatusCode::kInternal);
  EXPECT_NE(status.message().find("bug"), std::string::npos);
  int runs = 0;
  ASSERT_TRUE(cache.Get("a", seconds(150), Returning(2, &runs), &value).ok());
  EXPECT_EQ(*value, 2);
}

TEST(SharedFetchesTest, ValuesOlderThanEveryMaxAgeAreDropped) {
  TestClock clock;
  Cache cache(&clock);
  int runs = 0;
  std::shared_ptr<const int> value;
  ASSERT_TRUE(cache.Get("a", seconds(150), Returning(1, &runs), &value).ok());
  ASSERT_TRUE(cache.Get("b", seconds(100), Returning(2, &runs), &value).ok());
  EXPECT_EQ(cache.size(), 2u);
  clock.Advance(seconds(120));
  // "b" (120 s old) is still usable by the 150 s caller: kept.
  ASSERT_TRUE(cache.Get("c", seconds(100), Returning(3, &runs), &value).ok());
  EXPECT_EQ(cache.size(), 3u);
  clock.Advance(seconds(40));
  // "a" is 160 s old, "b" 160 s: no caller accepts that; "c" (40 s) stays.
  ASSERT_TRUE(cache.Get("d", seconds(100), Returning(4, &runs), &value).ok());
  EXPECT_EQ(cache.size(), 2u);
  ASSERT_TRUE(cache.Get("c", seconds(100), Returning(30, &runs), &value).ok());
  EXPECT_EQ(*value, 3);
}

}  // namespace
}  // namespace awsgov
