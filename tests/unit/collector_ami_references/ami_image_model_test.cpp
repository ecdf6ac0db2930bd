// The pure rules that turn an owner's image and its launch permissions into an image status for
// one consumer: account, OU (and child OU), organisation and public permissions, disabled and
// deregistered images, the owner's own use, and unknown membership.
#include <gtest/gtest.h>

#include "collectors/ami_references/image_model.h"

namespace awsgov::ami {
namespace {

constexpr const char* kOwner = "111111111111";
constexpr const char* kConsumer = "222222222222";

Membership InOrg(std::vector<std::string> ancestors) {
  return Membership{true, "o-abcdef1234", std::move(ancestors)};
}

TEST(AmiImageModelTest, StatusNamesAreTheLabelValues) {
  EXPECT_EQ(StatusName(ImageStatus::kAvailable), "available");
  EXPECT_EQ(StatusName(ImageStatus::kDeregistered), "deregistered");
  EXPECT_EQ(StatusName(ImageStatus::kUnshared), "unshared");
  EXPECT_EQ(StatusName(ImageStatus::kDisabled), "disabled");
  EXPECT_EQ(StatusName(ImageStatus::kUnknown), "unknown");
}

TEST(AmiImageModelTest, LastArnSegment) {
  EXPECT_EQ(LastArnSegment("arn:aws:organizations::111111111111:ou/o-abcdef1234/ou-ab12-cdef3456"),
            "ou-ab12-cdef3456");
  EXPECT_EQ(LastArnSegment("arn:aws:organizations::111111111111:organization/o-abcdef1234"),
            "o-abcdef1234");
  EXPECT_EQ(LastArnSegment("plain"), "plain");
}

TEST(AmiImageModelTest, AccountPermission) {
  const OwnedImage image{"ami-1", "available", false};
  LaunchPermissions shared;
  shared.account_ids = {kConsumer};
  EXPECT_EQ(StatusOfListed(image, kOwner, kConsumer, shared, {}), ImageStatus::kAvailable);
  EXPECT_EQ(StatusOfListed(image, kOwner, "333333333333", shared, {}), ImageStatus::kUnshared);
  EXPECT_EQ(StatusOfListed(image, kOwner, kConsumer, LaunchPermissions{}, {}),
            ImageStatus::kUnshared);
}

TEST(AmiImageModelTest, OwnerPublicDisabledAndDeregisteredNeedNoPermissions) {
  EXPECT_FALSE(NeedsPermissions({"ami-1", "available", false}, kOwner, kOwner));
  EXPECT_FALSE(NeedsPermissions({"ami-1", "available", true}, kOwner, kConsumer));
  EXPECT_FALSE(NeedsPermissions({"ami-1", "disabled", false}, kOwner, kConsumer));
  EXPECT_TRUE(NeedsPermissions({"ami-1", "available", false}, kOwner, kConsumer));
  const LaunchPermissions none;
  EXPECT_EQ(StatusOfListed({"ami-1", "available", false}, kOwner, kOwner, none, {}),
            ImageStatus::kAvailable);
  EXPECT_EQ(StatusOfListed({"ami-1", "available", true}, kOwner, kConsumer, none, {}),
            ImageStatus::kAvailable);
  EXPECT_EQ(StatusOfListed({"ami-1", "disabled", false}, kOwner, kOwner, none, {}),
            ImageStatus::kDisabled);
  EXPECT_EQ(StatusOfListed({"ami-1", "deregistered", false}, kOwner, kConsumer, none, {}),
            ImageStatus::kDeregistered);
  LaunchPermissions group_all;
  group_all.is_public = true;
  EXPECT_EQ(StatusOfListed({"ami-1", "available", false}, kOwner, kConsumer, group_all, {}),
            ImageStatus::kAvailable);
}

TEST(AmiImageModelTest, OrganizationalUnitCoversChildOus) {
  LaunchPermissions by_ou;
  by_ou.ou_ids = {"ou-ab12-parent00"};
  // The consumer sits in a child OU of the shared one.
  EXPECT_TRUE(
      MayLaunch(by_ou, kConsumer, InOrg({"ou-ab12-child000", "ou-ab12-parent00", "r-ab12"})));
  EXPECT_FALSE(MayLaunch(by_ou, kConsumer, InOrg({"ou-ab12-sibling0", "r-ab12"})));
  EXPECT_FALSE(MayLaunch(by_ou, kConsumer, Membership{true, "", {}}));  // outside the org
}

TEST(AmiImageModelTest, OrganizationPermission) {
  LaunchPermissions by_org;
  by_org.organization_ids = {"o-abcdef1234"};
  EXPECT_TRUE(MayLaunch(by_org, kConsumer, InOrg({"r-ab12"})));
  EXPECT_FALSE(MayLaunch(by_org, kConsumer, Membership{true, "o-other00000", {"r-zz99"}}));
  EXPECT_FALSE(MayLaunch(by_org, kConsumer, Membership{true, "", {}}));
}

TEST(AmiImageModelTest, UnknownMembershipNeverRaisesAnAlarm) {
  LaunchPermissions by_ou;
  by_ou.ou_ids = {"ou-ab12-parent00"};
  EXPECT_TRUE(MayLaunch(by_ou, kConsumer, Membership{}));
  // Without any OU or organisation permission, membership does not matter.
  EXPECT_FALSE(MayLaunch(LaunchPermissions{}, kConsumer, Membership{}));
}

}  // namespace
}  // namespace awsgov::ami
