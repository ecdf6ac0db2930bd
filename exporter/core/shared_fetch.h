// Values fetched once and shared by every caller that needs them while they are fresh, one fetch
// at a time per key ("single flight"): the building block of the caches through which targets
// (and collectors) share AWS calls, such as the EC2 instance inventory (exporter/inventory) and
// Inspector's batched account status (collectors/inspector_coverage).
//
// Get(key, max_age, fetch):
// - the cached value when it is younger than the caller's max_age (callers with different
//   intervals share one value, each with its own bound on staleness);
// - else, when a fetch for the key is in progress, its outcome: the caller waits for it (until
//   its own deadline) and gets its value or its error, so a failure is seen by every caller that
//   shared the fetch and hidden from none (a fetch cancelled by its own caller is not an answer:
//   the waiter then fetches itself);
// - else `fetch` runs on the caller's thread.
// A failed fetch is never cached: the next caller that did not wait for it fetches again.
// Values no caller could still use (older than the longest max_age asked for) are dropped after
// each successful fetch, so memory holds about one interval's worth of values.
// Thread-safety: thread-safe. `fetch` runs without the cache's lock on other keys.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

#include "exporter/core/clock.h"
#include "exporter/core/status.h"

namespace awsgov {

template <class Key, class Value>
class SharedFetches {
 public:
  using Fetch = std::function<Status(Value*)>;

  // `clock`: null for the system clock (tests pass a fake one). It times the values' age; the
  // wait for another caller's fetch is bounded by `wait_deadline` on the steady clock.
  explicit SharedFetches(const Clock* clock = nullptr)
      : clock_(clock != nullptr ? clock : &SystemClock::Instance()) {}

  // `wait_deadline`: when waiting for another caller's fetch, give up at this time with
  // DeadlineExceeded (a default time_point: no limit).
  Status Get(const Key& key, Clock::duration max_age, const Fetch& fetch,
             std::shared_ptr<const Value>* out,
             std::chrono::steady_clock::time_point wait_deadline = {}) {
    std::shared_ptr<Entry> entry = EntryFor(key, max_age);
    std::unique_lock<std::mutex> lock(entry->mu);
    for (;;) {
      if (entry->value && clock_->Now() - entry->fetched_at < max_age) {
        *out = entry->value;
        return Status::Ok();
      }
      if (!entry->fetching) break;
      // Another caller is fetching: share its outcome.
      const std::uint64_t finished_before = entry->finished;
      ++entry->waiting;
      const auto done = [&entry, finished_before] { return entry->finished != finished_before; };
      bool finished = true;
      if (wait_deadline == std::chrono::steady_clock::time_point{}) {
        entry->done.wait(lock, done);
      } else {
        finished = entry->done.wait_until(lock, wait_deadline, done);
      }
      --entry->waiting;
      if (!finished) {
        return DeadlineExceeded("gave up waiting for a shared fetch in progress at the deadline");
      }
      if (entry->last_error.ok()) {
        *out = entry->value;  // the value of the fetch this call shared, however short max_age
        return Status::Ok();
      }
      // Its error is this caller's too, except when it was cancelled (its own caller's shutdown
      // or deadline, not an answer about the data): then look again, and fetch if need be.
      if (entry->last_error.code() != StatusCode::kCancelled) return entry->last_error;
    }

    entry->fetching = true;
    lock.unlock();
    auto value = std::make_shared<Value>();
    Status status = RunFetch(fetch, value.get());
    const Clock::time_point fetched_at = clock_->Now();
    lock.lock();
    entry->fetching = false;
    ++entry->finished;
    entry->last_error = status;
    if (status.ok()) {
      entry->value = value;
      entry->fetched_at = fetched_at;
    }
    lock.unlock();
    entry->done.notify_all();
    Finished(key, status.ok(), fetched_at);
    if (!status.ok()) return status;
    *out = std::move(value);
    return Status::Ok();
  }

  // Fetches run so far (failed ones included), for tests and debugging.
  int fetches() const {
    std::lock_guard<std::mutex> lock(mu_);
    return fetches_;
  }
  // Callers of `key` waiting for the fetch in progress, for tests.
  int waiting(const Key& key) const {
    std::shared_ptr<Entry> entry;
    {
      std::lock_guard<std::mutex> lock(mu_);
      auto it = slots_.find(key);
      if (it == slots_.end()) return 0;
      entry = it->second.entry;
    }
    std::lock_guard<std::mutex> lock(entry->mu);
    return entry->waiting;
  }
  // Keys currently held (values and fetches in progress), for tests.
  std::size_t size() const {
    std::lock_guard<std::mutex> lock(mu_);
    return slots_.size();
  }

 private:
  struct Entry {
    std::mutex mu;                 // guards the members below; never held across a fetch
    std::condition_variable done;  // notified when a fetch finishes
    bool fetching = false;
    std::uint64_t finished = 0;  // fetches that returned
    int waiting = 0;             // callers waiting for the fetch in progress
    std::shared_ptr<const Value> value;
    Clock::time_point fetched_at;
    Status last_error;  // the last fetch's outcome
  };
  struct Slot {
    std::shared_ptr<Entry> entry;
    bool stored = false;  // a value was stored at `stored_at`
    Clock::time_point stored_at;
  };

  std::shared_ptr<Entry> EntryFor(const Key& key, Clock::duration max_age) {
    std::lock_guard<std::mutex> lock(mu_);
    if (max_age > longest_max_age_) longest_max_age_ = max_age;
    Slot& slot = slots_[key];
    if (!slot.entry) slot.entry = std::make_shared<Entry>();
    return slot.entry;
  }

  // A throwing fetch (a bug) must still release the callers waiting for it.
  static Status RunFetch(const Fetch& fetch, Value* value) {
    try {
      return fetch(value);
    } catch (const std::exception& e) {
      return Internal(std::string("shared fetch threw: ") + e.what());
    } catch (...) {
      return Internal("shared fetch threw");
    }
  }

  // Counts the fetch, records a stored value and drops the values no caller can use any more.
  // An entry is dropped only when no caller holds it (use_count 1 under mu_, the only place
  // references are taken).
  void Finished(const Key& key, bool stored, Clock::time_point at) {
    std::lock_guard<std::mutex> lock(mu_);
    ++fetches_;
    if (!stored) return;
    if (auto it = slots_.find(key); it != slots_.end()) {
      it->second.stored = true;
      it->second.stored_at = at;
    }
    const Clock::time_point now = clock_->Now();
    for (auto it = slots_.begin(); it != slots_.end();) {
      const Slot& slot = it->second;
      const bool stale = slot.stored && now - slot.stored_at >= longest_max_age_;
      it = stale && slot.entry.use_count() == 1 ? slots_.erase(it) : std::next(it);
    }
  }

  const Clock* const clock_;
  // Never held while fetching; taken before an Entry's mu, never while holding one.
  mutable std::mutex mu_;
  std::map<Key, Slot> slots_;          // guarded by mu_
  Clock::duration longest_max_age_{};  // guarded by mu_
  int fetches_ = 0;                    // guarded by mu_
};

}  // namespace awsgov
