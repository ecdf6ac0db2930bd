// The DynamoDB review store against moto (which evaluates ConditionExpressions as DynamoDB does;
// served one request at a time by tests/fakes/moto_atomic_server.py, because threaded moto_server
// does not make a conditional write atomic and DynamoDB does):
// two stores on two client factories stand for two replicas sharing one table. De-duplication by
// change id, exactly one winner when both decide one change at once, NotFound, the retention
// sweep and the TTL attribute, counts, forward-only cursors, and the store before it has a client.
#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "collectors/sg_changes/dynamodb_store.h"
#include "exporter/aws/call_record_for_tests.h"
#include "exporter/aws/dynamodb.h"
#include "tests/unit/collector_sg_changes/sg_aws_env.h"
#include "tests/unit/collector_sg_changes/sg_test_util.h"

namespace awsgov::sg {
namespace {

using nlohmann::json;
using testing::MakeChange;

constexpr const char* kTableAccount = "111111111111";  // not configured: the base credentials
constexpr const char* kRegion = "eu-west-1";
constexpr std::int64_t kRetention = 3600;

// One server for the suite (moto takes seconds to start); one table per test.
struct AtomicMoto {
  const int port = awsgov::testing::FreeLoopbackPort();
  const std::string endpoint = "http://127.0.0.1:" + std::to_string(port);
  testing::TempDir dir;
  awsgov::testing::Subprocess process{
      {"python3", std::string(AWSGOV_SOURCE_DIR) + "/tests/fakes/moto_atomic_server.py", "--port",
       std::to_string(port)},
      dir.File("moto.log")};
  const bool ready = awsgov::testing::WaitForPort(port, std::chrono::seconds(30));
};

class DynamoDbStoreTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { moto_ = new AtomicMoto(); }
  static void TearDownTestSuite() {
    delete moto_;
    moto_ = nullptr;
  }

  void SetUp() override {
    ASSERT_TRUE(moto_->ready);
    table_ = std::string("t-") + ::testing::UnitTest::GetInstance()->current_test_info()->name();
    factory_a_ = MakeReplicaFactory();
    factory_b_ = MakeReplicaFactory();
    json response;
    aws::PauseCallRecordForTests seeding;  // set-up, not the exporter's calls
    Status status =
        Table().Json("dynamodb", "CreateTable",
                     {{"TableName", table_},
                      {"AttributeDefinitions", {{{"AttributeName", "pk"}, {"AttributeType", "S"}}}},
                      {"KeySchema", {{{"AttributeName", "pk"}, {"KeyType", "HASH"}}}},
                      {"BillingMode", "PAY_PER_REQUEST"}},
                     &response);
    ASSERT_TRUE(status.ok()) << status.ToString();
    a_ = MakeStore(factory_a_);
    b_ = MakeStore(factory_b_);
  }

  std::shared_ptr<aws::AwsClientFactory> MakeReplicaFactory() {
    return testing::MakeFactory(moto_->endpoint, "", {}, {kRegion});
  }
  std::unique_ptr<DynamoDbStore> MakeStore(std::shared_ptr<aws::ClientFactory> factory) {
    auto store = std::make_unique<DynamoDbStore>(
        DynamoDbStoreOptions{.table = table_,
                             .account_id = kTableAccount,
                             .region = kRegion,
                             .retention = std::chrono::seconds(kRetention)});
    store->Attach(std::move(factory));
    return store;
  }
  aws::Client& Table() {
    Status status = factory_a_->Get(kTableAccount, kRegion, &table_client_);
    EXPECT_TRUE(status.ok()) << status.ToString();
    return *table_client_;
  }
  json RawItem(const std::string& pk) {
    json response;
    Status status = Table().Json(
        "dynamodb", "GetItem", {{"TableName", table_}, {"Key", {{"pk", {{"S", pk}}}}}}, &response);
    EXPECT_TRUE(status.ok()) << status.ToString();
    return response.value("Item", json::object());
  }

  static AtomicMoto* moto_;
  std::string table_;
  std::shared_ptr<aws::AwsClientFactory> factory_a_, factory_b_;
  std::shared_ptr<aws::Client> table_client_;
  std::unique_ptr<DynamoDbStore> a_, b_;
};

AtomicMoto* DynamoDbStoreTest::moto_ = nullptr;

TEST_F(DynamoDbStoreTest, StoresEachChangeOnceAcrossReplicasWithEveryField) {
  SgRuleChange open = MakeChange("ev-1/0", "222222222222", kRegion, "0.0.0.0/0", 1000);
  open.protocol = "udp";
  open.port_range = "1024-65535";
  open.rule_id = "sgr-0aaa";
  int added = 0;
  ASSERT_TRUE(a_->AddNew({open, MakeChange("ev-2/0", "222222222222", kRegion, "10.0.0.0/8", 2000)},
                         50, &added)
                  .ok());
  EXPECT_EQ(added, 2);
  // The other replica reads an overlapping window: only ev-3 is new.
  ASSERT_TRUE(b_->AddNew({MakeChange("ev-2/0", "222222222222", kRegion, "10.0.0.0/8", 2000),
                          MakeChange("ev-3/0", "333333333333", "us-east-1", "::/0", 3000), open},
                         60, &added)
                  .ok());
  EXPECT_EQ(added, 1);

  std::vector<StoredChange> all;
  ASSERT_TRUE(a_->List({}, &all).ok());
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].change.id, "ev-3/0");  // newest event first
  EXPECT_EQ(all[1].change.id, "ev-2/0");
  EXPECT_EQ(all[2].change.id, "ev-1/0");
  EXPECT_EQ(all[0].first_seen, 60);
  EXPECT_EQ(all[1].first_seen, 50);  // the second AddNew did not overwrite it
  const StoredChange& back = all[2];
  EXPECT_EQ(back.change.event_id, "ev-1");
  EXPECT_EQ(back.change.event_name, "AuthorizeSecurityGroupIngress");
  EXPECT_EQ(back.change.event_time, 1000);
  EXPECT_EQ(back.change.account_id, "222222222222");
  EXPECT_EQ(back.change.region, kRegion);
  EXPECT_EQ(back.change.group_id, "sg-0abc");
  EXPECT_EQ(back.change.actor, "arn:aws:iam::222222222222:user/alice");
  EXPECT_EQ(back.change.direction, "ingress");
  EXPECT_EQ(back.change.protocol, "udp");
  EXPECT_EQ(back.change.port_range, "1024-65535");
  EXPECT_EQ(back.change.source, "0.0.0.0/0");
  EXPECT_EQ(back.change.source_kind, "ipv4");
  EXPECT_EQ(back.change.rule_id, "sgr-0aaa");
  EXPECT_TRUE(back.change.is_public);
  EXPECT_EQ(back.state, ChangeState::kPending);
  EXPECT_EQ(back.decided_by, "");
  EXPECT_EQ(back.decided_at, 0);

  std::vector<StoredChange> filtered;
  ASSERT_TRUE(b_->List({"222222222222", kRegion, ChangeState::kPending, 1}, &filtered).ok());
  ASSERT_EQ(filtered.size(), 1u);
  EXPECT_EQ(filtered[0].change.id, "ev-2/0");
}

TEST_F(DynamoDbStoreTest, TwoReplicasDecidingAtOnceYieldExactlyOneWinner) {
  constexpr int kChanges = 8;
  std::vector<SgRuleChange> changes;
  for (int i = 0; i < kChanges; ++i)
    changes.push_back(MakeChange("ev-" + std::to_string(i) + "/0"));
  int added = 0;
  ASSERT_TRUE(a_->AddNew(changes, 1, &added).ok());
  ASSERT_EQ(added, kChanges);

  std::vector<char> a_won(kChanges, 0), b_won(kChanges, 0);
  std::atomic<int> errors{0};
  std::atomic<bool> go{false};
  auto decide = [&](DynamoDbStore& store, ChangeState to, const char* who, std::vector<char>* won) {
    while (!go.load()) std::this_thread::yield();
    for (int i = 0; i < kChanges; ++i) {
      bool applied = false;
      if (!store
               .Transition(changes[i].id, ChangeState::kPending, to, who, 100 + i, false, "",
                           &applied)
               .ok()) {
        ++errors;
      }
      (*won)[i] = applied ? 1 : 0;
    }
  };
  std::thread alice(decide, std::ref(*a_), ChangeState::kApproved, "alice", &a_won);
  std::thread bob(decide, std::ref(*b_), ChangeState::kDenied, "bob", &b_won);
  go.store(true);
  alice.join();
  bob.join();
  EXPECT_EQ(errors.load(), 0);

  for (int i = 0; i < kChanges; ++i) {
    EXPECT_EQ(a_won[i] + b_won[i], 1) << "change " << i;
    StoredChange stored;
    ASSERT_TRUE(b_->Get(changes[i].id, &stored).ok());
    EXPECT_EQ(stored.state, a_won[i] ? ChangeState::kApproved : ChangeState::kDenied);
    EXPECT_EQ(stored.decided_by, a_won[i] ? "alice" : "bob");
    EXPECT_EQ(stored.decided_at, 100 + i);
  }
  // A late decision on a decided change is refused without error; an unknown id is NotFound.
  bool applied = true;
  ASSERT_TRUE(a_->Transition(changes[0].id, ChangeState::kPending, ChangeState::kDenied, "carol",
                             500, false, "", &applied)
                  .ok());
  EXPECT_FALSE(applied);
  EXPECT_EQ(a_->Transition("ev-none/0", ChangeState::kPending, ChangeState::kDenied, "carol", 500,
                           false, "", &applied)
                .code(),
            StatusCode::kNotFound);
  StoredChange missing;
  EXPECT_EQ(a_->Get("ev-none/0", &missing).code(), StatusCode::kNotFound);
}

TEST_F(DynamoDbStoreTest, CountsRetentionSweepAndTtlAttribute) {
  int added = 0;
  ASSERT_TRUE(a_->AddNew({MakeChange("ev-1/0"), MakeChange("ev-2/0"), MakeChange("ev-3/0"),
                          MakeChange("ev-4/0", "333333333333", "us-east-1")},
                         1, &added)
                  .ok());
  bool applied = false;
  ASSERT_TRUE(a_->Transition("ev-1/0", ChangeState::kPending, ChangeState::kApproved, "alice", 100,
                             false, "", &applied)
                  .ok());
  ASSERT_TRUE(applied);
  ASSERT_TRUE(b_->Transition("ev-2/0", ChangeState::kPending, ChangeState::kDenied, "bob", 200,
                             true, "", &applied)
                  .ok());
  ASSERT_TRUE(applied);
  ASSERT_TRUE(b_->Transition("ev-2/0", ChangeState::kDenied, ChangeState::kRevertFailed, "exporter",
                             300, false, "UnauthorizedOperation", &applied)
                  .ok());
  ASSERT_TRUE(applied);

  // TTL: decided changes expire `retention` after their decision; pending ones never.
  EXPECT_EQ(aws::dynamodb::NumberAttr(RawItem("change#ev-1/0"), "expires_at"), 100 + kRetention);
  EXPECT_EQ(aws::dynamodb::NumberAttr(RawItem("change#ev-2/0"), "expires_at"), 300 + kRetention);
  EXPECT_FALSE(RawItem("change#ev-3/0").contains("expires_at"));
  StoredChange failed;
  ASSERT_TRUE(a_->Get("ev-2/0", &failed).ok());
  EXPECT_EQ(failed.detail, "UnauthorizedOperation");
  EXPECT_FALSE(failed.revert_requested);

  std::map<ChangeState, int> counts;
  ASSERT_TRUE(a_->CountByState("222222222222", kRegion, &counts).ok());
  EXPECT_EQ(counts, (std::map<ChangeState, int>{{ChangeState::kPending, 1},
                                                {ChangeState::kApproved, 1},
                                                {ChangeState::kDenied, 0},
                                                {ChangeState::kReverted, 0},
                                                {ChangeState::kRevertFailed, 1}}));
  std::map<std::pair<std::string, std::string>, std::map<ChangeState, int>> by_target;
  ASSERT_TRUE(b_->CountByTarget(&by_target).ok());
  EXPECT_EQ(by_target.size(), 2u);
  const std::pair<std::string, std::string> dev{"333333333333", "us-east-1"};
  EXPECT_EQ(by_target[dev], (std::map<ChangeState, int>{{ChangeState::kPending, 1}}));

  // The sweep forgets decisions older than the cut (ev-1 at 100), keeps newer and pending ones.
  int removed = 0;
  ASSERT_TRUE(b_->Prune(250, &removed).ok());
  EXPECT_EQ(removed, 1);
  std::vector<StoredChange> left;
  ASSERT_TRUE(a_->List({}, &left).ok());
  std::set<std::string> ids;
  for (const StoredChange& s : left) ids.insert(s.change.id);
  EXPECT_EQ(ids, (std::set<std::string>{"ev-2/0", "ev-3/0", "ev-4/0"}));

  // The next sweeps wait until the cut has moved 10 minutes: ev-2 (decided at 300) stays at a
  // cut of 400, and goes at 250 + 600.
  ASSERT_TRUE(b_->Prune(400, &removed).ok());
  EXPECT_EQ(removed, 0);
  ASSERT_TRUE(b_->Prune(850, &removed).ok());
  EXPECT_EQ(removed, 1);
}

TEST_F(DynamoDbStoreTest, CursorsOnlyMoveForward) {
  std::optional<std::int64_t> cursor;
  ASSERT_TRUE(a_->GetCursor("222222222222/eu-west-1", &cursor).ok());
  EXPECT_FALSE(cursor.has_value());
  ASSERT_TRUE(a_->SetCursor("222222222222/eu-west-1", 1000).ok());
  ASSERT_TRUE(b_->SetCursor("222222222222/eu-west-1", 900).ok());  // a replica behind: ignored
  ASSERT_TRUE(b_->GetCursor("222222222222/eu-west-1", &cursor).ok());
  EXPECT_EQ(cursor, 1000);
  ASSERT_TRUE(b_->SetCursor("222222222222/eu-west-1", 1300).ok());
  ASSERT_TRUE(a_->GetCursor("222222222222/eu-west-1", &cursor).ok());
  EXPECT_EQ(cursor, 1300);
  // Cursors are not changes.
  std::vector<StoredChange> all;
  ASSERT_TRUE(a_->List({}, &all).ok());
  EXPECT_TRUE(all.empty());
}

TEST_F(DynamoDbStoreTest, WithoutClientOrTableTheErrorSaysWhy) {
  DynamoDbStore unattached(DynamoDbStoreOptions{
      .table = table_, .account_id = kTableAccount, .region = kRegion, .retention = {}});
  std::vector<StoredChange> out;
  Status status = unattached.List({}, &out);
  EXPECT_EQ(status.code(), StatusCode::kUnavailable);
  EXPECT_NE(status.message().find("no AWS client"), std::string::npos) << status.message();

  DynamoDbStore missing(DynamoDbStoreOptions{
      .table = "no-such-table", .account_id = kTableAccount, .region = kRegion, .retention = {}});
  missing.Attach(factory_a_);
  status = missing.List({}, &out);
  EXPECT_FALSE(status.ok());
  EXPECT_NE(status.message().find("no-such-table"), std::string::npos) << status.message();
  EXPECT_NE(status.message().find("ResourceNotFoundException"), std::string::npos)
      << status.message();
}

}  // namespace
}  // namespace awsgov::sg
