// Turning resolved references into samples: counts per (owner, image, resource type, status)
// and one info series per resource whose image is deregistered, unshared or disabled.
// Thread-safety: pure functions of their arguments.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "collectors/ami_references/consumer_refs.h"
#include "collectors/ami_references/image_model.h"
#include "exporter/core/metric.h"

namespace awsgov::ami {

// What an image id means for the consumer: whose it is and whether the consumer can use it.
struct Resolution {
  std::string owner;
  ImageStatus status = ImageStatus::kAvailable;
};

// References whose image has no resolution (not a monitored owner's, unknown not wanted) are
// left out. Status "unknown" is counted but never dangling: the image is not a monitored one.
void EmitReferences(const std::vector<Reference>& references,
                    const std::map<std::string, Resolution>& by_image, const std::string& consumer,
                    const std::string& region, Result* out);

// awsgov_ami_images: the owner's images counted by state.
void EmitImages(const std::map<std::string, OwnedImage>& images, const std::string& owner,
                const std::string& region, Result* out);

}  // namespace awsgov::ami
