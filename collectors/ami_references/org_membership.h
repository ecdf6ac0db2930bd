// Where a consumer account sits in the organisation, for OU and organisation launch
// permissions: from Organizations (ListParents up to the root, DescribeOrganization) or from
// the static options.
// Thread-safety: pure functions of their arguments (the Client is thread-safe).
#pragma once

#include <string>

#include "collectors/ami_references/ami_options.h"
#include "collectors/ami_references/image_model.h"
#include "exporter/aws/client.h"
#include "exporter/core/status.h"

namespace awsgov::ami {

// `client` acts in an account allowed to read the organisation (management or delegated
// administrator). An account Organizations does not know (ChildNotFoundException) is outside
// the organisation: known, with no organisation id and no ancestors.
Status MembershipFromOrganizations(aws::Client& client, const std::string& account_id,
                                   Membership* out);

// From organization_id and account_parents; unknown when neither is set.
Membership MembershipFromOptions(const AmiOptions& options, const std::string& account_id);

}  // namespace awsgov::ami
