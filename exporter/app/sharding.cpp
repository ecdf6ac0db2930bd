#include "exporter/app/sharding.h"

#include <algorithm>

#include "exporter/core/stable_hash.h"

namespace awsgov {
namespace {

// Stable across platforms and releases (StableHash): a replica's share of the accounts must not
// change when it is upgraded.
std::uint64_t Weight(std::string_view account_id, std::uint32_t shard) {
  StableHash h;
  h.Add(account_id);
  for (int i = 0; i < 4; ++i) h.AddByte(static_cast<unsigned char>(shard >> (8 * i)));
  return h.Finish();
}

}  // namespace

std::uint32_t ShardOfAccount(std::string_view account_id, std::uint32_t count) {
  std::uint32_t best = 0;
  std::uint64_t best_weight = 0;
  for (std::uint32_t shard = 0; shard < count; ++shard) {
    std::uint64_t w = Weight(account_id, shard);
    if (shard == 0 || w > best_weight) {
      best = shard;
      best_weight = w;
    }
  }
  return best;
}

config::Config AccountsOfShard(const config::Config& config, Shard shard) {
  config::Config out = config;
  if (shard.count <= 1) return out;
  std::erase_if(out.accounts, [&](const config::Account& account) {
    return ShardOfAccount(account.id, shard.count) != shard.index;
  });
  return out;
}

}  // namespace awsgov
