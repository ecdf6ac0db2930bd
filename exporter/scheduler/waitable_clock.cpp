#include "exporter/scheduler/waitable_clock.h"

namespace awsgov::scheduler {

void SystemWaitableClock::WaitUntil(std::unique_lock<std::mutex>& lock, std::condition_variable& cv,
                                    time_point deadline) {
  // An unbounded wait_until would convert time_point::max() into a timespec far in the future;
  // a plain wait says what is meant.
  if (deadline == time_point::max()) {
    cv.wait(lock);
  } else {
    cv.wait_until(lock, deadline);
  }
}

SystemWaitableClock& SystemWaitableClock::Instance() {
  static SystemWaitableClock clock;
  return clock;
}

}  // namespace awsgov::scheduler
