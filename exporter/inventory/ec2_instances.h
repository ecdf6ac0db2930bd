// The EC2 instances of one account and region, as the collectors that look at instances need
// them (inspector_coverage: id, state, tags; ami_references: id, image): DescribeInstances,
// every page of 1000, every state but terminated (filtered server-side).
// Thread-safety: pure functions of their arguments; the Client is thread-safe.
#pragma once

#include <map>
#include <pugixml.hpp>
#include <string>
#include <vector>

#include "exporter/aws/client.h"
#include "exporter/core/collector.h"
#include "exporter/core/status.h"

namespace awsgov::inventory {

struct Ec2Instance {
  std::string id;
  std::string state;  // EC2's instance-state-name: pending, running, stopping, stopped, ...
  std::map<std::string, std::string> tags;
  std::string image_id;  // the AMI it was launched from ("" when EC2 does not say)
};

using InstanceList = std::vector<Ec2Instance>;

// The instances of one DescribeInstances page (reservationSet/item/instancesSet/item), in
// order. Items without an instanceId, and terminated ones (should a server ignore the filter),
// are skipped; a missing state reads "unknown".
void AddInstancesPage(const pugi::xml_node& page, InstanceList* out);

// DescribeInstances with the state filter and the largest page, every page; stops on
// cancellation. The request is the union of what the collectors using it need: each reads the
// fields it wants from the same list.
Status ListEc2Instances(aws::Client& ec2, const CollectContext& ctx, InstanceList* out);

}  // namespace awsgov::inventory
