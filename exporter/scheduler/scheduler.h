// The collection scheduler: runs every target on its interval on a bounded pool of worker
// threads, with jittered first runs, skip-instead-of-overlap, per-run deadlines with cooperative
// cancellation, live target reloads and a bounded shutdown. The rules themselves (what is due,
// skipped, cancelled) live in ScheduleTable (schedule_table.h); this class adds the threads.
//
// Threads: one dispatcher that sleeps until the next due time or deadline and queues due runs,
// and `workers` workers that take queued runs in due order. A queued run waits for a worker; no
// run is lost, and while it waits its target's later due times count as skipped.
//
// Time: every read of time and every timed wait goes through the WaitableClock given to the
// constructor. Production passes SystemWaitableClock::Instance(); tests pass a
// FakeWaitableClock and move time by hand: FakeWaitableClock::AwaitWaiters tells them when the
// scheduler has caught up with the new time, and AwaitStats when runs started or finished, so
// tests neither sleep nor depend on real-time speed. Tests of the rules alone drive
// ScheduleTable directly with explicit times.
//
// Thread-safety: all public methods are thread-safe, except that Stop and the destructor must
// not be called from inside a run function (they wait for run functions to return).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "exporter/core/status.h"
#include "exporter/core/target.h"
#include "exporter/scheduler/schedule_table.h"
#include "exporter/scheduler/scheduled_target.h"
#include "exporter/scheduler/stats.h"
#include "exporter/scheduler/waitable_clock.h"

namespace awsgov::scheduler {

struct SchedulerOptions {
  int workers = 8;  // config scheduler.max_concurrency; values below 1 count as 1
  std::chrono::milliseconds max_initial_jitter = std::chrono::seconds(30);
  // Fixed in tests for a reproducible spread of first runs; random when absent.
  std::optional<std::uint64_t> seed;
};

class Scheduler {
 public:
  // Called on a worker thread for each run. `cancelled` becomes true when `deadline` passes or
  // on Stop; the function should then return soon. The flag is set with notify_all, so the
  // function may check it in a loop or block in cancelled.wait(false). Exceptions are caught and
  // logged.
  using RunFunction = std::function<void(const Target& target, Clock::time_point deadline,
                                         const std::atomic<bool>& cancelled)>;

  // Starts the threads. Nothing runs until SetTargets. `clock` must outlive the scheduler.
  Scheduler(const SchedulerOptions& options, RunFunction run, WaitableClock& clock);
  // Stops without a grace period and then waits for every run function to return.
  ~Scheduler();

  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  // Replaces the targets (see ScheduleTable for what is kept). Fails on an invalid list, leaving
  // the targets unchanged, and once Stop was called.
  Status SetTargets(const std::vector<ScheduledTarget>& targets);

  // Stops scheduling, drops queued runs, sets every running run's cancellation flag and waits
  // up to `grace` for the running ones to return. Returns whether all returned. May be called
  // again, e.g. to wait longer.
  bool Stop(std::chrono::milliseconds grace);

  SchedulerStats Stats() const;

  // Blocks until `done(Stats())` holds, re-checking whenever the counters change. `real_timeout`
  // only bounds a wait that would otherwise hang (e.g. a broken test); returns false then.
  bool AwaitStats(const std::function<bool(const SchedulerStats&)>& done,
                  std::chrono::milliseconds real_timeout = std::chrono::seconds(10)) const;

 private:
  void DispatchLoop();
  void WorkerLoop();
  void Execute(const RunTicket& run);
  void JoinThreads();

  const RunFunction run_;
  WaitableClock& clock_;

  mutable std::mutex mu_;
  std::condition_variable dispatch_cv_;  // targets changed, a run started, or stopping
  std::condition_variable work_cv_;      // runs queued, or stopping
  std::condition_variable finished_cv_;  // a run returned (Stop waits on it)
  mutable std::condition_variable stats_changed_;
  ScheduleTable table_;
  bool stopping_ = false;

  std::mutex join_mu_;  // serialises joining between Stop and the destructor
  std::vector<std::thread> threads_;
};

}  // namespace awsgov::scheduler
