#include "collectors/ami_references/image_model.h"

#include <algorithm>

namespace awsgov::ami {

std::string_view StatusName(ImageStatus status) {
  switch (status) {
    case ImageStatus::kAvailable:
      return "available";
    case ImageStatus::kDeregistered:
      return "deregistered";
    case ImageStatus::kUnshared:
      return "unshared";
    case ImageStatus::kDisabled:
      return "disabled";
    case ImageStatus::kUnknown:
      return "unknown";
  }
  return "unknown";
}

std::string LastArnSegment(std::string_view arn) {
  const std::size_t slash = arn.rfind('/');
  return std::string(slash == std::string_view::npos ? arn : arn.substr(slash + 1));
}

bool MayLaunch(const LaunchPermissions& permissions, const std::string& consumer,
               const Membership& membership) {
  if (permissions.is_public || permissions.account_ids.count(consumer) > 0) return true;
  if (!permissions.NeedsMembership()) return false;
  if (!membership.known) return true;
  if (!membership.organization_id.empty() &&
      permissions.organization_ids.count(membership.organization_id) > 0) {
    return true;
  }
  return std::any_of(membership.ancestor_ids.begin(), membership.ancestor_ids.end(),
                     [&](const std::string& id) { return permissions.ou_ids.count(id) > 0; });
}

bool NeedsPermissions(const OwnedImage& image, const std::string& owner,
                      const std::string& consumer) {
  return owner != consumer && !image.is_public && image.state != "disabled" &&
         image.state != "deregistered";
}

ImageStatus StatusOfListed(const OwnedImage& image, const std::string& owner,
                           const std::string& consumer, const LaunchPermissions& permissions,
                           const Membership& membership) {
  // A disabled image can be launched by no one, its owner included; AWS may still list an image
  // as "deregistered" for a short while after DeregisterImage.
  if (image.state == "disabled") return ImageStatus::kDisabled;
  if (image.state == "deregistered") return ImageStatus::kDeregistered;
  if (!NeedsPermissions(image, owner, consumer)) return ImageStatus::kAvailable;
  return MayLaunch(permissions, consumer, membership) ? ImageStatus::kAvailable
                                                      : ImageStatus::kUnshared;
}

}  // namespace awsgov::ami
