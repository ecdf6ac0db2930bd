#include "exporter/inventory/ec2_instances.h"

#include <utility>

namespace awsgov::inventory {
namespace {

std::string Text(const pugi::xml_node& node, const char* name) {
  return node.child(name).text().as_string();
}

// A server-side filter: terminated instances stay listed for about an hour, run nothing and need
// no image any more. A stopped instance is kept: it can be started again (and then needs both
// its image and Inspector's scan). The largest page spares the shared EC2 request-token bucket.
const aws::QueryParams kParams = {{"MaxResults", "1000"},
                                  {"Filter.1.Name", "instance-state-name"},
                                  {"Filter.1.Value.1", "pending"},
                                  {"Filter.1.Value.2", "running"},
                                  {"Filter.1.Value.3", "shutting-down"},
                                  {"Filter.1.Value.4", "stopping"},
                                  {"Filter.1.Value.5", "stopped"}};

}  // namespace

void AddInstancesPage(const pugi::xml_node& page, InstanceList* out) {
  for (const pugi::xml_node& reservation : page.child("reservationSet").children("item")) {
    for (const pugi::xml_node& item : reservation.child("instancesSet").children("item")) {
      Ec2Instance instance;
      instance.id = Text(item, "instanceId");
      if (instance.id.empty()) continue;
      instance.state = Text(item.child("instanceState"), "name");
      if (instance.state == "terminated") continue;
      if (instance.state.empty()) instance.state = "unknown";
      for (const pugi::xml_node& tag : item.child("tagSet").children("item")) {
        instance.tags[Text(tag, "key")] = Text(tag, "value");
      }
      instance.image_id = Text(item, "imageId");
      out->push_back(std::move(instance));
    }
  }
}

Status ListEc2Instances(aws::Client& ec2, const CollectContext& ctx, InstanceList* out) {
  return aws::QueryAllPages(ec2, "ec2", "DescribeInstances", kParams,
                            [&](const pugi::xml_node& page) {
                              if (ctx.Cancelled()) {
                                return Cancelled("ec2 DescribeInstances: cancelled");
                              }
                              AddInstancesPage(page, out);
                              return Status::Ok();
                            });
}

}  // namespace awsgov::inventory
