// A limit on how many AWS requests are in flight at once, across every client of a factory
// (`aws.max_concurrent_requests`). It is separate from the scheduler's worker count on purpose: a
// worker that waits out a retry backoff or a rate-limiter delay holds no slot, so other targets'
// requests use the connection while it waits. With more workers than slots, the request
// concurrency against AWS stays at the limit even while many calls back off after throttling.
// Thread-safety: thread-safe.
#pragma once

#include <condition_variable>
#include <mutex>

namespace awsgov::aws {

class RequestSlots {
 public:
  // max_in_flight <= 0: no limit (Acquire never waits).
  explicit RequestSlots(int max_in_flight);

  // Holds one slot from Acquire until destroyed.
  class Slot {
   public:
    Slot() = default;
    explicit Slot(RequestSlots* owner) : owner_(owner) {}
    Slot(Slot&& other) noexcept : owner_(other.owner_) { other.owner_ = nullptr; }
    Slot& operator=(Slot&& other) noexcept {
      if (this != &other) {
        if (owner_ != nullptr) owner_->Release();
        owner_ = other.owner_;
        other.owner_ = nullptr;
      }
      return *this;
    }
    Slot(const Slot&) = delete;
    Slot& operator=(const Slot&) = delete;
    ~Slot() {
      if (owner_ != nullptr) owner_->Release();
    }

   private:
    RequestSlots* owner_ = nullptr;
  };

  // Waits until fewer than max_in_flight slots are held, then holds one.
  [[nodiscard]] Slot Acquire();
  int in_flight() const;
  int max_in_flight() const { return max_in_flight_; }

 private:
  void Release();

  const int max_in_flight_;
  mutable std::mutex mu_;
  std::condition_variable released_;
  int in_flight_ = 0;  // guarded by mu_
};

}  // namespace awsgov::aws
