#include "exporter/app/app.h"

#include <prometheus/family.h>
#include <unistd.h>

#include <chrono>
#include <map>
#include <optional>

#include "exporter/app/aws_runtime.h"
#include "exporter/app/sharding.h"
#include "exporter/core/log.h"
#include "exporter/core/version.h"

namespace awsgov {
namespace {

// The first route of the generation's collectors (in name order, each in its own order) that owns
// `path`; a copy, so it stays valid while the caller holds the generation.
std::optional<HttpRoute> FindRoute(const Generation& generation, const std::string& path) {
  for (const auto& [name, collector] : generation.collectors) {
    for (HttpRoute& route : collector->Routes()) {
      if (route.Owns(path)) return std::move(route);
    }
  }
  return std::nullopt;
}

}  // namespace

App::App(Flags flags, std::optional<std::string> inline_config,
         std::shared_ptr<const http::WebConfig> web_config)
    : flags_(std::move(flags)),
      inline_config_(std::move(inline_config)),
      web_config_(std::move(web_config)),
      registry_(std::make_shared<prometheus::Registry>()) {
  prometheus::BuildGauge()
      .Name("awsgov_build_info")
      .Help("A metric with a constant '1' value labeled by version and revision of the exporter.")
      .Register(*registry_)
      .Add({{"version", kVersion}, {"revision", kRevision}})
      .Set(1);
  prometheus::BuildGauge()
      .Name("awsgov_shard_info")
      .Help(
          "Always 1; which share of the accounts this replica collects (--shard.index of "
          "--shard.count).")
      .Register(*registry_)
      .Add({{"shard_index", std::to_string(flags_.shard.index)},
            {"shard_count", std::to_string(flags_.shard.count)}})
      .Set(1);
  reload_successful_ = &prometheus::BuildGauge()
                            .Name("awsgov_config_last_reload_successful")
                            .Help("Whether the last configuration reload attempt was successful.")
                            .Register(*registry_)
                            .Add({});
  reload_success_timestamp_ = &prometheus::BuildGauge()
                                   .Name("awsgov_config_last_reload_success_timestamp_seconds")
                                   .Help("Timestamp of the last successful configuration reload.")
                                   .Register(*registry_)
                                   .Add({});
  skipped_runs_ = &prometheus::BuildCounter()
                       .Name("awsgov_scheduler_skipped_runs_total")
                       .Help(
                           "Runs not started because the target's previous run was still queued "
                           "or running (the interval is shorter than a collection).")
                       .Register(*registry_)
                       .Add({});
  deadline_exceeded_ = &prometheus::BuildCounter()
                            .Name("awsgov_scheduler_deadline_exceeded_total")
                            .Help("Runs that were still going when their timeout passed.")
                            .Register(*registry_)
                            .Add({});
  dropped_samples_ = &prometheus::BuildCounter()
                          .Name("awsgov_exporter_dropped_samples_total")
                          .Help(
                              "Samples collectors produced that were not exposed: duplicate "
                              "series, or invalid metric or label names (a bug to report).")
                          .Register(*registry_);
  ha_leader_ = &prometheus::BuildGauge()
                    .Name("awsgov_ha_leader")
                    .Help(
                        "1 when this replica collects its shard (it holds the HA lease, or HA is "
                        "off), 0 when it is a follower that makes no collection calls to AWS.")
                    .Register(*registry_)
                    .Add({});
  ha_leader_->Set(1);
  if (!flags_.ha_lease_table.empty()) {
    std::string holder = flags_.ha_replica_id;
    if (holder.empty()) {
      char host[256] = {};
      ::gethostname(host, sizeof host - 1);
      holder = std::string(host) + "-" + std::to_string(::getpid());
    }
    lease_ = std::make_unique<HaLease>(
        HaLeaseOptions{.table = flags_.ha_lease_table,
                       .account_id = flags_.ha_lease_account_id,
                       .region = flags_.ha_lease_region,
                       .key = "lease#shard-" + std::to_string(flags_.shard.index) + "-of-" +
                              std::to_string(flags_.shard.count),
                       .holder = holder,
                       .duration = std::chrono::seconds(flags_.ha_lease_seconds)});
    ha_leader_->Set(0);
  }
  aws_runtime_ = std::make_unique<AwsRuntime>(*registry_);
  store_.SetSelfMetricsSource([this] { return CollectSelfMetrics(); });
}

App::~App() { Shutdown(std::chrono::seconds(0)); }

std::shared_ptr<const Generation> App::current() const {
  std::lock_guard lock(generation_mu_);
  return generation_;
}

Status App::LoadGeneration(std::shared_ptr<const Generation>* out) {
  std::vector<std::string> names;
  for (const auto& c : AllCollectors()) names.emplace_back(c.name);
  std::string file = inline_config_ ? "<demo>" : flags_.config_file;
  config::ErrorList errors(file);
  std::optional<config::Config> parsed = inline_config_
                                             ? config::Parse(*inline_config_, file, names, &errors)
                                             : config::LoadFile(flags_.config_file, names, &errors);
  auto generation = std::make_shared<Generation>();
  if (!parsed) return InvalidArgument("invalid configuration:\n" + errors.ToString());
  auto config = std::make_shared<const config::Config>(std::move(*parsed));
  std::shared_ptr<aws::AwsClientFactory> factory = aws_runtime_->MakeClientFactory(config);
  if (config->discovery.enabled) {
    // Organizations discovery adds accounts to the configured ones; targets are expanded from
    // the merged list, re-read at each reload.
    std::vector<aws::AccountInfo> accounts;
    if (Status s = factory->ListAccounts(&accounts); !s.ok()) {
      return s.WithContext("account discovery");
    }
    config::Config merged = *config;
    for (const auto& a : accounts) {
      if (!a.discovered) continue;
      config::Account account;
      account.id = a.id;
      account.name = a.name;
      account.regions = a.regions;
      account.role_arn = a.role_arn;
      account.external_id = a.external_id;
      merged.accounts.push_back(std::move(account));
    }
    config = std::make_shared<const config::Config>(std::move(merged));
  }
  if (flags_.shard.count > 1) {
    config = std::make_shared<const config::Config>(AccountsOfShard(*config, flags_.shard));
  }
  BuildGeneration(config, flags_, generation.get(), &errors);
  if (!errors.empty()) return InvalidArgument("invalid configuration:\n" + errors.ToString());
  for (const auto& [name, collector] : generation->collectors) collector->AttachAws(factory);
  generation->aws = std::move(factory);
  *out = std::move(generation);
  return Status::Ok();
}

Status App::Apply(std::shared_ptr<const Generation> generation) {
  std::vector<Target> targets;
  std::map<Target, double> intervals;
  for (const auto& t : generation->targets) {
    targets.push_back(t.target);
    intervals[t.target] = std::chrono::duration<double>(t.interval).count();  // ms -> s
  }
  {
    std::lock_guard lock(generation_mu_);
    generation_ = generation;
  }
  store_.SetTargets(targets, intervals);
  if (Status s = scheduler_->SetTargets(generation->targets); !s.ok()) return s;
  log::Info("configuration applied",
            {{"targets", std::to_string(targets.size())},
             {"collectors", std::to_string(generation->collectors.size())},
             {"accounts", std::to_string(generation->config->accounts.size())}});
  return Status::Ok();
}

void App::RecordReload(bool ok) {
  reload_successful_->Set(ok ? 1 : 0);
  if (ok) reload_success_timestamp_->SetToCurrentTime();
}

Status App::Start() {
  std::shared_ptr<const Generation> generation;
  Status loaded = LoadGeneration(&generation);
  RecordReload(loaded.ok());
  if (!loaded.ok()) return loaded;
  {
    std::lock_guard lock(generation_mu_);
    generation_ = generation;  // the lease's first step uses its AWS factory
  }
  if (lease_) StepLease();  // before the first collections, so a leader starts at once

  scheduler::SchedulerOptions options;
  options.workers = generation->config->scheduler.max_concurrency;
  scheduler_ = std::make_unique<scheduler::Scheduler>(
      options,
      [this](const Target& t, Clock::time_point deadline, const std::atomic<bool>& cancelled) {
        RunTarget(t, deadline, cancelled);
      },
      scheduler::SystemWaitableClock::Instance());
  if (Status s = Apply(generation); !s.ok()) return s;

  http::ServerOptions server_options;
  server_options.listen_address = flags_.listen_address;
  server_options.telemetry_path = flags_.telemetry_path;
  server_options.version = kVersion;
  server_options.revision = kRevision;
  server_options.web_config = web_config_;
  // Collectors' routes read bodies: Slack's interaction payloads carry the whole message they
  // came from (often several KiB).
  server_options.max_request_body_bytes = 64 * 1024;
  for (const auto& c : AllCollectors()) server_options.collectors.emplace_back(c.name);
  http::HttpHandlers handlers;
  handlers.metrics = [this](ExpositionFormat f, bool gzip) { return store_.Render(f, gzip); };
  handlers.targets = [this] { return store_.Statuses(); };
  handlers.reload = [this] { return Reload(); };
  handlers.ready = [this] { return ready(); };
  // Collectors' routes, looked up in the generation current at each request (so they follow
  // reloads); the generation is held until the reply is built.
  handlers.routes = [this](const HttpRequest& request, HttpReply* reply) {
    std::shared_ptr<const Generation> generation = current();
    if (generation == nullptr) return false;
    std::optional<HttpRoute> route = FindRoute(*generation, request.path);
    if (!route) return false;
    *reply = route->handle(request);
    return true;
  };
  handlers.route_verifies_itself = [this](const std::string& path) {
    std::shared_ptr<const Generation> generation = current();
    if (generation == nullptr) return false;
    std::optional<HttpRoute> route = FindRoute(*generation, path);
    return route && route->verifies_itself;
  };
  server_ = std::make_unique<http::HttpServer>(server_options, handlers);
  if (Status s = server_->Start(); !s.ok()) return s;
  if (lease_) elector_ = std::thread([this] { ElectorLoop(); });
  ready_.store(true);
  return Status::Ok();
}

Status App::Reload() {
  std::lock_guard lock(reload_mu_);
  std::shared_ptr<const Generation> generation;
  Status s = LoadGeneration(&generation);
  if (s.ok()) s = Apply(generation);
  RecordReload(s.ok());
  if (s.ok()) {
    log::Info("configuration reloaded");
  } else {
    log::Error("configuration reload failed; the previous configuration keeps running",
               {{"error", s.message()}});
  }
  return s;
}

void App::Shutdown(std::chrono::milliseconds grace) {
  ready_.store(false);
  StopElector();
  if (server_) server_->Stop();
  if (scheduler_ && !scheduler_->Stop(grace)) {
    log::Warn("collections still running at shutdown were abandoned");
  }
  if (lease_ && lease_->version() != 0) {
    // Hand over at once rather than after expiry.
    std::shared_ptr<const Generation> generation = current();
    std::shared_ptr<aws::Client> table;
    Status s =
        generation && generation->aws
            ? generation->aws->Get(lease_->options().account_id, lease_->options().region, &table)
            : Internal("no configuration");
    if (s.ok()) s = lease_->Release(*table);
    if (s.ok()) {
      log::Info("HA lease released", {{"lease", lease_->options().key}});
    } else {
      log::Warn("HA lease not released; the other replica takes over at expiry",
                {{"error", s.message()}});
    }
  }
}

bool App::Leader() const {
  if (!lease_) return true;
  const auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  return lease_->Leader(now_ms);
}

bool App::Collects(const std::string& collector) const {
  // The self collector makes no AWS calls and describes this replica: it runs on followers too.
  return collector == "exporter" || Leader();
}

void App::StepLease() {
  std::shared_ptr<const Generation> generation = current();
  std::shared_ptr<aws::Client> table;
  Status s = generation && generation->aws ? generation->aws->Get(lease_->options().account_id,
                                                                  lease_->options().region, &table)
                                           : Internal("no configuration");
  const auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  if (s.ok()) s = lease_->Step(*table, now_ms);
  if (!s.ok()) log::Warn("HA lease step failed", {{"error", s.message()}});
  ha_leader_->Set(Leader() ? 1 : 0);
}

void App::ElectorLoop() {
  const auto period = std::chrono::milliseconds(flags_.ha_lease_seconds * 1000 / 3);
  std::unique_lock lock(elector_mu_);
  while (!elector_cv_.wait_for(lock, period, [this] { return elector_stop_; })) {
    lock.unlock();
    StepLease();
    lock.lock();
  }
}

void App::StopElector() {
  {
    std::lock_guard lock(elector_mu_);
    elector_stop_ = true;
  }
  elector_cv_.notify_all();
  if (elector_.joinable()) elector_.join();
}

void App::RunTarget(const Target& target, Clock::time_point deadline,
                    const std::atomic<bool>& cancelled) {
  std::shared_ptr<const Generation> generation = current();
  auto it = generation->collectors.find(target.collector);
  if (it == generation->collectors.end()) return;  // removed by a reload while queued
  if (!Collects(target.collector)) {
    // An HA follower: no AWS calls; the target keeps what it last collected (if it ever led).
    return;
  }

  // Every line logged on this thread during the run names the target.
  log::ScopedContext context({{"collector", target.collector},
                              {"account_id", target.account_id},
                              {"region", target.region}});
  CollectContext ctx;
  ctx.target = target;
  ctx.deadline = deadline;
  ctx.cancelled = &cancelled;
  ctx.aws = generation->aws.get();
  ctx.config = generation->config.get();
  ctx.instances = generation->instances.get();
  if (auto interval = generation->intervals.find(target.Key());
      interval != generation->intervals.end()) {
    ctx.interval = interval->second;
  }

  Result result;
  auto start = std::chrono::steady_clock::now();
  Status status;
  try {
    status = it->second->Collect(ctx, &result);
  } catch (const std::exception& e) {
    // A collector bug must not take the process down, nor hide the other targets.
    status = Internal(std::string("collector threw: ") + e.what());
  }
  if (status.ok() && cancelled.load()) {
    status = DeadlineExceeded("run cancelled at its deadline or at shutdown");
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  store_.Update(target, status, result, seconds);

  std::string duration = std::to_string(seconds);
  if (status.ok()) {
    log::Debug("collection succeeded", {{"duration_seconds", duration},
                                        {"samples", std::to_string(result.sample_count())}});
  } else {
    log::Warn("collection failed", {{"duration_seconds", duration}, {"error", status.ToString()}});
  }
}

std::vector<prometheus::MetricFamily> App::CollectSelfMetrics() {
  ha_leader_->Set(Leader() ? 1 : 0);  // a stalled elector's lease runs out on its own
  if (scheduler_) {
    // The scheduler's totals are monotonic for its lifetime; fold their growth into the
    // registry's counters.
    std::lock_guard lock(self_metrics_mu_);
    scheduler::SchedulerStats stats = scheduler_->Stats();
    if (stats.runs_skipped > last_skipped_) {
      skipped_runs_->Increment(double(stats.runs_skipped - last_skipped_));
      last_skipped_ = stats.runs_skipped;
    }
    if (stats.deadline_exceeded > last_deadline_exceeded_) {
      deadline_exceeded_->Increment(double(stats.deadline_exceeded - last_deadline_exceeded_));
      last_deadline_exceeded_ = stats.deadline_exceeded;
    }
  }
  {
    std::lock_guard lock(self_metrics_mu_);
    auto fold = [this](const char* reason, std::uint64_t now, std::uint64_t* last) {
      if (now > *last) dropped_samples_->Add({{"reason", reason}}).Increment(double(now - *last));
      *last = now;
    };
    fold("duplicate", store_.DuplicateSamplesDropped(), &last_duplicates_);
    fold("invalid", store_.InvalidSamplesDropped(), &last_invalid_);
  }
  return registry_->Collect();
}

}  // namespace awsgov
