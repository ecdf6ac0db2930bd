// Exposition formats and content negotiation for /metrics.
// Thread-safety: free functions, thread-safe; Exposition is immutable once built.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace awsgov {

enum class ExpositionFormat {
  kText004,        // text/plain; version=0.0.4; charset=utf-8
  kOpenMetrics100  // application/openmetrics-text; version=1.0.0; charset=utf-8
};

// Picks the format from an Accept header as Prometheus' client libraries do: OpenMetrics 1.0.0
// when the client names application/openmetrics-text (version 1.0.0, 0.0.1 or none) with q > 0
// and at least the q it gives text/plain (wildcards count for text only), otherwise text 0.0.4.
// An OpenMetrics 0.0.1-only client gets OpenMetrics labelled 1.0.0 (wire-identical for our
// output; see negotiate.cpp). An empty or absent header gives text 0.0.4; never "406".
ExpositionFormat NegotiateFormat(std::string_view accept_header);
// True when Accept-Encoding allows gzip or x-gzip (q > 0), or names `*` with q > 0 and gzip not
// at all.
bool AcceptsGzip(std::string_view accept_encoding_header);
std::string_view ContentType(ExpositionFormat format);

// One scrape's response body: bytes cached since the last change of any target's result, followed
// by a small tail rendered per scrape (self-metrics such as request counters, and "# EOF" for
// OpenMetrics). When gzip is on, each part is its own gzip member; concatenated gzip members are
// one valid gzip stream (RFC 1952 section 2.2).
struct Exposition {
  std::string_view content_type;
  bool gzip = false;
  std::shared_ptr<const std::string> cached;  // never null
  std::string tail;
};

}  // namespace awsgov
