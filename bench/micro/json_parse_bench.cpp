// JSON-protocol pages: a 1,000-item DynamoDB Scan page (the inventory tables the collectors read)
// through the protocol's parse, as a collector receives it; and Inspector's ListCoverage pages
// (REST-JSON, at most 200 items per page, and 1,000 items) parsed and folded into the coverage
// map as the inspector_coverage collector does.
#include <benchmark/benchmark.h>

#include <nlohmann/json.hpp>

#include "collectors/inspector_coverage/inspector_api.h"
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

std::string CoveragePage(int items, const std::string& account) {
  nlohmann::json page;
  auto& list = page["coveredResources"] = nlohmann::json::array();
  for (int i = 0; i < items; ++i) {
    list.push_back({{"accountId", account},
                    {"resourceId", "i-0" + std::to_string(1000000000000000 + i)},
                    {"resourceType", "AWS_EC2_INSTANCE"},
                    {"scanType", "PACKAGE"},
                    {"scanMode", "EC2_SSM_AGENT_BASED"},
                    {"scanStatus", {{"statusCode", "ACTIVE"}, {"reason", "SUCCESSFUL"}}},
                    {"resourceMetadata",
                     {{"ec2",
                       {{"amiId", "ami-0123456789abcdef0"},
                        {"platform", "LINUX"},
                        {"tags", {{"Name", "web-" + std::to_string(i)}}}}}}},
                    {"lastScannedAt", 1.7e9}});
  }
  page["nextToken"] = "token-2";
  return page.dump();
}

void BM_ParseListCoveragePage(benchmark::State& state) {
  const std::string account = "111111111111";
  aws::HttpResponse response{200, {}, CoveragePage(static_cast<int>(state.range(0)), account)};
  for (auto _ : state) {
    nlohmann::json page;
    Status s = aws::ParseJsonResponse(response, &page);
    if (!s.ok()) state.SkipWithError(s.ToString().c_str());
    inspector::CoverageByInstance coverage;
    std::string token = inspector::AddCoveragePage(page, account, &coverage);
    if (coverage.size() != static_cast<std::size_t>(state.range(0))) {
      state.SkipWithError("not every item was read");
    }
    benchmark::DoNotOptimize(token);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * response.body.size()));
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_ParseListCoveragePage)->Arg(200)->Arg(1000);

}  // namespace
}  // namespace awsgov::bench
