// One Scan of the exceptions table per cycle, shared by every target.
//
// The `Inspector-Exceptions` table lives in one account and region, and every target (account x
// region) needs the exceptions of its own instances from it. Without this cache a cycle over
// 1,000 accounts and 2 regions would scan the same table 2,000 times. With it the table's pages
// are scanned once and reused while younger than max_age (half the collector's interval: each
// cycle sees a table at most half an interval old and scans it about once); each target then
// picks its own items from the shared pages (AddExceptionsPage).
// One scan at a time: concurrent callers wait for the scan in progress and share its result. A
// failed (or cancelled) scan is not cached: the next caller scans again.
// Thread-safety: thread-safe.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <vector>

#include "exporter/core/clock.h"
#include "exporter/core/status.h"

namespace awsgov::inspector {

using ScanPages = std::vector<nlohmann::json>;

class ExceptionsCache {
 public:
  // `clock`: null for the system clock (tests pass a fake one).
  explicit ExceptionsCache(Clock::duration max_age, const Clock* clock = nullptr);

  // The table's Scan pages: the cached ones while younger than max_age, else `scan`'s.
  Status Pages(const std::function<Status(ScanPages*)>& scan,
               std::shared_ptr<const ScanPages>* out);

  // Scans made so far (failed ones included), for tests and debugging.
  int scans() const;

 private:
  const Clock::duration max_age_;
  const Clock* const clock_;

  mutable std::mutex mu_;                   // held across a scan, so that one runs at a time
  std::shared_ptr<const ScanPages> pages_;  // guarded by mu_
  Clock::time_point scanned_at_;            // guarded by mu_
  int scans_ = 0;                           // guarded by mu_
};

}  // namespace awsgov::inspector
