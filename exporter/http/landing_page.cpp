#include "exporter/http/landing_page.h"

#include <cmath>
#include <cstdio>
#include <ctime>

namespace awsgov::http {
namespace {

// Links are relative ("./metrics") so that the page keeps working behind a reverse proxy that
// serves the exporter under a path prefix; the "./" stops a path such as "/a:b" from being read
// as a URL scheme.
std::string RelativeHref(std::string_view absolute_path) {
  while (!absolute_path.empty() && absolute_path.front() == '/') absolute_path.remove_prefix(1);
  return "./" + std::string(absolute_path);
}

std::string FormatDuration(double seconds) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.3f s", seconds);
  return buffer;
}

void AppendCell(std::string& html, std::string_view text) {
  html += "<td>";
  html += HtmlEscape(text);
  html += "</td>";
}

void AppendLink(std::string& html, std::string_view path) {
  const std::string escaped_path = HtmlEscape(path);
  html += "<li><a href=\"";
  html += HtmlEscape(RelativeHref(path));
  html += "\">";
  html += escaped_path;
  html += "</a></li>\n";
}

std::string SuccessText(const TargetStatus& status) {
  if (!status.has_run) return "not run yet";
  return status.success ? "yes" : "no";
}

}  // namespace

std::string FormatUnixTimeUtc(double unix_seconds) {
  if (unix_seconds <= 0 || !std::isfinite(unix_seconds)) return "never";
  const std::time_t seconds = static_cast<std::time_t>(std::floor(unix_seconds));
  std::tm utc{};
  if (gmtime_r(&seconds, &utc) == nullptr) return "invalid time";
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buffer;
}

std::string RenderLandingPage(const LandingPageInfo& info,
                              const std::vector<TargetStatus>& targets) {
  const std::string name = HtmlEscape(info.exporter_name);
  std::string html;
  html.reserve(2048 + targets.size() * 256);
  html += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>";
  html += name;
  html += "</title>\n</head>\n<body>\n<h1>";
  html += name;
  html += "</h1>\n<p>Version ";
  html += HtmlEscape(info.version);
  html += ", revision ";
  html += HtmlEscape(info.revision);
  html += "</p>\n<ul>\n";
  AppendLink(html, info.telemetry_path);
  AppendLink(html, "/-/healthy");
  AppendLink(html, "/-/ready");
  html += "</ul>\n<h2>Collectors</h2>\n<ul>\n";
  for (const std::string& collector : info.collectors) {
    html += "<li>";
    html += HtmlEscape(collector);
    html += "</li>\n";
  }
  html +=
      "</ul>\n<h2>Targets</h2>\n<table border=\"1\">\n<thead><tr><th>Collector</th>"
      "<th>Account</th><th>Region</th><th>Success</th><th>Last success (UTC)</th>"
      "<th>Duration</th><th>Last error</th></tr></thead>\n<tbody>\n";
  for (const TargetStatus& status : targets) {
    html += "<tr>";
    AppendCell(html, status.target.collector);
    AppendCell(html, status.target.account_id);
    AppendCell(html, status.target.region);
    AppendCell(html, SuccessText(status));
    AppendCell(html, FormatUnixTimeUtc(status.last_success_unix));
    AppendCell(html, status.has_run ? FormatDuration(status.duration_seconds) : "");
    AppendCell(html, status.last_error);
    html += "</tr>\n";
  }
  html += "</tbody>\n</table>\n</body>\n</html>\n";
  return html;
}

}  // namespace awsgov::http
