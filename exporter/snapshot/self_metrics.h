// Renders prometheus-cpp MetricFamily values (the self-metrics registry) in either format, with
// this module's escaping and number rules; prometheus-cpp's own serializer does not escape HELP
// text and knows no OpenMetrics.
// Thread-safety: pure function, thread-safe.
#pragma once

#include <prometheus/metric_family.h>

#include <cstddef>
#include <string>
#include <vector>

#include "exporter/snapshot/exposition.h"

namespace awsgov::snapshot {

// Appends the families to *out. Counters: prometheus-cpp names them with "_total" already; text
// 0.0.4 announces that name, OpenMetrics the name without "_total" (samples keep it). Untyped is
// "unknown" in OpenMetrics. Histograms get a "+Inf" bucket when the source has none. A family or
// sample with an invalid name is dropped and logged, and so is a family whose name (without
// "_total" for a counter) is in `taken_names` (sorted: the families of the cached part), since a
// family may appear only once. Returns the number of samples dropped.
std::size_t AppendSelfMetrics(std::string& out,
                              const std::vector<prometheus::MetricFamily>& families,
                              ExpositionFormat format, const std::vector<std::string>& taken_names);

}  // namespace awsgov::snapshot
