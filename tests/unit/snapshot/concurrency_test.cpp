// Scrapes in several threads while collectors update and targets are re-declared: every body a
// scraper sees must be a complete, well-formed exposition showing each target's result whole
// (all samples of one run, never a mix of two runs). Run under TSan in a sanitizer build.
#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <thread>

#include "exporter/snapshot/store.h"
#include "tests/unit/snapshot/exposition_test_util.h"

namespace awsgov {
namespace {

const MetricDesc kRun{"awsgov_test_run_marker",
                      "Run number of the result this sample came from.",
                      MetricType::kGauge,
                      {"account_id", "item"}};
constexpr int kItems = 50;

Result RunResult(const Target& t, int run) {
  Result r;
  for (int i = 0; i < kItems; ++i) r.Add(kRun, {t.account_id, std::to_string(i)}, run);
  return r;
}

TEST(ConcurrencyTest, ScrapesSeeWholeResultsWhileUpdatesHappen) {
  SnapshotStore store;
  std::vector<Target> targets;
  for (int a = 0; a < 4; ++a)
    targets.push_back({"ipam", std::to_string(100000000000 + a), "global"});
  store.SetTargets(targets);
  std::atomic<bool> stop{false};
  std::atomic<int> scrapes{0};
  std::atomic<int> bad_bodies{0};
  std::string first_problem;
  std::mutex problem_mu;

  std::vector<std::thread> threads;
  for (int u = 0; u < 2; ++u) {
    threads.emplace_back([&, u] {
      for (int run = 1; run <= 300; ++run) {
        const Target& t = targets[(run + u) % targets.size()];
        if (run % 7 == 0) {
          store.Update(t, Unavailable("ec2: throttled"), RunResult(t, -1), 0.5);
        } else {
          store.Update(t, Status::Ok(), RunResult(t, run), 0.5);
        }
        if (u == 0 && run % 50 == 0) store.SetTargets(targets);
      }
    });
  }
  for (int s = 0; s < 4; ++s) {
    threads.emplace_back([&, s] {
      int i = 0;
      while (!stop.load() || i < 20) {
        auto format =
            (i + s) % 2 == 0 ? ExpositionFormat::kText004 : ExpositionFormat::kOpenMetrics100;
        bool gzip = (i / 2 + s) % 2 == 0;
        ++i;
        std::string body = testing::Body(store.Render(format, gzip));
        testing::ParsedExposition p = testing::ParseExposition(body, format);
        std::string problem;
        if (!p.errors.empty()) problem = p.errors.front();
        if (const auto* f = p.Family("awsgov_test_run_marker")) {
          std::map<std::string, std::pair<int, double>> per_account;  // count, run
          for (const auto& sample : f->samples) {
            auto& [count, run] = per_account[sample.labels.at("account_id")];
            if (count > 0 && run != sample.value) problem = "two runs mixed in one target";
            if (sample.value < 0) problem = "a failed run's samples were exposed";
            run = sample.value;
            ++count;
          }
          for (const auto& [account, entry] : per_account) {
            if (entry.first != kItems) problem = "partial result for " + account;
          }
        }
        if (!problem.empty()) {
          ++bad_bodies;
          std::lock_guard lock(problem_mu);
          if (first_problem.empty()) first_problem = problem;
        }
        ++scrapes;
      }
    });
  }
  threads[0].join();
  threads[1].join();
  stop = true;
  for (std::size_t i = 2; i < threads.size(); ++i) threads[i].join();

  EXPECT_EQ(bad_bodies.load(), 0) << first_problem;
  EXPECT_GE(scrapes.load(), 80);
  // After the dust settles: every target shows its last successful run.
  testing::ParsedExposition p =
      testing::ParseExposition(testing::Body(store.Render(ExpositionFormat::kOpenMetrics100, true)),
                               ExpositionFormat::kOpenMetrics100);
  EXPECT_TRUE(p.errors.empty());
  EXPECT_EQ(p.CountSamples("awsgov_test_run_marker"), targets.size() * kItems);
  EXPECT_EQ(p.CountSamples("awsgov_collector_success"), targets.size());
}

}  // namespace
}  // namespace awsgov
