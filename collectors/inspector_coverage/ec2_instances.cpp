#include "collectors/inspector_coverage/ec2_instances.h"

#include <string>

namespace awsgov::inspector {
namespace {

std::string Text(const pugi::xml_node& node, const char* name) {
  return node.child(name).text().as_string();
}

// A server-side filter: terminated instances stay listed for about an hour and are not
// Inspector's business. The largest page keeps the shared EC2 request-token bucket for others.
const aws::QueryParams kParams = {{"MaxResults", "1000"},
                                  {"Filter.1.Name", "instance-state-name"},
                                  {"Filter.1.Value.1", "pending"},
                                  {"Filter.1.Value.2", "running"},
                                  {"Filter.1.Value.3", "shutting-down"},
                                  {"Filter.1.Value.4", "stopping"},
                                  {"Filter.1.Value.5", "stopped"}};

}  // namespace

void AddInstancesPage(const pugi::xml_node& page, std::vector<Ec2Instance>* out) {
  for (const pugi::xml_node& reservation : page.child("reservationSet").children("item")) {
    for (const pugi::xml_node& item : reservation.child("instancesSet").children("item")) {
      Ec2Instance instance{Text(item, "instanceId"), Text(item.child("instanceState"), "name"), {}};
      if (instance.id.empty()) continue;
      if (instance.state.empty()) instance.state = "unknown";
      for (const pugi::xml_node& tag : item.child("tagSet").children("item")) {
        instance.tags[Text(tag, "key")] = Text(tag, "value");
      }
      out->push_back(std::move(instance));
    }
  }
}

Status ListEc2Instances(aws::Client& ec2, const CollectContext& ctx,
                        std::vector<Ec2Instance>* out) {
  return aws::QueryAllPages(ec2, "ec2", "DescribeInstances", kParams,
                            [&](const pugi::xml_node& page) {
                              if (ctx.Cancelled()) {
                                return Cancelled("ec2 DescribeInstances: cancelled");
                              }
                              AddInstancesPage(page, out);
                              return Status::Ok();
                            });
}

}  // namespace awsgov::inspector
