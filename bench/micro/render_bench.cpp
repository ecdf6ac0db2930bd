// The snapshot store with 100k and 1M series (100 targets): Update (samples rendered to text once
// per run), the first Render after a change (assembly), and a cached Render (what a scrape costs).
#include <benchmark/benchmark.h>

#include <string>

#include "exporter/snapshot/store.h"

namespace awsgov::bench {
namespace {

const MetricDesc kUsage{
    "awsgov_subnet_ip_usage_ratio",
    "Used share of the subnet's addresses.",
    MetricType::kGauge,
    {"account_id", "region", "vpc_id", "subnet_id", "cidr", "availability_zone"}};

Result TargetResult(const Target& t, int series) {
  Result r;
  for (int i = 0; i < series; ++i) {
    r.Add(kUsage,
          {t.account_id, t.region, "vpc-0123456789abcdef0", "subnet-" + std::to_string(1000000 + i),
           "10." + std::to_string(i / 256 % 256) + "." + std::to_string(i % 256) + ".0/24",
           "eu-west-1a"},
          (i % 1000) / 1000.0);
  }
  return r;
}

std::vector<Target> Targets() {
  std::vector<Target> targets;
  for (int i = 0; i < 100; ++i) {
    targets.push_back(Target{"ipam", std::to_string(100000000000 + i), "eu-west-1"});
  }
  return targets;
}

void Fill(SnapshotStore& store, int series) {
  const auto targets = Targets();
  store.SetTargets(targets);
  for (const auto& t : targets) {
    store.Update(t, Status::Ok(), TargetResult(t, series / 100), 1);
  }
}

void BM_UpdateTargets(benchmark::State& state) {
  const int series = static_cast<int>(state.range(0));
  const auto targets = Targets();
  std::vector<Result> results;
  for (const auto& t : targets) results.push_back(TargetResult(t, series / 100));
  SnapshotStore store;
  store.SetTargets(targets);
  for (auto _ : state) {
    for (std::size_t i = 0; i < targets.size(); ++i) {
      store.Update(targets[i], Status::Ok(), results[i], 1);
    }
  }
  state.counters["series/s"] = benchmark::Counter(static_cast<double>(state.iterations() * series),
                                                  benchmark::Counter::kIsRate);
}
BENCHMARK(BM_UpdateTargets)->Arg(100000)->Arg(1000000)->Unit(benchmark::kMillisecond);

void BM_RenderAfterChange(benchmark::State& state) {
  const int series = static_cast<int>(state.range(0));
  const bool gzip = state.range(1) != 0;
  SnapshotStore store;
  Fill(store, series);
  const Target changed{"ipam", "100000000000", "eu-west-1"};
  const Result again = TargetResult(changed, series / 100);
  std::size_t bytes = 0;
  for (auto _ : state) {
    state.PauseTiming();
    store.Update(changed, Status::Ok(), again, 1);  // one target changes per iteration
    state.ResumeTiming();
    Exposition e = store.Render(ExpositionFormat::kText004, gzip);
    bytes = e.cached->size() + e.tail.size();
    benchmark::DoNotOptimize(e);
  }
  state.counters["bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_RenderAfterChange)
    ->Args({100000, 0})
    ->Args({100000, 1})
    ->Args({1000000, 0})
    ->Unit(benchmark::kMillisecond);

void BM_RenderCached(benchmark::State& state) {
  SnapshotStore store;
  Fill(store, static_cast<int>(state.range(0)));
  store.Render(ExpositionFormat::kText004, true);
  for (auto _ : state) {
    Exposition e = store.Render(ExpositionFormat::kText004, true);
    benchmark::DoNotOptimize(e);
  }
}
BENCHMARK(BM_RenderCached)->Arg(100000)->Arg(1000000)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace awsgov::bench
