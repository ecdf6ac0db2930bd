// EC2 instances of one account and region for the `inspector_coverage` collector:
// DescribeInstances, every page, every state but terminated.
// Thread-safety: pure functions of their arguments; the Client is thread-safe.
#pragma once

#include <pugixml.hpp>
#include <vector>

#include "collectors/inspector_coverage/coverage_model.h"
#include "exporter/aws/client.h"
#include "exporter/core/collector.h"
#include "exporter/core/status.h"

namespace awsgov::inspector {

// The instances of one DescribeInstances page (reservationSet/item/instancesSet/item), in
// order; items without an instanceId are skipped.
void AddInstancesPage(const pugi::xml_node& page, std::vector<Ec2Instance>* out);

Status ListEc2Instances(aws::Client& ec2, const CollectContext& ctx, std::vector<Ec2Instance>* out);

}  // namespace awsgov::inspector
