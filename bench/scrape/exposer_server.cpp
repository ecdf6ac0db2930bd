// Bench-only comparison program: the same synthetic series as bench_scrape_server, registered as
// prometheus-cpp gauges and served by prometheus-cpp's Exposer (civetweb too, 8 threads like the
// exporter's server), which serialises the whole registry on every scrape.
// Usage: bench_exposer_server <series>; prints "ready port=<port> series=<n>", serves until stdin
// closes.
#include <prometheus/exposer.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/registry.h>

#include <cstdlib>
#include <iostream>
#include <map>
#include <memory>
#include <string>

#include "bench/scrape/synthetic_series.h"

namespace awsgov::bench {
namespace {

int Run(std::size_t total) {
  auto registry = std::make_shared<prometheus::Registry>();
  std::vector<prometheus::Family<prometheus::Gauge>*> families;
  for (const auto& f : kSyntheticFamilies) {
    families.push_back(&prometheus::BuildGauge().Name(f.name).Help(f.help).Register(*registry));
  }
  const int per = SyntheticPerTargetPerFamily(total);
  std::size_t series = 0;
  for (int t = 0; t < kSyntheticTargets; ++t) {
    for (int f = 0; f < 2; ++f) {
      for (int i = 0; i < per; ++i) {
        const std::vector<std::string> values = SyntheticLabels(t, i);
        std::map<std::string, std::string> labels;
        for (std::size_t l = 0; l < values.size(); ++l) labels[kSyntheticLabelNames[l]] = values[l];
        families[f]->Add(labels).Set(SyntheticValue(t, i, f));
        ++series;
      }
    }
  }
  prometheus::Exposer exposer("127.0.0.1:0", 8);
  exposer.RegisterCollectable(registry);
  std::cout << "ready port=" << exposer.GetListeningPorts().at(0) << " series=" << series
            << std::endl;
  std::string line;
  while (std::getline(std::cin, line)) {
  }
  return 0;
}

}  // namespace
}  // namespace awsgov::bench

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: bench_exposer_server <series>\n";
    return 2;
  }
  return awsgov::bench::Run(std::strtoull(argv[1], nullptr, 10));
}
