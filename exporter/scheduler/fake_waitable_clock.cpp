#include "exporter/scheduler/fake_waitable_clock.h"

#include <algorithm>

namespace awsgov::scheduler {

FakeWaitableClock::FakeWaitableClock(time_point start, double unix_seconds_at_start)
    : start_(start), unix_seconds_at_start_(unix_seconds_at_start), now_(start) {}

Clock::time_point FakeWaitableClock::Now() const {
  std::lock_guard<std::mutex> guard(mu_);
  return now_;
}

double FakeWaitableClock::UnixSeconds() const {
  std::lock_guard<std::mutex> guard(mu_);
  return unix_seconds_at_start_ + std::chrono::duration<double>(now_ - start_).count();
}

void FakeWaitableClock::WaitUntil(std::unique_lock<std::mutex>& lock, std::condition_variable& cv,
                                  time_point deadline) {
  std::uint64_t id;
  {
    std::lock_guard<std::mutex> guard(mu_);
    if (now_ >= deadline) return;
    id = next_waiter_id_++;
    waiters_.push_back({id, &cv, lock.mutex(), now_});
  }
  waiters_changed_.notify_all();
  // `lock` is still held here, so an Advance that wants to notify `cv` must first take that
  // mutex, which it gets only once this thread is inside wait(): no wake-up is lost.
  cv.wait(lock);
  {
    std::lock_guard<std::mutex> guard(mu_);
    std::erase_if(waiters_, [id](const Waiter& w) { return w.id == id; });
  }
  waiters_changed_.notify_all();
}

void FakeWaitableClock::Advance(duration by) {
  {
    std::lock_guard<std::mutex> guard(mu_);
    now_ += by;
  }
  WakeAll();
}

void FakeWaitableClock::AdvanceTo(time_point to) {
  {
    std::lock_guard<std::mutex> guard(mu_);
    if (to <= now_) return;
    now_ = to;
  }
  WakeAll();
}

void FakeWaitableClock::WakeAll() {
  std::vector<Waiter> to_wake;
  {
    std::lock_guard<std::mutex> guard(mu_);
    to_wake = waiters_;
  }
  waiters_changed_.notify_all();
  // Each waiter's own mutex is taken (never while holding mu_, which waiters take under theirs)
  // so the notification cannot fall between its registration and its wait().
  for (const Waiter& w : to_wake) {
    std::lock_guard<std::mutex> guard(*w.mutex);
    w.cv->notify_all();
  }
}

bool FakeWaitableClock::AwaitWaiters(std::size_t count,
                                     std::chrono::milliseconds real_timeout) const {
  std::unique_lock<std::mutex> lock(mu_);
  return waiters_changed_.wait_for(lock, real_timeout, [&] {
    auto current = std::count_if(waiters_.begin(), waiters_.end(),
                                 [&](const Waiter& w) { return w.entered_at == now_; });
    return static_cast<std::size_t>(current) >= count;
  });
}

}  // namespace awsgov::scheduler
