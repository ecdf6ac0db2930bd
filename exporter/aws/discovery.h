// Account discovery through AWS Organizations (run in the management or a delegated
// administrator account). Selection, applied to ACTIVE accounts only:
//   selected = all accounts when neither include_ous nor include_accounts is set, else the
//              accounts under an include OU (nested OUs included) plus the include_accounts ids;
//   result   = selected minus the accounts under an exclude OU (nested included) and minus the
//              exclude_accounts ids (exclusions win).
// Organizations pages hold at most 20 items and may be empty while still carrying a NextToken:
// every listing follows NextToken until it is absent (JsonAllPages).
// Thread-safety: DiscoverAccounts is reentrant; the Client must be thread-safe.
#pragma once

#include <string>
#include <vector>

#include "exporter/aws/client.h"
#include "exporter/config/config.h"
#include "exporter/core/status.h"

namespace awsgov::aws {

struct DiscoveredAccount {
  std::string id;
  std::string name;
  bool operator==(const DiscoveredAccount&) const = default;
};

// `organizations` is a Client for service "organizations". The result is sorted by id.
Status DiscoverAccounts(Client& organizations, const config::Discovery& filters,
                        std::vector<DiscoveredAccount>* out);

}  // namespace awsgov::aws
