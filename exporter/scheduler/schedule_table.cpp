#include "exporter/scheduler/schedule_table.h"

#include <algorithm>
#include <set>
#include <utility>

#include "exporter/core/stable_hash.h"

namespace awsgov::scheduler {

namespace {

Status ValidateTargets(const std::vector<ScheduledTarget>& targets) {
  std::set<std::string> seen;
  for (const ScheduledTarget& t : targets) {
    const std::string key = t.target.Key();
    if (t.interval.count() <= 0) {
      return InvalidArgument("scheduler: target " + key + ": interval must be positive, got " +
                             std::to_string(t.interval.count()) + "ms");
    }
    if (t.timeout.count() <= 0) {
      return InvalidArgument("scheduler: target " + key + ": timeout must be positive, got " +
                             std::to_string(t.timeout.count()) + "ms");
    }
    if (!seen.insert(key).second) {
      return InvalidArgument("scheduler: target " + key + " is listed twice");
    }
  }
  return Status::Ok();
}

// Notifies as well, so that a run may block in cancelled.wait(false) instead of polling.
void SetFlag(std::atomic<bool>& flag) {
  flag.store(true);
  flag.notify_all();
}

}  // namespace

ScheduleTable::ScheduleTable(std::chrono::milliseconds max_initial_jitter, std::uint64_t seed)
    : max_initial_jitter_(std::max(max_initial_jitter, std::chrono::milliseconds::zero())),
      seed_(seed) {}

// Keyed by account and region, not by collector: see the header. The hash is read as a fraction
// of the window (its top bits scaled by the span), so that collectors with different intervals
// but the same window (the usual case: intervals longer than max_initial_jitter) still agree.
Clock::duration ScheduleTable::InitialOffset(const Target& target,
                                             std::chrono::milliseconds interval) const {
  const std::chrono::milliseconds span = std::min(interval, max_initial_jitter_);
  if (span.count() <= 0) return Clock::duration::zero();
  const std::uint64_t hash =
      StableHash(seed_).Add(target.account_id).AddByte('/').Add(target.region).Finish();
  const auto offset = static_cast<std::chrono::milliseconds::rep>(
      (static_cast<unsigned __int128>(hash) * static_cast<std::uint64_t>(span.count())) >> 64);
  return std::chrono::milliseconds(offset);
}

Status ScheduleTable::SetTargets(const std::vector<ScheduledTarget>& targets,
                                 Clock::time_point now) {
  if (Status s = ValidateTargets(targets); !s.ok()) return s;

  std::set<std::string> wanted;
  for (const ScheduledTarget& t : targets) wanted.insert(t.target.Key());

  for (auto it = entries_.begin(); it != entries_.end();) {
    Entry& entry = it->second;
    if (wanted.contains(it->first)) {
      ++it;
      continue;
    }
    if (entry.state == State::kQueued) {
      std::erase(queue_, it->first);
      entry.state = State::kIdle;
    }
    if (entry.state == State::kRunning) {
      entry.scheduled = false;  // Finish forgets it
      ++it;
    } else {
      it = entries_.erase(it);
    }
  }

  for (const ScheduledTarget& t : targets) {
    const std::string key = t.target.Key();
    auto it = entries_.find(key);
    if (it == entries_.end()) {
      Entry entry;
      entry.spec = t;
      entry.next_due = now + InitialOffset(t.target, t.interval);
      entries_.emplace(key, std::move(entry));
      continue;
    }
    Entry& entry = it->second;
    if (!entry.scheduled) {
      // Removed earlier and added back while its last run is still going: a new target as far
      // as the schedule goes, but it stays marked running so it cannot overlap that run.
      entry.scheduled = true;
      entry.next_due = now + InitialOffset(t.target, t.interval);
    } else if (t.interval < entry.spec.interval) {
      entry.next_due = std::min(entry.next_due, now + t.interval);
    }
    entry.spec = t;
  }
  return Status::Ok();
}

void ScheduleTable::SkipPassedDueTimes(Entry& entry, Clock::time_point now) {
  if (entry.next_due > now) return;
  const Clock::duration interval = entry.spec.interval;
  const auto missed = (now - entry.next_due) / interval + 1;
  entry.next_due += missed * interval;
  entry.runs_skipped += static_cast<std::uint64_t>(missed);
  runs_skipped_ += static_cast<std::uint64_t>(missed);
}

void ScheduleTable::CountDeadlineExceeded(Entry& entry) {
  entry.deadline_handled = true;
  ++entry.deadline_exceeded;
  ++deadline_exceeded_;
}

std::size_t ScheduleTable::Poll(Clock::time_point now) {
  std::vector<std::pair<Clock::time_point, const std::string*>> due;
  for (auto& [key, entry] : entries_) {
    if (entry.state == State::kRunning && !entry.deadline_handled && now >= entry.deadline) {
      SetFlag(*entry.cancelled);
      CountDeadlineExceeded(entry);
    }
    if (!entry.scheduled || entry.next_due > now) continue;
    if (entry.state == State::kIdle) {
      entry.state = State::kQueued;
      entry.queued_for = entry.next_due;
      entry.next_due += entry.spec.interval;
      due.emplace_back(entry.queued_for, &key);
    }
    // Whatever is still due now passed while a run of this target was queued or running.
    SkipPassedDueTimes(entry, now);
  }
  // Oldest due time first, so a backlog drains in the order the runs were due.
  std::sort(due.begin(), due.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first < b.first : *a.second < *b.second;
  });
  for (const auto& [when, key] : due) queue_.push_back(*key);
  return due.size();
}

std::optional<RunTicket> ScheduleTable::StartNext(Clock::time_point now) {
  if (queue_.empty()) return std::nullopt;
  const std::string key = std::move(queue_.front());
  queue_.pop_front();
  Entry& entry = entries_.at(key);  // queued entries are never erased while queued
  entry.state = State::kRunning;
  entry.run_id = next_run_id_++;
  entry.deadline = now + entry.spec.timeout;
  entry.deadline_handled = false;
  entry.cancelled = std::make_shared<std::atomic<bool>>(false);
  ++entry.runs_started;
  ++runs_started_;
  ++running_;
  return RunTicket{entry.spec.target, entry.run_id,   entry.queued_for, now,
                   entry.deadline,    entry.cancelled};
}

void ScheduleTable::Finish(const RunTicket& run, Clock::time_point now) {
  auto it = entries_.find(run.target.Key());
  if (it == entries_.end() || it->second.state != State::kRunning ||
      it->second.run_id != run.run_id) {
    return;  // not a run this table started: nothing to account for
  }
  Entry& entry = it->second;
  // A run that overran and returned before Poll looked still exceeded its deadline.
  if (!entry.deadline_handled && now >= entry.deadline) CountDeadlineExceeded(entry);
  entry.state = State::kIdle;
  entry.cancelled.reset();
  --running_;
  ++runs_finished_;
  if (!entry.scheduled) entries_.erase(it);
}

void ScheduleTable::CancelAll() {
  for (auto& [key, entry] : entries_) {
    if (entry.state == State::kRunning) SetFlag(*entry.cancelled);
    if (entry.state == State::kQueued) entry.state = State::kIdle;
  }
  queue_.clear();
}

std::optional<Clock::time_point> ScheduleTable::NextWakeup() const {
  std::optional<Clock::time_point> earliest;
  auto consider = [&earliest](Clock::time_point t) {
    if (!earliest || t < *earliest) earliest = t;
  };
  for (const auto& [key, entry] : entries_) {
    if (entry.scheduled) consider(entry.next_due);
    if (entry.state == State::kRunning && !entry.deadline_handled) consider(entry.deadline);
  }
  return earliest;
}

SchedulerStats ScheduleTable::Stats() const {
  SchedulerStats stats;
  stats.runs_started = runs_started_;
  stats.runs_finished = runs_finished_;
  stats.runs_skipped = runs_skipped_;
  stats.deadline_exceeded = deadline_exceeded_;
  stats.queue_depth = queue_.size();
  stats.running = running_;
  stats.targets.reserve(entries_.size());
  for (const auto& [key, entry] : entries_) {
    TargetStats t;
    t.target = entry.spec.target;
    t.runs_started = entry.runs_started;
    t.runs_skipped = entry.runs_skipped;
    t.deadline_exceeded = entry.deadline_exceeded;
    t.queued = entry.state == State::kQueued;
    t.running = entry.state == State::kRunning;
    t.scheduled = entry.scheduled;
    t.next_due = entry.next_due;
    stats.targets.push_back(std::move(t));
  }
  return stats;
}

}  // namespace awsgov::scheduler
