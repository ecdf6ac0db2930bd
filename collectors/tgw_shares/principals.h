// Share principals as accounts: RAM principals may be an account id, an IAM role/user ARN (its
// account), an organisational unit or the whole organisation (their accounts, through
// Organizations), or a service principal (no account: ignored).
// Thread-safety: ExpandPrincipals is reentrant; an OrganizationsResolver serves one collection
// (not thread-safe).
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "collectors/tgw_shares/ram_shares.h"
#include "exporter/aws/client.h"
#include "exporter/core/status.h"

namespace awsgov::tgw {

struct SharePrincipal {
  std::string share_arn;
  std::string account_id;
  std::string status;  // the association's (for an OU member: the OU's association)
  bool operator==(const SharePrincipal&) const = default;
};

// The ACTIVE accounts under an OU (nested OUs included) or in the organisation, for an OU or
// organisation principal ARN.
using AccountResolver =
    std::function<Status(const std::string& principal_arn, std::vector<std::string>* accounts)>;

// One row per (share, account), sorted. An account reached twice in one share (directly and
// through an OU) keeps its most advanced status: ASSOCIATED, then ASSOCIATING, then the rest.
// `owner_id`, the TGW's owner, is left out: it needs no invitation to its own gateway.
Status ExpandPrincipals(const std::vector<PrincipalAssociation>& associations,
                        const std::string& owner_id, const AccountResolver& resolve,
                        std::vector<SharePrincipal>* out);

// Resolves OU and organisation principals with Organizations (ListChildren,
// ListAccountsForParent, ListAccounts), each principal once per collection.
class OrganizationsResolver {
 public:
  explicit OrganizationsResolver(std::shared_ptr<aws::Client> organizations)
      : organizations_(std::move(organizations)) {}
  Status Resolve(const std::string& principal_arn, std::vector<std::string>* accounts);

 private:
  std::shared_ptr<aws::Client> organizations_;
  std::map<std::string, std::vector<std::string>> cache_;
};

}  // namespace awsgov::tgw
