// The HTML landing page served at "/": what this exporter is, where its endpoints are, and the
// state of every target, so that an operator sees a failing account without a Prometheus query.
// Thread-safety: free functions, thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "exporter/core/html_escape.h"
#include "exporter/snapshot/store.h"

namespace awsgov::http {

struct LandingPageInfo {
  std::string exporter_name = "awsgov-exporter";
  std::string version;
  std::string revision;
  std::string telemetry_path = "/metrics";
  std::vector<std::string> collectors;  // the enabled collectors
};

// "2026-11-23T11:03:50Z"; "never" for 0 (TargetStatus' "never happened").
std::string FormatUnixTimeUtc(double unix_seconds);

std::string RenderLandingPage(const LandingPageInfo& info,
                              const std::vector<TargetStatus>& targets);

}  // namespace awsgov::http
