#include "exporter/http/landing_page.h"

#include <gtest/gtest.h>

namespace awsgov::http {
namespace {

TEST(HtmlEscapeTest, EscapesTheFiveSpecialCharacters) {
  EXPECT_EQ(HtmlEscape(R"(<a href="x">Tom & 'Jerry'</a>)"),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;");
  EXPECT_EQ(HtmlEscape("plain text"), "plain text");
}

TEST(FormatUnixTimeUtcTest, FormatsIso8601InUtc) {
  // 1700000000 = 2023-11-14 22:13:20 UTC; fractions are dropped.
  EXPECT_EQ(FormatUnixTimeUtc(1700000000.9), "2023-11-14T22:13:20Z");
  EXPECT_EQ(FormatUnixTimeUtc(86400), "1970-01-02T00:00:00Z");
  EXPECT_EQ(FormatUnixTimeUtc(0), "never");
}

TEST(LandingPageTest, ListsEveryTargetWithItsState) {
  TargetStatus ok;
  ok.target = {"ipam", "111111111111", "eu-west-1"};
  ok.has_run = true;
  ok.success = true;
  ok.last_success_unix = 1700000000;
  ok.duration_seconds = 1.25;
  TargetStatus failed;
  failed.target = {"tgw_shares", "222222222222", "us-east-1"};
  failed.has_run = true;
  failed.last_error = "AccessDenied: not authorized";
  TargetStatus pending;
  pending.target = {"ami_references", "333333333333", "global"};

  LandingPageInfo info;
  info.version = "1.2.3";
  info.revision = "abcdef";
  info.collectors = {"ipam", "tgw_shares"};
  const std::string html = RenderLandingPage(info, {ok, failed, pending});

  EXPECT_NE(html.find("Version 1.2.3, revision abcdef"), std::string::npos);
  EXPECT_NE(html.find("<tr><td>ipam</td><td>111111111111</td><td>eu-west-1</td><td>yes</td>"
                      "<td>2023-11-14T22:13:20Z</td><td>1.250 s</td><td></td></tr>"),
            std::string::npos)
      << html;
  EXPECT_NE(html.find("<tr><td>tgw_shares</td><td>222222222222</td><td>us-east-1</td><td>no</td>"
                      "<td>never</td><td>0.000 s</td><td>AccessDenied: not authorized</td></tr>"),
            std::string::npos)
      << html;
  EXPECT_NE(html.find("<td>ami_references</td><td>333333333333</td><td>global</td>"
                      "<td>not run yet</td><td>never</td><td></td><td></td>"),
            std::string::npos)
      << html;
  EXPECT_NE(html.find("<li>tgw_shares</li>"), std::string::npos);
}

TEST(LandingPageTest, LinksAreRelativeAndEscaped) {
  LandingPageInfo info;
  info.telemetry_path = "/probe\"&x";
  const std::string html = RenderLandingPage(info, {});
  EXPECT_NE(html.find("<a href=\"./probe&quot;&amp;x\">/probe&quot;&amp;x</a>"), std::string::npos)
      << html;
  EXPECT_NE(html.find("<a href=\"./-/healthy\">"), std::string::npos);
  EXPECT_NE(html.find("<a href=\"./-/ready\">"), std::string::npos);
}

TEST(LandingPageTest, EscapesEveryFieldFromOutside) {
  TargetStatus status;
  status.target = {"<b>c", "<i>a", "<u>r"};
  status.has_run = true;
  status.last_error = "<script>alert(1)</script>";
  LandingPageInfo info;
  info.exporter_name = "<x>";
  info.version = "<v>";
  info.revision = "<r>";
  info.collectors = {"<c>"};
  const std::string html = RenderLandingPage(info, {status});
  for (const char* raw : {"<b>", "<i>", "<u>", "<script>", "<x>", "<v>", "<r>", "<c>"}) {
    EXPECT_EQ(html.find(raw), std::string::npos) << raw;
  }
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
}

}  // namespace
}  // namespace awsgov::http
