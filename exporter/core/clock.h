// All access to time goes through Clock so that the scheduler and caches can be tested with a
// fake clock. Thread-safety: implementations must be thread-safe.
#pragma once

#include <chrono>

namespace awsgov {

class Clock {
 public:
  using time_point = std::chrono::steady_clock::time_point;
  using duration = std::chrono::steady_clock::duration;

  virtual ~Clock() = default;
  // Monotonic time, for intervals and deadlines.
  virtual time_point Now() const = 0;
  // Wall-clock time as Unix seconds, for timestamps exposed in metrics.
  virtual double UnixSeconds() const = 0;
};

// The real clocks of the operating system.
class SystemClock final : public Clock {
 public:
  time_point Now() const override { return std::chrono::steady_clock::now(); }
  double UnixSeconds() const override {
    return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
  static SystemClock& Instance() {
    static SystemClock clock;
    return clock;
  }
};

}  // namespace awsgov
