#include "exporter/scheduler/schedule_table.h"

#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace awsgov::scheduler {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::seconds;
using TimePoint = Clock::time_point;

const TimePoint kT0 = TimePoint{} + hours(10);

ScheduledTarget MakeTarget(const std::string& account, milliseconds interval,
                           milliseconds timeout) {
  return {Target{"ipam", account, "eu-west-1"}, interval, timeout};
}

std::string KeyOf(const std::string& account) { return "ipam/" + account + "/eu-west-1"; }

TimePoint NextDue(const ScheduleTable& table, const std::string& account) {
  const SchedulerStats stats = table.Stats();
  const TargetStats* t = stats.Find(KeyOf(account));
  EXPECT_NE(t, nullptr) << account;
  return t == nullptr ? TimePoint{} : t->next_due;
}

std::vector<ScheduledTarget> ManyTargets(int count, milliseconds interval) {
  std::vector<ScheduledTarget> targets;
  for (int i = 0; i < count; ++i) {
    targets.push_back(MakeTarget(std::to_string(100000000000 + i), interval, seconds(5)));
  }
  return targets;
}

TEST(ScheduleTableTest, FirstRunsAreSpreadOverTheJitterWindow) {
  ScheduleTable table(seconds(30), /*seed=*/42);
  ASSERT_TRUE(table.SetTargets(ManyTargets(1000, seconds(300)), kT0).ok());

  std::set<TimePoint> distinct;
  TimePoint earliest = TimePoint::max(), latest = TimePoint::min();
  for (const TargetStats& t : table.Stats().targets) {
    ASSERT_GE(t.next_due, kT0);
    ASSERT_LT(t.next_due, kT0 + seconds(30));
    distinct.insert(t.next_due);
    earliest = std::min(earliest, t.next_due);
    latest = std::max(latest, t.next_due);
  }
  // 1000 draws over 30,000 possible milliseconds: nearly all distinct and covering the window.
  EXPECT_GT(distinct.size(), 900u);
  EXPECT_LT(earliest, kT0 + seconds(3));
  EXPECT_GT(latest, kT0 + seconds(27));
}

TEST(ScheduleTableTest, JitterWindowIsCappedByTheInterval) {
  ScheduleTable table(seconds(30), /*seed=*/7);
  ASSERT_TRUE(table.SetTargets(ManyTargets(200, seconds(10)), kT0).ok());
  std::set<TimePoint> distinct;
  for (const TargetStats& t : table.Stats().targets) {
    ASSERT_GE(t.next_due, kT0);
    ASSERT_LT(t.next_due, kT0 + seconds(10));
    distinct.insert(t.next_due);
  }
  EXPECT_GT(distinct.size(), 1u);
}

// The offset belongs to the account and region, not to the target: every collector's target of
// one account x region starts together (so one shared listing serves them, see
// exporter/inventory), also with different intervals when both exceed the window.
TEST(ScheduleTableTest, TargetsOfOneAccountAndRegionShareTheirFirstRun) {
  ScheduleTable table(seconds(30), /*seed=*/42);
  std::vector<ScheduledTarget> targets;
  for (const char* account : {"111111111111", "222222222222", "333333333333"}) {
    for (const char* region : {"eu-west-1", "us-east-1"}) {
      targets.push_back({Target{"ami_references", account, region}, seconds(300), seconds(5)});
      targets.push_back({Target{"inspector_coverage", account, region}, seconds(300), seconds(5)});
      targets.push_back({Target{"ipam", account, region}, seconds(3600), seconds(5)});
    }
  }
  ASSERT_TRUE(table.SetTargets(targets, kT0).ok());

  std::map<std::string, std::set<TimePoint>> due_by_account_region;
  for (const TargetStats& t : table.Stats().targets) {
    ASSERT_GE(t.next_due, kT0);
    ASSERT_LT(t.next_due, kT0 + seconds(30));
    due_by_account_region[t.target.account_id + "/" + t.target.region].insert(t.next_due);
  }
  ASSERT_EQ(due_by_account_region.size(), 6u);
  std::set<TimePoint> distinct;
  for (const auto& [where, due] : due_by_account_region) {
    EXPECT_EQ(due.size(), 1u) << where << ": its three collectors start at different times";
    distinct.insert(*due.begin());
  }
  // Six account x region pairs over 30,000 milliseconds: still spread apart.
  EXPECT_EQ(distinct.size(), 6u);

  // At their shared due time all three are queued together, adjacent in the queue.
  const TimePoint first = *distinct.begin();
  EXPECT_EQ(table.Poll(first), 3u);
  std::set<std::string> collectors;
  while (std::optional<RunTicket> run = table.StartNext(first)) {
    collectors.insert(run->target.collector);
  }
  EXPECT_EQ(collectors, (std::set<std::string>{"ami_references", "inspector_coverage", "ipam"}));
}

TEST(ScheduleTableTest, SeedChangesTheOffsets) {
  const std::vector<ScheduledTarget> targets = ManyTargets(20, seconds(300));
  ScheduleTable a(seconds(30), /*seed=*/1);
  ScheduleTable b(seconds(30), /*seed=*/2);
  ASSERT_TRUE(a.SetTargets(targets, kT0).ok());
  ASSERT_TRUE(b.SetTargets(targets, kT0).ok());
  int same = 0;
  for (const ScheduledTarget& t : targets) {
    const std::string key = t.target.Key();
    same += a.Stats().Find(key)->next_due == b.Stats().Find(key)->next_due ? 1 : 0;
  }
  EXPECT_LT(same, 3);  // 20 offsets over 30,000 ms: a coincidence or two at most
}

TEST(ScheduleTableTest, ZeroJitterStartsEveryTargetImmediately) {
  ScheduleTable table(milliseconds(0), /*seed=*/7);
  ASSERT_TRUE(table.SetTargets(ManyTargets(20, seconds(10)), kT0).ok());
  for (const TargetStats& t : table.Stats().targets) EXPECT_EQ(t.next_due, kT0);
  EXPECT_EQ(table.Poll(kT0), 20u);
  EXPECT_EQ(table.queue_depth(), 20u);
}

TEST(ScheduleTableTest, SameSeedGivesSameScheduleAndOtherSeedsDiffer) {
  ScheduleTable a(seconds(30), 1), b(seconds(30), 1), c(seconds(30), 2);
  for (ScheduleTable* table : {&a, &b, &c}) {
    ASSERT_TRUE(table->SetTargets(ManyTargets(50, seconds(60)), kT0).ok());
  }
  std::vector<TimePoint> due_a, due_b, due_c;
  for (const TargetStats& t : a.Stats().targets) due_a.push_back(t.next_due);
  for (const TargetStats& t : b.Stats().targets) due_b.push_back(t.next_due);
  for (const TargetStats& t : c.Stats().targets) due_c.push_back(t.next_due);
  EXPECT_EQ(due_a, due_b);
  EXPECT_NE(due_a, due_c);
}

TEST(ScheduleTableTest, RunsEveryIntervalFromTheFirstDueTimeWithoutDrift) {
  const milliseconds interval = seconds(60);
  ScheduleTable table(seconds(30), /*seed=*/3);
  ASSERT_TRUE(table.SetTargets({MakeTarget("111111111111", interval, seconds(20))}, kT0).ok());
  const TimePoint first = NextDue(table, "111111111111");
  ASSERT_GE(first, kT0);
  ASSERT_LT(first, kT0 + seconds(30));

  for (int k = 0; k < 5; ++k) {
    const TimePoint due = first + k * interval;
    EXPECT_EQ(table.Poll(due - milliseconds(1)), 0u) << "run " << k << " queued early";
    ASSERT_EQ(table.Poll(due), 1u) << "run " << k;
    // Start late and run long: neither may shift the following due times.
    const TimePoint started = due + seconds(7);
    std::optional<RunTicket> run = table.StartNext(started);
    ASSERT_TRUE(run.has_value());
    EXPECT_EQ(run->scheduled, due);
    EXPECT_EQ(run->started, started);
    EXPECT_EQ(run->deadline, started + seconds(20));
    table.Finish(*run, started + seconds(11));
    EXPECT_EQ(NextDue(table, "111111111111"), first + (k + 1) * interval);
  }
  const SchedulerStats stats = table.Stats();
  EXPECT_EQ(stats.runs_started, 5u);
  EXPECT_EQ(stats.runs_finished, 5u);
  EXPECT_EQ(stats.runs_skipped, 0u);
  EXPECT_EQ(stats.deadline_exceeded, 0u);
}

TEST(ScheduleTableTest, DueTimeDuringARunningRunIsSkippedAndCounted) {
  const milliseconds interval = seconds(10);
  ScheduleTable table(milliseconds(0), /*seed=*/1);
  ASSERT_TRUE(table.SetTargets({MakeTarget("111111111111", interval, seconds(60))}, kT0).ok());
  ASSERT_EQ(table.Poll(kT0), 1u);
  std::optional<RunTicket> slow = table.StartNext(kT0);
  ASSERT_TRUE(slow.has_value());

  EXPECT_EQ(table.Poll(kT0 + interval), 0u);
  EXPECT_EQ(table.Poll(kT0 + 2 * interval), 0u);
  EXPECT_FALSE(table.StartNext(kT0 + 2 * interval).has_value());  // no second, overlapping run
  SchedulerStats stats = table.Stats();
  EXPECT_EQ(stats.runs_skipped, 2u);
  EXPECT_EQ(stats.targets[0].runs_skipped, 2u);
  EXPECT_EQ(stats.running, 1u);
  EXPECT_EQ(stats.targets[0].next_due, kT0 + 3 * interval);

  table.Finish(*slow, kT0 + 2 * interval + seconds(1));
  ASSERT_EQ(table.Poll(kT0 + 3 * interval), 1u);
  std::optional<RunTicket> next = table.StartNext(kT0 + 3 * interval);
  ASSERT_TRUE(next.has_value());
  EXPECT_EQ(next->scheduled, kT0 + 3 * interval);
  EXPECT_EQ(table.Stats().runs_skipped, 2u);
}

TEST(ScheduleTableTest, DueTimeWhileQueuedIsSkippedAndQueueHoldsOneRun) {
  const milliseconds interval = seconds(10);
  ScheduleTable table(milliseconds(0), /*seed=*/1);
  ASSERT_TRUE(table.SetTargets({MakeTarget("111111111111", interval, seconds(5))}, kT0).ok());
  ASSERT_EQ(table.Poll(kT0), 1u);
  EXPECT_EQ(table.Poll(kT0 + interval), 0u);
  EXPECT_EQ(table.queue_depth(), 1u);
  EXPECT_EQ(table.Stats().runs_skipped, 1u);
}

TEST(ScheduleTableTest, LongGapCountsEveryMissedDueTime) {
  const milliseconds interval = seconds(10);
  ScheduleTable table(milliseconds(0), /*seed=*/1);
  ASSERT_TRUE(table.SetTargets({MakeTarget("111111111111", interval, seconds(60))}, kT0).ok());
  ASSERT_EQ(table.Poll(kT0), 1u);
  std::optional<RunTicket> run = table.StartNext(kT0);
  ASSERT_TRUE(run.has_value());
  // Due times at +10, +20, +30, +40, +50 all pass while the run is in progress.
  EXPECT_EQ(table.Poll(kT0 + seconds(55)), 0u);
  EXPECT_EQ(table.Stats().runs_skipped, 5u);
  EXPECT_EQ(NextDue(table, "111111111111"), kT0 + seconds(60));
}

TEST(ScheduleTableTest, DeadlineSetsTheFlagAtStartPlusTimeoutNotBefore) {
  ScheduleTable table(milliseconds(0), /*seed=*/1);
  ASSERT_TRUE(table.SetTargets({MakeTarget("111111111111", seconds(60), seconds(5))}, kT0).ok());
  ASSERT_EQ(table.Poll(kT0), 1u);
  const TimePoint started = kT0 + seconds(2);  // waited 2 s for a worker
  std::optional<RunTicket> run = table.StartNext(started);
  ASSERT_TRUE(run.has_value());
  EXPECT_EQ(run->deadline, started + seconds(5));
  EXPECT_EQ(table.NextWakeup(), started + seconds(5));

  table.Poll(started + seconds(5) - milliseconds(1));
  EXPECT_FALSE(run->cancelled->load());
  EXPECT_EQ(table.Stats().deadline_exceeded, 0u);

  table.Poll(started + seconds(5));
  EXPECT_TRUE(run->cancelled->load());
  EXPECT_EQ(table.Stats().deadline_exceeded, 1u);
  EXPECT_EQ(table.NextWakeup(), kT0 + seconds(60));

  table.Poll(started + seconds(6));
  table.Finish(*run, started + seconds(7));
  const SchedulerStats stats = table.Stats();
  EXPECT_EQ(stats.deadline_exceeded, 1u);  // once per run, however often it is seen
  EXPECT_EQ(stats.targets[0].deadline_exceeded, 1u);
}

TEST(ScheduleTableTest, RunReturningAfterItsDeadlineCountsEvenIfPollDidNotSeeIt) {
  ScheduleTable table(milliseconds(0), /*seed=*/1);
  ASSERT_TRUE(table.SetTargets({MakeTarget("111111111111", seconds(60), seconds(5))}, kT0).ok());
  ASSERT_EQ(table.Poll(kT0), 1u);
  std::optional<RunTicket> on_time = table.StartNext(kT0);
  table.Finish(*on_time, kT0 + seconds(5) - milliseconds(1));
  EXPECT_EQ(table.Stats().deadline_exceeded, 0u);

  ASSERT_EQ(table.Poll(kT0 + seconds(60)), 1u);
  std::optional<RunTicket> late = table.StartNext(kT0 + seconds(60));
  table.Finish(*late, kT0 + seconds(66));
  EXPECT_EQ(table.Stats().deadline_exceeded, 1u);
}

TEST(ScheduleTableTest, SetTargetsKeepsScheduleOfKeptTargetsAndJittersNewOnes) {
  const milliseconds interval = seconds(60);
  ScheduleTable table(seconds(30), /*seed=*/11);
  ASSERT_TRUE(table
                  .SetTargets({MakeTarget("111111111111", interval, seconds(5)),
                               MakeTarget("222222222222", interval, seconds(5))},
                              kT0)
                  .ok());
  const TimePoint kept_due = NextDue(table, "111111111111");

  // Reload before the first run: the kept target neither runs now nor gets a new offset.
  const TimePoint reload = kT0 + seconds(1);
  ASSERT_LT(reload, kept_due);  // holds for this seed; the assertions below rely on it
  ASSERT_TRUE(table
                  .SetTargets({MakeTarget("111111111111", interval, seconds(5)),
                               MakeTarget("333333333333", interval, seconds(5))},
                              reload)
                  .ok());
  EXPECT_EQ(NextDue(table, "111111111111"), kept_due);
  EXPECT_EQ(table.Stats().Find(KeyOf("222222222222")), nullptr);
  const TimePoint new_due = NextDue(table, "333333333333");
  EXPECT_GE(new_due, reload);
  EXPECT_LT(new_due, reload + seconds(30));
  EXPECT_EQ(table.Poll(reload), 0u);

  // Nothing of the removed target runs, ever.
  for (TimePoint t = reload; t <= kT0 + 3 * interval; t += seconds(1)) {
    table.Poll(t);
    while (std::optional<RunTicket> run = table.StartNext(t)) {
      EXPECT_NE(run->target.account_id, "222222222222");
      table.Finish(*run, t);
    }
  }
  const SchedulerStats stats = table.Stats();
  ASSERT_NE(stats.Find(KeyOf("111111111111")), nullptr);
  ASSERT_NE(stats.Find(KeyOf("333333333333")), nullptr);
  EXPECT_EQ(stats.Find(KeyOf("111111111111"))->runs_started, 3u);
  EXPECT_EQ(stats.Find(KeyOf("333333333333"))->runs_started, 3u);
  EXPECT_EQ(stats.runs_started, 6u);
}

TEST(ScheduleTableTest, RemovedRunningTargetFinishesWithoutANextRun) {
  ScheduleTable table(milliseconds(0), /*seed=*/1);
  ASSERT_TRUE(table.SetTargets({MakeTarget("111111111111", seconds(10), seconds(60))}, kT0).ok());
  ASSERT_EQ(table.Poll(kT0), 1u);
  std::optional<RunTicket> run = table.StartNext(kT0);
  ASSERT_TRUE(run.has_value());

  ASSERT_TRUE(table.SetTargets({}, kT0 + seconds(1)).ok());
  EXPECT_FALSE(run->cancelled->load());  // a run in progress is left to finish
  const SchedulerStats after_removal = table.Stats();
  const TargetStats* retired = after_removal.Find(KeyOf("111111111111"));
  ASSERT_NE(retired, nullptr);
  EXPECT_FALSE(retired->scheduled);
  EXPECT_TRUE(retired->running);

  EXPECT_EQ(table.Poll(kT0 + seconds(30)), 0u);
  table.Finish(*run, kT0 + seconds(31));
  EXPECT_EQ(table.Poll(kT0 + seconds(40)), 0u);
  const SchedulerStats stats = table.Stats();
  EXPECT_TRUE(stats.targets.empty());
  EXPECT_EQ(stats.running, 0u);
  EXPECT_EQ(stats.runs_finished, 1u);
  EXPECT_EQ(table.NextWakeup(), std::nullopt);
}

TEST(ScheduleTableTest, RemovedQueuedTargetLeavesTheQueue) {
  ScheduleTable table(milliseconds(0), /*seed=*/1);
  ASSERT_TRUE(table
                  .SetTargets({MakeTarget("111111111111", seconds(10), seconds(5)),
                               MakeTarget("222222222222", seconds(10), seconds(5))},
                              kT0)
                  .ok());
  ASSERT_EQ(table.Poll(kT0), 2u);
  ASSERT_TRUE(table.SetTargets({MakeTarget("222222222222", seconds(10), seconds(5))}, kT0).ok());
  EXPECT_EQ(table.queue_depth(), 1u);
  std::optional<RunTicket> run = table.StartNext(kT0);
  ASSERT_TRUE(run.has_value());
  EXPECT_EQ(run->target.account_id, "222222222222");
  EXPECT_FALSE(table.StartNext(kT0).has_value());
}

TEST(ScheduleTableTest, TargetAddedBackWhileItsOldRunIsRunningDoesNotOverlapIt) {
  ScheduleTable table(milliseconds(0), /*seed=*/1);
  const ScheduledTarget target = MakeTarget("111111111111", seconds(10), seconds(60));
  ASSERT_TRUE(table.SetTargets({target}, kT0).ok());
  ASSERT_EQ(table.Poll(kT0), 1u);
  std::optional<RunTicket> old_run = table.StartNext(kT0);
  ASSERT_TRUE(table.SetTargets({}, kT0 + seconds(1)).ok());
  ASSERT_TRUE(table.SetTargets({target}, kT0 + seconds(2)).ok());

  EXPECT_EQ(table.Poll(kT0 + seconds(2)), 0u);  // due at once (no jitter) but still running
  EXPECT_EQ(table.Stats().runs_skipped, 1u);
  table.Finish(*old_run, kT0 + seconds(3));
  EXPECT_EQ(table.Poll(kT0 + seconds(12)), 1u);
}

TEST(ScheduleTableTest, ShorterIntervalOnReloadBringsTheNextRunForward) {
  ScheduleTable table(milliseconds(0), /*seed=*/1);
  ASSERT_TRUE(table.SetTargets({MakeTarget("111111111111", hours(1), seconds(5))}, kT0).ok());
  ASSERT_EQ(table.Poll(kT0), 1u);
  table.Finish(*table.StartNext(kT0), kT0 + seconds(1));
  EXPECT_EQ(NextDue(table, "111111111111"), kT0 + hours(1));

  ASSERT_TRUE(
      table.SetTargets({MakeTarget("111111111111", seconds(60), seconds(5))}, kT0 + seconds(2))
          .ok());
  EXPECT_EQ(NextDue(table, "111111111111"), kT0 + seconds(62));
}

TEST(ScheduleTableTest, RejectsInvalidTargetListsAndKeepsTheOldOne) {
  ScheduleTable table(milliseconds(0), /*seed=*/1);
  ASSERT_TRUE(table.SetTargets({MakeTarget("111111111111", seconds(10), seconds(5))}, kT0).ok());

  Status zero_interval =
      table.SetTargets({MakeTarget("222222222222", seconds(0), seconds(5))}, kT0);
  EXPECT_EQ(zero_interval.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(zero_interval.message().find("ipam/222222222222/eu-west-1"), std::string::npos);
  EXPECT_NE(zero_interval.message().find("interval"), std::string::npos);

  Status zero_timeout =
      table.SetTargets({MakeTarget("222222222222", seconds(10), seconds(0))}, kT0);
  EXPECT_EQ(zero_timeout.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(zero_timeout.message().find("timeout"), std::string::npos);

  Status twice = table.SetTargets({MakeTarget("222222222222", seconds(10), seconds(5)),
                                   MakeTarget("222222222222", seconds(20), seconds(5))},
                                  kT0);
  EXPECT_EQ(twice.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(twice.message().find("listed twice"), std::string::npos);

  const SchedulerStats stats = table.Stats();
  ASSERT_EQ(stats.targets.size(), 1u);
  EXPECT_EQ(stats.targets[0].target.account_id, "111111111111");
}

TEST(ScheduleTableTest, BacklogIsStartedInDueOrderAndNoneIsLost) {
  ScheduleTable table(seconds(30), /*seed=*/5);
  ASSERT_TRUE(table.SetTargets(ManyTargets(10, seconds(300)), kT0).ok());
  std::vector<TimePoint> dues;
  for (const TargetStats& t : table.Stats().targets) dues.push_back(t.next_due);
  std::sort(dues.begin(), dues.end());

  // Nobody took work for 30 s: all ten are queued at once.
  ASSERT_EQ(table.Poll(kT0 + seconds(30)), 10u);
  std::set<std::string> started;
  std::vector<TimePoint> order;
  while (std::optional<RunTicket> run = table.StartNext(kT0 + seconds(30))) {
    started.insert(run->target.Key());
    order.push_back(run->scheduled);
  }
  EXPECT_EQ(started.size(), 10u);
  EXPECT_EQ(order, dues);
}

TEST(ScheduleTableTest, CancelAllSetsRunningFlagsAndEmptiesTheQueue) {
  ScheduleTable table(milliseconds(0), /*seed=*/1);
  ASSERT_TRUE(table.SetTargets(ManyTargets(3, seconds(10)), kT0).ok());
  ASSERT_EQ(table.Poll(kT0), 3u);
  std::optional<RunTicket> run = table.StartNext(kT0);
  table.CancelAll();
  EXPECT_TRUE(run->cancelled->load());
  EXPECT_EQ(table.queue_depth(), 0u);
  EXPECT_FALSE(table.StartNext(kT0).has_value());
}

}  // namespace
}  // namespace awsgov::scheduler
