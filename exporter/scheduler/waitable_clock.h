// The scheduler's time seam: a Clock that can also block until a deadline. Every wait in the
// scheduler goes through WaitUntil, so a fake clock (fake_waitable_clock.h) can wake waiters when
// a test moves time forward, and scheduler tests never sleep on real time.
// Thread-safety: implementations must be thread-safe.
#pragma once

#include <condition_variable>
#include <mutex>

#include "exporter/core/clock.h"

namespace awsgov::scheduler {

class WaitableClock : public Clock {
 public:
  // Waits on `cv` like std::condition_variable::wait_until: `lock` is held on entry and on
  // return, and released while waiting. Returns when `cv` is notified, when Now() reaches
  // `deadline` (time_point::max() means no deadline), or spuriously; callers re-check their
  // condition in a loop.
  virtual void WaitUntil(std::unique_lock<std::mutex>& lock, std::condition_variable& cv,
                         time_point deadline) = 0;
};

// The operating system's steady clock.
class SystemWaitableClock final : public WaitableClock {
 public:
  time_point Now() const override { return SystemClock::Instance().Now(); }
  double UnixSeconds() const override { return SystemClock::Instance().UnixSeconds(); }
  void WaitUntil(std::unique_lock<std::mutex>& lock, std::condition_variable& cv,
                 time_point deadline) override;

  static SystemWaitableClock& Instance();
};

}  // namespace awsgov::scheduler
