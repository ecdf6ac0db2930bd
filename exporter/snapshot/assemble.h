// Assembles the cached part of /metrics from every target's blocks and statuses: all families
// sorted by name, each with one header, its lines merged across targets in Target order, the same
// series emitted once (the first wins), plus the per-target health families.
// Thread-safety: pure function over immutable inputs; thread-safe.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "exporter/snapshot/family_block.h"
#include "exporter/snapshot/sink.h"
#include "exporter/snapshot/store.h"

namespace awsgov::snapshot {

struct TargetSnapshot {
  TargetStatus status;
  std::shared_ptr<const FamilyBlocks> blocks;  // null until the first success
};

struct AssemblyStats {
  std::size_t duplicates_dropped = 0;      // same series from two targets
  std::size_t type_conflicts_dropped = 0;  // same family name with another type
  std::string first_duplicate;             // for the log line
  std::vector<std::string> family_names;   // sorted; for a counter without "_total"
};

// `targets` must be sorted by Target.
void AssembleExposition(const std::vector<TargetSnapshot>& targets, ExpositionFormat format,
                        ByteSink& sink, AssemblyStats* stats);

// The three per-target health families, for targets that have run (in the order given).
FamilyBlocks BuildHealthBlocks(const std::vector<TargetSnapshot>& targets);

}  // namespace awsgov::snapshot
