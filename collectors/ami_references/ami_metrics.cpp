#include "collectors/ami_references/ami_metrics.h"

namespace awsgov::ami {

const MetricDesc kAmiReferences{
    "awsgov_ami_references",
    "Resources of a consumer account (instances not terminated, launch template versions, launch "
    "configurations) that reference an image of a monitored owner account, by the image's status "
    "for that consumer: available, deregistered, unshared, disabled, or unknown (owner not "
    "monitored). As of the last ami_references collection (default every 5m; owner images up to "
    "half an interval older).",
    MetricType::kGauge,
    {"owner_account_id", "image_id", "consumer_account_id", "region", "resource_type",
     "image_status"}};

const MetricDesc kAmiDanglingReferenceInfo{
    "awsgov_ami_dangling_reference_info",
    "1 for each resource that references a deregistered, unshared or disabled image; version is "
    "the launch template version (empty for other resource types). As of the last ami_references "
    "collection (default every 5m).",
    MetricType::kGauge,
    {"owner_account_id", "image_id", "consumer_account_id", "region", "resource_type",
     "resource_id", "image_status", "version"}};

const MetricDesc kAmiImages{
    "awsgov_ami_images",
    "Images owned by a monitored owner account (DescribeImages, disabled and deprecated "
    "included), by state. As of the last ami_references collection (default every 5m; up to half "
    "an interval older).",
    MetricType::kGauge,
    {"owner_account_id", "region", "state"}};

std::vector<const MetricDesc*> AllAmiMetrics() {
  return {&kAmiReferences, &kAmiDanglingReferenceInfo, &kAmiImages};
}

}  // namespace awsgov::ami
