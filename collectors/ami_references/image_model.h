// What the collector knows about images and who may launch them, and the pure rules that turn
// it into an image status for one consumer account. No AWS calls here, so every rule is
// unit-tested with plain values.
// Thread-safety: value types and pure functions.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace awsgov::ami {

enum class ImageStatus { kAvailable, kDeregistered, kUnshared, kDisabled, kUnknown };

// The image_status label value.
std::string_view StatusName(ImageStatus status);

// One image as its owner's DescribeImages lists it.
struct OwnedImage {
  std::string id;
  std::string state;  // available, pending, failed, disabled, deregistered, ...
  bool is_public = false;
};

// DescribeImageAttribute(launchPermission) of one image.
struct LaunchPermissions {
  bool is_public = false;                  // Group "all"
  std::set<std::string> account_ids;       // UserId
  std::set<std::string> ou_ids;            // last segment of OrganizationalUnitArn
  std::set<std::string> organization_ids;  // last segment of OrganizationArn

  bool NeedsMembership() const { return !ou_ids.empty() || !organization_ids.empty(); }
};

// Where a consumer account sits in the organisation.
struct Membership {
  bool known = false;                     // false: no source of membership was configured
  std::string organization_id;            // "" when the account is not in the organisation
  std::vector<std::string> ancestor_ids;  // its OU, their parent OUs, and the root
};

// "o-abc/ou-abc-12345678" style ARNs: the id after the last '/'.
std::string LastArnSegment(std::string_view arn);

// Whether `consumer` may launch an image with these permissions. An OU permission covers the
// OU's accounts and those of its child OUs. Without known membership an OU or organisation
// permission is taken to cover the consumer (see AmiOptions::organizations_account_id).
bool MayLaunch(const LaunchPermissions& permissions, const std::string& consumer,
               const Membership& membership);

// Whether the permissions matter for this reference: not for the owner's own images, public
// ones, or images that are disabled anyway.
bool NeedsPermissions(const OwnedImage& image, const std::string& owner,
                      const std::string& consumer);

// The status of an image its owner still lists, for `consumer`. `permissions` is read only
// when NeedsPermissions() says so.
ImageStatus StatusOfListed(const OwnedImage& image, const std::string& owner,
                           const std::string& consumer, const LaunchPermissions& permissions,
                           const Membership& membership);

}  // namespace awsgov::ami
