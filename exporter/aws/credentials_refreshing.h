// A cache for temporary credentials: fetches on first use and again before expiry.
// Refresh margin: the SDKs' 15 minutes, or 10% of the credentials' lifetime when that is shorter
// (a 15-minute session would otherwise be refreshed on every call). Only one fetch runs at a time;
// concurrent callers wait for it and share its result. A failed refresh while the cached
// credentials are still valid logs a warning and keeps serving them, retrying at most once per
// `retry_after_failure`; once they have expired, the failure is returned.
// Thread-safety: thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>

#include "exporter/aws/credentials.h"
#include "exporter/core/clock.h"

namespace awsgov::aws {

class RefreshingCredentialsProvider final : public CredentialsProvider {
 public:
  // Fills credentials; an `expiration` of time_point{} means they never expire.
  using Fetch = std::function<Status(Credentials* out)>;

  RefreshingCredentialsProvider(
      std::string source, Fetch fetch, const Clock* clock = nullptr,
      std::chrono::seconds retry_after_failure = std::chrono::seconds(60));

  Status Get(Credentials* out) override;
  void Invalidate(const Credentials& rejected) override;
  std::string Source() const override { return source_; }

  // How long before `expiration` a refresh starts, for credentials fetched at `fetched_at`.
  static std::chrono::system_clock::duration RefreshMargin(
      std::chrono::system_clock::time_point fetched_at,
      std::chrono::system_clock::time_point expiration);

 private:
  bool Fresh(std::chrono::system_clock::time_point now) const;  // needs mu_
  bool Valid(std::chrono::system_clock::time_point now) const;  // needs mu_

  const std::string source_;
  const Fetch fetch_;
  const Clock* const clock_;
  const std::chrono::seconds retry_after_failure_;

  std::mutex mu_;
  std::condition_variable refreshed_;
  bool refreshing_ = false;
  std::uint64_t generation_ = 0;  // counts finished fetches, so waiters know theirs is done
  std::optional<Credentials> cached_;
  std::chrono::system_clock::time_point refresh_at_{};
  std::chrono::system_clock::time_point next_attempt_{};
  Status last_error_;
};

}  // namespace awsgov::aws
