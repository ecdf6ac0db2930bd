// Splits the monitored accounts between replicas (--shard.index / --shard.count) by rendezvous
// (highest-random-weight) hashing of the account id: every account belongs to exactly one shard,
// so N replicas cover the organisation with no overlap and no gap, and going from N to N+1 shards
// moves only the accounts that the new shard takes (about 1/(N+1) of them); the others keep their
// replica, its caches and its AssumeRole sessions.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string_view>

#include "exporter/config/config.h"

namespace awsgov {

struct Shard {
  std::uint32_t index = 0;
  std::uint32_t count = 1;
};

// The shard in [0, count) that owns `account_id`. `count` must be at least 1.
std::uint32_t ShardOfAccount(std::string_view account_id, std::uint32_t count);

// `config` with only the accounts of `shard` (static and discovered alike).
config::Config AccountsOfShard(const config::Config& config, Shard shard);

}  // namespace awsgov
