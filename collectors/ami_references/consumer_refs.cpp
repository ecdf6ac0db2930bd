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

void AddInstanceReferences(const inventory::InstanceList& instances, std::vector<Reference>* out) {
  for (const inventory::Ec2Instance& instance : instances) {
    // The inventory drops terminated instances even from a server that ignores the filter.
    if (!IsImageId(instance.image_id)) continue;
    out->push_back(Reference{instance.image_id, kInstance, instance.id, ""});
  }
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
