// The SQLite review store: de-duplication, conditional transitions, counts, retention, cursors,
// persistence across reopen, and durability of acknowledged decisions when the process is killed.
#include "collectors/sg_changes/sqlite_store.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <thread>

#include "tests/support/subprocess.h"
#include "tests/unit/collector_sg_changes/sg_test_util.h"

namespace awsgov::sg {
namespace {

using testing::MakeChange;
using testing::TempDir;

constexpr const char* kChildEnv = "AWSGOV_SG_CRASH_CHILD_DB";
constexpr int kBurst = 100000;

std::unique_ptr<SqliteStore> OpenStore(const std::string& path) {
  std::unique_ptr<SqliteStore> store;
  Status status = SqliteStore::Open(path, &store);
  EXPECT_TRUE(status.ok()) << status.ToString();
  return store;
}

// The decision the burst makes for change i: alternately approve and deny, by a distinct reviewer.
ChangeState DecisionFor(int i) {
  return i % 2 == 0 ? ChangeState::kApproved : ChangeState::kDenied;
}
std::string ReviewerFor(int i) { return "reviewer-" + std::to_string(i); }

// When this test binary is started with kChildEnv set it is the crash test's child, not a test
// run: it stores kBurst changes, then decides them one by one, writing "ack <i>" to stdout only
// after Transition returned OK, until the parent kills it.
[[maybe_unused]] const bool kChildMode = [] {
  const char* db = std::getenv(kChildEnv);
  if (db == nullptr) return false;
  std::unique_ptr<SqliteStore> store;
  if (!SqliteStore::Open(db, &store).ok()) std::_Exit(2);
  std::vector<SgRuleChange> changes;
  for (int i = 0; i < kBurst; ++i) changes.push_back(MakeChange("ev-" + std::to_string(i) + "/0"));
  int added = 0;
  if (!store->AddNew(changes, 1, &added).ok()) std::_Exit(3);
  for (int i = 0; i < kBurst; ++i) {
    bool applied = false;
    if (!store
             ->Transition(changes[i].id, ChangeState::kPending, DecisionFor(i), ReviewerFor(i),
                          1000 + i, false, "", &applied)
             .ok() ||
        !applied) {
      std::_Exit(4);
    }
    const std::string line = "ack " + std::to_string(i) + "\n";
    if (::write(1, line.data(), line.size()) != static_cast<ssize_t>(line.size())) std::_Exit(5);
  }
  std::_Exit(0);
}();

TEST(SqliteStoreTest, AddsEachChangeOnceAndListsNewestFirst) {
  TempDir dir;
  auto store = OpenStore(dir.File("state.db"));
  int added = 0;
  ASSERT_TRUE(store
                  ->AddNew({MakeChange("ev-a/0", "222222222222", "eu-west-1", "0.0.0.0/0", 100),
                            MakeChange("ev-a/1", "222222222222", "eu-west-1", "10.0.0.0/8", 100),
                            MakeChange("ev-b/0", "333333333333", "us-east-1", "10.0.0.0/8", 200)},
                           50, &added)
                  .ok());
  EXPECT_EQ(added, 3);
  // The overlapping window reads ev-a again: nothing new.
  ASSERT_TRUE(store->AddNew({MakeChange("ev-a/0"), MakeChange("ev-c/0")}, 60, &added).ok());
  EXPECT_EQ(added, 1);

  std::vector<StoredChange> all;
  ASSERT_TRUE(store->List({}, &all).ok());
  ASSERT_EQ(all.size(), 4u);
  EXPECT_EQ(all[0].change.id, "ev-c/0");  // event_time 1795169730, the newest
  EXPECT_EQ(all[1].change.id, "ev-b/0");
  std::vector<StoredChange> mine;
  ASSERT_TRUE(store->List({"222222222222", "eu-west-1", ChangeState::kPending, 0}, &mine).ok());
  ASSERT_EQ(mine.size(), 3u);
  const StoredChange& open = mine[2].change.id == "ev-a/0" ? mine[2] : mine[1];
  EXPECT_EQ(open.change.id, "ev-a/0");
  EXPECT_TRUE(open.change.is_public);
  EXPECT_EQ(open.change.rule_id, "sgr-ev-a");
  EXPECT_EQ(open.change.event_time, 100);
  EXPECT_EQ(open.first_seen, 50);
  EXPECT_EQ(open.state, ChangeState::kPending);
}

TEST(SqliteStoreTest, TransitionsAreConditionalAndCounted) {
  TempDir dir;
  auto store = OpenStore(dir.File("state.db"));
  int added = 0;
  ASSERT_TRUE(
      store->AddNew({MakeChange("ev-a/0"), MakeChange("ev-b/0"), MakeChange("ev-c/0")}, 1, &added)
          .ok());
  bool applied = false;
  ASSERT_TRUE(store
                  ->Transition("ev-a/0", ChangeState::kPending, ChangeState::kApproved, "alice",
                               500, false, "", &applied)
                  .ok());
  EXPECT_TRUE(applied);
  // A second reviewer (or replica) deciding the same change loses.
  ASSERT_TRUE(store
                  ->Transition("ev-a/0", ChangeState::kPending, ChangeState::kDenied, "bob", 501,
                               true, "", &applied)
                  .ok());
  EXPECT_FALSE(applied);
  ASSERT_TRUE(store
                  ->Transition("ev-b/0", ChangeState::kPending, ChangeState::kDenied, "bob", 502,
                               true, "", &applied)
                  .ok());
  ASSERT_TRUE(applied);
  ASSERT_TRUE(store
                  ->Transition("ev-b/0", ChangeState::kDenied, ChangeState::kRevertFailed, "bob",
                               503, false, "InvalidPermission.NotFound", &applied)
                  .ok());
  EXPECT_TRUE(applied);
  EXPECT_EQ(store
                ->Transition("ev-zzz/0", ChangeState::kPending, ChangeState::kApproved, "alice", 1,
                             false, "", &applied)
                .code(),
            StatusCode::kNotFound);

  StoredChange a;
  ASSERT_TRUE(store->Get("ev-a/0", &a).ok());
  EXPECT_EQ(a.state, ChangeState::kApproved);
  EXPECT_EQ(a.decided_by, "alice");
  EXPECT_EQ(a.decided_at, 500);
  StoredChange b;
  ASSERT_TRUE(store->Get("ev-b/0", &b).ok());
  EXPECT_EQ(b.state, ChangeState::kRevertFailed);
  EXPECT_EQ(b.detail, "InvalidPermission.NotFound");

  std::map<ChangeState, int> counts;
  ASSERT_TRUE(store->CountByState("222222222222", "eu-west-1", &counts).ok());
  EXPECT_EQ(counts, (std::map<ChangeState, int>{{ChangeState::kPending, 1},
                                                {ChangeState::kApproved, 1},
                                                {ChangeState::kDenied, 0},
                                                {ChangeState::kReverted, 0},
                                                {ChangeState::kRevertFailed, 1}}));
  ASSERT_TRUE(store->CountByState("222222222222", "us-east-1", &counts).ok());
  EXPECT_EQ(counts[ChangeState::kPending], 0);
}

TEST(SqliteStoreTest, RetentionForgetsOldDecisionsButKeepsPending) {
  TempDir dir;
  auto store = OpenStore(dir.File("state.db"));
  int added = 0;
  ASSERT_TRUE(store
                  ->AddNew({MakeChange("ev-old/0"), MakeChange("ev-new/0"), MakeChange("ev-p/0")},
                           1, &added)
                  .ok());
  bool applied = false;
  ASSERT_TRUE(store
                  ->Transition("ev-old/0", ChangeState::kPending, ChangeState::kApproved, "a", 100,
                               false, "", &applied)
                  .ok());
  ASSERT_TRUE(store
                  ->Transition("ev-new/0", ChangeState::kPending, ChangeState::kApproved, "a", 300,
                               false, "", &applied)
                  .ok());
  int removed = 0;
  ASSERT_TRUE(store->Prune(200, &removed).ok());
  EXPECT_EQ(removed, 1);
  StoredChange ignored;
  EXPECT_EQ(store->Get("ev-old/0", &ignored).code(), StatusCode::kNotFound);
  EXPECT_TRUE(store->Get("ev-new/0", &ignored).ok());
  EXPECT_TRUE(store->Get("ev-p/0", &ignored).ok());
}

TEST(SqliteStoreTest, StateAndCursorsSurviveReopen) {
  TempDir dir;
  {
    auto store = OpenStore(dir.File("state.db"));
    int added = 0;
    ASSERT_TRUE(store->AddNew({MakeChange("ev-a/0")}, 1, &added).ok());
    bool applied = false;
    ASSERT_TRUE(store
                    ->Transition("ev-a/0", ChangeState::kPending, ChangeState::kDenied, "carol", 77,
                                 true, "", &applied)
                    .ok());
    ASSERT_TRUE(store->SetCursor("222222222222/eu-west-1", 1234).ok());
    ASSERT_TRUE(store->SetCursor("222222222222/eu-west-1", 5678).ok());
  }
  auto store = OpenStore(dir.File("state.db"));
  StoredChange a;
  ASSERT_TRUE(store->Get("ev-a/0", &a).ok());
  EXPECT_EQ(a.state, ChangeState::kDenied);
  EXPECT_EQ(a.decided_by, "carol");
  EXPECT_TRUE(a.revert_requested);
  std::optional<std::int64_t> cursor;
  ASSERT_TRUE(store->GetCursor("222222222222/eu-west-1", &cursor).ok());
  EXPECT_EQ(cursor, 5678);
  ASSERT_TRUE(store->GetCursor("333333333333/eu-west-1", &cursor).ok());
  EXPECT_FALSE(cursor.has_value());
}

TEST(SqliteStoreTest, OpenFailsWithThePathInTheMessage) {
  std::unique_ptr<SqliteStore> store;
  Status status = SqliteStore::Open("/nonexistent-dir/awsgov/state.db", &store);
  EXPECT_FALSE(status.ok());
  EXPECT_NE(status.message().find("/nonexistent-dir/awsgov/state.db"), std::string::npos);
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// Complete "ack <i>" lines only: a line cut by the kill was not acknowledged.
std::set<int> Acks(const std::string& log) {
  std::set<int> acks;
  std::size_t start = 0;
  for (std::size_t end; (end = log.find('\n', start)) != std::string::npos; start = end + 1) {
    const std::string line = log.substr(start, end - start);
    if (line.starts_with("ack ")) acks.insert(std::stoi(line.substr(4)));
  }
  return acks;
}

TEST(SqliteStoreTest, NoAcknowledgedDecisionIsLostWhenTheProcessIsKilledMidBurst) {
  TempDir dir;
  const std::string db = dir.File("state.db");
  const std::string log = dir.File("child.log");
  char self[4096];
  const ssize_t n = ::readlink("/proc/self/exe", self, sizeof self - 1);
  ASSERT_GT(n, 0);
  self[n] = '\0';
  awsgov::testing::Subprocess child({self}, log, {std::string(kChildEnv) + "=" + db});
  // Kill once the burst is under way: at least 200 decisions acknowledged.
  std::set<int> acks;
  for (int polls = 0; polls < 60000 && child.running(); ++polls) {
    acks = Acks(ReadFile(log));
    if (acks.size() >= 200) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ASSERT_TRUE(child.running()) << "child ended early: " << ReadFile(log).substr(0, 200);
  ASSERT_EQ(::kill(child.pid(), SIGKILL), 0);
  child.Stop();  // reaps it
  acks = Acks(ReadFile(log));
  ASSERT_GE(acks.size(), 200u);
  ASSERT_LT(acks.size(), static_cast<std::size_t>(kBurst)) << "killed after the burst ended";

  auto store = OpenStore(db);
  for (int i : acks) {
    StoredChange change;
    ASSERT_TRUE(store->Get("ev-" + std::to_string(i) + "/0", &change).ok()) << i;
    EXPECT_EQ(change.state, DecisionFor(i)) << i;
    EXPECT_EQ(change.decided_by, ReviewerFor(i)) << i;
    EXPECT_EQ(change.decided_at, 1000 + i) << i;
  }
  // Acks come in order, so every change before the last acknowledged one was decided too.
  EXPECT_EQ(*acks.rbegin() + 1, static_cast<int>(acks.size()));
}

}  // namespace
}  // namespace awsgov::sg
