// The application: loads the configuration, builds collectors and targets, runs the scheduler,
// keeps results in the snapshot store and serves them over HTTP. Reloads (SIGHUP or POST
// /-/reload) build a complete new Generation and swap it in only when valid.
// Thread-safety: Start and Shutdown from the main thread; Reload, ready and the run function
// are called from any thread (HTTP workers, the signal loop, scheduler workers).
#pragma once

#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/registry.h>

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "exporter/app/flags.h"
#include "exporter/app/generation.h"
#include "exporter/app/ha_lease.h"
#include "exporter/http/server.h"
#include "exporter/scheduler/scheduler.h"
#include "exporter/snapshot/store.h"

namespace awsgov {

class AwsRuntime;  // aws_runtime.h: what all AWS clients share (transport, metrics, quota)

class App {
 public:
  // `inline_config`: YAML used instead of --config.file (the embedded demo). `web_config`: the
  // loaded --web.config.file (null: plain HTTP, no authentication).
  App(Flags flags, std::optional<std::string> inline_config,
      std::shared_ptr<const http::WebConfig> web_config = nullptr);
  ~App();

  Status Start();
  // Re-reads the configuration; on error the running generation stays and the error is returned.
  Status Reload();
  void Shutdown(std::chrono::milliseconds grace);
  bool ready() const { return ready_.load(); }

 private:
  Status LoadGeneration(std::shared_ptr<const Generation>* out);
  Status Apply(std::shared_ptr<const Generation> generation);
  void RunTarget(const Target& target, Clock::time_point deadline,
                 const std::atomic<bool>& cancelled);
  std::shared_ptr<const Generation> current() const;
  void RecordReload(bool ok);
  std::vector<prometheus::MetricFamily> CollectSelfMetrics();
  // HA: whether this replica collects `collector` now (always without --ha.lease-table).
  bool Collects(const std::string& collector) const;
  bool Leader() const;
  // One acquire-or-renew of the lease with the current generation's AWS client.
  void StepLease();
  void ElectorLoop();
  void StopElector();

  const Flags flags_;
  const std::optional<std::string> inline_config_;
  const std::shared_ptr<const http::WebConfig> web_config_;

  std::shared_ptr<prometheus::Registry> registry_;
  prometheus::Gauge* reload_successful_;
  prometheus::Gauge* reload_success_timestamp_;
  prometheus::Counter* skipped_runs_;
  prometheus::Counter* deadline_exceeded_;
  prometheus::Family<prometheus::Counter>* dropped_samples_;
  std::uint64_t last_duplicates_ = 0;
  std::uint64_t last_invalid_ = 0;
  std::uint64_t last_skipped_ = 0;
  std::uint64_t last_deadline_exceeded_ = 0;
  std::mutex self_metrics_mu_;

  std::unique_ptr<AwsRuntime> aws_runtime_;
  SnapshotStore store_;
  std::unique_ptr<scheduler::Scheduler> scheduler_;
  std::unique_ptr<http::HttpServer> server_;

  mutable std::mutex generation_mu_;
  std::shared_ptr<const Generation> generation_;
  std::mutex reload_mu_;  // one reload at a time
  std::atomic<bool> ready_{false};

  prometheus::Gauge* ha_leader_;
  std::unique_ptr<HaLease> lease_;  // null without --ha.lease-table; used by the elector thread
  std::thread elector_;
  std::mutex elector_mu_;
  std::condition_variable elector_cv_;
  bool elector_stop_ = false;  // guarded by elector_mu_
};

}  // namespace awsgov
