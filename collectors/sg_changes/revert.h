// Deny with revert: revoking a denied rule by its rule id (RevokeSecurityGroupIngress, or
// ...Egress for an egress rule) through the target account's assumed role. The review page only
// records the request; the target's next collection, which holds that account's client, acts.
// Thread-safety: a pure function of its arguments (the store is thread-safe).
#pragma once

#include <cstdint>

#include "collectors/sg_changes/change_store.h"
#include "exporter/aws/client.h"

namespace awsgov::sg {

// For each change of the client's account and region that is denied with revert requested:
// revokes it and moves it to reverted, or to revert_failed with AWS's error in `detail`. A rule
// AWS no longer has (InvalidSecurityGroupRuleId.NotFound) counts as reverted: it is gone.
// Returns the store's errors only; AWS errors are recorded per change.
Status RevertDenied(aws::Client& client, ChangeStore& store, std::int64_t now);

}  // namespace awsgov::sg
