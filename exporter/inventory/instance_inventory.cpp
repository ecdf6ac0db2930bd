#include "exporter/inventory/instance_inventory.h"

#include "exporter/aws/client.h"

namespace awsgov::inventory {
namespace {

Status ListTargetInstances(const CollectContext& ctx, InstanceList* out) {
  if (ctx.aws == nullptr) return Internal("EC2 instance inventory: no AWS client factory");
  if (ctx.Cancelled()) return Cancelled("ec2 DescribeInstances: cancelled");
  std::shared_ptr<aws::Client> ec2;
  Status status = ctx.aws->Get(ctx.target.account_id, ctx.target.region, &ec2);
  if (!status.ok()) return status;
  return ListEc2Instances(*ec2, ctx, out);
}

}  // namespace

Status InstanceInventory::Instances(const CollectContext& ctx, Clock::duration max_age,
                                    std::shared_ptr<const InstanceList>* out) {
  return listings_.Get(
      {ctx.target.account_id, ctx.target.region}, max_age,
      [&ctx](InstanceList* listed) { return ListTargetInstances(ctx, listed); }, out, ctx.deadline);
}

Status InstancesFor(const CollectContext& ctx, Clock::duration max_age,
                    std::shared_ptr<const InstanceList>* out) {
  if (ctx.instances != nullptr) {
    return ctx.instances->Instances(ctx, ctx.SharedDataMaxAge(max_age), out);
  }
  auto listed = std::make_shared<InstanceList>();
  Status status = ListTargetInstances(ctx, listed.get());
  if (status.ok()) *out = std::move(listed);
  return status;
}

}  // namespace awsgov::inventory
