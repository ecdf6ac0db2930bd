#include "collectors/inspector_coverage/account_status_cache.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "collectors/inspector_coverage/inspector_api.h"
#include "exporter/aws/client.h"
#include "exporter/config/config.h"

namespace awsgov::inspector {
namespace {

Status AskBatch(aws::Client& admin, const std::vector<std::string>& accounts,
                std::map<std::string, std::string>* out) {
  const nlohmann::json request = {{"accountIds", accounts}};
  nlohmann::json response;
  Status status = admin.RestJson("inspector2", "BatchGetAccountStatus", "POST", "/status/batch/get",
                                 {}, &request, &response);
  if (!status.ok()) return status;
  for (const std::string& account : accounts) {
    (*out)[account] = Ec2StatusFromResponse(response, account);
  }
  return Status::Ok();
}

}  // namespace

std::vector<std::vector<std::string>> AccountBatches(const config::Config& config,
                                                     const std::string& region,
                                                     std::size_t batch_size) {
  std::set<std::string> accounts;  // sorted, once each
  for (const config::Account& account : config.accounts) {
    const auto& regions = config::RegionsFor(config, account);
    if (std::find(regions.begin(), regions.end(), region) != regions.end()) {
      accounts.insert(account.id);
    }
  }
  std::vector<std::vector<std::string>> batches;
  for (const std::string& account : accounts) {
    if (batches.empty() || batches.back().size() >= batch_size) batches.emplace_back();
    batches.back().push_back(account);
  }
  return batches;
}

std::shared_ptr<const AccountStatusCache::RegionBatches> AccountStatusCache::BatchesFor(
    const config::Config& config, const std::string& region) {
  std::lock_guard<std::mutex> lock(mu_);
  std::shared_ptr<const RegionBatches>& cached = batches_[region];
  if (!cached) {
    auto batches = std::make_shared<RegionBatches>();
    batches->batches = AccountBatches(config, region, kMaxAccountsPerStatusCall);
    for (std::size_t i = 0; i < batches->batches.size(); ++i) {
      for (const std::string& account : batches->batches[i]) batches->batch_of[account] = i;
    }
    cached = std::move(batches);
  }
  return cached;
}

Status AccountStatusCache::Ec2Status(const CollectContext& ctx, aws::Client& admin,
                                     std::string* out) {
  const std::string& account = ctx.target.account_id;
  // A context built by hand (tools, tests) names no configuration: ask about the account alone.
  if (ctx.config == nullptr) return GetEc2ScanningStatus(admin, account, out);
  std::shared_ptr<const RegionBatches> batches = BatchesFor(*ctx.config, ctx.target.region);
  auto it = batches->batch_of.find(account);
  if (it == batches->batch_of.end()) return GetEc2ScanningStatus(admin, account, out);

  const std::vector<std::string>& batch = batches->batches[it->second];
  std::shared_ptr<const StatusByAccount> statuses;
  Status status = statuses_.Get(
      {ctx.target.region, it->second}, ctx.SharedDataMaxAge(max_age_),
      [&](StatusByAccount* asked) { return AskBatch(admin, batch, asked); }, &statuses,
      ctx.deadline);
  if (!status.ok()) {
    return status.WithContext("batch of " + std::to_string(batch.size()) + " accounts " +
                              batch.front() + ".." + batch.back());
  }
  *out = statuses->at(account);
  return Status::Ok();
}

}  // namespace awsgov::inspector
