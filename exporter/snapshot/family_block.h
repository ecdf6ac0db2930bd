// A target's samples kept as rendered text: one block of complete sample lines per metric
// family. Sample lines are the same in text 0.0.4 and OpenMetrics (a counter's samples are
// `name_total` in both), so a block is rendered once, when the result arrives, and the Result
// itself is dropped; only the family headers differ per format.
// Thread-safety: FamilyMeta and FamilyBlock are immutable once built and shared read-only;
// MetaInterner is thread-safe.
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "exporter/core/metric.h"
#include "exporter/snapshot/exposition.h"
#include "exporter/snapshot/sink.h"

namespace awsgov::snapshot {

struct FamilyMeta {
  std::string name;  // for a counter, without "_total"
  std::string help;
  MetricType type = MetricType::kGauge;
};

struct FamilyBlock {
  std::shared_ptr<const FamilyMeta> meta;
  std::string lines;  // "name{label=\"value\",...} value\n" per sample
  std::size_t samples = 0;
};

using FamilyBlocks = std::vector<FamilyBlock>;  // sorted by meta->name, names unique

// Shares one FamilyMeta per (name, help, type) across targets and runs: thousands of targets
// emit the same families, and a copy of the help text per target and run would add up.
class MetaInterner {
 public:
  std::shared_ptr<const FamilyMeta> Intern(std::string_view name, std::string_view help,
                                           MetricType type);

 private:
  std::mutex mu_;
  std::map<std::tuple<std::string, std::string, MetricType>, std::shared_ptr<const FamilyMeta>,
           std::less<>>
      metas_;
};

struct BuildStats {
  std::size_t duplicates_dropped = 0;  // same series twice in one result
  std::size_t invalid_dropped = 0;     // invalid metric or label name, or type conflict
};

// Renders `result` into blocks. Samples with an invalid metric or label name are dropped and
// logged (a collector bug); repeated series keep the first sample.
FamilyBlocks BuildFamilyBlocks(const Result& result, MetaInterner& interner, BuildStats* stats);

// The sample name a family's lines use: name + "_total" for counters, else the name.
std::string SampleName(const FamilyMeta& meta);

// The HELP and TYPE lines of a family in `format` (text 0.0.4: `# HELP x_total`, `# TYPE x_total
// counter`; OpenMetrics: `# TYPE x counter`, `# HELP x`). No HELP line when the help is empty.
void AppendFamilyHeader(std::string& out, const FamilyMeta& meta, ExpositionFormat format);

// The series identity of a sample line: everything before the value.
std::string_view SeriesKey(std::string_view line);

// Appends the lines of `parts`, in order, to `sink`, dropping each line whose series key
// already appeared in an earlier line; returns the number dropped. Memory: 8 bytes per line
// while it runs (hashes), plus a set of the few keys whose hashes collide.
std::size_t AppendWithoutDuplicateSeries(const std::vector<std::string_view>& parts, ByteSink& sink,
                                         std::string* first_duplicate);

}  // namespace awsgov::snapshot
