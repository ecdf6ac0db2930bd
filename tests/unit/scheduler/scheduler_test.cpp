#include "exporter/scheduler/scheduler.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <future>
#include <map>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "exporter/scheduler/fake_waitable_clock.h"

namespace awsgov::scheduler {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using TimePoint = Clock::time_point;

ScheduledTarget MakeTarget(const std::string& account, milliseconds interval,
                           milliseconds timeout) {
  return {Target{"ipam", account, "eu-west-1"}, interval, timeout};
}

// What run functions saw, and a gate that holds them until the test lets them go. Waits here
// are bounded by a generous real timeout only so that a broken test fails instead of hanging.
class Recorder {
 public:
  struct Run {
    Target target;
    TimePoint started;  // fake time when the run function was entered
    TimePoint deadline;
    const std::atomic<bool>* cancelled;
  };

  explicit Recorder(const Clock& clock) : clock_(clock) {}

  // Run function that records the run, then blocks until released (or, when
  // `return_on_cancel`, until its cancellation flag is set).
  Scheduler::RunFunction Blocking(bool return_on_cancel) {
    return [this, return_on_cancel](const Target& target, TimePoint deadline,
                                    const std::atomic<bool>& cancelled) {
      std::unique_lock<std::mutex> lock(mu_);
      runs_.push_back({target, clock_.Now(), deadline, &cancelled});
      const int in_flight = ++in_flight_;
      max_in_flight_ = std::max(max_in_flight_, in_flight);
      per_target_in_flight_[target.Key()]++;
      max_per_target_ = std::max(max_per_target_, per_target_in_flight_[target.Key()]);
      changed_.notify_all();
      if (return_on_cancel) {
        lock.unlock();
        cancelled.wait(false);
        lock.lock();
        cancelled_seen_at_.push_back(clock_.Now());
      } else {
        changed_.wait(lock, [&] { return releases_ > 0; });
        --releases_;
      }
      --in_flight_;
      per_target_in_flight_[target.Key()]--;
      changed_.notify_all();
    };
  }

  // Lets `n` blocked (or future) runs return.
  void Release(int n) {
    std::lock_guard<std::mutex> lock(mu_);
    releases_ += n;
    changed_.notify_all();
  }

  bool AwaitRuns(std::size_t n) {
    std::unique_lock<std::mutex> lock(mu_);
    return changed_.wait_for(lock, seconds(10), [&] { return runs_.size() >= n; });
  }

  std::vector<Run> runs() {
    std::lock_guard<std::mutex> lock(mu_);
    return runs_;
  }
  std::vector<TimePoint> cancelled_seen_at() {
    std::lock_guard<std::mutex> lock(mu_);
    return cancelled_seen_at_;
  }
  int max_in_flight() {
    std::lock_guard<std::mutex> lock(mu_);
    return max_in_flight_;
  }
  int max_per_target() {
    std::lock_guard<std::mutex> lock(mu_);
    return max_per_target_;
  }

 private:
  const Clock& clock_;
  std::mutex mu_;
  std::condition_variable changed_;
  std::vector<Run> runs_;
  std::vector<TimePoint> cancelled_seen_at_;
  int releases_ = 0;
  int in_flight_ = 0;
  int max_in_flight_ = 0;
  std::map<std::string, int> per_target_in_flight_;
  int max_per_target_ = 0;
};

SchedulerOptions Options(int workers, milliseconds max_jitter) {
  SchedulerOptions options;
  options.workers = workers;
  options.max_initial_jitter = max_jitter;
  options.seed = 1234;
  return options;
}

TEST(SchedulerTest, RunsAtTheJitteredStartThenEveryInterval) {
  FakeWaitableClock clock;
  const TimePoint t0 = clock.Now();
  Recorder recorder(clock);
  recorder.Release(100);  // runs return at once
  Scheduler scheduler(Options(2, seconds(30)), recorder.Blocking(false), clock);
  const milliseconds interval = seconds(60);
  ASSERT_TRUE(scheduler.SetTargets({MakeTarget("111111111111", interval, seconds(10))}).ok());

  ASSERT_TRUE(scheduler.AwaitStats([](const SchedulerStats& s) { return s.targets.size() == 1; }));
  const TimePoint first = scheduler.Stats().targets[0].next_due;
  ASSERT_GE(first, t0);
  ASSERT_LT(first, t0 + seconds(30));

  for (int k = 0; k < 3; ++k) {
    const TimePoint due = first + k * interval;
    clock.AdvanceTo(due - milliseconds(1));
    ASSERT_TRUE(clock.AwaitWaiters(1));  // the dispatcher has seen this time and sleeps again
    EXPECT_EQ(scheduler.Stats().runs_started, static_cast<std::uint64_t>(k)) << "early run " << k;
    EXPECT_EQ(scheduler.Stats().queue_depth, 0u);

    clock.AdvanceTo(due);
    ASSERT_TRUE(recorder.AwaitRuns(k + 1));
    ASSERT_TRUE(scheduler.AwaitStats(
        [&](const SchedulerStats& s) { return s.runs_finished == static_cast<unsigned>(k + 1); }));
    const Recorder::Run run = recorder.runs()[k];
    EXPECT_EQ(run.started, due);
    EXPECT_EQ(run.deadline, due + seconds(10));
  }
  EXPECT_EQ(scheduler.Stats().runs_skipped, 0u);
}

TEST(SchedulerTest, NeverRunsMoreThanTheWorkerCountAndLosesNoQueuedRun) {
  FakeWaitableClock clock;
  Recorder recorder(clock);
  Scheduler scheduler(Options(2, milliseconds(0)), recorder.Blocking(false), clock);
  std::vector<ScheduledTarget> targets;
  std::set<std::string> keys;
  for (int i = 0; i < 6; ++i) {
    targets.push_back(MakeTarget("10000000000" + std::to_string(i), seconds(60), seconds(30)));
    keys.insert(targets.back().target.Key());
  }
  ASSERT_TRUE(scheduler.SetTargets(targets).ok());

  // All six are due at once; two start, four wait in the queue.
  ASSERT_TRUE(scheduler.AwaitStats(
      [](const SchedulerStats& s) { return s.running == 2 && s.queue_depth == 4; }));
  EXPECT_EQ(scheduler.Stats().runs_started, 2u);
  ASSERT_TRUE(recorder.AwaitRuns(2));  // both run functions entered, neither released yet

  for (int finished = 1; finished <= 6; ++finished) {
    recorder.Release(1);
    const auto started = static_cast<std::uint64_t>(std::min(finished + 2, 6));
    ASSERT_TRUE(scheduler.AwaitStats([&](const SchedulerStats& s) {
      return s.runs_finished == static_cast<std::uint64_t>(finished) && s.runs_started == started;
    })) << "after "
        << finished << " finished";
    const SchedulerStats stats = scheduler.Stats();
    EXPECT_EQ(stats.queue_depth, 6 - started);
    EXPECT_LE(stats.running, 2u);
    ASSERT_TRUE(recorder.AwaitRuns(started));
  }

  std::set<std::string> ran;
  for (const Recorder::Run& run : recorder.runs()) ran.insert(run.target.Key());
  EXPECT_EQ(ran, keys);
  EXPECT_EQ(recorder.runs().size(), 6u);
  EXPECT_EQ(recorder.max_in_flight(), 2);
}

TEST(SchedulerTest, SlowRunMakesTheNextDueTimeASkipNotAnOverlap) {
  FakeWaitableClock clock;
  const TimePoint t0 = clock.Now();
  Recorder recorder(clock);
  Scheduler scheduler(Options(4, milliseconds(0)), recorder.Blocking(false), clock);
  const milliseconds interval = seconds(10);
  ASSERT_TRUE(scheduler.SetTargets({MakeTarget("111111111111", interval, seconds(60))}).ok());
  ASSERT_TRUE(recorder.AwaitRuns(1));

  clock.Advance(interval);
  ASSERT_TRUE(scheduler.AwaitStats([](const SchedulerStats& s) { return s.runs_skipped == 1; }));
  EXPECT_EQ(scheduler.Stats().runs_started, 1u);

  recorder.Release(1);
  ASSERT_TRUE(scheduler.AwaitStats([](const SchedulerStats& s) { return s.runs_finished == 1; }));
  recorder.Release(1);
  clock.Advance(interval);
  ASSERT_TRUE(recorder.AwaitRuns(2));
  ASSERT_TRUE(scheduler.AwaitStats([](const SchedulerStats& s) { return s.runs_finished == 2; }));

  const std::vector<Recorder::Run> runs = recorder.runs();
  EXPECT_EQ(runs[0].started, t0);
  EXPECT_EQ(runs[1].started, t0 + 2 * interval);
  EXPECT_EQ(recorder.max_per_target(), 1);
  const SchedulerStats stats = scheduler.Stats();
  EXPECT_EQ(stats.runs_skipped, 1u);
  EXPECT_EQ(stats.targets[0].runs_skipped, 1u);
}

TEST(SchedulerTest, DeadlineSetsTheCancellationFlagAtStartPlusTimeout) {
  FakeWaitableClock clock;
  const TimePoint t0 = clock.Now();
  Recorder recorder(clock);
  Scheduler scheduler(Options(1, milliseconds(0)), recorder.Blocking(true), clock);
  ASSERT_TRUE(scheduler.SetTargets({MakeTarget("111111111111", seconds(60), seconds(5))}).ok());
  ASSERT_TRUE(recorder.AwaitRuns(1));
  const Recorder::Run run = recorder.runs()[0];
  EXPECT_EQ(run.deadline, t0 + seconds(5));

  clock.AdvanceTo(t0 + seconds(5) - milliseconds(1));
  ASSERT_TRUE(clock.AwaitWaiters(1));
  EXPECT_FALSE(run.cancelled->load());
  EXPECT_EQ(scheduler.Stats().deadline_exceeded, 0u);

  clock.AdvanceTo(t0 + seconds(5));
  ASSERT_TRUE(scheduler.AwaitStats([](const SchedulerStats& s) { return s.runs_finished == 1; }));
  EXPECT_EQ(recorder.cancelled_seen_at(), std::vector<TimePoint>{t0 + seconds(5)});
  const SchedulerStats stats = scheduler.Stats();
  EXPECT_EQ(stats.deadline_exceeded, 1u);
  EXPECT_EQ(stats.targets[0].deadline_exceeded, 1u);
}

TEST(SchedulerTest, StopCancelsARunningRunAndReturnsOnceItReturns) {
  FakeWaitableClock clock;
  Recorder recorder(clock);
  Scheduler scheduler(Options(2, milliseconds(0)), recorder.Blocking(true), clock);
  ASSERT_TRUE(scheduler
                  .SetTargets({MakeTarget("111111111111", seconds(60), seconds(30)),
                               MakeTarget("222222222222", seconds(60), seconds(30)),
                               MakeTarget("333333333333", seconds(60), seconds(30))})
                  .ok());
  ASSERT_TRUE(scheduler.AwaitStats(
      [](const SchedulerStats& s) { return s.running == 2 && s.queue_depth == 1; }));

  // Fake time does not move, so returning at all proves Stop did not wait for the grace period.
  EXPECT_TRUE(scheduler.Stop(seconds(5)));
  EXPECT_EQ(recorder.cancelled_seen_at().size(), 2u);
  const SchedulerStats stats = scheduler.Stats();
  EXPECT_EQ(stats.runs_started, 2u);  // the queued run was dropped, not started
  EXPECT_EQ(stats.runs_finished, 2u);
  EXPECT_EQ(stats.queue_depth, 0u);
  EXPECT_EQ(stats.deadline_exceeded, 0u);

  EXPECT_EQ(scheduler.SetTargets({}).code(), StatusCode::kCancelled);
  EXPECT_TRUE(scheduler.Stop(seconds(5)));
}

TEST(SchedulerTest, StopGivesUpAfterTheGracePeriodWhenARunIgnoresCancellation) {
  FakeWaitableClock clock;
  Recorder recorder(clock);
  auto scheduler =
      std::make_unique<Scheduler>(Options(1, milliseconds(0)), recorder.Blocking(false), clock);
  ASSERT_TRUE(scheduler->SetTargets({MakeTarget("111111111111", seconds(60), seconds(30))}).ok());
  ASSERT_TRUE(recorder.AwaitRuns(1));
  const std::atomic<bool>* cancelled = recorder.runs()[0].cancelled;

  std::future<bool> stopped =
      std::async(std::launch::async, [&] { return scheduler->Stop(seconds(5)); });
  cancelled->wait(false);  // Stop has fixed its give-up time and set the flag

  clock.Advance(seconds(5) - milliseconds(1));
  ASSERT_TRUE(clock.AwaitWaiters(1));  // only Stop waits on the clock once stopping
  EXPECT_EQ(stopped.wait_for(seconds(0)), std::future_status::timeout);

  clock.Advance(milliseconds(1));
  EXPECT_FALSE(stopped.get());
  EXPECT_EQ(scheduler->Stats().running, 1u);

  recorder.Release(1);
  // Fake time stands still, so this returns only because the released run returned.
  EXPECT_TRUE(scheduler->Stop(seconds(5)));
  scheduler.reset();  // joins the worker, which has returned
  EXPECT_EQ(recorder.runs().size(), 1u);
}

TEST(SchedulerTest, ReloadKeepsTheScheduleAndDropsRemovedTargets) {
  FakeWaitableClock clock;
  const TimePoint t0 = clock.Now();
  Recorder recorder(clock);
  recorder.Release(100);
  Scheduler scheduler(Options(2, milliseconds(0)), recorder.Blocking(false), clock);
  const milliseconds interval = seconds(10);
  ASSERT_TRUE(scheduler
                  .SetTargets({MakeTarget("111111111111", interval, seconds(5)),
                               MakeTarget("222222222222", interval, seconds(5))})
                  .ok());
  ASSERT_TRUE(scheduler.AwaitStats([](const SchedulerStats& s) { return s.runs_finished == 2; }));

  clock.Advance(seconds(3));
  ASSERT_TRUE(scheduler.SetTargets({MakeTarget("111111111111", interval, seconds(5))}).ok());
  ASSERT_TRUE(clock.AwaitWaiters(1));
  EXPECT_EQ(scheduler.Stats().runs_started, 2u);  // no immediate re-run on reload

  clock.AdvanceTo(t0 + interval);
  ASSERT_TRUE(scheduler.AwaitStats([](const SchedulerStats& s) { return s.runs_finished == 3; }));
  ASSERT_TRUE(clock.AwaitWaiters(1));
  const std::vector<Recorder::Run> runs = recorder.runs();
  ASSERT_EQ(runs.size(), 3u);
  EXPECT_EQ(runs[2].target.account_id, "111111111111");
  EXPECT_EQ(runs[2].started, t0 + interval);
  const SchedulerStats stats = scheduler.Stats();
  EXPECT_EQ(stats.runs_started + stats.queue_depth, 3u);  // the removed target was not queued
  EXPECT_EQ(stats.targets.size(), 1u);
}

TEST(SchedulerTest, ARunThatThrowsIsCountedAndTheScheduleGoesOn) {
  FakeWaitableClock clock;
  const TimePoint t0 = clock.Now();
  std::atomic<int> calls{0};
  Scheduler scheduler(
      Options(1, milliseconds(0)),
      [&](const Target&, TimePoint, const std::atomic<bool>&) {
        ++calls;
        throw std::runtime_error("boom");
      },
      clock);
  ASSERT_TRUE(scheduler.SetTargets({MakeTarget("111111111111", seconds(10), seconds(5))}).ok());
  ASSERT_TRUE(scheduler.AwaitStats([](const SchedulerStats& s) { return s.runs_finished == 1; }));
  clock.AdvanceTo(t0 + seconds(10));
  ASSERT_TRUE(scheduler.AwaitStats([](const SchedulerStats& s) { return s.runs_finished == 2; }));
  EXPECT_EQ(calls.load(), 2);
}

}  // namespace
}  // namespace awsgov::scheduler
