#include <chrono>
#include <memory>

#include "collectors/sg_changes/sg_collector.h"
#include "collectors/sg_changes/sg_metrics.h"
#include "collectors/sg_changes/sg_options.h"
#include "collectors/sg_changes/sqlite_store.h"
#include "exporter/config/config.h"
#include "exporter/config/errors.h"

namespace awsgov {

CollectorInfo SgChangesCollectorInfo() {
  CollectorInfo info;
  info.name = "sg_changes";
  info.description =
      "Security-group rule changes from CloudTrail (LookupEvents or Lake) waiting for review, "
      "with review state in SQLite, a review page and API, and opt-in revert of denied rules";
  info.enabled_by_default = false;  // needs a state file and reviewers
  info.default_interval = std::chrono::minutes(5);
  info.metrics = sg::AllSgMetrics();
  info.create = [](const config::CollectorConfig& collector,
                   config::ErrorList* errors) -> std::unique_ptr<Collector> {
    std::optional<sg::SgOptions> options = sg::ParseSgOptions(collector, errors);
    if (!options) return nullptr;
    std::unique_ptr<sg::SqliteStore> store;
    Status status = sg::SqliteStore::Open(options->state_file, &store);
    if (!status.ok()) {
      errors->Add(0, 0, collector.path + ".state_file", status.message());
      return nullptr;
    }
    std::optional<std::string> token;
    std::optional<sg::SlackSettings> slack;
    if (!sg::ReadReviewSecrets(*options, collector.path, errors, &token, &slack)) return nullptr;
    auto created = std::make_unique<sg::SgChangesCollector>(std::move(*options), std::move(store));
    created->EnableReview(std::move(token), std::move(slack));
    return created;
  };
  return info;
}

}  // namespace awsgov
