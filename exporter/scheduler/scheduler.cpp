#include "exporter/scheduler/scheduler.h"

#include <algorithm>
#include <exception>
#include <random>
#include <string>
#include <utility>

#include "exporter/core/log.h"

namespace awsgov::scheduler {

namespace {

std::uint64_t SeedFrom(const SchedulerOptions& options) {
  if (options.seed) return *options.seed;
  std::random_device device;
  return (static_cast<std::uint64_t>(device()) << 32) ^ device();
}

}  // namespace

Scheduler::Scheduler(const SchedulerOptions& options, RunFunction run, WaitableClock& clock)
    : run_(std::move(run)), clock_(clock), table_(options.max_initial_jitter, SeedFrom(options)) {
  const int workers = std::max(options.workers, 1);
  threads_.reserve(static_cast<std::size_t>(workers) + 1);
  threads_.emplace_back([this] { DispatchLoop(); });
  for (int i = 0; i < workers; ++i) threads_.emplace_back([this] { WorkerLoop(); });
}

Scheduler::~Scheduler() {
  Stop(std::chrono::milliseconds::zero());
  JoinThreads();
}

Status Scheduler::SetTargets(const std::vector<ScheduledTarget>& targets) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_) return Cancelled("scheduler: SetTargets after Stop");
    if (Status s = table_.SetTargets(targets, clock_.Now()); !s.ok()) return s;
  }
  dispatch_cv_.notify_one();
  stats_changed_.notify_all();
  return Status::Ok();
}

bool Scheduler::Stop(std::chrono::milliseconds grace) {
  bool all_returned;
  {
    std::unique_lock<std::mutex> lock(mu_);
    // The grace period starts before the flags are set, so a caller that sees a flag set knows
    // the deadline is already fixed.
    const Clock::time_point give_up = clock_.Now() + grace;
    if (!stopping_) {
      stopping_ = true;
      table_.CancelAll();
      dispatch_cv_.notify_all();
      work_cv_.notify_all();
      stats_changed_.notify_all();
    }
    while (table_.running() > 0 && clock_.Now() < give_up) {
      clock_.WaitUntil(lock, finished_cv_, give_up);
    }
    all_returned = table_.running() == 0;
  }
  // With no run in progress every thread is on its way out, so joining cannot block for long.
  if (all_returned) JoinThreads();
  return all_returned;
}

SchedulerStats Scheduler::Stats() const {
  std::lock_guard<std::mutex> lock(mu_);
  return table_.Stats();
}

bool Scheduler::AwaitStats(const std::function<bool(const SchedulerStats&)>& done,
                           std::chrono::milliseconds real_timeout) const {
  std::unique_lock<std::mutex> lock(mu_);
  return stats_changed_.wait_for(lock, real_timeout, [&] { return done(table_.Stats()); });
}

void Scheduler::DispatchLoop() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!stopping_) {
    if (table_.Poll(clock_.Now()) > 0) work_cv_.notify_all();
    stats_changed_.notify_all();
    clock_.WaitUntil(lock, dispatch_cv_, table_.NextWakeup().value_or(Clock::time_point::max()));
  }
}

void Scheduler::WorkerLoop() {
  std::unique_lock<std::mutex> lock(mu_);
  while (true) {
    work_cv_.wait(lock, [this] { return stopping_ || table_.queue_depth() > 0; });
    if (stopping_) return;
    std::optional<RunTicket> run = table_.StartNext(clock_.Now());
    if (!run) continue;
    dispatch_cv_.notify_one();  // a new deadline to watch
    stats_changed_.notify_all();
    lock.unlock();
    Execute(*run);
    lock.lock();
    table_.Finish(*run, clock_.Now());
    finished_cv_.notify_all();
    dispatch_cv_.notify_one();
    stats_changed_.notify_all();
  }
}

void Scheduler::Execute(const RunTicket& run) {
  try {
    run_(run.target, run.deadline, *run.cancelled);
  } catch (const std::exception& e) {
    log::Error("scheduler: run threw an exception",
               {{"target", run.target.Key()}, {"error", e.what()}});
  } catch (...) {
    log::Error("scheduler: run threw a non-standard exception", {{"target", run.target.Key()}});
  }
}

void Scheduler::JoinThreads() {
  std::lock_guard<std::mutex> lock(join_mu_);
  for (std::thread& t : threads_) {
    if (t.joinable()) t.join();
  }
  threads_.clear();
}

}  // namespace awsgov::scheduler
