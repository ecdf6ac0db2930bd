// JSON-protocol pages: a 1,000-item DynamoDB Scan page (the inventory tables the collectors read)
// through the protocol's parse, as a collector receives it.
#include <benchmark/benchmark.h>

#include <nlohmann/json.hpp>

#include "exporter/aws/http.h"
#include "exporter/aws/protocol_json.h"

namespace awsgov::bench {
namespace {

std::string ScanPage(int items) {
  nlohmann::json page;
  page["Count"] = items;
  page["ScannedCount"] = items;
  auto& list = page["Items"] = nlohmann::json::array();
  for (int i = 0; i < items; ++i) {
    list.push_back({{"AccountId", {{"S", std::to_string(100000000000 + i)}}},
                    {"VpcId", {{"S", "vpc-" + std::to_string(1000000 + i)}}},
                    {"TransitGatewayId", {{"S", "tgw-0123456789abcdef0"}}},
                    {"Type", {{"S", "vpc"}}},
                    {"Cidrs", {{"L", {{{"S", "10.0.0.0/16"}}, {{"S", "10.1.0.0/16"}}}}}}});
  }
  page["LastEvaluatedKey"] = {{"AccountId", {{"S", "100000000999"}}}};
  return page.dump();
}

void BM_ParseDynamoDbScan1000(benchmark::State& state) {
  aws::HttpResponse response{200, {}, ScanPage(1000)};
  for (auto _ : state) {
    nlohmann::json out;
    Status s = aws::ParseJsonResponse(response, &out);
    if (!s.ok()) state.SkipWithError(s.ToString().c_str());
    benchmark::DoNotOptimize(out);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * response.body.size()));
}
BENCHMARK(BM_ParseDynamoDbScan1000);

}  // namespace
}  // namespace awsgov::bench
