#include "exporter/aws/retry.h"

#include <gtest/gtest.h>

#include "exporter/aws/rate_limiter.h"
#include "tests/unit/aws/client_fakes.h"

namespace awsgov::aws {
namespace {

TEST(RetryTest, ClassifiesOutcomesAsBotocoreStandardMode) {
  auto classify = [](long status, std::string code) {
    return ClassifyAttempt(AttemptOutcome{Status::Ok(), status, std::move(code)});
  };
  EXPECT_EQ(classify(200, ""), RetryReason::kNone);
  EXPECT_EQ(classify(400, "Throttling"), RetryReason::kThrottling);
  EXPECT_EQ(classify(503, "RequestLimitExceeded"), RetryReason::kThrottling);
  EXPECT_EQ(classify(400, "ProvisionedThroughputExceededException"), RetryReason::kThrottling);
  EXPECT_EQ(classify(400, "EC2ThrottledException"), RetryReason::kThrottling);
  EXPECT_EQ(classify(400, "PriorRequestNotComplete"), RetryReason::kThrottling);
  EXPECT_EQ(classify(400, "RequestTimeout"), RetryReason::kTransient);
  EXPECT_EQ(classify(500, ""), RetryReason::kTransient);
  EXPECT_EQ(classify(502, "InternalError"), RetryReason::kTransient);
  EXPECT_EQ(classify(504, ""), RetryReason::kTransient);
  EXPECT_EQ(classify(501, ""), RetryReason::kNone);
  EXPECT_EQ(classify(400, "ValidationException"), RetryReason::kNone);
  EXPECT_EQ(classify(403, "AccessDenied"), RetryReason::kNone);
  EXPECT_EQ(classify(403, "RequestTimeTooSkewed"), RetryReason::kClockSkew);
  EXPECT_EQ(classify(400, "RequestExpired"), RetryReason::kClockSkew);
  EXPECT_EQ(classify(400, "ExpiredToken"), RetryReason::kExpiredCredentials);
  EXPECT_EQ(classify(400, "ExpiredTokenException"), RetryReason::kExpiredCredentials);
  EXPECT_EQ(RetryReasonName(RetryReason::kExpiredCredentials), "expired_credentials");
  EXPECT_EQ(ClassifyAttempt(AttemptOutcome{DeadlineExceeded("t"), 0, ""}), RetryReason::kTimeout);
  EXPECT_EQ(ClassifyAttempt(AttemptOutcome{Unavailable("reset"), 0, ""}), RetryReason::kTransient);
  EXPECT_EQ(ClassifyAttempt(AttemptOutcome{Internal("cap"), 0, ""}), RetryReason::kNone);
}

TEST(RetryTest, BackoffIsJitteredExponentialWithCap) {
  RetryOptions options;  // base 1 s, cap 20 s
  EXPECT_EQ(BackoffDelay(1, options, 1.0).count(), 1000);
  EXPECT_EQ(BackoffDelay(2, options, 1.0).count(), 2000);
  EXPECT_EQ(BackoffDelay(5, options, 1.0).count(), 16000);
  EXPECT_EQ(BackoffDelay(6, options, 1.0).count(), 20000);
  EXPECT_EQ(BackoffDelay(60, options, 1.0).count(), 20000);
  EXPECT_EQ(BackoffDelay(3, options, 0.5).count(), 2000);
  EXPECT_EQ(BackoffDelay(3, options, 0.0).count(), 0);
}

TEST(RetryTest, QuotaAcquiresAndReleasesUpToCapacity) {
  RetryQuota quota;
  EXPECT_EQ(quota.available(), 500);
  for (int i = 0; i < 100; ++i) ASSERT_TRUE(quota.Acquire(RetryQuota::kRetryCost));
  EXPECT_EQ(quota.available(), 0);
  EXPECT_FALSE(quota.Acquire(RetryQuota::kRetryCost));
  quota.Release(RetryQuota::kTimeoutRetryCost);
  EXPECT_EQ(quota.available(), 10);
  quota.Release(1000);
  EXPECT_EQ(quota.available(), 500);
}

TEST(RetryTest, ParsesHttpDates) {
  auto t = ParseHttpDate("Sun, 06 Nov 1994 08:49:37 GMT");
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(std::chrono::system_clock::to_time_t(*t), 784111777);
  EXPECT_FALSE(ParseHttpDate("yesterday").has_value());
}

TEST(RetryRateLimiterTest, BucketAllowsABurstThenSpacesRequests) {
  clienttest::SettableClock clock(1000);
  RateLimiter limiter(2, &clock);
  const std::string key = RateLimiter::Key("111111111111", "eu-west-1", "ec2", "DescribeVpcs");
  EXPECT_EQ(limiter.Reserve(key).count(), 0);
  EXPECT_EQ(limiter.Reserve(key).count(), 0);
  EXPECT_EQ(limiter.Reserve(key).count(), 500);   // third in the same second: half a second
  EXPECT_EQ(limiter.Reserve(key).count(), 1000);  // queued behind the third
  // Other keys have their own buckets.
  EXPECT_EQ(limiter.Reserve(RateLimiter::Key("111111111111", "eu-west-1", "ec2", "DescribeSubnets"))
                .count(),
            0);
  clock.Advance(10);
  EXPECT_EQ(limiter.Reserve(key).count(), 0);
}

TEST(RetryRateLimiterTest, ThrottlingHalvesTheRateAndSuccessRecoversIt) {
  clienttest::SettableClock clock(1000);
  RateLimiter limiter(10, &clock);
  const std::string key = "k";
  limiter.OnThrottled(key);
  EXPECT_DOUBLE_EQ(limiter.CurrentRate(key), 5);
  limiter.OnThrottled(key);
  EXPECT_DOUBLE_EQ(limiter.CurrentRate(key), 2.5);
  limiter.OnSuccess(key);
  EXPECT_DOUBLE_EQ(limiter.CurrentRate(key), 3);  // + 10/20 per success
  for (int i = 0; i < 100; ++i) limiter.OnSuccess(key);
  EXPECT_DOUBLE_EQ(limiter.CurrentRate(key), 10);
  for (int i = 0; i < 100; ++i) limiter.OnThrottled(key);
  EXPECT_DOUBLE_EQ(limiter.CurrentRate(key), 10.0 / 64);  // the floor
}

TEST(RetryRateLimiterTest, ZeroRateMeansNoLimit) {
  RateLimiter limiter(0);
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(limiter.Reserve("k").count(), 0);
}

}  // namespace
}  // namespace awsgov::aws
