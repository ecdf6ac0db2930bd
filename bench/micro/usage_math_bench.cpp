// The ipam usage math for 100,000 subnets: 1,000 VPC /16 blocks with 100 /24 subnets each,
// parsed from text and covered, as the collector does per account and region.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "collectors/ipam/cidr.h"

namespace awsgov::bench {
namespace {

void BM_UsageMath100kSubnets(benchmark::State& state) {
  std::vector<std::string> vpcs;
  std::vector<std::vector<std::string>> subnets;
  for (int v = 0; v < 1000; ++v) {
    const std::string prefix = std::to_string(10 + v / 256) + "." + std::to_string(v % 256) + ".";
    vpcs.push_back(prefix + "0.0/16");
    auto& list = subnets.emplace_back();
    for (int s = 0; s < 100; ++s) list.push_back(prefix + std::to_string(s) + ".0/24");
  }
  for (auto _ : state) {
    double total = 0;
    for (std::size_t v = 0; v < vpcs.size(); ++v) {
      auto block = ipam::ParseCidr(vpcs[v]);
      std::vector<ipam::Cidr> parts;
      parts.reserve(subnets[v].size());
      for (const auto& s : subnets[v]) parts.push_back(*ipam::ParseCidr(s));
      total += ipam::CoveredUnits(*block, parts) / block->UnitCount();
    }
    benchmark::DoNotOptimize(total);
  }
  state.counters["subnets/s"] = benchmark::Counter(static_cast<double>(state.iterations() * 100000),
                                                   benchmark::Counter::kIsRate);
}
BENCHMARK(BM_UsageMath100kSubnets)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace awsgov::bench
