#include "collectors/ami_references/owner_cache.h"

#include <thread>
#include <vector>

#include "collectors/ami_references/org_membership.h"
#include "collectors/ami_references/owner_images.h"

namespace awsgov::ami {
namespace {

std::string Where(const std::string& account, const std::string& region) {
  return "account " + account + " region " + region;
}

}  // namespace

OwnerCache::OwnerCache(OwnerCacheOptions options)
    : options_(std::move(options)),
      clock_(options_.clock != nullptr ? options_.clock : &SystemClock::Instance()),
      lookup_pace_(options_.lookups_per_second, clock_) {}

std::shared_ptr<OwnerCache::Entry> OwnerCache::EntryFor(const std::string& owner,
                                                        const std::string& region) {
  std::lock_guard<std::mutex> lock(mu_);
  auto& entry = entries_[{owner, region}];
  if (!entry) entry = std::make_shared<Entry>();
  return entry;
}

bool OwnerCache::Fresh(Clock::time_point at) const { return clock_->Now() - at < options_.max_age; }

Status OwnerCache::Images(const CollectContext& ctx, const std::string& owner,
                          const std::string& region, std::shared_ptr<const ImageMap>* out) {
  std::shared_ptr<Entry> entry = EntryFor(owner, region);
  std::lock_guard<std::mutex> list_lock(entry->list_mu);
  if (entry->images && Fresh(entry->listed_at)) {
    *out = entry->images;
    return Status::Ok();
  }
  if (ctx.aws == nullptr) return Internal("ami_references: no AWS client factory");
  if (ctx.Cancelled()) return Cancelled("ami_references: cancelled before listing owner images");
  std::shared_ptr<aws::Client> client;
  Status status = ctx.aws->Get(owner, region, &client);
  std::vector<OwnedImage> listed;
  if (status.ok()) status = ListOwnedImages(*client, &listed);
  {
    std::lock_guard<std::mutex> lock(mu_);
    ++image_listings_;
  }
  if (!status.ok()) return status.WithContext("owner images in " + Where(owner, region));

  auto images = std::make_shared<ImageMap>();
  for (OwnedImage& image : listed) images->emplace(image.id, std::move(image));
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& [id, image] : *images) former_owners_[{region, id}] = owner;
  }
  {
    std::lock_guard<std::mutex> perms_lock(entry->perms_mu);
    entry->permissions.clear();  // sharing may have changed along with the list
  }
  entry->images = images;
  entry->listed_at = clock_->Now();
  *out = std::move(images);
  return Status::Ok();
}

Status OwnerCache::WaitForLookupSlot(const CollectContext& ctx, const std::string& key) {
  const std::chrono::milliseconds wait = lookup_pace_.Reserve(key);
  if (wait.count() <= 0) return Status::Ok();
  if (ctx.deadline != std::chrono::steady_clock::time_point{} &&
      std::chrono::steady_clock::now() + wait > ctx.deadline) {
    return DeadlineExceeded("ami_references: launch permission lookups would pass the deadline");
  }
  if (options_.sleep) {
    options_.sleep(wait);
  } else {
    std::this_thread::sleep_for(wait);
  }
  return Status::Ok();
}

Status OwnerCache::Permissions(const CollectContext& ctx, const std::string& owner,
                               const std::string& region, const std::string& image_id,
                               LaunchPermissions* out) {
  std::shared_ptr<Entry> entry = EntryFor(owner, region);
  std::lock_guard<std::mutex> perms_lock(entry->perms_mu);
  if (auto it = entry->permissions.find(image_id); it != entry->permissions.end()) {
    *out = it->second;
    return Status::Ok();
  }
  if (ctx.aws == nullptr) return Internal("ami_references: no AWS client factory");
  if (ctx.Cancelled()) return Cancelled("ami_references: cancelled during permission lookups");
  Status status = WaitForLookupSlot(ctx, owner + "/" + region);
  std::shared_ptr<aws::Client> client;
  if (status.ok()) status = ctx.aws->Get(owner, region, &client);
  LaunchPermissions permissions;
  if (status.ok()) status = DescribeLaunchPermissions(*client, image_id, &permissions);
  {
    std::lock_guard<std::mutex> lock(mu_);
    ++permission_lookups_;
  }
  if (!status.ok()) return status.WithContext("launch permissions in " + Where(owner, region));
  entry->permissions[image_id] = permissions;
  *out = std::move(permissions);
  return Status::Ok();
}

std::string OwnerCache::FormerOwner(const std::string& region, const std::string& image_id) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = former_owners_.find({region, image_id});
  return it == former_owners_.end() ? "" : it->second;
}

Status OwnerCache::MembershipOf(const CollectContext& ctx, const AmiOptions& options,
                                const std::string& account_id, Membership* out) {
  if (options.organizations_account_id.empty()) {
    *out = MembershipFromOptions(options, account_id);
    return Status::Ok();
  }
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = memberships_.find(account_id);
    if (it != memberships_.end() && Fresh(it->second.at)) {
      *out = it->second.membership;
      return Status::Ok();
    }
  }
  if (ctx.aws == nullptr) return Internal("ami_references: no AWS client factory");
  std::shared_ptr<aws::Client> client;
  Status status = ctx.aws->Get(options.organizations_account_id, ctx.target.region, &client);
  Membership membership;
  if (status.ok()) status = MembershipFromOrganizations(*client, account_id, &membership);
  if (!status.ok()) {
    return status.WithContext("organisation membership of " + account_id + " (asked in " +
                              options.organizations_account_id + ")");
  }
  std::lock_guard<std::mutex> lock(mu_);
  memberships_[account_id] = {membership, clock_->Now()};
  *out = std::move(membership);
  return Status::Ok();
}

int OwnerCache::image_listings() const {
  std::lock_guard<std::mutex> lock(mu_);
  return image_listings_;
}

int OwnerCache::permission_lookups() const {
  std::lock_guard<std::mutex> lock(mu_);
  return permission_lookups_;
}

}  // namespace awsgov::ami
