#include "exporter/app/sharding.h"

#include <algorithm>

namespace awsgov {
namespace {

// FNV-1a over the bytes, then a 64-bit finaliser (splitmix64) so that ids differing in one digit
// spread over the whole range. Stable across platforms and releases: a replica's share of the
// accounts must not change when it is upgraded.
std::uint64_t Weight(std::string_view account_id, std::uint32_t shard) {
  std::uint64_t h = 14695981039346656037ull;
  auto mix = [&h](unsigned char byte) {
    h ^= byte;
    h *= 1099511628211ull;
  };
  for (unsigned char c : account_id) mix(c);
  for (int i = 0; i < 4; ++i) mix(static_cast<unsigned char>(shard >> (8 * i)));
  h += 0x9e3779b97f4a7c15ull;
  h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9ull;
  h = (h ^ (h >> 27)) * 0x94d049bb133111ebull;
  return h ^ (h >> 31);
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
