// The LookupEvents pacer with a fake clock: 2 per second per key, keys independent.
#include "collectors/sg_changes/request_pacer.h"

#include <gtest/gtest.h>

#include <vector>

namespace awsgov::sg {
namespace {

class FakeClock final : public Clock {
 public:
  time_point Now() const override { return now; }
  double UnixSeconds() const override { return 0; }
  time_point now{};
};

TEST(RequestPacerTest, SpacesRequestsPerKeyAtTheRate) {
  FakeClock clock;
  std::vector<std::chrono::nanoseconds> sleeps;
  RequestPacer pacer(2, &clock, [&](std::chrono::nanoseconds d) {
    sleeps.push_back(d);
    clock.now += d;
  });
  pacer.Wait("a/eu-west-1");  // first: at once
  pacer.Wait("a/eu-west-1");  // 500 ms later
  clock.now += std::chrono::milliseconds(200);
  pacer.Wait("a/eu-west-1");  // 300 ms more
  pacer.Wait("b/eu-west-1");  // another key: at once
  clock.now += std::chrono::seconds(5);
  pacer.Wait("a/eu-west-1");  // long idle: at once
  EXPECT_EQ(sleeps, (std::vector<std::chrono::nanoseconds>{std::chrono::milliseconds(500),
                                                           std::chrono::milliseconds(300)}));
}

TEST(RequestPacerTest, AnAnswerThatCameLateDelaysTheNextRequestByAFullInterval) {
  FakeClock clock;
  std::vector<std::chrono::nanoseconds> sleeps;
  RequestPacer pacer(2, &clock, [&](std::chrono::nanoseconds d) {
    sleeps.push_back(d);
    clock.now += d;
  });
  pacer.Wait("a/eu-west-1");                    // sent at 0
  clock.now += std::chrono::milliseconds(400);  // answered at 400 ms
  pacer.Done("a/eu-west-1");
  pacer.Wait("a/eu-west-1");  // 900 ms, not 500 ms
  clock.now += std::chrono::milliseconds(100);
  pacer.Done("a/eu-west-1");  // answered at 1000 ms
  pacer.Done("b/eu-west-1");  // a key seen first in Done
  pacer.Wait("b/eu-west-1");
  EXPECT_EQ(sleeps, (std::vector<std::chrono::nanoseconds>{std::chrono::milliseconds(500),
                                                           std::chrono::milliseconds(500)}));
  EXPECT_EQ(clock.now.time_since_epoch(), std::chrono::milliseconds(1500));
}

}  // namespace
}  // namespace awsgov::sg
