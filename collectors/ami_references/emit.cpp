#include "collectors/ami_references/emit.h"

#include <set>
#include <tuple>

#include "collectors/ami_references/ami_metrics.h"

namespace awsgov::ami {

void EmitReferences(const std::vector<Reference>& references,
                    const std::map<std::string, Resolution>& by_image, const std::string& consumer,
                    const std::string& region, Result* out) {
  // (owner, image, resource type, status) -> count
  std::map<std::tuple<std::string, std::string, std::string, ImageStatus>, int> counts;
  std::set<std::vector<std::string>> dangling;
  for (const Reference& ref : references) {
    auto it = by_image.find(ref.image_id);
    if (it == by_image.end()) continue;
    const Resolution& resolution = it->second;
    ++counts[{resolution.owner, ref.image_id, ref.resource_type, resolution.status}];
    if (resolution.status == ImageStatus::kAvailable ||
        resolution.status == ImageStatus::kUnknown) {
      continue;
    }
    dangling.insert({resolution.owner, ref.image_id, consumer, region, ref.resource_type,
                     ref.resource_id, std::string(StatusName(resolution.status)), ref.version});
  }
  for (const auto& [key, count] : counts) {
    const auto& [owner, image_id, resource_type, status] = key;
    out->Add(kAmiReferences,
             {owner, image_id, consumer, region, resource_type, std::string(StatusName(status))},
             count);
  }
  for (const auto& labels : dangling) out->Add(kAmiDanglingReferenceInfo, labels, 1);
}

void EmitImages(const std::map<std::string, OwnedImage>& images, const std::string& owner,
                const std::string& region, Result* out) {
  std::map<std::string, int> by_state;
  for (const auto& [id, image] : images) ++by_state[image.state.empty() ? "unknown" : image.state];
  for (const auto& [state, count] : by_state) {
    out->Add(kAmiImages, {owner, region, state}, count);
  }
}

}  // namespace awsgov::ami
