// A WaitableClock for tests: time moves only when the test calls Advance/AdvanceTo, which wakes
// every thread blocked in WaitUntil. AwaitWaiters lets a test know that the threads it expects
// have seen the current time and gone back to sleep, so it can assert that nothing happened
// without sleeping on real time.
// Thread-safety: all methods are thread-safe. The condition variables and mutexes handed to
// WaitUntil must outlive any concurrent Advance call.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <vector>

#include "exporter/scheduler/waitable_clock.h"

namespace awsgov::scheduler {

class FakeWaitableClock final : public WaitableClock {
 public:
  // Starts away from the epoch so that "start minus something" stays representable.
  explicit FakeWaitableClock(time_point start = time_point{} + std::chrono::hours(1),
                             double unix_seconds_at_start = 1.7e9);

  time_point Now() const override;
  double UnixSeconds() const override;
  void WaitUntil(std::unique_lock<std::mutex>& lock, std::condition_variable& cv,
                 time_point deadline) override;

  void Advance(duration by);
  // Moves time to `to`; a no-op when `to` is not after Now() (time never goes back).
  void AdvanceTo(time_point to);

  // Blocks until at least `count` threads are blocked in WaitUntil having entered it at the
  // current time, i.e. they have processed the latest Advance. `real_timeout` only guards against
  // a hung test; returns false when it expires.
  bool AwaitWaiters(std::size_t count,
                    std::chrono::milliseconds real_timeout = std::chrono::seconds(10)) const;

 private:
  struct Waiter {
    std::uint64_t id;
    std::condition_variable* cv;
    std::mutex* mutex;
    time_point entered_at;
  };

  void WakeAll();

  mutable std::mutex mu_;
  mutable std::condition_variable waiters_changed_;
  const time_point start_;
  const double unix_seconds_at_start_;
  time_point now_;
  std::uint64_t next_waiter_id_ = 0;
  std::vector<Waiter> waiters_;
};

}  // namespace awsgov::scheduler
