#include "collectors/ami_references/consumer_refs.h"

#include <pugixml.hpp>
#include <set>
#include <utility>

#include "collectors/ami_references/xml_text.h"

namespace awsgov::ami {
namespace {

bool IsImageId(const std::string& id) { return id.starts_with("ami-"); }

// Adds each version once: the account-wide call returns a template's version twice when it is
// both $Default and $Latest.
class VersionCollector {
 public:
  explicit VersionCollector(std::vector<Reference>* out) : out_(out) {}

  Status Page(const pugi::xml_node& page) {
    ForEach(page, "launchTemplateVersionSet", "item", [&](const pugi::xml_node& item) {
      Reference ref{Text(item.child("launchTemplateData"), "imageId"), kLaunchTemplate,
                    Text(item, "launchTemplateId"), Text(item, "versionNumber")};
      if (!IsImageId(ref.image_id)) return;
      if (!seen_.emplace(ref.resource_id, ref.version).second) return;
      out_->push_back(std::move(ref));
    });
    return Status::Ok();
  }

 private:
  std::vector<Reference>* out_;
  std::set<std::pair<std::string, std::string>> seen_;
};

Status ListTemplateIds(aws::Client& client, std::vector<std::string>* ids) {
  return aws::QueryAllPages(client, "ec2", "DescribeLaunchTemplates", {{"MaxResults", "200"}},
                            [&](const pugi::xml_node& page) {
                              ForEach(page, "launchTemplates", "item",
                                      [&](const pugi::xml_node& item) {
                                        ids->push_back(Text(item, "launchTemplateId"));
                                      });
                              return Status::Ok();
                            });
}

}  // namespace

Status ListInstanceReferences(aws::Client& client, std::vector<Reference>* out) {
  const aws::QueryParams params = {{"Filter.1.Name", "instance-state-name"},
                                   {"Filter.1.Value.1", "pending"},
                                   {"Filter.1.Value.2", "running"},
                                   {"Filter.1.Value.3", "shutting-down"},
                                   {"Filter.1.Value.4", "stopping"},
                                   {"Filter.1.Value.5", "stopped"},
                                   {"MaxResults", "1000"}};
  Status status = aws::QueryAllPages(
      client, "ec2", "DescribeInstances", params, [&](const pugi::xml_node& page) {
        ForEach(page, "reservationSet", "item", [&](const pugi::xml_node& reservation) {
          ForEach(reservation, "instancesSet", "item", [&](const pugi::xml_node& instance) {
            // The filter already excludes terminated instances; this guards against a server
            // that ignores it.
            if (Text(instance.child("instanceState"), "name") == "terminated") return;
            Reference ref{Text(instance, "imageId"), kInstance, Text(instance, "instanceId"), ""};
            if (IsImageId(ref.image_id)) out->push_back(std::move(ref));
          });
        });
        return Status::Ok();
      });
  return status.WithContext("ec2 DescribeInstances");
}

Status ListLaunchTemplateReferences(aws::Client& client, bool all_versions,
                                    std::vector<Reference>* out) {
  VersionCollector versions(out);
  auto on_page = [&](const pugi::xml_node& page) { return versions.Page(page); };
  if (!all_versions) {
    Status status = aws::QueryAllPages(client, "ec2", "DescribeLaunchTemplateVersions",
                                       {{"LaunchTemplateVersion.1", "$Default"},
                                        {"LaunchTemplateVersion.2", "$Latest"},
                                        {"MaxResults", "200"}},
                                       on_page);
    return status.WithContext("ec2 DescribeLaunchTemplateVersions ($Default, $Latest)");
  }
  std::vector<std::string> ids;
  if (Status status = ListTemplateIds(client, &ids); !status.ok()) {
    return status.WithContext("ec2 DescribeLaunchTemplates");
  }
  for (const std::string& id : ids) {
    Status status = aws::QueryAllPages(client, "ec2", "DescribeLaunchTemplateVersions",
                                       {{"LaunchTemplateId", id}, {"MaxResults", "200"}}, on_page);
    if (!status.ok()) return status.WithContext("ec2 DescribeLaunchTemplateVersions " + id);
  }
  return Status::Ok();
}

Status ListLaunchConfigurationReferences(aws::Client& client, std::vector<Reference>* out) {
  Status status = aws::QueryAllPages(
      client, "autoscaling", "DescribeLaunchConfigurations", {{"MaxRecords", "100"}},
      [&](const pugi::xml_node& page) {
        const pugi::xml_node result = page.child("DescribeLaunchConfigurationsResult");
        ForEach(result, "LaunchConfigurations", "member", [&](const pugi::xml_node& member) {
          Reference ref{Text(member, "ImageId"), kLaunchConfiguration,
                        Text(member, "LaunchConfigurationName"), ""};
          if (IsImageId(ref.image_id)) out->push_back(std::move(ref));
        });
        return Status::Ok();
      },
      "NextToken", "NextToken");
  return status.WithContext("autoscaling DescribeLaunchConfigurations");
}

}  // namespace awsgov::ami
