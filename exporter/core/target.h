// A target is one unit of collection: a collector run for one account in one region.
// Collectors that are not regional use region "global"; collectors that need no account use
// account_id "-". Thread-safety: a value type.
#pragma once

#include <string>

namespace awsgov {

inline constexpr const char* kGlobalRegion = "global";
inline constexpr const char* kNoAccount = "-";

struct Target {
  std::string collector;
  std::string account_id;
  std::string region;

  // "collector/account_id/region": unique, stable, sorts targets of one collector together.
  std::string Key() const { return collector + "/" + account_id + "/" + region; }
  bool operator==(const Target&) const = default;
  auto operator<=>(const Target&) const = default;
};

}  // namespace awsgov
