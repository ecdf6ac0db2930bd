// Fuzz target: AWS JSON 1.0/1.1 and REST-JSON responses (and their errors) through the real
// client (ParseJsonResponse, ParseJsonError, retries), JsonAllPages and the collectors' JSON
// readers. The input is a response script (fuzz_aws.h); its first line picks the driver:
//   inspector      the inspector_coverage collector's Collect (EC2, Inspector2, DynamoDB table)
//   inspector_api  ListCoverage pages and BatchGetAccountStatus
//   tgw            the tgw_shares collector's Collect (EC2, RAM, Organizations, DynamoDB)
//   tgw_ram        RAM shares, principal associations, Organizations OU expansion
//   sg_lookup      the sg_changes collector over CloudTrail LookupEvents (in-memory SQLite)
//   sg_lake        the sg_changes collector over a CloudTrail Lake query
//   discovery      Organizations account discovery with filters
//   anything else  JsonAllPages over DynamoDB Scan
// Any crash, sanitizer report or exception escaping is a bug in the code under test.
#include <atomic>
#include <cstdint>
#include <nlohmann/json.hpp>

#include "collectors/inspector_coverage/inspector_api.h"
#include "collectors/inspector_coverage/inspector_collector.h"
#include "collectors/sg_changes/sg_collector.h"
#include "collectors/sg_changes/sqlite_store.h"
#include "collectors/tgw_shares/principals.h"
#include "collectors/tgw_shares/ram_shares.h"
#include "collectors/tgw_shares/tgw_shares_collector.h"
#include "exporter/aws/discovery.h"
#include "exporter/config/config.h"
#include "tests/fuzz/fuzz_aws.h"
#include "tests/fuzz/fuzz_log.h"

namespace awsgov::fuzz {
namespace {

constexpr const char* kAccount = "111111111111";
constexpr const char* kRegion = "eu-west-1";

CollectContext Context(ScriptedClientFactory* factory, Target target,
                       const std::atomic<bool>* cancelled) {
  CollectContext ctx;
  ctx.target = std::move(target);
  ctx.aws = factory;
  ctx.cancelled = cancelled;
  return ctx;
}

std::shared_ptr<aws::Client> ClientFor(ScriptedClientFactory* factory) {
  std::shared_ptr<aws::Client> client;
  (void)factory->Get(kAccount, kRegion, &client);
  return client;
}

void RunSgChanges(ScriptedClientFactory* factory, bool lake, const std::atomic<bool>* cancelled) {
  std::unique_ptr<sg::SqliteStore> store;
  if (!sg::SqliteStore::Open(":memory:", &store).ok()) return;
  sg::SgOptions options;
  options.events = {.ingress = true, .egress = true, .modify = true};
  options.allow_revert = true;
  if (lake) {
    options.source = "cloudtrail_lake";
    options.lake.event_data_store = "eds-fuzz";
    options.lake.account_id = kAccount;
    options.lake.region = kRegion;
  }
  sg::SgChangesCollector collector(options, std::move(store), nullptr,
                                   [](std::chrono::nanoseconds) {});
  Target target =
      lake ? Target{"sg_changes", "-", "global"} : Target{"sg_changes", kAccount, kRegion};
  Result result;
  (void)collector.Collect(Context(factory, target, cancelled), &result);
}

void Run(const ResponseScript& script) {
  ScriptedClientFactory factory(script.responses);
  std::atomic<bool> cancelled{false};
  const std::string& driver = script.driver;
  if (driver == "inspector") {
    inspector::InspectorOptions options;
    options.delegated_admin_account_id = "222222222222";
    options.exceptions_table = {.name = "Exceptions",
                                .account_id = kAccount,
                                .region = kRegion,
                                .exception_types = {"DoNotStart"}};
    options.exception_tag_key = "InspectorException";
    inspector::InspectorCollector collector(options);
    Result result;
    (void)collector.Collect(
        Context(&factory, {"inspector_coverage", kAccount, kRegion}, &cancelled), &result);
  } else if (driver == "inspector_api") {
    auto client = ClientFor(&factory);
    inspector::CoverageByInstance coverage;
    (void)inspector::ListEc2Coverage(
        *client, kAccount, Context(&factory, {"inspector_coverage", kAccount, kRegion}, &cancelled),
        &coverage);
    std::string status;
    (void)inspector::GetEc2ScanningStatus(*client, kAccount, &status);
  } else if (driver == "tgw") {
    tgw::TgwOptions options;
    options.hub_account_ids = {kAccount};
    options.inventory.dynamodb_table = "dynamodb-tgw-table";
    options.inventory.region = kRegion;
    tgw::TgwSharesCollector collector(options);
    Result result;
    (void)collector.Collect(Context(&factory, {"tgw_shares", kAccount, kRegion}, &cancelled),
                            &result);
  } else if (driver == "tgw_ram") {
    auto client = ClientFor(&factory);
    std::map<std::string, std::string> shares;
    (void)tgw::ListOwnedShares(*client, &shares);
    std::vector<std::string> holding;
    (void)tgw::ListSharesHolding(
        *client, "arn:aws:ec2:eu-west-1:111111111111:transit-gateway/tgw-0123", &holding);
    std::vector<tgw::PrincipalAssociation> associations;
    (void)tgw::ListPrincipalAssociations(*client, {"arn:aws:ram:eu-west-1:111111111111:share/a"},
                                         &associations);
    tgw::OrganizationsResolver resolver(client);
    std::vector<tgw::SharePrincipal> principals;
    (void)tgw::ExpandPrincipals(
        associations, kAccount,
        [&resolver](const std::string& arn, std::vector<std::string>* accounts) {
          return resolver.Resolve(arn, accounts);
        },
        &principals);
  } else if (driver == "sg_lookup" || driver == "sg_lake") {
    RunSgChanges(&factory, driver == "sg_lake", &cancelled);
  } else if (driver == "discovery") {
    auto client = ClientFor(&factory);
    config::Discovery filters;
    filters.enabled = true;
    filters.include_ous = {"ou-abcd-11111111"};
    filters.exclude_accounts = {"333333333333"};
    std::vector<aws::DiscoveredAccount> accounts;
    (void)aws::DiscoverAccounts(*client, filters, &accounts);
  } else {
    auto client = ClientFor(&factory);
    std::size_t items = 0;
    (void)aws::JsonAllPages(
        *client, "dynamodb", "Scan", {{"TableName", "t"}},
        [&items](const nlohmann::json& page) {
          auto it = page.find("Items");
          if (it != page.end() && it->is_array()) items += it->size();
          return Status::Ok();
        },
        "ExclusiveStartKey", "LastEvaluatedKey");
  }
}

}  // namespace
}  // namespace awsgov::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  awsgov::fuzz::ConfigureLogging(size);
  awsgov::fuzz::Run(awsgov::fuzz::ParseResponseScript(awsgov::fuzz::AsText(data, size)));
  return 0;
}
