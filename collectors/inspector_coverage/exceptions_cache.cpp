#include "collectors/inspector_coverage/exceptions_cache.h"

#include <utility>

namespace awsgov::inspector {

ExceptionsCache::ExceptionsCache(Clock::duration max_age, const Clock* clock)
    : max_age_(max_age), clock_(clock != nullptr ? clock : &SystemClock::Instance()) {}

Status ExceptionsCache::Pages(const std::function<Status(ScanPages*)>& scan,
                              std::shared_ptr<const ScanPages>* out) {
  std::lock_guard<std::mutex> lock(mu_);
  if (pages_ && clock_->Now() - scanned_at_ < max_age_) {
    *out = pages_;
    return Status::Ok();
  }
  auto pages = std::make_shared<ScanPages>();
  ++scans_;
  if (Status status = scan(pages.get()); !status.ok()) return status;
  pages_ = std::move(pages);
  scanned_at_ = clock_->Now();
  *out = pages_;
  return Status::Ok();
}

int ExceptionsCache::scans() const {
  std::lock_guard<std::mutex> lock(mu_);
  return scans_;
}

}  // namespace awsgov::inspector
