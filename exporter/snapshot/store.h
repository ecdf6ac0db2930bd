// The snapshot store: the last result of every target, and the exposition rendered from them.
// A collector's result replaces the target's previous samples atomically; a failed run keeps the
// last good samples and marks the target failed. Rendering happens once per change (lazily, on the
// first scrape after it); a scrape copies a shared_ptr under a short lock and never waits for a
// collector. Sample lines are rendered to text in Update() and the Result is not kept. Caches
// are per (format, gzip); a scrape of one format never waits for the render of another.
// Thread-safety: all methods are thread-safe.
#pragma once

#include <prometheus/metric_family.h>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "exporter/core/clock.h"
#include "exporter/core/metric.h"
#include "exporter/core/status.h"
#include "exporter/core/target.h"
#include "exporter/snapshot/exposition.h"

namespace awsgov {

struct TargetStatus {
  Target target;
  bool has_run = false;
  bool success = false;          // the last run succeeded
  double last_success_unix = 0;  // 0 = never
  double last_attempt_unix = 0;  // 0 = never
  double duration_seconds = 0;   // of the last run
  std::string last_error;        // empty after a success
  std::size_t series = 0;        // samples currently exposed for this target
  double interval_seconds = 0;   // how often it runs; 0 = not declared
};

class SnapshotStore {
 public:
  explicit SnapshotStore(const Clock& clock = SystemClock::Instance());
  ~SnapshotStore();

  // Records one run of `target`. Before the first SetTargets() any target is accepted; after it,
  // a run of a target no longer declared (finished after a reload) is ignored. On success `result`
  // replaces the target's samples; on failure `result` is ignored, the previous samples stay and
  // the target is marked failed with `status`.
  void Update(const Target& target, const Status& status, const Result& result,
              double duration_seconds);

  // Declares the set of targets that exist (after start-up or a reload). Targets not listed are
  // dropped with their samples; listed ones appear in Statuses() at once and in the health
  // metrics after their first run (absent, not 0, means "not run yet").
  // `interval_seconds` gives each target's run interval, exposed as
  // awsgov_collector_interval_seconds so that alerts can measure staleness in intervals.
  void SetTargets(const std::vector<Target>& targets,
                  const std::map<Target, double>& interval_seconds = {});

  std::vector<TargetStatus> Statuses() const;  // sorted by Target

  // Families rendered fresh on every scrape (the prometheus-cpp self-metrics registry).
  void SetSelfMetricsSource(std::function<std::vector<prometheus::MetricFamily>()> source);

  // The body of /metrics.
  Exposition Render(ExpositionFormat format, bool gzip);

  // Samples dropped because their series (name and labels) was already emitted, within one
  // result or across targets (the first in Target order is kept). Counted once per result and
  // once per change of the assembled exposition. For a self-metric counter.
  std::uint64_t DuplicateSamplesDropped() const;
  // Samples dropped for an invalid metric or label name, or a family name used with two types.
  std::uint64_t InvalidSamplesDropped() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace awsgov
