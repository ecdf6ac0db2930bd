// SigV4 signing of a typical EC2 query request (DescribeSubnets, one page), with a session token,
// as every AWS call of a collector pays it.
#include <benchmark/benchmark.h>

#include "exporter/aws/http.h"
#include "exporter/aws/sigv4.h"

namespace awsgov::aws {
namespace {

void BM_SignV4DescribeSubnets(benchmark::State& state) {
  Credentials credentials{"ASIAEXAMPLEEXAMPLE12",
                          "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                          std::string(600, 'T'),
                          {}};
  const auto now = std::chrono::system_clock::now();
  for (auto _ : state) {
    HttpRequest request;
    request.method = "POST";
    request.url = "https://ec2.eu-west-1.amazonaws.com/";
    request.headers = {{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}};
    request.body =
        "Action=DescribeSubnets&Version=2016-11-15&MaxResults=1000&Filter.1.Name=owner-id&"
        "Filter.1.Value.1=111111111111&NextToken=eyJ2IjoiMiIsImMiOiJhYmMifQ%3D%3D";
    SignV4(&request, credentials, "eu-west-1", "ec2", now);
    benchmark::DoNotOptimize(request.headers);
  }
}
BENCHMARK(BM_SignV4DescribeSubnets);

}  // namespace
}  // namespace awsgov::aws
