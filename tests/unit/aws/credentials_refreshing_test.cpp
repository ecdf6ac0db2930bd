#include "exporter/aws/credentials_refreshing.h"

#include <gtest/gtest.h>

#include <thread>

#include "tests/unit/aws/credentials_fakes.h"

namespace awsgov::aws {
namespace {

using credtest::FakeClock;
using credtest::LogCapture;
using credtest::Unix;

constexpr long long kStart = 1714564800;  // 2024-05-01T12:00:00Z

// Hands out "AKID<n>" credentials that live `lifetime` from the clock's time, or fails.
struct ScriptedFetch {
  FakeClock* clock;
  std::chrono::seconds lifetime{3600};
  int calls = 0;
  bool fail = false;
  Status operator()(Credentials* out) {
    ++calls;
    if (fail) return Unavailable("sts unreachable");
    out->access_key_id = "AKID" + std::to_string(calls);
    out->secret_access_key = "SECRET" + std::to_string(calls);
    out->session_token = "TOKEN" + std::to_string(calls);
    out->expiration = Unix(static_cast<long long>(clock->UnixSeconds()) + lifetime.count());
    return Status::Ok();
  }
};

TEST(CredentialsRefreshing, MarginIsFifteenMinutesOrTenPercent) {
  EXPECT_EQ(RefreshingCredentialsProvider::RefreshMargin(Unix(0), Unix(3600)),
            std::chrono::minutes(6));  // 10% of 1 h is shorter than 15 min
  EXPECT_EQ(RefreshingCredentialsProvider::RefreshMargin(Unix(0), Unix(43200)),
            std::chrono::minutes(15));
  EXPECT_EQ(RefreshingCredentialsProvider::RefreshMargin(Unix(0), Unix(900)),
            std::chrono::seconds(90));
}

TEST(CredentialsRefreshing, RefreshesOnlyInsideTheMargin) {
  FakeClock clock(kStart);
  ScriptedFetch fetch{&clock, std::chrono::hours(12)};
  RefreshingCredentialsProvider provider("test", std::ref(fetch), &clock);
  Credentials c;
  ASSERT_TRUE(provider.Get(&c).ok());
  EXPECT_EQ(c.access_key_id, "AKID1");
  EXPECT_EQ(c.expiration, Unix(kStart + 43200));

  // 12 h session: refresh starts 15 min before expiry, not a second earlier.
  clock.Set(kStart + 43200 - 900 - 1);
  ASSERT_TRUE(provider.Get(&c).ok());
  EXPECT_EQ(c.access_key_id, "AKID1");
  EXPECT_EQ(fetch.calls, 1);
  clock.Set(kStart + 43200 - 900);
  ASSERT_TRUE(provider.Get(&c).ok());
  EXPECT_EQ(c.access_key_id, "AKID2");
  EXPECT_EQ(fetch.calls, 2);
}

TEST(CredentialsRefreshing, LongTermCredentialsAreFetchedOnce) {
  FakeClock clock(kStart);
  int calls = 0;
  RefreshingCredentialsProvider provider(
      "test",
      [&](Credentials* out) {
        ++calls;
        out->access_key_id = "AKIDLONG";
        out->secret_access_key = "s";
        return Status::Ok();
      },
      &clock);
  Credentials c;
  ASSERT_TRUE(provider.Get(&c).ok());
  clock.Advance(std::chrono::hours(24 * 365));
  ASSERT_TRUE(provider.Get(&c).ok());
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(c.access_key_id, "AKIDLONG");
}

TEST(CredentialsRefreshing, FailedRefreshKeepsValidCredentialsAndWarnsWithoutSecrets) {
  LogCapture logs;
  FakeClock clock(kStart);
  ScriptedFetch fetch{&clock, std::chrono::hours(1)};
  RefreshingCredentialsProvider provider("assume_role:arn:aws:iam::111111111111:role/r",
                                         std::ref(fetch), &clock, std::chrono::seconds(60));
  Credentials c;
  ASSERT_TRUE(provider.Get(&c).ok());

  fetch.fail = true;
  clock.Set(kStart + 3600 - 300);  // inside the 6-minute margin, still valid
  Status s = provider.Get(&c);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(c.access_key_id, "AKID1");
  EXPECT_EQ(fetch.calls, 2);

  // No new attempt within the retry delay; one after it.
  clock.Set(kStart + 3600 - 250);
  ASSERT_TRUE(provider.Get(&c).ok());
  EXPECT_EQ(fetch.calls, 2);
  clock.Set(kStart + 3600 - 240);
  ASSERT_TRUE(provider.Get(&c).ok());
  EXPECT_EQ(fetch.calls, 3);

  auto lines = logs.lines();
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_NE(lines[0].find("credential refresh failed"), std::string::npos);
  EXPECT_NE(lines[0].find("sts unreachable"), std::string::npos);
  for (const auto& line : lines) {
    EXPECT_EQ(line.find("AKID1"), std::string::npos) << line;
    EXPECT_EQ(line.find("SECRET1"), std::string::npos) << line;
    EXPECT_EQ(line.find("TOKEN1"), std::string::npos) << line;
  }

  // Once expired, the failure is the answer.
  clock.Set(kStart + 3600);
  s = provider.Get(&c);
  EXPECT_EQ(s.code(), StatusCode::kUnavailable);
  EXPECT_NE(s.message().find("assume_role:arn:aws:iam::111111111111:role/r"), std::string::npos);

  // And recovery follows the next successful fetch.
  fetch.fail = false;
  ASSERT_TRUE(provider.Get(&c).ok());
  EXPECT_EQ(c.access_key_id, "AKID5");
}

TEST(CredentialsRefreshing, IncompleteCredentialsAreAnError) {
  FakeClock clock(kStart);
  RefreshingCredentialsProvider provider(
      "ecs",
      [](Credentials* out) {
        out->access_key_id = "AKID";
        return Status::Ok();
      },
      &clock);
  Credentials c;
  EXPECT_EQ(provider.Get(&c).code(), StatusCode::kParseError);
}

TEST(CredentialsRefreshing, ConcurrentCallersShareOneFetch) {
  constexpr int kThreads = 8;
  FakeClock clock(kStart);
  std::atomic<int> entered{0};
  std::atomic<int> calls{0};
  RefreshingCredentialsProvider provider(
      "test",
      [&](Credentials* out) {
        ++calls;
        // Hold the fetch until every caller has asked, so that a second fetch would overlap.
        while (entered.load() < kThreads) std::this_thread::yield();
        out->access_key_id = "AKID-SHARED";
        out->secret_access_key = "s";
        out->expiration = Unix(kStart + 3600);
        return Status::Ok();
      },
      &clock);
  std::vector<std::thread> threads;
  std::vector<Credentials> got(kThreads);
  std::vector<Status> statuses(kThreads);
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      ++entered;
      statuses[i] = provider.Get(&got[i]);
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(calls.load(), 1);
  for (int i = 0; i < kThreads; ++i) {
    EXPECT_TRUE(statuses[i].ok());
    EXPECT_EQ(got[i].access_key_id, "AKID-SHARED");
  }
}

}  // namespace
}  // namespace awsgov::aws
