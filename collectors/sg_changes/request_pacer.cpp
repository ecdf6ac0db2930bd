#include "collectors/sg_changes/request_pacer.h"

#include <thread>

namespace awsgov::sg {

RequestPacer::RequestPacer(double requests_per_second, const Clock* clock, Sleep sleep)
    : interval_(std::chrono::nanoseconds(static_cast<long long>(1e9 / requests_per_second))),
      clock_(clock),
      sleep_(sleep ? std::move(sleep)
                   : Sleep([](std::chrono::nanoseconds d) { std::this_thread::sleep_for(d); })) {}

void RequestPacer::Wait(const std::string& key) {
  Clock::time_point send_at;
  {
    std::lock_guard<std::mutex> lock(mu_);
    const Clock::time_point now = clock_->Now();
    auto [it, inserted] = next_.try_emplace(key, now);
    send_at = std::max(it->second, now);
    it->second = send_at + interval_;  // the slot is taken now, so the next caller queues
  }
  const Clock::time_point now = clock_->Now();
  if (send_at > now) sleep_(send_at - now);
}

void RequestPacer::Done(const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  const Clock::time_point earliest = clock_->Now() + interval_;
  auto [it, inserted] = next_.try_emplace(key, earliest);
  if (it->second < earliest) it->second = earliest;
}

}  // namespace awsgov::sg
