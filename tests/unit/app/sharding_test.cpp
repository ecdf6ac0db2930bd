#include "exporter/app/sharding.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <set>
#include <string>
#include <vector>

namespace awsgov {
namespace {

std::vector<std::string> AccountIds(int n) {
  std::vector<std::string> ids;
  for (int i = 0; i < n; ++i) {
    char id[13];
    // Spread like real ids: not consecutive, all 12 digits.
    std::snprintf(id, sizeof id, "%012llu", 100000000000ull + 7919ull * i * i + 104729ull * i);
    ids.emplace_back(id);
  }
  return ids;
}

config::Config ConfigWith(const std::vector<std::string>& ids) {
  config::Config c;
  for (const auto& id : ids) {
    config::Account account;
    account.id = id;
    c.accounts.push_back(account);
  }
  return c;
}

TEST(ShardingTest, ShardsPartitionTheAccountsWithNoOverlapAndNoGap) {
  const auto ids = AccountIds(1000);
  const config::Config all = ConfigWith(ids);
  for (std::uint32_t count : {1u, 2u, 3u, 7u}) {
    std::multiset<std::string> seen;
    for (std::uint32_t index = 0; index < count; ++index) {
      for (const auto& a : AccountsOfShard(all, {index, count}).accounts) seen.insert(a.id);
    }
    EXPECT_EQ(seen.size(), ids.size()) << count << " shards";
    for (const auto& id : ids) EXPECT_EQ(seen.count(id), 1u) << id << " in " << count << " shards";
  }
}

TEST(ShardingTest, SharesAreBalanced) {
  const auto ids = AccountIds(1000);
  std::vector<int> per_shard(4, 0);
  for (const auto& id : ids) ++per_shard[ShardOfAccount(id, 4)];
  // 250 expected each; a binomial standard deviation is ~13.7, so ±70 is five of them.
  for (int n : per_shard) {
    EXPECT_GT(n, 180);
    EXPECT_LT(n, 320);
  }
}

TEST(ShardingTest, AddingAShardMovesAccountsOnlyToTheNewShard) {
  const auto ids = AccountIds(1000);
  for (std::uint32_t count = 1; count < 8; ++count) {
    int moved = 0;
    for (const auto& id : ids) {
      std::uint32_t before = ShardOfAccount(id, count);
      std::uint32_t after = ShardOfAccount(id, count + 1);
      if (before != after) {
        EXPECT_EQ(after, count) << id << " moved between old shards";
        ++moved;
      }
    }
    // About 1/(count+1) of the accounts move; never most of them, as modulo hashing would do.
    double expected = 1000.0 / (count + 1);
    EXPECT_GT(moved, expected * 0.7) << count;
    EXPECT_LT(moved, expected * 1.3) << count;
  }
}

TEST(ShardingTest, AssignmentIsStableAcrossCalls) {
  // The same id always lands on the same shard; a replica's share never depends on call order.
  EXPECT_EQ(ShardOfAccount("123456789012", 5), ShardOfAccount("123456789012", 5));
  EXPECT_EQ(ShardOfAccount("123456789012", 1), 0u);
}

TEST(ShardingTest, OneShardKeepsEveryAccountAndItsFields) {
  config::Config c = ConfigWith(AccountIds(3));
  c.accounts[1].name = "kept";
  config::Config out = AccountsOfShard(c, {0, 1});
  ASSERT_EQ(out.accounts.size(), 3u);
  EXPECT_EQ(out.accounts[1].name, "kept");
}

}  // namespace
}  // namespace awsgov
