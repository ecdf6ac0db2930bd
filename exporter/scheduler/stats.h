// Counters the scheduler exposes for its self-metrics. Counters are monotonic for the life of
// the scheduler; a target's own counters disappear with the target when config drops it.
// Thread-safety: value types.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "exporter/core/clock.h"
#include "exporter/core/target.h"

namespace awsgov::scheduler {

struct TargetStats {
  Target target;
  std::uint64_t runs_started = 0;
  // Due times that passed while the previous run was queued or still running.
  std::uint64_t runs_skipped = 0;
  // Runs whose deadline passed before they returned.
  std::uint64_t deadline_exceeded = 0;
  bool queued = false;
  bool running = false;
  // False when config removed the target and only its last run is still in progress.
  bool scheduled = true;
  Clock::time_point next_due;  // meaningful only when `scheduled`
};

struct SchedulerStats {
  std::uint64_t runs_started = 0;
  std::uint64_t runs_finished = 0;
  std::uint64_t runs_skipped = 0;
  std::uint64_t deadline_exceeded = 0;
  std::size_t queue_depth = 0;  // due runs waiting for a free worker
  std::size_t running = 0;
  std::vector<TargetStats> targets;  // sorted by Target::Key()

  const TargetStats* Find(const std::string& key) const {
    for (const TargetStats& t : targets) {
      if (t.target.Key() == key) return &t;
    }
    return nullptr;
  }
};

}  // namespace awsgov::scheduler
