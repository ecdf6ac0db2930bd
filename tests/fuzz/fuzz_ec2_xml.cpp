// Fuzz target: EC2 / query-protocol XML responses (and their errors) through the real client
// (ParseQueryResponse, ParseQueryError, retries), QueryAllPages and the collectors' XML readers.
// The input is a response script (fuzz_aws.h); its first line picks the driver:
//   ipam           the ipam collector's Collect (DescribeVpcs/Subnets, IPAM scopes, CIDRs, pools)
//   ami            the ami_references collector's Collect in an owner account
//   ami_owner      ListOwnedImages, DescribeLaunchPermissions, DescribeVisibleImageOwners
//   ami_consumer   instance, launch template (both modes) and launch configuration references
//   inspector_ec2  the shared EC2 instance inventory's DescribeInstances reader
//   tgw_ec2        tgw_shares' transit gateways and attachments
//   assume_role    STS AssumeRole and its credentials
//   anything else  QueryAllPages over DescribeVpcs
// Any crash, sanitizer report or exception escaping is a bug in the code under test: bad AWS
// data must end as a Status.
#include <atomic>
#include <cstdint>
#include <pugixml.hpp>

#include "collectors/ami_references/ami_collector.h"
#include "collectors/ami_references/consumer_refs.h"
#include "collectors/ami_references/owner_images.h"
#include "collectors/ipam/ipam_collector.h"
#include "collectors/tgw_shares/transit_gateways.h"
#include "exporter/aws/assume_role.h"
#include "exporter/inventory/ec2_instances.h"
#include "tests/fuzz/fuzz_aws.h"
#include "tests/fuzz/fuzz_log.h"

namespace awsgov::fuzz {
namespace {

constexpr const char* kAccount = "111111111111";
constexpr const char* kRegion = "eu-west-1";

CollectContext Context(ScriptedClientFactory* factory, const char* collector,
                       const std::atomic<bool>* cancelled) {
  CollectContext ctx;
  ctx.target = Target{collector, kAccount, kRegion};
  ctx.aws = factory;
  ctx.cancelled = cancelled;
  return ctx;
}

std::shared_ptr<aws::Client> ClientFor(ScriptedClientFactory* factory) {
  std::shared_ptr<aws::Client> client;
  (void)factory->Get(kAccount, kRegion, &client);
  return client;
}

void Run(const ResponseScript& script) {
  ScriptedClientFactory factory(script.responses);
  std::atomic<bool> cancelled{false};
  const std::string& driver = script.driver;
  if (driver == "ipam") {
    ipam::IpamOptions options;
    options.scope_types = {"private", "public"};
    options.resource_types = {"vpc", "subnet", "eip", "public-ipv4-pool", "ipv6-pool"};
    ipam::IpamCollector collector(options);
    Result result;
    (void)collector.Collect(Context(&factory, "ipam", &cancelled), &result);
  } else if (driver == "ami") {
    ami::AmiOptions options;
    options.owner_accounts = {kAccount, "222222222222"};
    options.include_unknown_owners = true;
    options.unresolved_images_owner = "222222222222";
    ami::OwnerCacheOptions cache;
    cache.lookups_per_second = 0;
    cache.sleep = [](std::chrono::milliseconds) {};
    ami::AmiReferencesCollector collector(options, cache);
    Result result;
    (void)collector.Collect(Context(&factory, "ami_references", &cancelled), &result);
  } else if (driver == "ami_owner") {
    auto client = ClientFor(&factory);
    std::vector<ami::OwnedImage> images;
    (void)ami::ListOwnedImages(*client, &images);
    ami::LaunchPermissions permissions;
    (void)ami::DescribeLaunchPermissions(*client, "ami-0123456789abcdef0", &permissions);
    std::vector<std::pair<std::string, std::string>> owners;
    (void)ami::DescribeVisibleImageOwners(*client, {"ami-0123456789abcdef0", "ami-1"}, &owners);
  } else if (driver == "ami_consumer") {
    auto client = ClientFor(&factory);
    std::vector<ami::Reference> refs;
    inventory::InstanceList instances;
    (void)inventory::ListEc2Instances(*client, Context(&factory, "ami_references", &cancelled),
                                      &instances);
    ami::AddInstanceReferences(instances, &refs);
    (void)ami::ListLaunchTemplateReferences(*client, false, &refs);
    (void)ami::ListLaunchTemplateReferences(*client, true, &refs);
    (void)ami::ListLaunchConfigurationReferences(*client, &refs);
  } else if (driver == "inspector_ec2") {
    auto client = ClientFor(&factory);
    inventory::InstanceList instances;
    (void)inventory::ListEc2Instances(*client, Context(&factory, "inspector_coverage", &cancelled),
                                      &instances);
  } else if (driver == "tgw_ec2") {
    auto client = ClientFor(&factory);
    std::vector<tgw::TransitGateway> gateways;
    (void)tgw::ListTransitGateways(*client, kAccount, {}, &gateways);
    std::vector<tgw::Attachment> attachments;
    (void)tgw::ListAttachments(*client, {"tgw-0123456789abcdef0"}, &attachments);
  } else if (driver == "assume_role") {
    auto client = ClientFor(&factory);
    aws::AssumeRoleOptions options;
    options.role_arn = "arn:aws:iam::111111111111:role/awsgov-exporter";
    aws::Credentials credentials;
    (void)aws::AssumeRoleOnce(*client, options, &credentials);
  } else {
    auto client = ClientFor(&factory);
    std::size_t items = 0;
    (void)aws::QueryAllPages(*client, "ec2", "DescribeVpcs", {},
                             [&items](const pugi::xml_node& page) {
                               for (pugi::xml_node item : page.child("vpcSet").children("item")) {
                                 items += item.child("vpcId") ? 1 : 0;
                               }
                               return Status::Ok();
                             });
  }
}

}  // namespace
}  // namespace awsgov::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  awsgov::fuzz::ConfigureLogging(size);
  awsgov::fuzz::Run(awsgov::fuzz::ParseResponseScript(awsgov::fuzz::AsText(data, size)));
  return 0;
}
