#include "exporter/snapshot/self_metrics.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string_view>

#include "exporter/core/log.h"
#include "exporter/snapshot/escape.h"

namespace awsgov::snapshot {
namespace {

using prometheus::ClientMetric;
using prometheus::MetricFamily;
using prometheus::MetricType;

constexpr std::string_view kTotalSuffix = "_total";

std::string_view TypeName(MetricType type, ExpositionFormat format) {
  switch (type) {
    case MetricType::Counter:
      return "counter";
    case MetricType::Gauge:
      return "gauge";
    case MetricType::Summary:
      return "summary";
    case MetricType::Histogram:
      return "histogram";
    case MetricType::Untyped:
      break;
  }
  return format == ExpositionFormat::kOpenMetrics100 ? "unknown" : "untyped";
}

bool LabelsValid(const MetricFamily& family, const ClientMetric& metric) {
  for (const auto& label : metric.label) {
    if (!IsValidLabelName(label.name)) {
      log::Error("snapshot: invalid self-metric label name, sample dropped",
                 {{"metric", family.name}, {"label", label.name}});
      return false;
    }
  }
  return true;
}

// name{labels[,extra_name="extra_value"]} value\n
class LineWriter {
 public:
  LineWriter(std::string& out, const ClientMetric& metric) : out_(out), metric_(metric) {}

  void Write(std::string_view name, double value) { Write(name, {}, nullptr, value); }
  void WriteBound(std::string_view name, std::string_view bound_label, double bound,
                  ExpositionFormat format, double value) {
    std::string rendered;
    AppendBoundLabelValue(rendered, bound, format);
    Write(name, bound_label, &rendered, value);
  }

 private:
  void Write(std::string_view name, std::string_view extra_name, const std::string* extra_value,
             double value) {
    out_ += name;
    if (!metric_.label.empty() || extra_value != nullptr) {
      out_ += '{';
      bool first = true;
      for (const auto& label : metric_.label) {
        if (!first) out_ += ',';
        first = false;
        out_ += label.name;
        out_ += "=\"";
        AppendEscapedLabelValue(out_, label.value);
        out_ += '"';
      }
      if (extra_value != nullptr) {
        if (!first) out_ += ',';
        out_ += extra_name;
        out_ += "=\"";
        out_ += *extra_value;  // a number: nothing to escape
        out_ += '"';
      }
      out_ += '}';
    }
    out_ += ' ';
    AppendSampleValue(out_, value);
    out_ += '\n';
  }

  std::string& out_;
  const ClientMetric& metric_;
};

void AppendMetric(std::string& out, const MetricFamily& family, const ClientMetric& metric,
                  std::string_view base_name, ExpositionFormat format) {
  LineWriter line(out, metric);
  const std::string base(base_name);
  switch (family.type) {
    case MetricType::Counter:
      line.Write(base + std::string(kTotalSuffix), metric.counter.value);
      return;
    case MetricType::Gauge:
      line.Write(base, metric.gauge.value);
      return;
    case MetricType::Untyped:
      line.Write(base, metric.untyped.value);
      return;
    case MetricType::Summary:
      for (const auto& q : metric.summary.quantile) {
        line.WriteBound(base, "quantile", q.quantile, format, q.value);
      }
      line.Write(base + "_sum", metric.summary.sample_sum);
      line.Write(base + "_count", static_cast<double>(metric.summary.sample_count));
      return;
    case MetricType::Histogram: {
      bool has_inf = false;
      for (const auto& b : metric.histogram.bucket) {
        has_inf = has_inf || std::isinf(b.upper_bound);
        line.WriteBound(base + "_bucket", "le", b.upper_bound, format,
                        static_cast<double>(b.cumulative_count));
      }
      if (!has_inf) {
        line.WriteBound(base + "_bucket", "le", std::numeric_limits<double>::infinity(), format,
                        static_cast<double>(metric.histogram.sample_count));
      }
      line.Write(base + "_sum", metric.histogram.sample_sum);
      line.Write(base + "_count", static_cast<double>(metric.histogram.sample_count));
      return;
    }
  }
}

}  // namespace

std::size_t AppendSelfMetrics(std::string& out, const std::vector<MetricFamily>& families,
                              ExpositionFormat format,
                              const std::vector<std::string>& taken_names) {
  std::size_t dropped = 0;
  for (const MetricFamily& family : families) {
    if (!IsValidMetricName(family.name)) {
      log::Error("snapshot: invalid self-metric name, family dropped", {{"metric", family.name}});
      dropped += family.metric.size();
      continue;
    }
    // Sample base name: a counter's samples are base + "_total".
    std::string_view base = family.name;
    if (family.type == MetricType::Counter && base.ends_with(kTotalSuffix) &&
        base.size() > kTotalSuffix.size()) {
      base.remove_suffix(kTotalSuffix.size());
    }
    if (std::binary_search(taken_names.begin(), taken_names.end(), base)) {
      log::Error("snapshot: self-metric family also exposed by a collector, dropped",
                 {{"metric", family.name}});
      dropped += family.metric.size();
      continue;
    }
    // Text 0.0.4 announces a counter under its sample name, OpenMetrics under the family name.
    std::string announced_name(base);
    if (family.type == MetricType::Counter && format == ExpositionFormat::kText004) {
      announced_name += kTotalSuffix;
    }
    auto append_help = [&] {
      if (family.help.empty()) return;
      out += "# HELP ";
      out += announced_name;
      out += ' ';
      AppendEscapedHelp(out, family.help, format);
      out += '\n';
    };
    auto append_type = [&] {
      out += "# TYPE ";
      out += announced_name;
      out += ' ';
      out += TypeName(family.type, format);
      out += '\n';
    };
    if (format == ExpositionFormat::kOpenMetrics100) {
      append_type();
      append_help();
    } else {
      append_help();
      append_type();
    }
    for (const ClientMetric& metric : family.metric) {
      if (!LabelsValid(family, metric)) {
        ++dropped;
        continue;
      }
      AppendMetric(out, family, metric, base, format);
    }
  }
  return dropped;
}

}  // namespace awsgov::snapshot
