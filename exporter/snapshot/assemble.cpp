#include "exporter/snapshot/assemble.h"

#include <map>
#include <string_view>

#include "exporter/snapshot/escape.h"

namespace awsgov::snapshot {
namespace {

const FamilyMeta kSuccessMeta{
    "awsgov_collector_success",
    "1 when the last run of the collector for this account and region succeeded, 0 when it "
    "failed (the last good samples then stay exposed).",
    MetricType::kGauge};
const FamilyMeta kDurationMeta{
    "awsgov_collector_duration_seconds",
    "Duration of the last run of the collector for this account and region, in seconds.",
    MetricType::kGauge};
const FamilyMeta kIntervalMeta{
    "awsgov_collector_interval_seconds",
    "How often the collector runs for this account and region, in seconds; the age of its data "
    "in intervals is (time() - awsgov_collector_last_success_timestamp_seconds) / this.",
    MetricType::kGauge};
const FamilyMeta kSamplesMeta{
    "awsgov_collector_samples",
    "Samples this collector currently exposes for this account and region (its share of the "
    "exporter's series).",
    MetricType::kGauge};
const FamilyMeta kLastSuccessMeta{
    "awsgov_collector_last_success_timestamp_seconds",
    "Unix time of the last successful run of the collector for this account and region; the "
    "age of its samples.",
    MetricType::kGauge};

void AppendHealthLine(std::string& out, const FamilyMeta& meta, const Target& target,
                      double value) {
  out += meta.name;
  out += "{collector=\"";
  AppendEscapedLabelValue(out, target.collector);
  out += "\",account_id=\"";
  AppendEscapedLabelValue(out, target.account_id);
  out += "\",region=\"";
  AppendEscapedLabelValue(out, target.region);
  out += "\"} ";
  AppendSampleValue(out, value);
  out += '\n';
}

// Statics never freed: the health families' metas outlive every render.
std::shared_ptr<const FamilyMeta> Unowned(const FamilyMeta& meta) {
  return std::shared_ptr<const FamilyMeta>(std::shared_ptr<const FamilyMeta>{}, &meta);
}

}  // namespace

FamilyBlocks BuildHealthBlocks(const std::vector<TargetSnapshot>& targets) {
  FamilyBlock success{Unowned(kSuccessMeta), {}, 0};
  FamilyBlock duration{Unowned(kDurationMeta), {}, 0};
  FamilyBlock interval{Unowned(kIntervalMeta), {}, 0};
  FamilyBlock last_success{Unowned(kLastSuccessMeta), {}, 0};
  FamilyBlock samples{Unowned(kSamplesMeta), {}, 0};
  for (const TargetSnapshot& t : targets) {
    const TargetStatus& s = t.status;
    if (!s.has_run) continue;
    AppendHealthLine(success.lines, kSuccessMeta, s.target, s.success ? 1 : 0);
    ++success.samples;
    AppendHealthLine(duration.lines, kDurationMeta, s.target, s.duration_seconds);
    ++duration.samples;
    AppendHealthLine(samples.lines, kSamplesMeta, s.target, static_cast<double>(s.series));
    ++samples.samples;
    if (s.interval_seconds > 0) {
      AppendHealthLine(interval.lines, kIntervalMeta, s.target, s.interval_seconds);
      ++interval.samples;
    }
    if (s.last_success_unix > 0) {
      AppendHealthLine(last_success.lines, kLastSuccessMeta, s.target, s.last_success_unix);
      ++last_success.samples;
    }
  }
  FamilyBlocks blocks;
  // Sorted by name, as FamilyBlocks requires.
  for (FamilyBlock* b : {&duration, &interval, &last_success, &samples, &success}) {
    if (b->samples > 0) blocks.push_back(std::move(*b));
  }
  return blocks;
}

void AssembleExposition(const std::vector<TargetSnapshot>& targets, ExpositionFormat format,
                        ByteSink& sink, AssemblyStats* stats) {
  const FamilyBlocks health = BuildHealthBlocks(targets);
  // Family name -> its blocks in Target order. Names are few (tens), so a map is cheap.
  std::map<std::string_view, std::vector<const FamilyBlock*>> by_name;
  for (const TargetSnapshot& t : targets) {
    if (!t.blocks) continue;
    for (const FamilyBlock& block : *t.blocks) by_name[block.meta->name].push_back(&block);
  }
  for (const FamilyBlock& block : health) by_name[block.meta->name].push_back(&block);

  std::string header;
  std::vector<std::string_view> parts;
  for (const auto& [name, blocks] : by_name) {
    const FamilyMeta& meta = *blocks.front()->meta;
    stats->family_names.emplace_back(name);
    parts.clear();
    for (const FamilyBlock* block : blocks) {
      if (block->meta->type != meta.type) {
        stats->type_conflicts_dropped += block->samples;
        continue;
      }
      parts.push_back(block->lines);
    }
    header.clear();
    AppendFamilyHeader(header, meta, format);
    sink.Append(header);
    if (parts.size() == 1) {
      sink.Append(parts.front());  // one target's block is already free of duplicates
    } else {
      std::string first;
      std::size_t dropped = AppendWithoutDuplicateSeries(parts, sink, &first);
      if (dropped > 0 && stats->duplicates_dropped == 0) stats->first_duplicate = std::move(first);
      stats->duplicates_dropped += dropped;
    }
  }
}

}  // namespace awsgov::snapshot
