// RAM's view of the hub's shares: which of its resource shares hold a transit gateway, and the
// principals of those shares with their association status (ASSOCIATING: an invitation not yet
// accepted). GetResourceShareAssociations is used rather than ListPrincipals because only it
// gives the status.
// Thread-safety: reentrant functions; the Client must be thread-safe.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "exporter/aws/client.h"
#include "exporter/core/status.h"

namespace awsgov::tgw {

struct PrincipalAssociation {
  std::string share_arn;
  std::string principal;  // an account id, an OU or organisation ARN, an IAM ARN, a service
  std::string status;     // ASSOCIATING, ASSOCIATED, FAILED, DISASSOCIATING, ...
};

// The ACTIVE shares the client's account owns (resourceOwner=SELF), all pages: ARN -> name.
Status ListOwnedShares(aws::Client& ram, std::map<std::string, std::string>* arn_to_name);

// The shares that hold `resource_arn` (resource association ASSOCIATED), all pages.
Status ListSharesHolding(aws::Client& ram, const std::string& resource_arn,
                         std::vector<std::string>* share_arns);

// The principal associations of `share_arns`, all pages, DISASSOCIATED ones left out (history).
Status ListPrincipalAssociations(aws::Client& ram, const std::vector<std::string>& share_arns,
                                 std::vector<PrincipalAssociation>* out);

}  // namespace awsgov::tgw
