#include "collectors/tgw_shares/principals.h"

#include <algorithm>
#include <string_view>

#include "exporter/aws/arn.h"
#include "exporter/aws/discovery.h"
#include "exporter/config/config.h"
#include "exporter/core/log.h"

namespace awsgov::tgw {
namespace {

using aws::ArnParts;
using aws::SplitArn;

// Non-empty, and every character lower-case alphanumeric (or one of `extra`).
bool IsLowerId(std::string_view text, std::string_view extra = {}) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [&](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || extra.find(c) != extra.npos;
  });
}

// arn:<partition>:iam::<account>:<anything>: the account, or empty.
std::string IamArnAccount(std::string_view arn) {
  ArnParts p;
  if (!SplitArn(arn, &p) || p.service != "iam" || !p.region.empty() || p.resource.empty() ||
      !config::IsValidAccountId(std::string(p.account))) {
    return "";
  }
  return std::string(p.account);
}

// The organisation ARNs a share principal can be, with the parts the checks need.
bool OrganizationsArn(std::string_view arn, std::string_view* resource) {
  ArnParts p;
  if (!SplitArn(arn, &p) || p.service != "organizations" || !p.region.empty() ||
      !config::IsValidAccountId(std::string(p.account))) {
    return false;
  }
  *resource = p.resource;
  return true;
}

// arn:<partition>:organizations::<account>:ou/o-<id>/ou-<id>: the OU id, or empty.
std::string OuIdOfArn(std::string_view arn) {
  std::string_view r;
  if (!OrganizationsArn(arn, &r) || !r.starts_with("ou/o-")) return "";
  r.remove_prefix(5);
  const std::size_t slash = r.find('/');
  if (slash == std::string_view::npos || !IsLowerId(r.substr(0, slash))) return "";
  r.remove_prefix(slash + 1);
  if (!r.starts_with("ou-") || !IsLowerId(r.substr(3), "-")) return "";
  return std::string(r);
}

// arn:<partition>:organizations::<account>:organization/o-<id>.
bool IsOrganizationArn(std::string_view arn) {
  std::string_view r;
  return OrganizationsArn(arn, &r) && r.starts_with("organization/o-") && IsLowerId(r.substr(15));
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
    if (config::IsValidAccountId(a.principal)) {
      add(a, a.principal);
    } else if (std::string account = IamArnAccount(a.principal); !account.empty()) {
      add(a, account);
    } else if (!OuIdOfArn(a.principal).empty() || IsOrganizationArn(a.principal)) {
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
  if (std::string ou = OuIdOfArn(principal_arn); !ou.empty()) selection.include_ous = {ou};
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
