#include "exporter/snapshot/escape.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace awsgov::snapshot {
namespace {

constexpr auto kText = ExpositionFormat::kText004;
constexpr auto kOm = ExpositionFormat::kOpenMetrics100;

std::string Help(std::string_view s, ExpositionFormat f) {
  std::string out;
  AppendEscapedHelp(out, s, f);
  return out;
}
std::string LabelValue(std::string_view s) {
  std::string out;
  AppendEscapedLabelValue(out, s);
  return out;
}
std::string Value(double v) {
  std::string out;
  AppendSampleValue(out, v);
  return out;
}
std::string Bound(double v, ExpositionFormat f) {
  std::string out;
  AppendBoundLabelValue(out, v, f);
  return out;
}

TEST(EscapeTest, HelpEscapesBackslashAndNewlineAndInOpenMetricsQuotes) {
  EXPECT_EQ(Help("a\\b\nc \"q\"", kText), "a\\\\b\\nc \"q\"");
  EXPECT_EQ(Help("a\\b\nc \"q\"", kOm), "a\\\\b\\nc \\\"q\\\"");
  EXPECT_EQ(Help("plain text", kText), "plain text");
}

TEST(EscapeTest, LabelValueEscapesBackslashQuoteNewline) {
  EXPECT_EQ(LabelValue("C:\\x \"y\"\nz"), "C:\\\\x \\\"y\\\"\\nz");
  EXPECT_EQ(LabelValue("tab\tstays"), "tab\tstays");
}

TEST(EscapeTest, ValidUtf8IsKeptAndInvalidBytesReplaced) {
  EXPECT_EQ(LabelValue("caf\xC3\xA9 \xE2\x82\xAC"), "caf\xC3\xA9 \xE2\x82\xAC");
  EXPECT_EQ(LabelValue("a\xFF"
                       "b"),
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(LabelValue("\xC3"), "\xEF\xBF\xBD");  // truncated sequence
  EXPECT_EQ(LabelValue("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // surrogate
}

TEST(EscapeTest, SampleValues) {
  EXPECT_EQ(Value(3), "3");
  EXPECT_EQ(Value(-42), "-42");
  EXPECT_EQ(Value(0), "0");
  EXPECT_EQ(Value(-0.0), "0");
  EXPECT_EQ(Value(0.25), "0.25");
  EXPECT_EQ(Value(0.1), "0.1");
  EXPECT_EQ(Value(1.0 / 3), "0.3333333333333333");
  EXPECT_EQ(Value(1700000000.5), "1700000000.5");
  EXPECT_EQ(Value(4294967296.0), "4294967296");
  EXPECT_EQ(Value(1e20), "1e+20");
  EXPECT_EQ(Value(1.5e-7), "1.5e-07");
  EXPECT_EQ(Value(std::numeric_limits<double>::infinity()), "+Inf");
  EXPECT_EQ(Value(-std::numeric_limits<double>::infinity()), "-Inf");
  EXPECT_EQ(Value(std::nan("")), "NaN");
}

TEST(EscapeTest, SampleValuesRoundTrip) {
  for (double v : {0.1, 2.0 / 3, 123456.789, 1e-300, 9007199254740993.0, 6.02214076e23}) {
    EXPECT_EQ(std::stod(Value(v)), v) << Value(v);
  }
}

TEST(EscapeTest, BoundsFollowGoFormattingAndOpenMetricsCanonicalNumbers) {
  // The OpenMetrics spec's examples of canonical numbers.
  const std::pair<double, const char*> om[] = {
      {0.0, "0.0"},           {0.001, "0.001"}, {0.002, "0.002"}, {0.01, "0.01"},
      {0.1, "0.1"},           {0.9, "0.9"},     {0.95, "0.95"},   {0.99, "0.99"},
      {0.999, "0.999"},       {1.0, "1.0"},     {1.7, "1.7"},     {10.0, "10.0"},
      {1e-10, "1e-10"},       {1e-09, "1e-09"}, {1e-05, "1e-05"}, {0.0001, "0.0001"},
      {100000.0, "100000.0"}, {1e+06, "1e+06"}, {1e+10, "1e+10"}};
  for (const auto& [v, want] : om) EXPECT_EQ(Bound(v, kOm), want) << v;
  EXPECT_EQ(Bound(1.0, kText), "1");
  EXPECT_EQ(Bound(0.005, kText), "0.005");
  EXPECT_EQ(Bound(2.5, kText), "2.5");
  EXPECT_EQ(Bound(1234567, kText), "1.234567e+06");
  EXPECT_EQ(Bound(std::numeric_limits<double>::infinity(), kText), "+Inf");
  EXPECT_EQ(Bound(std::numeric_limits<double>::infinity(), kOm), "+Inf");
}

TEST(EscapeTest, NameValidation) {
  EXPECT_TRUE(IsValidMetricName("awsgov_x:y_1"));
  EXPECT_TRUE(IsValidMetricName(":x"));
  EXPECT_FALSE(IsValidMetricName("1x"));
  EXPECT_FALSE(IsValidMetricName("a-b"));
  EXPECT_FALSE(IsValidMetricName(""));
  EXPECT_TRUE(IsValidLabelName("_a1"));
  EXPECT_FALSE(IsValidLabelName("a:b"));
  EXPECT_FALSE(IsValidLabelName("9a"));
  EXPECT_FALSE(IsValidLabelName(""));
}

}  // namespace
}  // namespace awsgov::snapshot
