#include "collectors/ipam/cidr.h"

#include <arpa/inet.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <string>

namespace awsgov::ipam {
namespace {

// Inclusive range [first, last] with `prefix` leading bits fixed, in a `bits`-wide space.
void SetRange(std::uint64_t network, int fixed_bits, int bits, Cidr* out) {
  const int free_bits = bits - fixed_bits;
  const std::uint64_t span =
      free_bits >= 64 ? ~std::uint64_t{0} : ((std::uint64_t{1} << free_bits) - 1);
  out->first = network & ~span;
  out->last = out->first | span;
}

}  // namespace

double Cidr::UnitCount() const { return static_cast<double>(last - first) + 1.0; }

std::optional<Cidr> ParseCidr(std::string_view text) {
  const auto slash = text.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  const std::string address(text.substr(0, slash));
  const std::string_view prefix_text = text.substr(slash + 1);
  int prefix = -1;
  auto [end, ec] =
      std::from_chars(prefix_text.data(), prefix_text.data() + prefix_text.size(), prefix);
  if (ec != std::errc() || end != prefix_text.data() + prefix_text.size() || prefix_text.empty()) {
    return std::nullopt;
  }

  Cidr cidr;
  cidr.prefix = prefix;
  if (address.find(':') == std::string::npos) {
    in_addr v4{};
    if (prefix < 0 || prefix > 32 || inet_pton(AF_INET, address.c_str(), &v4) != 1) {
      return std::nullopt;
    }
    cidr.family = AddressFamily::kIpv4;
    SetRange(ntohl(v4.s_addr), prefix, 32, &cidr);
    return cidr;
  }
  in6_addr v6{};
  if (prefix < 0 || prefix > 128 || inet_pton(AF_INET6, address.c_str(), &v6) != 1) {
    return std::nullopt;
  }
  std::uint64_t upper = 0;
  for (int i = 0; i < 8; ++i) upper = (upper << 8) | v6.s6_addr[i];
  cidr.family = AddressFamily::kIpv6;
  SetRange(upper, std::min(prefix, 64), 64, &cidr);
  return cidr;
}

double CoveredUnits(const Cidr& block, const std::vector<Cidr>& parts) {
  std::vector<std::pair<std::uint64_t, std::uint64_t>> clipped;
  for (const Cidr& part : parts) {
    if (part.family != block.family) continue;
    if (part.last < block.first || part.first > block.last) continue;
    clipped.emplace_back(std::max(part.first, block.first), std::min(part.last, block.last));
  }
  std::sort(clipped.begin(), clipped.end());
  double covered = 0;
  bool open = false;
  std::uint64_t run_first = 0;
  std::uint64_t run_last = 0;
  for (const auto& [first, last] : clipped) {
    if (open && first <= run_last) {  // overlaps the current run (ranges are inclusive)
      run_last = std::max(run_last, last);
      continue;
    }
    if (open) covered += static_cast<double>(run_last - run_first) + 1.0;
    open = true;
    run_first = first;
    run_last = last;
  }
  if (open) covered += static_cast<double>(run_last - run_first) + 1.0;
  return covered;
}

double AddressCount(const Cidr& cidr) {
  const int bits = cidr.family == AddressFamily::kIpv4 ? 32 : 128;
  return std::ldexp(1.0, bits - cidr.prefix);
}

}  // namespace awsgov::ipam
