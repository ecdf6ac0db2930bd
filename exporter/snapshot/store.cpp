#include "exporter/snapshot/store.h"

#include <array>
#include <atomic>
#include <set>
#include <string>
#include <utility>

#include "exporter/core/log.h"
#include "exporter/snapshot/assemble.h"
#include "exporter/snapshot/family_block.h"
#include "exporter/snapshot/gzip.h"
#include "exporter/snapshot/self_metrics.h"

namespace awsgov {

using snapshot::FamilyBlocks;
using snapshot::TargetSnapshot;

namespace {

constexpr std::size_t kSlots = 4;  // (format, gzip)

std::size_t SlotIndex(ExpositionFormat format, bool gzip) {
  return (format == ExpositionFormat::kOpenMetrics100 ? 2 : 0) + (gzip ? 1 : 0);
}

using SelfMetricsSource = std::function<std::vector<prometheus::MetricFamily>()>;

}  // namespace

struct SnapshotStore::Impl {
  explicit Impl(const Clock& c) : clock(c) {}

  struct Entry {
    TargetStatus status;
    std::shared_ptr<const FamilyBlocks> blocks;
  };
  // The cached part of one (format, gzip), and the family names in it, which the self-metrics
  // tail must not repeat.
  struct Cached {
    std::shared_ptr<const std::string> body;
    std::shared_ptr<const std::vector<std::string>> family_names;  // sorted
  };
  struct Slot {
    std::uint64_t generation = 0;  // 0: never rendered
    Cached cached;
  };

  const Clock& clock;
  snapshot::MetaInterner interner;
  std::atomic<std::uint64_t> duplicates_dropped{0};
  std::atomic<std::uint64_t> invalid_dropped{0};

  // Held only to copy or swap pointers and statuses, never while rendering or compressing.
  mutable std::mutex mu;
  std::map<Target, Entry> entries;                // guarded by mu
  bool targets_declared = false;                  // guarded by mu
  std::uint64_t generation = 1;                   // guarded by mu; bumped on every change
  std::uint64_t counted_generation = 0;           // guarded by mu; assembly stats counted up to
  std::array<Slot, kSlots> slots;                 // guarded by mu
  std::shared_ptr<const SelfMetricsSource> self;  // guarded by mu

  // One per slot: renders of a slot are serialized (the second scraper then finds the fresh
  // body), renders of different slots run in parallel.
  std::array<std::mutex, kSlots> render_mu;

  // Caller holds mu. Stale bodies are never served again: hand them out to be freed after the
  // lock is released instead of keeping a few hundred MB alive until the next scrape.
  void BumpGenerationLocked(std::vector<std::shared_ptr<const std::string>>* released) {
    ++generation;
    for (Slot& slot : slots) {
      if (slot.cached.body) released->push_back(std::move(slot.cached.body));
      slot.cached = Cached{};
    }
  }

  Cached CachedBody(ExpositionFormat format, bool gzip);
  std::string RenderTail(ExpositionFormat format, bool gzip,
                         const std::vector<std::string>& taken_names);
};

SnapshotStore::SnapshotStore(const Clock& clock) : impl_(std::make_unique<Impl>(clock)) {}
SnapshotStore::~SnapshotStore() = default;

void SnapshotStore::Update(const Target& target, const Status& status, const Result& result,
                           double duration_seconds) {
  const double now = impl_->clock.UnixSeconds();
  std::shared_ptr<const FamilyBlocks> blocks;
  if (status.ok()) {
    snapshot::BuildStats stats;
    blocks = std::make_shared<const FamilyBlocks>(
        snapshot::BuildFamilyBlocks(result, impl_->interner, &stats));
    impl_->duplicates_dropped += stats.duplicates_dropped;
    impl_->invalid_dropped += stats.invalid_dropped;
  }
  std::size_t series = 0;
  if (blocks) {
    for (const auto& block : *blocks) series += block.samples;
  }

  // Freed after the lock is released.
  std::shared_ptr<const FamilyBlocks> previous;
  std::vector<std::shared_ptr<const std::string>> released;
  {
    std::lock_guard lock(impl_->mu);
    auto it = impl_->entries.find(target);
    if (it == impl_->entries.end()) {
      if (impl_->targets_declared) {
        log::Debug("snapshot: result of an undeclared target ignored", {{"target", target.Key()}});
        return;
      }
      it = impl_->entries.emplace(target, Impl::Entry{}).first;
      it->second.status.target = target;
    }
    TargetStatus& s = it->second.status;
    s.has_run = true;
    s.last_attempt_unix = now;
    s.duration_seconds = duration_seconds;
    if (status.ok()) {
      s.success = true;
      s.last_success_unix = now;
      s.last_error.clear();
      s.series = series;
      previous = std::exchange(it->second.blocks, std::move(blocks));
    } else {
      s.success = false;
      s.last_error = status.ToString();
    }
    impl_->BumpGenerationLocked(&released);
  }
}

void SnapshotStore::SetTargets(const std::vector<Target>& targets,
                               const std::map<Target, double>& interval_seconds) {
  std::set<Target> wanted(targets.begin(), targets.end());
  std::vector<Impl::Entry> removed;  // freed after the lock is released
  std::vector<std::shared_ptr<const std::string>> released;
  std::lock_guard lock(impl_->mu);
  impl_->targets_declared = true;
  bool exposed_change = false;
  for (auto it = impl_->entries.begin(); it != impl_->entries.end();) {
    if (wanted.count(it->first) == 0) {
      exposed_change = exposed_change || it->second.status.has_run;
      removed.push_back(std::move(it->second));
      it = impl_->entries.erase(it);
    } else {
      ++it;
    }
  }
  for (const Target& t : wanted) {
    auto [it, inserted] = impl_->entries.try_emplace(t);
    if (inserted) it->second.status.target = t;
    auto interval = interval_seconds.find(t);
    double seconds = interval == interval_seconds.end() ? 0 : interval->second;
    if (it->second.status.interval_seconds != seconds) {
      it->second.status.interval_seconds = seconds;
      exposed_change = exposed_change || it->second.status.has_run;
    }
  }
  if (exposed_change) impl_->BumpGenerationLocked(&released);
  // `removed` and `released` are destroyed after `lock` (declared before it).
}

std::vector<TargetStatus> SnapshotStore::Statuses() const {
  std::lock_guard lock(impl_->mu);
  std::vector<TargetStatus> out;
  out.reserve(impl_->entries.size());
  for (const auto& [target, entry] : impl_->entries) out.push_back(entry.status);
  return out;
}

void SnapshotStore::SetSelfMetricsSource(SelfMetricsSource source) {
  auto shared = source ? std::make_shared<const SelfMetricsSource>(std::move(source)) : nullptr;
  std::lock_guard lock(impl_->mu);
  impl_->self = std::move(shared);
}

std::uint64_t SnapshotStore::DuplicateSamplesDropped() const {
  return impl_->duplicates_dropped.load();
}
std::uint64_t SnapshotStore::InvalidSamplesDropped() const { return impl_->invalid_dropped.load(); }

SnapshotStore::Impl::Cached SnapshotStore::Impl::CachedBody(ExpositionFormat format, bool gzip) {
  const std::size_t index = SlotIndex(format, gzip);
  {
    std::lock_guard lock(mu);
    if (slots[index].cached.body && slots[index].generation == generation) {
      return slots[index].cached;
    }
  }
  std::lock_guard render_lock(render_mu[index]);
  std::vector<TargetSnapshot> inputs;
  std::uint64_t input_generation = 0;
  {
    std::lock_guard lock(mu);
    // Another scraper of this slot may have rendered it while we waited.
    if (slots[index].cached.body && slots[index].generation == generation) {
      return slots[index].cached;
    }
    input_generation = generation;
    inputs.reserve(entries.size());
    for (const auto& [target, entry] : entries) inputs.push_back({entry.status, entry.blocks});
  }

  auto body = std::make_shared<std::string>();
  snapshot::AssemblyStats stats;
  if (!gzip) {
    // Growing a few hundred MB by doubling would copy it several times and leave up to half of
    // it as slack; the lines plus room for headers and health lines is a close estimate.
    std::size_t estimate = 64 * 1024;
    for (const TargetSnapshot& t : inputs) {
      estimate += 512;  // three health lines
      if (!t.blocks) continue;
      for (const auto& block : *t.blocks) estimate += block.lines.size();
    }
    body->reserve(estimate);
  }
  if (gzip) {
    snapshot::GzipSink sink(body.get());
    snapshot::AssembleExposition(inputs, format, sink, &stats);
    sink.Finish();
  } else {
    snapshot::StringSink sink(body.get());
    snapshot::AssembleExposition(inputs, format, sink, &stats);
  }
  if (body->capacity() - body->size() > body->size() / 8) body->shrink_to_fit();

  Cached result{std::move(body),
                std::make_shared<const std::vector<std::string>>(std::move(stats.family_names))};
  bool count_stats = false;
  {
    std::lock_guard lock(mu);
    // Every slot assembles the same inputs and finds the same drops: count them once.
    if (input_generation > counted_generation) {
      counted_generation = input_generation;
      count_stats = true;
    }
    // A newer generation may have arrived meanwhile; still store this body (it is marked with
    // its generation, so it is not served as fresh) unless a newer one is already there.
    if (slots[index].generation <= input_generation) slots[index] = Slot{input_generation, result};
  }
  if (count_stats) {
    duplicates_dropped += stats.duplicates_dropped;
    invalid_dropped += stats.type_conflicts_dropped;
    if (stats.duplicates_dropped > 0) {
      const std::string count = std::to_string(stats.duplicates_dropped);
      log::Warn("snapshot: the same series from two targets, first kept",
                {{"series", stats.first_duplicate}, {"dropped", count}});
    }
    if (stats.type_conflicts_dropped > 0) {
      const std::string count = std::to_string(stats.type_conflicts_dropped);
      log::Error("snapshot: a metric family exposed with two types, later dropped",
                 {{"dropped", count}});
    }
  }
  return result;
}

std::string SnapshotStore::Impl::RenderTail(ExpositionFormat format, bool gzip,
                                            const std::vector<std::string>& taken_names) {
  std::shared_ptr<const SelfMetricsSource> source;
  {
    std::lock_guard lock(mu);
    source = self;
  }
  std::string plain;
  if (source && *source) {
    invalid_dropped += snapshot::AppendSelfMetrics(plain, (*source)(), format, taken_names);
  }
  if (format == ExpositionFormat::kOpenMetrics100) plain += "# EOF\n";
  if (!gzip || plain.empty()) return plain;
  return snapshot::GzipCompress(plain);
}

Exposition SnapshotStore::Render(ExpositionFormat format, bool gzip) {
  Exposition out;
  out.content_type = ContentType(format);
  out.gzip = gzip;
  Impl::Cached cached = impl_->CachedBody(format, gzip);
  out.cached = std::move(cached.body);
  out.tail = impl_->RenderTail(format, gzip, *cached.family_names);
  return out;
}

}  // namespace awsgov
