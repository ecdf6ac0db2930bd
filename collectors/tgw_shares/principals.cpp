#include "collectors/tgw_shares/principals.h"

#include <algorithm>
#include <regex>

#include "exporter/aws/discovery.h"
#include "exporter/config/config.h"
#include "exporter/core/log.h"

namespace awsgov::tgw {
namespace {

const std::regex& OuArn() {
  static const std::regex re(
      R"(^arn:[a-z-]+:organizations::\d{12}:ou/o-[a-z0-9]+/(ou-[a-z0-9-]+)$)");
  return re;
}
const std::regex& OrganizationArn() {
  static const std::regex re(R"(^arn:[a-z-]+:organizations::\d{12}:organization/o-[a-z0-9]+$)");
  return re;
}
const std::regex& IamArn() {
  static const std::regex re(R"(^arn:[a-z-]+:iam::(\d{12}):.+$)");
  return re;
}

int StatusRank(const std::string& status) {
  if (status == "ASSOCIATED") return 0;
  if (status == "ASSOCIATING") return 1;
  return 2;
}

}  // namespace

Status ExpandPrincipals(const std::vector<PrincipalAssociation>& associations,
                        const std::string& owner_id, const AccountResolver& resolve,
                        std::vector<SharePrincipal>* out) {
  std::map<std::pair<std::string, std::string>, std::string> status_of;  // (share, account)
  auto add = [&](const PrincipalAssociation& a, const std::string& account) {
    if (account == owner_id) return;
    auto [it, inserted] = status_of.try_emplace({a.share_arn, account}, a.status);
    if (!inserted && StatusRank(a.status) < StatusRank(it->second)) it->second = a.status;
  };
  for (const PrincipalAssociation& a : associations) {
    std::smatch match;
    if (config::IsValidAccountId(a.principal)) {
      add(a, a.principal);
    } else if (std::regex_match(a.principal, match, IamArn())) {
      add(a, match[1].str());
    } else if (std::regex_match(a.principal, OuArn()) ||
               std::regex_match(a.principal, OrganizationArn())) {
      std::vector<std::string> accounts;
      if (Status s = resolve(a.principal, &accounts); !s.ok()) {
        return s.WithContext("expanding principal " + a.principal + " of " + a.share_arn);
      }
      for (const std::string& account : accounts) add(a, account);
    } else {
      log::Debug("tgw_shares: principal without an account ignored",
                 {{"principal", a.principal}, {"share", a.share_arn}});
    }
  }
  out->clear();
  for (const auto& [key, status] : status_of) out->push_back({key.first, key.second, status});
  return Status::Ok();
}

Status OrganizationsResolver::Resolve(const std::string& principal_arn,
                                      std::vector<std::string>* accounts) {
  if (auto cached = cache_.find(principal_arn); cached != cache_.end()) {
    *accounts = cached->second;
    return Status::Ok();
  }
  config::Discovery selection;  // no includes: the whole organisation
  std::smatch match;
  if (std::regex_match(principal_arn, match, OuArn())) selection.include_ous = {match[1].str()};
  std::vector<aws::DiscoveredAccount> discovered;
  Status status = aws::DiscoverAccounts(*organizations_, selection, &discovered);
  if (!status.ok()) {
    return status.WithContext("organizations (account " + organizations_->account_id() + ")");
  }
  accounts->clear();
  for (const auto& account : discovered) accounts->push_back(account.id);
  cache_[principal_arn] = *accounts;
  return Status::Ok();
}

}  // namespace awsgov::tgw
