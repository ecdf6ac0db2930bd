// Synthetic series for the scrape benchmark (a bench-only stand-in for collector output, not a
// product feature): `total` series spread over 200 targets (100 accounts × 2 regions), in two
// gauge families with the label shape of the ipam collector's subnet series. The exporter's
// scrape server and the prometheus-cpp Exposer comparison both serve exactly these series.
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace awsgov::bench {

inline constexpr int kSyntheticAccounts = 100;
inline constexpr const char* kSyntheticRegions[] = {"eu-west-1", "us-east-1"};
inline constexpr int kSyntheticTargets = kSyntheticAccounts * 2;

struct SyntheticFamily {
  const char* name;
  const char* help;
};
inline constexpr SyntheticFamily kSyntheticFamilies[] = {
    {"awsgov_subnet_ip_usage_ratio", "Used share of the subnet's addresses."},
    {"awsgov_subnet_ip_available", "Free addresses in the subnet."},
};
inline const std::vector<std::string> kSyntheticLabelNames = {
    "account_id", "region", "vpc_id", "subnet_id", "cidr", "availability_zone"};

inline std::string SyntheticAccount(int target) {
  return std::to_string(100000000000LL + target / 2);
}
inline std::string SyntheticRegion(int target) { return kSyntheticRegions[target % 2]; }

// The label values (account and region included) of series `i` of target `target`.
inline std::vector<std::string> SyntheticLabels(int target, int i) {
  const int subnet = target * 1000000 + i;
  return {SyntheticAccount(target),
          SyntheticRegion(target),
          "vpc-0a1b2c3d" + std::to_string(10000000 + i / 100),
          "subnet-0f" + std::to_string(100000000 + subnet),
          "10." + std::to_string(i / 65536 % 256) + "." + std::to_string(i / 256 % 256) + "." +
              std::to_string(i % 256) + "/28",
          SyntheticRegion(target) + static_cast<char>('a' + i % 3)};
}

inline double SyntheticValue(int target, int i, int family) {
  return family == 0 ? static_cast<double>((target + i) % 1000) / 1000.0
                     : static_cast<double>((target * 7 + i) % 251);
}

// Series per target per family, so that the total is `total` (rounded down to a multiple of
// 2 × targets).
inline int SyntheticPerTargetPerFamily(std::size_t total) {
  return static_cast<int>(total / (kSyntheticTargets * 2));
}

}  // namespace awsgov::bench
