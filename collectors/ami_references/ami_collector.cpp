#include "collectors/ami_references/ami_collector.h"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "collectors/ami_references/consumer_refs.h"
#include "collectors/ami_references/emit.h"
#include "collectors/ami_references/owner_images.h"
#include "exporter/aws/client.h"
#include "exporter/inventory/instance_inventory.h"

namespace awsgov::ami {
namespace {

// "unknown" names the owner of an image the consumer cannot see and no owner lists.
constexpr const char* kUnknownOwner = "unknown";

Status CollectReferences(aws::Client& client, const AmiOptions& options, const CollectContext& ctx,
                         Clock::duration instances_max_age, std::vector<Reference>* refs) {
  // Shared with inspector_coverage: one listing per account x region and cycle.
  std::shared_ptr<const inventory::InstanceList> instances;
  Status status = inventory::InstancesFor(ctx, instances_max_age, &instances);
  if (!status.ok()) return status.WithContext("ec2 DescribeInstances");
  AddInstanceReferences(*instances, refs);
  if (ctx.Cancelled()) return Cancelled("ami_references: cancelled after instances");
  status = ListLaunchTemplateReferences(client, options.all_launch_template_versions, refs);
  if (!status.ok()) return status;
  if (ctx.Cancelled()) return Cancelled("ami_references: cancelled after launch templates");
  return ListLaunchConfigurationReferences(client, refs);
}

// Joins the consumer's image ids with the owners' lists, launch permissions and memberships.
class Resolver {
 public:
  Resolver(const AmiOptions& options, OwnerCache& cache, const CollectContext& ctx)
      : options_(options), cache_(cache), ctx_(ctx) {}

  // The owners' image lists, each taken from the cache once per run (and so once per cycle
  // for all targets together).
  Status LoadOwnerImages() {
    for (const std::string& owner : options_.owner_accounts) {
      Status status = cache_.Images(ctx_, owner, region(), &owner_images_[owner]);
      if (!status.ok()) return status;
    }
    return Status::Ok();
  }
  const ImageMap& ImagesOf(const std::string& owner) const { return *owner_images_.at(owner); }

  Status Resolve(aws::Client& consumer_client, const std::set<std::string>& image_ids,
                 std::map<std::string, Resolution>* out) {
    const auto& owner_images = owner_images_;
    std::vector<std::string> unresolved;
    for (const std::string& id : image_ids) {
      if (ctx_.Cancelled()) return Cancelled("ami_references: cancelled while resolving images");
      bool listed = false;
      for (const auto& [owner, images] : owner_images) {
        auto it = images->find(id);
        if (it == images->end()) continue;
        listed = true;
        Resolution resolution{owner, ImageStatus::kAvailable};
        Status status = StatusOfOwned(owner, it->second, &resolution.status);
        if (!status.ok()) return status;
        (*out)[id] = resolution;
        break;
      }
      if (listed) continue;
      if (std::string former = cache_.FormerOwner(region(), id); !former.empty()) {
        (*out)[id] = {former, ImageStatus::kDeregistered};
      } else {
        unresolved.push_back(id);
      }
    }
    return ResolveUnlisted(consumer_client, unresolved, out);
  }

 private:
  const std::string& consumer() const { return ctx_.target.account_id; }
  const std::string& region() const { return ctx_.target.region; }

  Status StatusOfOwned(const std::string& owner, const OwnedImage& image, ImageStatus* out) {
    LaunchPermissions permissions;
    if (NeedsPermissions(image, owner, consumer())) {
      Status status = cache_.Permissions(ctx_, owner, region(), image.id, &permissions);
      if (!status.ok()) return status;
      if (permissions.NeedsMembership() && !permissions.is_public &&
          permissions.account_ids.count(consumer()) == 0) {
        status = Member(&membership_);
        if (!status.ok()) return status;
      }
    }
    *out = StatusOfListed(image, owner, consumer(), permissions,
                          membership_ ? *membership_ : Membership{});
    return Status::Ok();
  }

  Status Member(std::optional<Membership>* membership) {
    if (*membership) return Status::Ok();
    Membership resolved;
    Status status = cache_.MembershipOf(ctx_, options_, consumer(), &resolved);
    if (status.ok()) *membership = std::move(resolved);
    return status;
  }

  // Images no monitored owner lists (now or before): the consumer's own view tells whose they
  // are when it can still see them. Asked only when the answer is used.
  Status ResolveUnlisted(aws::Client& consumer_client, const std::vector<std::string>& ids,
                         std::map<std::string, Resolution>* out) {
    if (ids.empty()) return Status::Ok();
    if (!options_.include_unknown_owners && options_.unresolved_images_owner.empty()) {
      return Status::Ok();
    }
    std::vector<std::pair<std::string, std::string>> visible;
    Status status = DescribeVisibleImageOwners(consumer_client, ids, &visible);
    if (!status.ok()) return status;
    std::map<std::string, std::string> owner_of(visible.begin(), visible.end());
    for (const std::string& id : ids) {
      auto it = owner_of.find(id);
      if (it != owner_of.end()) {
        // Visible, so it exists and the consumer may launch it. A monitored owner's image seen
        // here but not in its list was registered after the list was taken.
        if (options_.IsOwner(it->second)) {
          (*out)[id] = {it->second, ImageStatus::kAvailable};
        } else if (options_.include_unknown_owners) {
          (*out)[id] = {it->second, ImageStatus::kUnknown};
        }
      } else if (!options_.unresolved_images_owner.empty()) {
        (*out)[id] = {options_.unresolved_images_owner, ImageStatus::kDeregistered};
      } else if (options_.include_unknown_owners) {
        (*out)[id] = {kUnknownOwner, ImageStatus::kUnknown};
      }
    }
    return Status::Ok();
  }

  const AmiOptions& options_;
  OwnerCache& cache_;
  const CollectContext& ctx_;
  std::map<std::string, std::shared_ptr<const ImageMap>> owner_images_;
  std::optional<Membership> membership_;  // of the consumer, asked once per run
};

}  // namespace

Status AmiReferencesCollector::Collect(const CollectContext& ctx, Result* out) {
  if (ctx.aws == nullptr) return Internal("ami_references: collector needs an AWS client factory");
  const std::string& account = ctx.target.account_id;
  const std::string& region = ctx.target.region;
  std::shared_ptr<aws::Client> client;
  Status status = ctx.aws->Get(account, region, &client);
  if (!status.ok()) return status;

  std::vector<Reference> refs;
  status = CollectReferences(*client, options_, ctx, instances_max_age_, &refs);
  if (!status.ok()) return status.WithContext("ami_references consumer " + account + " " + region);

  Resolver resolver(options_, cache_, ctx);
  status = resolver.LoadOwnerImages();
  if (!status.ok()) return status;
  // Each owner's images are reported by the owner's own target only, so no series is reported
  // by two targets.
  if (options_.IsOwner(account)) EmitImages(resolver.ImagesOf(account), account, region, out);

  std::set<std::string> image_ids;
  for (const Reference& ref : refs) image_ids.insert(ref.image_id);
  std::map<std::string, Resolution> resolutions;
  status = resolver.Resolve(*client, image_ids, &resolutions);
  if (!status.ok()) return status.WithContext("ami_references consumer " + account + " " + region);
  EmitReferences(refs, resolutions, account, region, out);
  return Status::Ok();
}

}  // namespace awsgov::ami
