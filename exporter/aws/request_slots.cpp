#include "exporter/aws/request_slots.h"

namespace awsgov::aws {

RequestSlots::RequestSlots(int max_in_flight) : max_in_flight_(max_in_flight) {}

RequestSlots::Slot RequestSlots::Acquire() {
  std::unique_lock lock(mu_);
  if (max_in_flight_ > 0) {
    released_.wait(lock, [this] { return in_flight_ < max_in_flight_; });
  }
  ++in_flight_;
  return Slot(this);
}

void RequestSlots::Release() {
  {
    std::lock_guard lock(mu_);
    --in_flight_;
  }
  released_.notify_one();
}

int RequestSlots::in_flight() const {
  std::lock_guard lock(mu_);
  return in_flight_;
}

}  // namespace awsgov::aws
