// Name validation, escaping and number formatting shared by every part of the exposition.
// Thread-safety: pure functions, thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "exporter/snapshot/exposition.h"

namespace awsgov::snapshot {

// [a-zA-Z_:][a-zA-Z0-9_:]*
bool IsValidMetricName(std::string_view name);
// [a-zA-Z_][a-zA-Z0-9_]*
bool IsValidLabelName(std::string_view name);

// HELP text: `\` and newline are escaped in both formats; OpenMetrics also escapes `"`.
// Invalid UTF-8 becomes U+FFFD, because Prometheus rejects the whole scrape otherwise.
void AppendEscapedHelp(std::string& out, std::string_view help, ExpositionFormat format);
// A label value: `\`, `"` and newline escaped (the same in both formats); invalid UTF-8 as above.
void AppendEscapedLabelValue(std::string& out, std::string_view value);

// A sample value: integers below 2^53 without exponent or decimal point ("3"), everything else
// in the shortest form that reads back to the same double; "+Inf", "-Inf", "NaN".
void AppendSampleValue(std::string& out, double value);

// An "le" or "quantile" label value, rendered as Go's strconv.FormatFloat(v, 'g', -1, 64) as
// client_golang does ("0.005", "1", "1e+06"); for OpenMetrics ".0" is appended when there is
// neither a decimal point nor an exponent ("1.0"), the spec's canonical numbers.
void AppendBoundLabelValue(std::string& out, double value, ExpositionFormat format);

}  // namespace awsgov::snapshot
