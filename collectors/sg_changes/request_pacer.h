// Spacing requests per key (account and region) to a fixed rate: CloudTrail allows LookupEvents
// 2 requests per second per account and region, below the exporter's general rate limit.
// Thread-safety: thread-safe; concurrent callers for one key queue behind each other.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <string>

#include "exporter/core/clock.h"

namespace awsgov::sg {

class RequestPacer {
 public:
  using Sleep = std::function<void(std::chrono::nanoseconds)>;
  // `clock` must outlive the pacer; `sleep` defaults to a real sleep.
  RequestPacer(double requests_per_second, const Clock* clock, Sleep sleep = {});

  // Returns when a request for `key` may be sent (at once for a key's first request).
  void Wait(const std::string& key);
  // Tells that a request for `key` got its answer now. The next one then waits a full interval
  // from here too: CloudTrail counts a request when it arrives, which may be well after Wait
  // returned (signing, a slow connection), so spacing the starts alone could come out too close.
  void Done(const std::string& key);

 private:
  const std::chrono::nanoseconds interval_;
  const Clock* clock_;
  Sleep sleep_;
  std::mutex mu_;
  std::map<std::string, Clock::time_point> next_;  // earliest next send per key
};

}  // namespace awsgov::sg
