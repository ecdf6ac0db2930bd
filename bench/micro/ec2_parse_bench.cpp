// EC2 query-protocol pages of 1,000 items: the protocol's XML parse alone, and the whole ipam
// VPC/subnet path (parse + field extraction + usage math + samples) over a client that answers
// from memory, so the figure is the exporter's CPU per page with no network.
#include <benchmark/benchmark.h>

#include <pugixml.hpp>

#include "bench/micro/ec2_xml.h"
#include "collectors/ipam/vpc_usage.h"
#include "exporter/aws/http.h"
#include "exporter/aws/protocol_query.h"

namespace awsgov::bench {
namespace {

void ParsePage(benchmark::State& state, std::string_view operation, const std::string& body) {
  aws::HttpResponse response{200, {}, body};
  for (auto _ : state) {
    pugi::xml_document doc;
    Status s = aws::ParseQueryResponse(operation, response, &doc);
    if (!s.ok()) state.SkipWithError(s.ToString().c_str());
    benchmark::DoNotOptimize(doc);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * body.size()));
  state.counters["items/s"] = benchmark::Counter(static_cast<double>(state.iterations() * 1000),
                                                 benchmark::Counter::kIsRate);
}

void BM_ParseDescribeSubnets1000(benchmark::State& state) {
  ParsePage(state, "DescribeSubnets", DescribeSubnetsPage(1000, 50));
}
BENCHMARK(BM_ParseDescribeSubnets1000);

void BM_ParseDescribeInstances1000(benchmark::State& state) {
  ParsePage(state, "DescribeInstances", DescribeInstancesPage(1000));
}
BENCHMARK(BM_ParseDescribeInstances1000);

// A Client that parses canned response bodies through the real protocol code.
class MemoryEc2Client : public aws::Client {
 public:
  MemoryEc2Client(std::string vpcs, std::string subnets)
      : vpcs_{200, {}, std::move(vpcs)}, subnets_{200, {}, std::move(subnets)} {}
  const std::string& account_id() const override { return account_; }
  const std::string& region() const override { return region_; }
  Status Query(std::string_view, std::string_view operation, const aws::QueryParams&,
               pugi::xml_document* out) override {
    return aws::ParseQueryResponse(operation, operation == "DescribeVpcs" ? vpcs_ : subnets_, out);
  }
  Status Json(std::string_view, std::string_view, const nlohmann::json&, nlohmann::json*) override {
    return Internal("not used");
  }
  Status RestJson(std::string_view, std::string_view, std::string_view, std::string_view,
                  const aws::QueryParams&, const nlohmann::json*, nlohmann::json*) override {
    return Internal("not used");
  }

 private:
  std::string account_ = "111111111111";
  std::string region_ = "eu-west-1";
  aws::HttpResponse vpcs_, subnets_;
};

void BM_IpamVpcUsage1000Subnets(benchmark::State& state) {
  MemoryEc2Client client(DescribeVpcsPage(50), DescribeSubnetsPage(1000, 50));
  ipam::IpamOptions options;
  CollectContext ctx;
  ctx.target = Target{"ipam", "111111111111", "eu-west-1"};
  ctx.deadline = std::chrono::steady_clock::now() + std::chrono::hours(24);
  for (auto _ : state) {
    Result result;
    Status s = ipam::CollectVpcUsage(client, options, ctx, &result);
    if (!s.ok()) state.SkipWithError(s.ToString().c_str());
    benchmark::DoNotOptimize(result);
  }
  state.counters["subnets/s"] = benchmark::Counter(static_cast<double>(state.iterations() * 1000),
                                                   benchmark::Counter::kIsRate);
}
BENCHMARK(BM_IpamVpcUsage1000Subnets);

}  // namespace
}  // namespace awsgov::bench
