#include "exporter/aws/credentials_refreshing.h"

#include <algorithm>

#include "exporter/aws/credentials_common.h"
#include "exporter/core/log.h"

namespace awsgov::aws {

using std::chrono::system_clock;

RefreshingCredentialsProvider::RefreshingCredentialsProvider(
    std::string source, Fetch fetch, const Clock* clock, std::chrono::seconds retry_after_failure)
    : source_(std::move(source)),
      fetch_(std::move(fetch)),
      clock_(clock != nullptr ? clock : &SystemClock::Instance()),
      retry_after_failure_(retry_after_failure) {}

system_clock::duration RefreshingCredentialsProvider::RefreshMargin(
    system_clock::time_point fetched_at, system_clock::time_point expiration) {
  system_clock::duration sdk_margin = std::chrono::minutes(15);
  system_clock::duration lifetime = std::max(expiration - fetched_at, system_clock::duration(0));
  return std::min(sdk_margin, lifetime / 10);
}

bool RefreshingCredentialsProvider::Fresh(system_clock::time_point now) const {
  if (!cached_) return false;
  if (cached_->expiration == system_clock::time_point{}) return true;
  return now < refresh_at_;
}

bool RefreshingCredentialsProvider::Valid(system_clock::time_point now) const {
  if (!cached_) return false;
  if (cached_->expiration == system_clock::time_point{}) return true;
  return now < cached_->expiration;
}

Status RefreshingCredentialsProvider::Get(Credentials* out) {
  std::unique_lock lock(mu_);
  system_clock::time_point now = WallNow(*clock_);
  if (Fresh(now) || (Valid(now) && now < next_attempt_)) {
    *out = *cached_;
    return Status::Ok();
  }
  if (refreshing_) {
    std::uint64_t waiting_for = generation_;
    refreshed_.wait(lock, [&] { return generation_ != waiting_for; });
    if (Valid(WallNow(*clock_))) {
      *out = *cached_;
      return Status::Ok();
    }
    return last_error_;
  }

  refreshing_ = true;
  lock.unlock();
  Credentials fresh;
  Status status = fetch_(&fresh);
  if (status.ok() && (fresh.access_key_id.empty() || fresh.secret_access_key.empty())) {
    status = ParseError("response has no access key id or secret access key");
  }
  lock.lock();
  refreshing_ = false;
  ++generation_;
  now = WallNow(*clock_);
  if (status.ok()) {
    cached_ = std::move(fresh);
    refresh_at_ = cached_->expiration - RefreshMargin(now, cached_->expiration);
    next_attempt_ = {};
    last_error_ = Status::Ok();
    *out = *cached_;
  } else {
    last_error_ = status.WithContext(source_);
    if (Valid(now)) {
      next_attempt_ = now + retry_after_failure_;
      std::string expires = FormatAwsTimestamp(cached_->expiration);
      log::Warn("credential refresh failed; using the current credentials until they expire",
                {{"source", source_}, {"expires", expires}, {"error", status.message()}});
      *out = *cached_;
      status = Status::Ok();
    } else {
      status = last_error_;
    }
  }
  refreshed_.notify_all();
  return status;
}

void RefreshingCredentialsProvider::Invalidate(const Credentials& rejected) {
  std::lock_guard lock(mu_);
  // Only the credentials that were rejected: another caller may have refreshed them already.
  if (!cached_ || cached_->access_key_id != rejected.access_key_id) return;
  log::Warn("AWS rejected the credentials as expired; fetching new ones", {{"source", source_}});
  cached_.reset();
  next_attempt_ = {};
}

}  // namespace awsgov::aws
