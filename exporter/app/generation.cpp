#include "exporter/app/generation.h"

#include <set>

namespace awsgov {

bool CollectorEnabled(const CollectorInfo& info, const config::Config& config, const Flags& flags) {
  std::string name(info.name);
  if (auto it = flags.collector_overrides.find(name); it != flags.collector_overrides.end()) {
    return it->second;
  }
  if (auto it = config.collectors.find(name); it != config.collectors.end() && it->second.enabled) {
    return *it->second.enabled;
  }
  return info.enabled_by_default;
}

std::vector<scheduler::ScheduledTarget> ExpandTargets(
    const config::Config& config,
    const std::map<std::string, std::shared_ptr<Collector>, std::less<>>& collectors) {
  std::vector<scheduler::ScheduledTarget> targets;
  for (const auto& [collector_name, collector] : collectors) {
    // A plain reference for the lambda below: clang 14 (the fuzz build) cannot capture a
    // structured binding, a C++20 feature it lacks.
    const std::string& name = collector_name;
    std::chrono::seconds interval = config.scheduler.default_interval;
    std::optional<std::chrono::seconds> timeout = config.scheduler.default_timeout;
    if (auto it = config.collectors.find(name); it != config.collectors.end()) {
      if (it->second.interval) interval = *it->second.interval;
      if (it->second.timeout) timeout = *it->second.timeout;
    }
    auto add = [&](const std::string& account, const std::string& region) {
      targets.push_back(scheduler::ScheduledTarget{Target{name, account, region}, interval,
                                                   timeout.value_or(interval)});
    };
    switch (collector->scope()) {
      case TargetScope::kOnce:
        add(kNoAccount, kGlobalRegion);
        break;
      case TargetScope::kAccount:
        for (const auto& account : config.accounts) add(account.id, kGlobalRegion);
        break;
      case TargetScope::kAccountRegion:
        for (const auto& account : config.accounts) {
          const auto& regions = account.regions.empty() ? config.regions : account.regions;
          // A region listed twice would make two identical targets; the set keeps one.
          for (const auto& region : std::set<std::string>(regions.begin(), regions.end())) {
            add(account.id, region);
          }
        }
        break;
    }
  }
  return targets;
}

bool BuildGeneration(std::shared_ptr<const config::Config> config, const Flags& flags,
                     Generation* out, config::ErrorList* errors) {
  out->config = config;
  for (const CollectorInfo& info : AllCollectors()) {
    if (!CollectorEnabled(info, *config, flags)) continue;
    config::CollectorConfig collector_config;
    if (auto it = config->collectors.find(std::string(info.name)); it != config->collectors.end()) {
      collector_config = it->second;
    } else {
      collector_config.name = std::string(info.name);
      collector_config.file = config->file;
      collector_config.path = "collectors." + std::string(info.name) + ".options";
    }
    std::unique_ptr<Collector> collector = info.create(collector_config, errors);
    if (collector) out->collectors.emplace(std::string(info.name), std::move(collector));
  }
  if (!errors->empty()) return false;
  out->targets = ExpandTargets(*config, out->collectors);
  if (flags.testing_collection_interval.count() > 0) {
    for (auto& target : out->targets) target.interval = flags.testing_collection_interval;
  }
  for (const auto& target : out->targets) out->intervals[target.target.Key()] = target.interval;
  return true;
}

}  // namespace awsgov
