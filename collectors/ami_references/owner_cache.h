// The per-cycle cache that makes the owner side cost one listing per owner account and region
// per cycle, however many consumer targets join against it.
//
// Collect() runs once per target (consumer account x region), concurrently. Every consumer in
// region R needs the image list of every owner account in R, and the launch permissions of the
// owner images it references. Without the cache 100 consumer targets would list each owner's
// images 100 times per cycle. With it:
//   - images: one DescribeImages listing per (owner, region), reused while younger than max_age
//     (half the collector's interval, so each cycle sees a list at most half an interval old
//     and refreshes it once). One listing at a time per key: concurrent callers wait for it
//     and share the result; a failed listing is not cached, the next caller retries.
//   - launch permissions: looked up lazily, only for images referenced from another account
//     that are neither public nor disabled, memoised per (owner, region, image) until the image
//     list is refreshed, and paced by a token bucket per (owner, region) on top of the client's
//     own limit, so 10,000 images never mean 10,000 calls per cycle.
//   - former owners: every image id ever listed is remembered with its owner, so that an image
//     that later disappears from the owner's list is known to be the owner's, deregistered.
//   - organisation membership of consumers: per account, with the same max_age.
// What N owner images cost per cycle and region, with C consumer targets referencing R distinct
// shared images of them (R <= N) and U image ids no monitored owner lists:
//   owner side:    ceil(N / 1000) DescribeImages pages per owner (not C times that), plus at most
//                  R DescribeImageAttribute calls (none for public, disabled or self-owned
//                  images; AWS has no batched form), paced at lookups_per_second per owner and
//                  region: 10,000 images of which 300 are used elsewhere cost 10 + 300 calls;
//   consumer side: the consumer's own lists, plus ceil(U / 100) DescribeImages (image-id
//                  filter) only when include_unknown_owners or unresolved_images_owner is set.
// Thread-safety: thread-safe.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

#include "collectors/ami_references/ami_options.h"
#include "collectors/ami_references/image_model.h"
#include "exporter/aws/client.h"
#include "exporter/aws/rate_limiter.h"
#include "exporter/core/clock.h"
#include "exporter/core/collector.h"

namespace awsgov::ami {

using ImageMap = std::map<std::string, OwnedImage>;  // by image id

struct OwnerCacheOptions {
  Clock::duration max_age = std::chrono::minutes(2) + std::chrono::seconds(30);
  double lookups_per_second = 5;
  const Clock* clock = nullptr;  // default: SystemClock
  // Waits out the lookup pace; default sleeps for real. Tests pass one that advances a clock.
  std::function<void(std::chrono::milliseconds)> sleep;
};

class OwnerCache {
 public:
  explicit OwnerCache(OwnerCacheOptions options);

  // The owner's images in `region`, listed anew when the cached list is older than max_age.
  Status Images(const CollectContext& ctx, const std::string& owner, const std::string& region,
                std::shared_ptr<const ImageMap>* out);

  // Launch permissions of one of the owner's images (memoised until the list is refreshed).
  Status Permissions(const CollectContext& ctx, const std::string& owner, const std::string& region,
                     const std::string& image_id, LaunchPermissions* out);

  // The monitored owner that listed `image_id` in `region` at some point, "" if none did.
  std::string FormerOwner(const std::string& region, const std::string& image_id) const;

  // The consumer's place in the organisation (Organizations when configured, else options).
  Status MembershipOf(const CollectContext& ctx, const AmiOptions& options,
                      const std::string& account_id, Membership* out);

  // For tests and debug logs: AWS calls made through the cache so far.
  int image_listings() const;
  int permission_lookups() const;

 private:
  struct Entry {
    std::mutex list_mu;                      // held while listing: one listing per key at a time
    std::shared_ptr<const ImageMap> images;  // guarded by list_mu
    Clock::time_point listed_at;             // guarded by list_mu
    std::mutex perms_mu;
    std::map<std::string, LaunchPermissions> permissions;  // guarded by perms_mu
  };
  struct CachedMembership {
    Membership membership;
    Clock::time_point at;
  };

  std::shared_ptr<Entry> EntryFor(const std::string& owner, const std::string& region);
  bool Fresh(Clock::time_point at) const;
  Status WaitForLookupSlot(const CollectContext& ctx, const std::string& key);

  const OwnerCacheOptions options_;
  const Clock* const clock_;
  aws::RateLimiter lookup_pace_;

  mutable std::mutex mu_;
  std::map<std::pair<std::string, std::string>, std::shared_ptr<Entry>> entries_;
  std::map<std::pair<std::string, std::string>, std::string> former_owners_;  // (region, id)
  std::map<std::string, CachedMembership> memberships_;
  int image_listings_ = 0;
  int permission_lookups_ = 0;
};

}  // namespace awsgov::ami
