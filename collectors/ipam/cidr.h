// CIDR arithmetic for IP usage ratios. IPv4 is counted in addresses, IPv6 in /64 networks (the
// unit AWS allocates to subnets), so that both fit in 64 bits and a ratio of "how much of this
// block do subnets take" means the same for both families.
// Thread-safety: value types and pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace awsgov::ipam {

enum class AddressFamily { kIpv4, kIpv6 };

struct Cidr {
  AddressFamily family = AddressFamily::kIpv4;
  int prefix = 0;
  // Inclusive range in units: IPv4 addresses, or IPv6 /64 networks (the upper 64 bits). An IPv6
  // prefix longer than /64 covers (part of) one /64 and is counted as that whole /64.
  std::uint64_t first = 0;
  std::uint64_t last = 0;

  // Units in the block (addresses for IPv4, /64s for IPv6). Never 0.
  double UnitCount() const;
};

// "10.0.0.0/16", "2600:1f18:abc::/56". Host bits that are set are ignored (the network is
// taken), as AWS always returns network addresses. nullopt on anything malformed.
std::optional<Cidr> ParseCidr(std::string_view text);

// How many of `block`'s units the `parts` cover, counting overlaps once and ignoring whatever
// lies outside the block or belongs to the other family.
double CoveredUnits(const Cidr& block, const std::vector<Cidr>& parts);

// 2^(32 - prefix) for IPv4, 2^(128 - prefix) for IPv6: every address in the block, for pool
// sizes where IPv6 must be counted in addresses (exact in a double: powers of two).
double AddressCount(const Cidr& cidr);

}  // namespace awsgov::ipam
