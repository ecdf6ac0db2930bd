// The scheduler's decisions, without threads or a clock: which targets are due, which due times
// are skipped because the previous run is still in progress, which runs passed their deadline.
// Every method takes the current time, so tests drive it step by step with exact values; the
// threaded Scheduler (scheduler.h) only adds workers and waiting around it.
//
// Rules it implements:
// - A new target's first run is due at (time it was added) + an offset in
//   [0, min(interval, max_initial_jitter)), so many accounts do not start at the same second.
//   The offset is drawn per account and region (a hash of them and the table's seed), not per
//   target: every collector's target of one account x region added in the same SetTargets starts
//   at the same time, and with equal intervals they stay together. Collectors that need the same
//   data of an account x region (the EC2 instance inventory, exporter/inventory) then ask for it
//   within moments of each other, so one listing serves them all instead of one per collector.
// - Later runs are due every interval after the first due time, whatever the actual start times
//   were (no drift).
// - A due time that comes while the target's previous run is queued or running is skipped and
//   counted; the target never runs twice at once.
// - A run's deadline is its actual start (when a worker takes it) plus the target's timeout; when
//   Poll sees the deadline reached it sets the run's cancellation flag.
// - SetTargets keeps the schedule of targets that stay, gives new ones a jittered first run,
//   drops queued runs of removed ones, and lets their running runs finish without a next run.
//   A kept target whose interval changed keeps its next due time unless the new interval would
//   bring it earlier.
//
// Thread-safety: not thread-safe; the owner serialises calls (Scheduler holds its mutex).
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "exporter/core/clock.h"
#include "exporter/core/status.h"
#include "exporter/scheduler/scheduled_target.h"
#include "exporter/scheduler/stats.h"

namespace awsgov::scheduler {

// One run handed to a worker.
struct RunTicket {
  Target target;
  std::uint64_t run_id = 0;
  Clock::time_point scheduled;  // the due time this run is for
  Clock::time_point started;
  Clock::time_point deadline;  // started + timeout
  // Shared so that the flag outlives the table entry if the worker still reads it.
  std::shared_ptr<std::atomic<bool>> cancelled;
};

class ScheduleTable {
 public:
  // A negative max_initial_jitter counts as zero (no jitter). `seed` varies the offsets between
  // processes (random in production, fixed in tests).
  ScheduleTable(std::chrono::milliseconds max_initial_jitter, std::uint64_t seed);

  // Replaces the target list. Rejects (and changes nothing) a non-positive interval or timeout
  // or a target listed twice.
  Status SetTargets(const std::vector<ScheduledTarget>& targets, Clock::time_point now);

  // Queues the targets due at `now`, counts skipped due times, and cancels runs whose deadline
  // is reached. Returns how many runs it queued.
  std::size_t Poll(Clock::time_point now);

  // Takes the oldest queued run and marks it running, or nullopt when the queue is empty.
  std::optional<RunTicket> StartNext(Clock::time_point now);

  // Records that a run returned. The target becomes idle, or is forgotten if config removed it.
  void Finish(const RunTicket& run, Clock::time_point now);

  // For shutdown: sets every running run's cancellation flag and empties the queue.
  void CancelAll();

  // The earliest future event Poll must see: a due time or an unhandled deadline.
  std::optional<Clock::time_point> NextWakeup() const;

  std::size_t queue_depth() const { return queue_.size(); }
  std::size_t running() const { return running_; }
  SchedulerStats Stats() const;

 private:
  enum class State { kIdle, kQueued, kRunning };

  struct Entry {
    ScheduledTarget spec;
    bool scheduled = true;  // false: removed from config, kept until its run returns
    State state = State::kIdle;
    Clock::time_point next_due;
    Clock::time_point queued_for;  // the due time of the queued run
    // The run in progress.
    std::uint64_t run_id = 0;
    Clock::time_point deadline;
    bool deadline_handled = false;
    std::shared_ptr<std::atomic<bool>> cancelled;
    // Counters.
    std::uint64_t runs_started = 0;
    std::uint64_t runs_skipped = 0;
    std::uint64_t deadline_exceeded = 0;
  };

  Clock::duration InitialOffset(const Target& target, std::chrono::milliseconds interval) const;
  void SkipPassedDueTimes(Entry& entry, Clock::time_point now);
  void CountDeadlineExceeded(Entry& entry);

  const std::chrono::milliseconds max_initial_jitter_;
  const std::uint64_t seed_;
  std::map<std::string, Entry> entries_;  // by Target::Key()
  std::deque<std::string> queue_;
  std::size_t running_ = 0;
  std::uint64_t next_run_id_ = 1;
  std::uint64_t runs_started_ = 0;
  std::uint64_t runs_finished_ = 0;
  std::uint64_t runs_skipped_ = 0;
  std::uint64_t deadline_exceeded_ = 0;
};

}  // namespace awsgov::scheduler
