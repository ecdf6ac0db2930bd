#include "exporter/snapshot/family_block.h"

#include <algorithm>
#include <functional>
#include <string>
#include <unordered_set>

#include "exporter/core/log.h"
#include "exporter/snapshot/escape.h"

namespace awsgov::snapshot {
namespace {

constexpr std::string_view kTotalSuffix = "_total";

std::string_view TypeName(MetricType type) {
  return type == MetricType::kCounter ? "counter" : "gauge";
}

// A counter desc is meant to be named without "_total"; accept one that has it anyway rather
// than exposing "x_total_total".
std::string_view BaseName(const MetricDesc& desc) {
  std::string_view name = desc.name;
  if (desc.type == MetricType::kCounter && name.size() > kTotalSuffix.size() &&
      name.ends_with(kTotalSuffix)) {
    name.remove_suffix(kTotalSuffix.size());
  }
  return name;
}

bool LabelNamesValid(const MetricDesc& desc) {
  for (std::string_view label : desc.label_names) {
    if (!IsValidLabelName(label)) {
      log::Error("snapshot: invalid label name, samples dropped",
                 {{"metric", desc.name}, {"label", label}});
      return false;
    }
  }
  return true;
}

void AppendSampleLine(std::string& out, std::string_view sample_name, const MetricDesc& desc,
                      const Sample& sample) {
  out += sample_name;
  if (!desc.label_names.empty()) {
    out += '{';
    for (std::size_t i = 0; i < desc.label_names.size(); ++i) {
      if (i > 0) out += ',';
      out += desc.label_names[i];
      out += "=\"";
      AppendEscapedLabelValue(out, sample.label_values[i]);
      out += '"';
    }
    out += '}';
  }
  out += ' ';
  AppendSampleValue(out, sample.value);
  out += '\n';
}

// Calls fn(line) for each '\n'-terminated line of `lines`.
template <typename Fn>
void ForEachLine(std::string_view lines, Fn&& fn) {
  std::size_t start = 0;
  while (start < lines.size()) {
    std::size_t end = lines.find('\n', start);
    if (end == std::string_view::npos) end = lines.size() - 1;
    fn(lines.substr(start, end + 1 - start));
    start = end + 1;
  }
}

}  // namespace

std::shared_ptr<const FamilyMeta> MetaInterner::Intern(std::string_view name, std::string_view help,
                                                       MetricType type) {
  std::lock_guard lock(mu_);
  auto key = std::make_tuple(std::string(name), std::string(help), type);
  auto it = metas_.find(key);
  if (it != metas_.end()) return it->second;
  auto meta =
      std::make_shared<const FamilyMeta>(FamilyMeta{std::get<0>(key), std::get<1>(key), type});
  metas_.emplace(std::move(key), meta);
  return meta;
}

std::string SampleName(const FamilyMeta& meta) {
  return meta.type == MetricType::kCounter ? meta.name + std::string(kTotalSuffix) : meta.name;
}

void AppendFamilyHeader(std::string& out, const FamilyMeta& meta, ExpositionFormat format) {
  // Text 0.0.4 announces a counter under its sample name; OpenMetrics under the family name.
  const std::string announced =
      format == ExpositionFormat::kOpenMetrics100 ? meta.name : SampleName(meta);
  auto append_help = [&] {
    if (meta.help.empty()) return;
    out += "# HELP ";
    out += announced;
    out += ' ';
    AppendEscapedHelp(out, meta.help, format);
    out += '\n';
  };
  auto append_type = [&] {
    out += "# TYPE ";
    out += announced;
    out += ' ';
    out += TypeName(meta.type);
    out += '\n';
  };
  // OpenMetrics recommends TYPE first; text 0.0.4 output conventionally has HELP first.
  if (format == ExpositionFormat::kOpenMetrics100) {
    append_type();
    append_help();
  } else {
    append_help();
    append_type();
  }
}

std::string_view SeriesKey(std::string_view line) {
  std::size_t space = line.rfind(' ');
  return space == std::string_view::npos ? line : line.substr(0, space);
}

std::size_t AppendWithoutDuplicateSeries(const std::vector<std::string_view>& parts, ByteSink& sink,
                                         std::string* first_duplicate) {
  const std::hash<std::string_view> hash;
  // Pass 1: hashes only. Equal keys have equal hashes, so when no hash repeats there is no
  // duplicate and the parts go out untouched; that is the normal case.
  std::vector<std::size_t> hashes;
  for (std::string_view part : parts) {
    ForEachLine(part, [&](std::string_view line) { hashes.push_back(hash(SeriesKey(line))); });
  }
  std::sort(hashes.begin(), hashes.end());
  std::vector<std::size_t> repeated;
  for (std::size_t i = 1; i < hashes.size(); ++i) {
    if (hashes[i] == hashes[i - 1] && (repeated.empty() || repeated.back() != hashes[i])) {
      repeated.push_back(hashes[i]);
    }
  }
  hashes = {};
  if (repeated.empty()) {
    for (std::string_view part : parts) sink.Append(part);
    return 0;
  }
  // Pass 2: compare the keys of lines whose hash repeats; write runs of kept lines.
  std::unordered_set<std::string_view> seen;
  std::size_t dropped = 0;
  for (std::string_view part : parts) {
    std::size_t run_start = 0;
    std::size_t offset = 0;
    ForEachLine(part, [&](std::string_view line) {
      std::string_view key = SeriesKey(line);
      bool duplicate = std::binary_search(repeated.begin(), repeated.end(), hash(key)) &&
                       !seen.insert(key).second;
      if (duplicate) {
        if (dropped == 0 && first_duplicate != nullptr) *first_duplicate = std::string(key);
        ++dropped;
        sink.Append(part.substr(run_start, offset - run_start));
        run_start = offset + line.size();
      }
      offset += line.size();
    });
    sink.Append(part.substr(run_start));
  }
  return dropped;
}

FamilyBlocks BuildFamilyBlocks(const Result& result, MetaInterner& interner, BuildStats* stats) {
  // Group the result's families by exposed name: a collector may add to one name through two
  // Family entries (interleaved Add calls) or, by mistake, through two descs.
  std::vector<const Family*> families;
  for (const Family& family : result.families()) {
    if (family.desc != nullptr && !family.samples.empty()) families.push_back(&family);
  }
  std::stable_sort(families.begin(), families.end(), [](const Family* a, const Family* b) {
    return BaseName(*a->desc) < BaseName(*b->desc);
  });

  FamilyBlocks blocks;
  for (std::size_t i = 0; i < families.size();) {
    const MetricDesc& first = *families[i]->desc;
    std::string_view name = BaseName(first);
    std::size_t group_end = i;
    while (group_end < families.size() && BaseName(*families[group_end]->desc) == name) {
      ++group_end;
    }
    std::size_t group_samples = 0;
    for (std::size_t k = i; k < group_end; ++k) group_samples += families[k]->samples.size();

    if (!IsValidMetricName(name)) {
      log::Error("snapshot: invalid metric name, samples dropped", {{"metric", name}});
      stats->invalid_dropped += group_samples;
      i = group_end;
      continue;
    }
    FamilyBlock block;
    block.meta = interner.Intern(name, first.help, first.type);
    const std::string sample_name = SampleName(*block.meta);
    std::string lines;
    for (std::size_t k = i; k < group_end; ++k) {
      const MetricDesc& desc = *families[k]->desc;
      if (desc.type != first.type) {
        log::Error("snapshot: metric declared with two types, later samples dropped",
                   {{"metric", name}});
        stats->invalid_dropped += families[k]->samples.size();
        continue;
      }
      if (!LabelNamesValid(desc)) {
        stats->invalid_dropped += families[k]->samples.size();
        continue;
      }
      for (const Sample& sample : families[k]->samples) {
        AppendSampleLine(lines, sample_name, desc, sample);
      }
    }
    i = group_end;
    if (lines.empty()) continue;

    block.lines.reserve(lines.size());
    StringSink sink(&block.lines);
    std::string first_duplicate;
    std::size_t duplicates = AppendWithoutDuplicateSeries({lines}, sink, &first_duplicate);
    if (duplicates > 0) {
      const std::string count = std::to_string(duplicates);
      log::Warn("snapshot: duplicate series in one result, first kept",
                {{"series", first_duplicate}, {"dropped", count}});
      stats->duplicates_dropped += duplicates;
    }
    block.lines.shrink_to_fit();
    block.samples =
        static_cast<std::size_t>(std::count(block.lines.begin(), block.lines.end(), '\n'));
    blocks.push_back(std::move(block));
  }
  return blocks;
}

}  // namespace awsgov::snapshot
