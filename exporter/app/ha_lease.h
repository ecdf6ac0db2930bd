// High availability: a lease item in DynamoDB elects one collecting replica per shard, so two
// replicas of one shard do not double the AWS calls. The item (pk "lease#shard-<i>-of-<n>") holds
// `holder` (the replica id), `version` and `expires_at_ms` (Unix milliseconds, wall clock):
//   acquire  PutItem     if attribute_not_exists(pk) OR expires_at_ms < now
//   renew    UpdateItem  if holder = me AND version = the version I wrote (then version + 1)
//   release  DeleteItem  if holder = me AND version = mine (on shutdown: the other takes over at
//                        once instead of after expiry)
// A holder that cannot renew (DynamoDB unreachable, or someone else's condition won) stops
// collecting as soon as its own view of the lease runs out, which is before another replica can
// acquire it as long as the replicas' clocks differ by less than the lease duration.
// Thread-safety: HaLease is not thread-safe (one elector thread calls it); Leader() is safe from
// any thread.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>

#include "exporter/aws/client.h"
#include "exporter/core/status.h"

namespace awsgov {

struct HaLeaseOptions {
  std::string table;
  std::string account_id;  // whose credentials reach the table
  std::string region;
  std::string key;     // the shard's item, e.g. "lease#shard-0-of-1"
  std::string holder;  // this replica's id
  std::chrono::milliseconds duration{15000};
};

class HaLease {
 public:
  explicit HaLease(HaLeaseOptions options) : options_(std::move(options)) {}
  const HaLeaseOptions& options() const { return options_; }

  // Acquires or renews at `now_ms` (Unix milliseconds). OK when DynamoDB answered, whether or
  // not this replica holds the lease afterwards; an error when it could not be asked (then the
  // lease this replica holds, if any, stays valid until it expires).
  Status Step(aws::Client& table, std::int64_t now_ms);
  // Gives the lease up if this replica holds it.
  Status Release(aws::Client& table);
  // Whether this replica holds a lease that has not expired at `now_ms`.
  bool Leader(std::int64_t now_ms) const { return now_ms < held_until_ms_.load(); }
  std::int64_t version() const { return version_; }

 private:
  Status Acquire(aws::Client& table, std::int64_t now_ms);
  Status Renew(aws::Client& table, std::int64_t now_ms);

  const HaLeaseOptions options_;
  std::int64_t version_ = 0;  // the version this replica wrote; 0: not holding
  std::atomic<std::int64_t> held_until_ms_{0};
};

}  // namespace awsgov
