// The consumer side, in one account and region: every resource that names an image.
// Thread-safety: pure functions of their arguments (the Client is thread-safe).
#pragma once

#include <string>
#include <vector>

#include "exporter/aws/client.h"
#include "exporter/core/status.h"
#include "exporter/inventory/ec2_instances.h"

namespace awsgov::ami {

inline constexpr const char* kInstance = "instance";
inline constexpr const char* kLaunchTemplate = "launch_template";
inline constexpr const char* kLaunchConfiguration = "launch_configuration";

struct Reference {
  std::string image_id;
  std::string resource_type;  // kInstance, kLaunchTemplate, kLaunchConfiguration
  std::string resource_id;    // i-..., lt-..., or the launch configuration's name
  std::string version;        // launch template version number; "" otherwise
};

// The instances' images, from the EC2 instance inventory shared with inspector_coverage
// (exporter/inventory: DescribeInstances in every state but terminated; a stopped instance still
// needs its image to be replaced). Instances without an image id are skipped.
void AddInstanceReferences(const inventory::InstanceList& instances, std::vector<Reference>* out);

// Launch template versions that name an image by id (an SSM parameter alias is not an image id
// and is skipped). Default: the account-wide DescribeLaunchTemplateVersions for $Default and
// $Latest (one paginated call for all templates); `all_versions`: DescribeLaunchTemplates, then
// every version of each template.
Status ListLaunchTemplateReferences(aws::Client& client, bool all_versions,
                                    std::vector<Reference>* out);

// Auto Scaling DescribeLaunchConfigurations, every page of 100.
Status ListLaunchConfigurationReferences(aws::Client& client, std::vector<Reference>* out);

}  // namespace awsgov::ami
