// The owner side, in one owner account and region: its images and launch permissions.
// Thread-safety: pure functions of their arguments (the Client is thread-safe).
#pragma once

#include <string>
#include <vector>

#include "collectors/ami_references/image_model.h"
#include "exporter/aws/client.h"
#include "exporter/core/status.h"

namespace awsgov::ami {

// DescribeImages(Owner=self, IncludeDisabled, IncludeDeprecated), every page of up to 1000.
Status ListOwnedImages(aws::Client& client, std::vector<OwnedImage>* out);

// DescribeImageAttribute(launchPermission) for one image: AWS has no batched form.
Status DescribeLaunchPermissions(aws::Client& client, const std::string& image_id,
                                 LaunchPermissions* out);

// DescribeImages from a consumer account for `image_ids`, in groups of 100 (image-id filter, so
// that an id the consumer cannot see is simply absent instead of failing the call): the owner
// of each image the consumer can see, by image id.
Status DescribeVisibleImageOwners(aws::Client& client, const std::vector<std::string>& image_ids,
                                  std::vector<std::pair<std::string, std::string>>* out);

}  // namespace awsgov::ami
