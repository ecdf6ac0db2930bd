#include "collectors/exporter_self/exporter_collector.h"

#include <chrono>

#include "exporter/config/config.h"
#include "exporter/config/yaml_reader.h"

namespace awsgov {

const MetricDesc kAccountInfo{
    "awsgov_account_info",
    "Accounts the exporter monitors, 1 each, with their name (from the config or Organizations).",
    MetricType::kGauge,
    {"account_id", "account_name"}};

namespace {

// Thread-safety: stateless; Collect reads only the run's immutable config.
class ExporterCollector final : public Collector {
 public:
  TargetScope scope() const override { return TargetScope::kOnce; }

  Status Collect(const CollectContext& ctx, Result* out) override {
    if (ctx.config == nullptr) return Internal("exporter collector: no config");
    for (const auto& account : ctx.config->accounts) {
      out->Add(kAccountInfo, {account.id, account.name}, 1);
    }
    return Status::Ok();
  }
};

}  // namespace

CollectorInfo ExporterCollectorInfo() {
  return CollectorInfo{
      .name = "exporter",
      .description = "the exporter's own facts: monitored accounts (no AWS calls)",
      .enabled_by_default = true,
      .default_interval = std::chrono::minutes(1),
      .metrics = {&kAccountInfo},
      .aws_actions = {},
      .create = [](const config::CollectorConfig& cfg,
                   config::ErrorList* errors) -> std::unique_ptr<Collector> {
        config::MapReader options(cfg.options, cfg.path, errors);
        options.Finish();  // it has no options: any key is unknown
        return std::make_unique<ExporterCollector>();
      },
  };
}

}  // namespace awsgov
