#include <gtest/gtest.h>

#include <chrono>

#include "exporter/config/config.h"

namespace awsgov::config {
namespace {

using std::chrono::milliseconds;

struct DurationCase {
  const char* text;
  std::int64_t millis;
};

TEST(ParseDurationTest, AcceptsPrometheusSyntax) {
  constexpr std::int64_t kSec = 1000, kMin = 60 * kSec, kHour = 60 * kMin, kDay = 24 * kHour;
  const DurationCase cases[] = {
      {"30s", 30 * kSec},
      {"5m", 5 * kMin},
      {"1h30m", kHour + 30 * kMin},
      {"2d", 2 * kDay},
      {"500ms", 500},
      {"1w", 7 * kDay},
      {"1y", 365 * kDay},
      {"0", 0},
      {"0s", 0},
      {"1m500ms", kMin + 500},
      {"1y2w3d4h5m6s7ms", 365 * kDay + 14 * kDay + 3 * kDay + 4 * kHour + 5 * kMin + 6 * kSec + 7},
      {"90s", 90 * kSec},
  };
  for (const DurationCase& c : cases) {
    milliseconds out{-1};
    EXPECT_TRUE(ParseDuration(c.text, &out)) << c.text;
    EXPECT_EQ(out.count(), c.millis) << c.text;
  }
}

TEST(ParseDurationTest, RejectsOtherSyntax) {
  for (const char* text :
       {"", "5", "5 m", "-5s", "1.5h", "5M", "1h1h", "30m1h", "1ms1s", "h", "5minutes", " 5m",
        "5m ", "1e3s", "99999999999999999999s", "300000000y"}) {
    milliseconds out{1234};
    EXPECT_FALSE(ParseDuration(text, &out)) << '"' << text << '"';
    EXPECT_EQ(out.count(), 1234) << "unchanged on failure: " << text;
  }
}

TEST(FormatDurationTest, UsesTheLargestUnitsFirst) {
  EXPECT_EQ(FormatDuration(std::chrono::seconds(5400)), "1h30m");
  EXPECT_EQ(FormatDuration(std::chrono::seconds(900)), "15m");
  EXPECT_EQ(FormatDuration(std::chrono::hours(12)), "12h");
  EXPECT_EQ(FormatDuration(std::chrono::hours(24 * 8)), "1w1d");
  EXPECT_EQ(FormatDuration(milliseconds(1500)), "1s500ms");
  EXPECT_EQ(FormatDuration(milliseconds(0)), "0s");
}

TEST(FormatDurationTest, RoundTripsThroughParse) {
  for (std::int64_t millis : {1LL, 999LL, 61000LL, 3600000LL, 90061001LL, 31536000000LL}) {
    milliseconds parsed{0};
    const std::string text = FormatDuration(milliseconds(millis));
    ASSERT_TRUE(ParseDuration(text, &parsed)) << text;
    EXPECT_EQ(parsed.count(), millis) << text;
  }
}

}  // namespace
}  // namespace awsgov::config
