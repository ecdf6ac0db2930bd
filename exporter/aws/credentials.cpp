#include "exporter/aws/credentials.h"

#include <cstdlib>

#include "exporter/aws/aws_client.h"
#include "exporter/aws/credentials_chain.h"

namespace awsgov::aws {

Getenv ProcessEnvironment() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* value = std::getenv(name.c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
}

namespace {

// Keeps the resolver that MakeDefaultCredentialsChain had to create alive as long as the chain.
class ChainWithResolver final : public CredentialsProvider {
 public:
  ChainWithResolver(std::shared_ptr<EndpointResolver> resolver, ChainOptions options)
      : resolver_(std::move(resolver)), chain_(std::move(options)) {}
  Status Get(Credentials* out) override { return chain_.Get(out); }
  void Invalidate(const Credentials& rejected) override { chain_.Invalidate(rejected); }
  std::string Source() const override { return chain_.Source(); }

 private:
  std::shared_ptr<EndpointResolver> resolver_;
  DefaultCredentialsChain chain_;
};

}  // namespace

std::unique_ptr<CredentialsProvider> MakeDefaultCredentialsChain(ChainOptions options) {
  std::shared_ptr<EndpointResolver> owned;
  const EndpointResolver* endpoints = options.endpoints;
  if (endpoints == nullptr) {
    owned = std::make_shared<EndpointResolver>(options.getenv, "",
                                               std::map<std::string, std::string>{});
    endpoints = owned.get();
  }
  const ServiceInfo* sts = FindService("sts");
  if (!options.sts_endpoint) {
    options.sts_endpoint = [endpoints, sts](const std::string& region) {
      if (sts == nullptr) return "https://sts." + region + ".amazonaws.com";
      return endpoints->Resolve(*sts, region);
    };
  }
  if (!options.make_sts_client) {
    HttpTransport* http = options.http;
    const Clock* clock = options.clock;
    options.make_sts_client = [http, endpoints, clock](std::shared_ptr<CredentialsProvider> base,
                                                       const std::string& region) {
      ClientOptions client;
      client.region = region;
      client.credentials = std::move(base);
      client.transport = http;
      client.endpoints = endpoints;
      client.clock = clock;
      return MakeClient(std::move(client));
    };
  }
  return std::make_unique<ChainWithResolver>(std::move(owned), std::move(options));
}

}  // namespace awsgov::aws
