#include <gtest/gtest.h>

#include "collectors/ipam/cidr.h"

namespace awsgov::ipam {
namespace {

Cidr Must(std::string_view text) {
  auto cidr = ParseCidr(text);
  EXPECT_TRUE(cidr.has_value()) << text;
  return cidr.value_or(Cidr{});
}

TEST(IpamCidrTest, ParsesIpv4RangeInAddresses) {
  Cidr c = Must("10.1.2.0/24");
  EXPECT_EQ(c.family, AddressFamily::kIpv4);
  EXPECT_EQ(c.prefix, 24);
  EXPECT_EQ(c.first, (10u << 24) | (1u << 16) | (2u << 8));
  EXPECT_EQ(c.last, c.first + 255);
  EXPECT_DOUBLE_EQ(c.UnitCount(), 256);
  EXPECT_DOUBLE_EQ(Must("0.0.0.0/0").UnitCount(), 4294967296.0);
  EXPECT_DOUBLE_EQ(Must("10.0.0.5/32").UnitCount(), 1);
}

TEST(IpamCidrTest, TakesTheNetworkWhenHostBitsAreSet) {
  EXPECT_EQ(Must("10.0.0.77/28").first, Must("10.0.0.64/28").first);
}

TEST(IpamCidrTest, ParsesIpv6InSlash64Units) {
  Cidr c = Must("2600:1f18:abcd:1200::/56");
  EXPECT_EQ(c.family, AddressFamily::kIpv6);
  EXPECT_EQ(c.first, 0x26001f18abcd1200ull);
  EXPECT_EQ(c.last, 0x26001f18abcd12ffull);
  EXPECT_DOUBLE_EQ(c.UnitCount(), 256);
  EXPECT_DOUBLE_EQ(Must("2600:1f18::/44").UnitCount(), 1048576);
  // Longer than /64: one (partial) /64.
  Cidr small = Must("2600:1f18:abcd:1201::10/124");
  EXPECT_EQ(small.first, 0x26001f18abcd1201ull);
  EXPECT_DOUBLE_EQ(small.UnitCount(), 1);
}

TEST(IpamCidrTest, RejectsMalformedText) {
  for (const char* bad : {"", "10.0.0.0", "10.0.0.0/33", "10.0.0.0/-1", "10.0.0/24", "10.0.0.0/2x",
                          "10.0.0.0/", "2600::/129", "zz::/56", "10.0.0.256/24"}) {
    EXPECT_FALSE(ParseCidr(bad).has_value()) << bad;
  }
}

TEST(IpamCidrTest, CoveredUnitsCountsOverlapOnceAndClipsToTheBlock) {
  const Cidr vpc = Must("10.0.0.0/16");
  EXPECT_DOUBLE_EQ(CoveredUnits(vpc, {}), 0);
  // Two /24s, a /25 inside the first (counted once), a /24 outside the VPC, an IPv6 block.
  EXPECT_DOUBLE_EQ(
      CoveredUnits(vpc, {Must("10.0.1.0/24"), Must("10.0.2.0/24"), Must("10.0.1.128/25"),
                         Must("10.1.0.0/24"), Must("2600:1f18::/64")}),
      512);
  // A part larger than the block counts as the whole block.
  EXPECT_DOUBLE_EQ(CoveredUnits(Must("10.0.4.0/24"), {Must("10.0.0.0/16")}), 256);
  // Adjacent ranges are summed, not merged wrongly.
  EXPECT_DOUBLE_EQ(CoveredUnits(vpc, {Must("10.0.0.0/28"), Must("10.0.0.16/28")}), 32);
}

TEST(IpamCidrTest, CoveredUnitsForIpv6CountsSlash64s) {
  const Cidr vpc = Must("2600:1f18:abcd:1200::/56");
  EXPECT_DOUBLE_EQ(
      CoveredUnits(vpc, {Must("2600:1f18:abcd:1200::/64"), Must("2600:1f18:abcd:1201::/64"),
                         Must("2600:1f18:abcd:1210::/60"), Must("10.0.0.0/8")}),
      18);
}

TEST(IpamCidrTest, AddressCountUsesTheFamilyWidth) {
  EXPECT_DOUBLE_EQ(AddressCount(Must("10.0.0.0/28")), 16);
  EXPECT_DOUBLE_EQ(AddressCount(Must("2600:1f18::/120")), 256);
  EXPECT_DOUBLE_EQ(AddressCount(Must("2600:1f18::/56")), 4722366482869645213696.0);  // 2^72
}

}  // namespace
}  // namespace awsgov::ipam
