// RequestSlots: at most N slots held at once, a waiter proceeds when one is released, 0 = no limit.
#include "exporter/aws/request_slots.h"

#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

namespace awsgov::aws {
namespace {

TEST(RequestSlotsTest, ThirdCallerWaitsUntilOneOfTwoSlotsIsReleased) {
  RequestSlots slots(2);
  auto first = std::make_unique<RequestSlots::Slot>(slots.Acquire());
  RequestSlots::Slot second = slots.Acquire();
  EXPECT_EQ(slots.in_flight(), 2);
  std::atomic<bool> third_acquired{false};
  std::thread third([&] {
    RequestSlots::Slot slot = slots.Acquire();
    third_acquired = true;
  });
  // The waiter cannot get in while both slots are held (it would have within this time).
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_FALSE(third_acquired.load());
  first.reset();  // releases one slot
  third.join();
  EXPECT_TRUE(third_acquired.load());
  EXPECT_EQ(slots.in_flight(), 1);  // `second` is still held
}

TEST(RequestSlotsTest, ManyThreadsNeverHoldMoreThanTheLimit) {
  constexpr int kLimit = 3;
  RequestSlots slots(kLimit);
  std::atomic<int> holding{0}, most{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 12; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 200; ++i) {
        RequestSlots::Slot slot = slots.Acquire();
        int now = ++holding;
        int seen = most.load();
        while (now > seen && !most.compare_exchange_weak(seen, now)) {
        }
        std::this_thread::yield();
        --holding;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_LE(most.load(), kLimit);
  EXPECT_GE(most.load(), 1);
  EXPECT_EQ(slots.in_flight(), 0);
}

TEST(RequestSlotsTest, ZeroMeansNoLimit) {
  RequestSlots slots(0);
  std::vector<RequestSlots::Slot> held;
  for (int i = 0; i < 100; ++i) held.push_back(slots.Acquire());
  EXPECT_EQ(slots.in_flight(), 100);
  held.clear();
  EXPECT_EQ(slots.in_flight(), 0);
}

TEST(RequestSlotsTest, MovedSlotReleasesOnce) {
  RequestSlots slots(1);
  {
    RequestSlots::Slot a = slots.Acquire();
    RequestSlots::Slot b = std::move(a);
    EXPECT_EQ(slots.in_flight(), 1);
    RequestSlots::Slot c;
    c = std::move(b);
    EXPECT_EQ(slots.in_flight(), 1);
  }
  EXPECT_EQ(slots.in_flight(), 0);
}

}  // namespace
}  // namespace awsgov::aws
