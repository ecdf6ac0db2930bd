// The one list of collectors. Flags (--collector.<name>), config keys (collectors.<name>) and the
// docs' collector table are generated from it. Keep it sorted by name.
#include <algorithm>

#include "collectors/exporter_self/exporter_collector.h"
#include "exporter/core/collector.h"

namespace awsgov {

CollectorInfo AmiReferencesCollectorInfo();      // collectors/ami_references
CollectorInfo InspectorCoverageCollectorInfo();  // collectors/inspector_coverage
CollectorInfo IpamCollectorInfo();               // collectors/ipam
CollectorInfo SgChangesCollectorInfo();          // collectors/sg_changes
CollectorInfo TgwSharesCollectorInfo();          // collectors/tgw_shares

const std::vector<CollectorInfo>& AllCollectors() {
  static const std::vector<CollectorInfo> collectors = [] {
    std::vector<CollectorInfo> list;
    // Each collector's folder defines one `CollectorInfo <Name>CollectorInfo()` function.
    list.push_back(AmiReferencesCollectorInfo());
    list.push_back(ExporterCollectorInfo());
    list.push_back(InspectorCoverageCollectorInfo());
    list.push_back(IpamCollectorInfo());
    list.push_back(SgChangesCollectorInfo());
    list.push_back(TgwSharesCollectorInfo());
    std::sort(list.begin(), list.end(),
              [](const CollectorInfo& a, const CollectorInfo& b) { return a.name < b.name; });
    return list;
  }();
  return collectors;
}

const CollectorInfo* FindCollector(std::string_view name) {
  for (const auto& c : AllCollectors()) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

}  // namespace awsgov
