#include "exporter/core/log.h"

#include <gtest/gtest.h>

#include <regex>
#include <string>
#include <thread>

namespace awsgov::log {
namespace {

// The timestamp varies; everything after it is asserted exactly.
std::string WithoutTime(const std::string& line) {
  return std::regex_replace(line, std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)"), "T");
}

TEST(LogTest, LogfmtQuotesOnlyWhatNeedsIt) {
  EXPECT_EQ(WithoutTime(FormatLine(Format::kLogfmt, Level::kWarn, "collection failed",
                                   {{"account_id", "111111111111"}, {"error", "a \"b\"\nc"}})),
            "time=T level=warn msg=\"collection failed\" account_id=111111111111 "
            "error=\"a \\\"b\\\"\\nc\"");
  EXPECT_EQ(WithoutTime(FormatLine(Format::kLogfmt, Level::kInfo, "ok", {{"empty", ""}})),
            "time=T level=info msg=ok empty=\"\"");
}

TEST(LogTest, JsonEscapesControlCharacters) {
  EXPECT_EQ(WithoutTime(FormatLine(Format::kJson, Level::kError, "x\ty", {{"k", "\x01"}})),
            "{\"time\":\"T\",\"level\":\"error\",\"msg\":\"x\\ty\",\"k\":\"\\u0001\"}");
}

TEST(LogTest, ScopedContextAddsTargetFieldsOnThisThreadOnly) {
  ScopedContext target({{"collector", "ipam"}, {"account_id", "111111111111"}});
  EXPECT_EQ(WithoutTime(FormatLine(Format::kLogfmt, Level::kInfo, "m", {{"vpc_id", "vpc-1"}})),
            "time=T level=info msg=m vpc_id=vpc-1 collector=ipam account_id=111111111111");
  {
    ScopedContext region({{"region", "eu-west-1"}});
    // An explicit field wins over the same context key, which is not repeated.
    EXPECT_EQ(WithoutTime(FormatLine(Format::kLogfmt, Level::kInfo, "m", {{"collector", "x"}})),
              "time=T level=info msg=m collector=x account_id=111111111111 region=eu-west-1");
  }
  std::string other_thread;
  std::thread([&] { other_thread = FormatLine(Format::kLogfmt, Level::kInfo, "m", {}); }).join();
  EXPECT_EQ(WithoutTime(other_thread), "time=T level=info msg=m");
  EXPECT_EQ(WithoutTime(FormatLine(Format::kJson, Level::kInfo, "m", {})),
            "{\"time\":\"T\",\"level\":\"info\",\"msg\":\"m\",\"collector\":\"ipam\","
            "\"account_id\":\"111111111111\"}");
}

TEST(LogTest, ParsesLevelsAndFormats) {
  Level level;
  EXPECT_TRUE(ParseLevel("warn", &level));
  EXPECT_EQ(level, Level::kWarn);
  EXPECT_FALSE(ParseLevel("WARN", &level));
  Format format;
  EXPECT_TRUE(ParseFormat("json", &format));
  EXPECT_EQ(format, Format::kJson);
  EXPECT_FALSE(ParseFormat("text", &format));
}

}  // namespace
}  // namespace awsgov::log
