// The `exporter` collector: facts the exporter knows without calling AWS, such as the accounts it
// monitors (awsgov_account_info, for joins by account name in queries and alerts).
#pragma once

#include "exporter/core/collector.h"

namespace awsgov {

extern const MetricDesc kAccountInfo;

CollectorInfo ExporterCollectorInfo();

}  // namespace awsgov
