// Bench-only program: the exporter's real serving path (HttpServer + SnapshotStore, the handlers
// wired as exporter/app does) holding N synthetic series, so that a load tool can scrape it.
// Usage: bench_scrape_server <series> [listen address, default 127.0.0.1:0]
// Prints "ready port=<port> series=<n>" once filled and rendered, then serves until stdin closes
// (so that it never outlives the driver).
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>

#include "bench/scrape/synthetic_series.h"
#include "exporter/core/metric.h"
#include "exporter/http/server.h"
#include "exporter/snapshot/store.h"

namespace awsgov::bench {
namespace {

int Run(std::size_t total, const std::string& listen) {
  static const MetricDesc kDescs[] = {
      {kSyntheticFamilies[0].name,
       kSyntheticFamilies[0].help,
       MetricType::kGauge,
       {kSyntheticLabelNames.begin(), kSyntheticLabelNames.end()}},
      {kSyntheticFamilies[1].name,
       kSyntheticFamilies[1].help,
       MetricType::kGauge,
       {kSyntheticLabelNames.begin(), kSyntheticLabelNames.end()}},
  };
  SnapshotStore store;
  std::vector<Target> targets;
  for (int t = 0; t < kSyntheticTargets; ++t) {
    targets.push_back(Target{"ipam", SyntheticAccount(t), SyntheticRegion(t)});
  }
  store.SetTargets(targets);
  const int per = SyntheticPerTargetPerFamily(total);
  std::size_t series = 0;
  // One Result per target at a time, as the scheduler hands a collector run's result to the store.
  for (int t = 0; t < kSyntheticTargets; ++t) {
    Result result;
    for (int f = 0; f < 2; ++f) {
      for (int i = 0; i < per; ++i)
        result.Add(kDescs[f], SyntheticLabels(t, i), SyntheticValue(t, i, f));
    }
    series += result.sample_count();
    store.Update(targets[t], Status::Ok(), result, 0.1);
  }
  http::ServerOptions options;
  options.listen_address = listen;
  http::HttpHandlers handlers;
  handlers.metrics = [&store](ExpositionFormat f, bool gzip) { return store.Render(f, gzip); };
  handlers.targets = [&store] { return store.Statuses(); };
  http::HttpServer server(options, handlers);
  if (Status s = server.Start(); !s.ok()) {
    std::cerr << s.ToString() << "\n";
    return 1;
  }
  // The first scrape after a change assembles the exposition; do it before the load starts, as a
  // long-running exporter has between changes. Only gzip, what Prometheus asks for: an
  // uncompressed scrape builds (and keeps) its own copy when it first comes.
  store.Render(ExpositionFormat::kText004, true);
  std::cout << "ready port=" << server.port() << " series=" << series << std::endl;
  std::string line;
  while (std::getline(std::cin, line)) {
  }
  server.Stop();
  return 0;
}

}  // namespace
}  // namespace awsgov::bench

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: bench_scrape_server <series> [listen address]\n";
    return 2;
  }
  return awsgov::bench::Run(std::strtoull(argv[1], nullptr, 10),
                            argc > 2 ? argv[2] : "127.0.0.1:0");
}
