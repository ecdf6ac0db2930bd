// A Clock that only moves when a test advances it: for ages and expiries computed from Now().
// Thread-safety: thread-safe (an atomic time point).
#pragma once

#include <atomic>
#include <chrono>

#include "exporter/core/clock.h"

namespace awsgov::testing {

class ManualClock final : public Clock {
 public:
  time_point Now() const override { return now_.load(); }
  double UnixSeconds() const override { return 0; }
  void Advance(duration d) { now_.store(now_.load() + d); }

 private:
  std::atomic<time_point> now_{time_point{} + std::chrono::hours(1)};
};

}  // namespace awsgov::testing
