// One loaded configuration and everything built from it: the enabled collectors, the AWS client
// factory and the targets. A reload builds a new Generation next to the running one and swaps
// it in only when it is complete and valid, so a bad file never disturbs the running exporter.
// Thread-safety: immutable once built; shared between threads through shared_ptr<const>.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "exporter/app/flags.h"
#include "exporter/aws/client.h"
#include "exporter/config/config.h"
#include "exporter/core/collector.h"
#include "exporter/inventory/instance_inventory.h"
#include "exporter/scheduler/scheduled_target.h"

namespace awsgov {

struct Generation {
  std::shared_ptr<const config::Config> config;
  std::map<std::string, std::shared_ptr<Collector>, std::less<>> collectors;  // enabled only
  std::shared_ptr<aws::ClientFactory> aws;
  std::vector<scheduler::ScheduledTarget> targets;
  // Each target's interval by Target::Key() (CollectContext::interval).
  std::map<std::string, std::chrono::milliseconds, std::less<>> intervals;
  // Shared by the collectors' runs of this generation (CollectContext::instances); a new
  // generation starts empty, since its endpoints or roles may differ.
  std::shared_ptr<inventory::InstanceInventory> instances =
      std::make_shared<inventory::InstanceInventory>();
};

// Whether a collector runs: a command-line flag wins, then the config's `enabled`, then the
// collector's default.
bool CollectorEnabled(const CollectorInfo& info, const config::Config& config, const Flags& flags);

// Expands collector × account × region per each collector's scope. Interval: the collector's
// config, else scheduler.default_interval; timeout: the collector's, else
// scheduler.default_timeout, else the interval.
std::vector<scheduler::ScheduledTarget> ExpandTargets(
    const config::Config& config,
    const std::map<std::string, std::shared_ptr<Collector>, std::less<>>& collectors);

// Builds the collectors of `config` (validating their options into `errors`) and the targets.
// The AWS factory is left to the caller. Returns false when `errors` is not empty.
bool BuildGeneration(std::shared_ptr<const config::Config> config, const Flags& flags,
                     Generation* out, config::ErrorList* errors);

}  // namespace awsgov
