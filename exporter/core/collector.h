// The one collector interface. A collector turns one target (account × region) into a Result.
// Collectors register in collectors/registry.cpp; flags, config keys and docs come from that list.
// Thread-safety: Collect() is called concurrently for distinct targets and must be thread-safe;
// the scheduler never runs two collections of the same target at once.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string_view>
#include <vector>

#include "exporter/core/http_route.h"
#include "exporter/core/metric.h"
#include "exporter/core/status.h"
#include "exporter/core/target.h"

namespace awsgov {

namespace aws {
class ClientFactory;
}
namespace inventory {
class InstanceInventory;
}
namespace config {
struct Config;
struct CollectorConfig;
class ErrorList;
}  // namespace config

// Which targets a collector expands to.
enum class TargetScope {
  kAccountRegion,  // one target per account and region
  kAccount,        // one target per account, region "global"
  kOnce,           // a single target, account "-", region "global" (no AWS, or org-wide)
};

struct CollectContext {
  Target target;
  std::chrono::steady_clock::time_point deadline;
  const std::atomic<bool>* cancelled = nullptr;  // set on shutdown; long loops check it
  aws::ClientFactory* aws = nullptr;             // null for collectors that need no AWS
  const config::Config* config = nullptr;        // the config this run belongs to
  // The EC2 instances shared by the collectors of this generation (one listing per account x
  // region and cycle, exporter/inventory); null: a collector lists on its own.
  inventory::InstanceInventory* instances = nullptr;
  // The target's interval (zero when unknown: a context built by hand).
  std::chrono::milliseconds interval{0};

  bool Cancelled() const { return cancelled != nullptr && cancelled->load(); }
  // How old data shared between runs may be for this run: `limit`, and never more than half the
  // target's interval when it is known, so that a run never reuses data of an earlier cycle
  // (whatever the intervals of the other runs sharing it).
  std::chrono::steady_clock::duration SharedDataMaxAge(
      std::chrono::steady_clock::duration limit) const {
    if (interval.count() <= 0) return limit;
    return std::min<std::chrono::steady_clock::duration>(limit, interval / 2);
  }
};

class Collector {
 public:
  virtual ~Collector() = default;
  virtual TargetScope scope() const = 0;
  // Fills `out` for ctx.target. On error the partial result is discarded by the caller and the
  // target's last good result stays exposed (marked failed).
  virtual Status Collect(const CollectContext& ctx, Result* out) = 0;
  // HTTP endpoints this collector serves on the exporter's server (see http_route.h); none by
  // default. Called for each request the server does not serve itself, so keep it cheap.
  virtual std::vector<HttpRoute> Routes() const { return {}; }
  // Called once with the generation's AWS client factory after the collector is built and
  // before it is shared (no Collect or route runs yet), for collectors that call AWS outside a
  // collection (sg_changes' review state in DynamoDB serves the review API). Default: ignored.
  virtual void AttachAws(std::shared_ptr<aws::ClientFactory> /*factory*/) {}
};

// One AWS API action a collector may call, as IAM spells it ("ec2:DescribeSubnets"), for
// --print-iam-policy. `option` and `value` narrow it to one option setting: the action is needed
// only when collectors.<name>.options.<option> (a dotted path for nested maps) equals `value`
// ("*": is present at all); both empty: always needed when the collector is enabled.
// `named_accounts`: called only in accounts the options name (an administrator account, a
// table's account, image owners), through the same member-account role, not in every target.
struct AwsAction {
  std::string_view action;
  std::string_view option = {};
  std::string_view value = {};
  bool named_accounts = false;
};

struct CollectorInfo {
  std::string_view name;         // flag --collector.<name>, config key collectors.<name>
  std::string_view description;  // one line, for --help and the docs
  bool enabled_by_default;
  std::chrono::seconds default_interval;
  // The metrics it can emit, for docs and tests.
  std::vector<const MetricDesc*> metrics;
  // Every AWS action it can call (a test checks the calls made in the test suite against them).
  std::vector<AwsAction> aws_actions;
  // Builds the collector from its config section, validating `options` strictly; problems go to
  // `errors` (with file, line, column, key path) and then the returned pointer may be null.
  std::function<std::unique_ptr<Collector>(const config::CollectorConfig&, config::ErrorList*)>
      create;
};

// The one list, defined in collectors/registry.cpp, sorted by name.
const std::vector<CollectorInfo>& AllCollectors();
const CollectorInfo* FindCollector(std::string_view name);

}  // namespace awsgov
