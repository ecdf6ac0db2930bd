// The metrics of the `tgw_shares` collector, as DESIGN.md ("Transit Gateway shares") defines
// them. Thread-safety: immutable statics.
#pragma once

#include <vector>

#include "exporter/core/metric.h"

namespace awsgov::tgw {

extern const MetricDesc kSharePrincipalAttached;  // awsgov_tgw_share_principal_attached
extern const MetricDesc kAttachments;             // awsgov_tgw_attachments
extern const MetricDesc kInventoryMismatch;       // awsgov_tgw_inventory_mismatch

std::vector<const MetricDesc*> AllTgwMetrics();

}  // namespace awsgov::tgw
