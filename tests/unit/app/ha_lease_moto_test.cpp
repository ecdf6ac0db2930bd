// The HA lease against moto's DynamoDB (served one request at a time by
// tests/fakes/moto_atomic_server.py, so that conditional writes are atomic as DynamoDB's are):
// one holder at a time, renewal by the holder only, takeover after expiry and not before, a
// stalled holder that was replaced cannot renew, release hands over at once.
#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "exporter/app/ha_lease.h"
#include "exporter/aws/client_factory.h"
#include "exporter/aws/dynamodb.h"
#include "tests/support/moto_env.h"
#include "tests/support/subprocess.h"

namespace awsgov {
namespace {

using nlohmann::json;

constexpr const char* kAccount = "111111111111";
constexpr const char* kRegion = "eu-west-1";
constexpr const char* kTable = "awsgov-ha";
constexpr const char* kKey = "lease#shard-0-of-1";
constexpr std::int64_t kDurationMs = 10000;

class HaLeaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(moto_ready_);
    factory_ = testing::MakeTestFactory(
        testing::MakeTestConfig("http://127.0.0.1:" + std::to_string(port_), {}, {kRegion}));
    ASSERT_TRUE(factory_->Get(kAccount, kRegion, &table_).ok());
    json response;
    Status status =
        table_->Json("dynamodb", "CreateTable",
                     {{"TableName", kTable},
                      {"AttributeDefinitions", {{{"AttributeName", "pk"}, {"AttributeType", "S"}}}},
                      {"KeySchema", {{{"AttributeName", "pk"}, {"KeyType", "HASH"}}}},
                      {"BillingMode", "PAY_PER_REQUEST"}},
                     &response);
    ASSERT_TRUE(status.ok()) << status.ToString();
  }

  static HaLease Replica(const std::string& holder) {
    return HaLease(HaLeaseOptions{.table = kTable,
                                  .account_id = kAccount,
                                  .region = kRegion,
                                  .key = kKey,
                                  .holder = holder,
                                  .duration = std::chrono::milliseconds(kDurationMs)});
  }
  json Item() {
    json response;
    Status status = table_->Json(
        "dynamodb", "GetItem",
        {{"TableName", kTable}, {"Key", {{"pk", {{"S", kKey}}}}}, {"ConsistentRead", true}},
        &response);
    EXPECT_TRUE(status.ok()) << status.ToString();
    return response.value("Item", json::object());
  }

  const int port_ = testing::FreeLoopbackPort();
  const std::string log_ = ::testing::TempDir() + "ha-moto-" + std::to_string(port_) + ".log";
  testing::Subprocess moto_{
      {"python3", std::string(AWSGOV_SOURCE_DIR) + "/tests/fakes/moto_atomic_server.py", "--port",
       std::to_string(port_)},
      log_};
  const bool moto_ready_ = testing::WaitForPort(port_, std::chrono::seconds(30));
  std::unique_ptr<aws::AwsClientFactory> factory_;
  std::shared_ptr<aws::Client> table_;
};

TEST_F(HaLeaseTest, OneHolderRenewalTakeoverAfterExpiryReleaseAndAMissingTable) {
  HaLease a = Replica("a");
  HaLease b = Replica("b");
  const std::int64_t t0 = 1'800'000'000'000;

  ASSERT_TRUE(a.Step(*table_, t0).ok());
  EXPECT_TRUE(a.Leader(t0));
  EXPECT_EQ(aws::dynamodb::StringAttr(Item(), "holder"), "a");
  EXPECT_EQ(aws::dynamodb::NumberAttr(Item(), "expires_at_ms"), t0 + kDurationMs);

  // b cannot take an unexpired lease.
  ASSERT_TRUE(b.Step(*table_, t0 + 1000).ok());
  EXPECT_FALSE(b.Leader(t0 + 1000));

  // a renews: the expiry moves, the version counts up.
  const std::int64_t version = a.version();
  ASSERT_TRUE(a.Step(*table_, t0 + 5000).ok());
  EXPECT_EQ(a.version(), version + 1);
  EXPECT_TRUE(a.Leader(t0 + 14000));  // past the first expiry, within the renewed one
  EXPECT_FALSE(a.Leader(t0 + 15000));
  EXPECT_EQ(aws::dynamodb::NumberAttr(Item(), "expires_at_ms"), t0 + 5000 + kDurationMs);

  // Still not b's just before the renewed expiry; b's after it (a stalled and did not renew).
  ASSERT_TRUE(b.Step(*table_, t0 + 14999).ok());
  EXPECT_FALSE(b.Leader(t0 + 14999));
  ASSERT_TRUE(b.Step(*table_, t0 + 15001).ok());
  EXPECT_TRUE(b.Leader(t0 + 15001));
  EXPECT_EQ(aws::dynamodb::StringAttr(Item(), "holder"), "b");

  // a wakes up: its renewal is refused and it is no leader any more, even by its own clock.
  ASSERT_TRUE(a.Step(*table_, t0 + 15002).ok());
  EXPECT_FALSE(a.Leader(t0 + 15002));
  EXPECT_EQ(a.version(), 0);
  EXPECT_EQ(aws::dynamodb::StringAttr(Item(), "holder"), "b");

  // a's release (holding nothing) leaves b's lease; b's release deletes it and a acquires at once.
  ASSERT_TRUE(a.Release(*table_).ok());
  EXPECT_EQ(aws::dynamodb::StringAttr(Item(), "holder"), "b");
  ASSERT_TRUE(b.Release(*table_).ok());
  EXPECT_FALSE(b.Leader(t0 + 15003));
  EXPECT_TRUE(Item().empty());
  ASSERT_TRUE(a.Step(*table_, t0 + 15004).ok());
  EXPECT_TRUE(a.Leader(t0 + 15004));

  // A missing table (one moto start for both cases: it takes seconds) is an error, no leadership.
  HaLease lease(HaLeaseOptions{.table = "no-such-table",
                               .account_id = kAccount,
                               .region = kRegion,
                               .key = kKey,
                               .holder = "a",
                               .duration = std::chrono::milliseconds(kDurationMs)});
  Status status = lease.Step(*table_, 1'800'000'000'000);
  EXPECT_FALSE(status.ok());
  EXPECT_NE(status.message().find("HA lease lease#shard-0-of-1: acquire"), std::string::npos)
      << status.message();
  EXPECT_FALSE(lease.Leader(1'800'000'000'000));
}

}  // namespace
}  // namespace awsgov
