// The collector end to end: the real AWS client (AssumeRole in moto, SigV4, JSON 1.1) reading the
// LookupEvents fake, which throttles any request sooner than CloudTrail's 2 per second per account
// and region (the factory does not retry here, so an unpaced page fails the run); the SQLite
// store; and deny-with-revert revoking the rule in moto.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "collectors/sg_changes/cloudtrail_event.h"
#include "collectors/sg_changes/sg_collector.h"
#include "collectors/sg_changes/sg_metrics.h"
#include "collectors/sg_changes/sqlite_store.h"
#include "tests/unit/collector_sg_changes/sg_aws_env.h"
#include "tests/unit/collector_sg_changes/sg_test_util.h"

namespace awsgov::sg {
namespace {

using nlohmann::json;
using testing::CollectTarget;

constexpr const char* kProd = "222222222222";
constexpr const char* kDev = "333333333333";
constexpr const char* kWest = "eu-west-1";
constexpr const char* kEast = "us-east-1";

json Record(const std::string& id, const std::string& account, const std::string& region,
            const std::string& group, const std::string& cidr, int port, std::int64_t when,
            const std::string& rule_id) {
  return {
      {"eventVersion", "1.09"},
      {"userIdentity",
       {{"type", "IAMUser"},
        {"principalId", "AIDAEXAMPLE"},
        {"arn", "arn:aws:iam::" + account + ":user/alice"},
        {"accountId", account},
        {"userName", "alice"}}},
      {"eventTime", FormatIsoTime(when)},
      {"eventSource", "ec2.amazonaws.com"},
      {"eventName", "AuthorizeSecurityGroupIngress"},
      {"awsRegion", region},
      {"requestParameters",
       {{"groupId", group},
        {"ipPermissions",
         {{"items",
           {{{"ipProtocol", "tcp"},
             {"fromPort", port},
             {"toPort", port},
             {"ipRanges", {{"items", {{{"cidrIp", cidr}}}}}}}}}}}}},
      {"responseElements",
       {{"_return", true},
        {"securityGroupRuleSet",
         {{"items",
           {{{"securityGroupRuleId", rule_id},
             {"groupId", group},
             {"ipProtocol", "tcp"},
             {"fromPort", port},
             {"toPort", port},
             {"cidrIpv4", cidr}}}}}}}},
      {"eventID", id},
      {"eventType", "AwsApiCall"},
      {"recipientAccountId", account},
  };
}

// label name -> value for each sample of `desc`.
std::vector<std::map<std::string, std::string>> Samples(const Result& result,
                                                        const MetricDesc& desc,
                                                        std::vector<double>* values = nullptr) {
  std::vector<std::map<std::string, std::string>> out;
  for (const Family& family : result.families()) {
    if (family.desc != &desc) continue;
    for (const Sample& sample : family.samples) {
      std::map<std::string, std::string> labels;
      for (std::size_t i = 0; i < desc.label_names.size(); ++i) {
        labels[std::string(desc.label_names[i])] = sample.label_values[i];
      }
      out.push_back(labels);
      if (values != nullptr) values->push_back(sample.value);
    }
  }
  return out;
}

std::map<std::string, double> Counts(const Result& result) {
  std::vector<double> values;
  auto samples = Samples(result, kChangesByState, &values);
  std::map<std::string, double> counts;
  for (std::size_t i = 0; i < samples.size(); ++i) counts[samples[i]["state"]] = values[i];
  return counts;
}

class SgCollectorMotoTest : public awsgov::testing::MotoSuite<SgCollectorMotoTest> {
 protected:
  void SetUp() override {
    ASSERT_TRUE(moto_->ready()) << "moto_server did not start";
    seed_factory_ = testing::MakeFactory(moto_->endpoint(), "", {kProd, kDev}, {kWest, kEast});
    std::unique_ptr<SqliteStore> store;
    ASSERT_TRUE(SqliteStore::Open(dir_.File("state.db"), &store).ok());
    store_ = std::move(store);
    now_ = static_cast<std::int64_t>(SystemClock::Instance().UnixSeconds());
  }

  // Starts the fake with `records` and builds the collector and its factory; `lake` reads
  // them as CloudTrail Lake rows instead of through LookupEvents.
  void Start(const json& records, bool allow_revert, std::vector<std::string> fake_args = {},
             bool lake = false) {
    fake_ = std::make_unique<testing::CloudTrailFake>(
        records.dump(), dir_.File("events.json"), moto_->endpoint(), /*page_size=*/2, fake_args);
    ASSERT_TRUE(fake_->ready()) << "the CloudTrail fake did not start";
    factory_ =
        testing::MakeFactory(moto_->endpoint(), fake_->endpoint(), {kProd, kDev}, {kWest, kEast});
    SgOptions options;
    options.allow_revert = allow_revert;
    if (lake) {
      options.source = "cloudtrail_lake";
      options.lake.event_data_store =
          "arn:aws:cloudtrail:eu-west-1:222222222222:eventdatastore/eds-org";
      options.lake.account_id = kProd;
      options.lake.region = kWest;
      options.lake.poll_interval = std::chrono::milliseconds(20);
    }
    collector_ = std::make_unique<SgChangesCollector>(options, store_);
  }

  Result Collect(const std::string& account, const std::string& region) {
    Result result;
    Status status = CollectTarget(*collector_, *factory_, account, region, &result);
    EXPECT_TRUE(status.ok()) << status.ToString();
    return result;
  }

  testing::TempDir dir_;
  std::shared_ptr<ChangeStore> store_;
  std::unique_ptr<aws::AwsClientFactory> seed_factory_;
  std::unique_ptr<testing::CloudTrailFake> fake_;
  std::unique_ptr<aws::AwsClientFactory> factory_;
  std::unique_ptr<SgChangesCollector> collector_;
  std::int64_t now_ = 0;
};

TEST_F(SgCollectorMotoTest, ReadsEveryPagePacedAndExposesOnlyTheTargetsPendingChanges) {
  json failed = Record("ev-failed", kProd, kWest, "sg-0x", "0.0.0.0/0", 3389, now_ - 500, "");
  failed["errorCode"] = "Client.InvalidPermission.Duplicate";
  json records = {
      Record("ev-open", kProd, kWest, "sg-0web", "0.0.0.0/0", 22, now_ - 600, "sgr-0open"),
      Record("ev-private", kProd, kWest, "sg-0web", "10.0.0.0/8", 443, now_ - 400, "sgr-0priv"),
      failed,
      Record("ev-old", kProd, kWest, "sg-0web", "10.9.0.0/16", 80, now_ - 3 * 86400, "sgr-0old"),
      Record("ev-dev", kDev, kWest, "sg-0dev", "192.0.2.0/24", 5432, now_ - 300, "sgr-0dev"),
      Record("ev-east", kProd, kEast, "sg-0east", "0.0.0.0/0", 80, now_ - 200, "sgr-0east"),
  };
  Start(records, false);

  // Three events of prod/eu-west-1 at two per page: two LookupEvents pages back to back.
  Result prod = Collect(kProd, kWest);
  std::vector<double> times;
  auto pending = Samples(prod, kPendingTimestamp, &times);
  ASSERT_EQ(pending.size(), 2u);
  std::map<std::string, std::size_t> by_event;
  for (std::size_t i = 0; i < pending.size(); ++i) by_event[pending[i]["event_id"]] = i;
  ASSERT_EQ(by_event.count("ev-open"), 1u);
  ASSERT_EQ(by_event.count("ev-private"), 1u);
  const auto& open = pending[by_event["ev-open"]];
  EXPECT_EQ(open.at("account_id"), kProd);
  EXPECT_EQ(open.at("region"), kWest);
  EXPECT_EQ(open.at("group_id"), "sg-0web");
  EXPECT_EQ(open.at("actor"), "arn:aws:iam::222222222222:user/alice");
  EXPECT_EQ(open.at("protocol"), "tcp");
  EXPECT_EQ(open.at("port_range"), "22");
  EXPECT_EQ(open.at("source"), "0.0.0.0/0");
  EXPECT_EQ(open.at("public"), "true");
  EXPECT_EQ(pending[by_event["ev-private"]].at("public"), "false");
  EXPECT_EQ(times[by_event["ev-open"]], static_cast<double>(now_ - 600));
  EXPECT_EQ(
      Counts(prod),
      (std::map<std::string, double>{
          {"pending", 2}, {"approved", 0}, {"denied", 0}, {"reverted", 0}, {"revert_failed", 0}}));

  // A second run re-reads the overlapping window: nothing is stored twice.
  Result again = Collect(kProd, kWest);
  EXPECT_EQ(Samples(again, kPendingTimestamp).size(), 2u);
  EXPECT_EQ(Counts(again)["pending"], 2);
  // The windows the fake saw: the first run from 24 h back (initial_lookback), two pages; the
  // second run from 30 minutes (overlap) before the first one's end, two pages; none throttled.
  std::vector<json> windows;
  const json requests = fake_->Requests();
  ASSERT_TRUE(requests.is_array());
  for (const json& request : requests) {
    EXPECT_FALSE(request["throttled"].get<bool>()) << request.dump();
    if (request["account"] == kProd && request["region"] == kWest) {
      windows.push_back(request["request"]);
    }
  }
  ASSERT_EQ(windows.size(), 4u);
  EXPECT_EQ(windows[0]["LookupAttributes"][0]["AttributeValue"], "AuthorizeSecurityGroupIngress");
  EXPECT_EQ(windows[0]["EndTime"].get<std::int64_t>() - windows[0]["StartTime"].get<std::int64_t>(),
            24 * 3600);
  EXPECT_FALSE(windows[0].contains("NextToken"));
  EXPECT_TRUE(windows[1].contains("NextToken"));
  EXPECT_EQ(windows[2]["StartTime"].get<std::int64_t>(),
            windows[0]["EndTime"].get<std::int64_t>() - 30 * 60);
  EXPECT_TRUE(windows[3].contains("NextToken"));

  // Another account (through its own role: the fake answers per caller account) and region.
  auto dev = Samples(Collect(kDev, kWest), kPendingTimestamp);
  ASSERT_EQ(dev.size(), 1u);
  EXPECT_EQ(dev[0]["event_id"], "ev-dev");
  EXPECT_EQ(dev[0]["source"], "192.0.2.0/24");
  auto east = Samples(Collect(kProd, kEast), kPendingTimestamp);
  ASSERT_EQ(east.size(), 1u);
  EXPECT_EQ(east[0]["event_id"], "ev-east");

  // Approving removes the pending series and counts as approved.
  bool applied = false;
  ASSERT_TRUE(store_
                  ->Transition("ev-open/0", ChangeState::kPending, ChangeState::kApproved, "alice",
                               now_, false, "", &applied)
                  .ok());
  Result after = Collect(kProd, kWest);
  auto left = Samples(after, kPendingTimestamp);
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0]["event_id"], "ev-private");
  EXPECT_EQ(Counts(after)["approved"], 1);
}

TEST_F(SgCollectorMotoTest, ReviewRoutesDecideAndTheNextCollectionShowsIt) {
  json records = {
      Record("ev-open", kProd, kWest, "sg-0web", "0.0.0.0/0", 22, now_ - 600, "sgr-0open"),
      Record("ev-private", kProd, kWest, "sg-0web", "10.0.0.0/8", 443, now_ - 400, "sgr-0priv"),
  };
  Start(records, false);
  EXPECT_TRUE(collector_->Routes().empty());  // EnableReview not called: no review endpoints
  collector_->EnableReview("review-token", std::nullopt);
  const std::vector<HttpRoute> routes = collector_->Routes();
  ASSERT_EQ(routes.size(), 2u);
  EXPECT_EQ(routes[0].path_prefix, "/sg_changes");
  EXPECT_TRUE(routes[0].Owns("/sg_changes/review"));
  EXPECT_EQ(routes[1].path_prefix, "/api/v1/sg_changes");
  EXPECT_TRUE(routes[1].Owns("/api/v1/sg_changes/changes/deny"));

  EXPECT_EQ(Samples(Collect(kProd, kWest), kPendingTimestamp).size(), 2u);
  HttpRequest deny;
  deny.method = "POST";
  deny.path = "/api/v1/sg_changes/changes/deny";
  deny.headers = {{"authorization", "Bearer review-token"},
                  {"content-type", "application/json"},
                  {"host", "127.0.0.1:9912"},
                  {"origin", "http://127.0.0.1:9912"}};
  deny.body = R"({"id": "ev-open/0"})";
  HttpReply reply = routes[1].handle(deny);
  ASSERT_EQ(reply.status, 200) << reply.body;

  Result after = Collect(kProd, kWest);
  auto pending = Samples(after, kPendingTimestamp);
  ASSERT_EQ(pending.size(), 1u);
  EXPECT_EQ(pending[0]["event_id"], "ev-private");
  EXPECT_EQ(
      Counts(after),
      (std::map<std::string, double>{
          {"pending", 1}, {"approved", 0}, {"denied", 1}, {"reverted", 0}, {"revert_failed", 0}}));
}

TEST_F(SgCollectorMotoTest, LakeQueryIsPolledUntilFinishedAndEveryPageOfEveryAccountIsRead) {
  json failed = Record("ev-failed", kDev, kEast, "sg-0x", "0.0.0.0/0", 3389, now_ - 500, "");
  failed["errorCode"] = "Client.InvalidPermission.Duplicate";
  json records = {
      Record("ev-open", kProd, kWest, "sg-0web", "0.0.0.0/0", 22, now_ - 600, "sgr-0open"),
      Record("ev-private", kProd, kWest, "sg-0web", "10.0.0.0/8", 443, now_ - 400, "sgr-0priv"),
      failed,
      Record("ev-old", kProd, kWest, "sg-0web", "10.9.0.0/16", 80, now_ - 3 * 86400, "sgr-0old"),
      Record("ev-dev", kDev, kEast, "sg-0dev", "::/0", 5432, now_ - 300, "sgr-0dev"),
  };
  // Two RUNNING polls, then one row per page: four rows in the window, four pages.
  Start(records, false, {"--lake-store", "eds-org", "--lake-polls", "2", "--lake-page-size", "1"},
        /*lake=*/true);
  ASSERT_EQ(collector_->scope(), TargetScope::kOnce);

  Result result = Collect("-", "global");
  std::vector<double> times;
  auto pending = Samples(result, kPendingTimestamp, &times);
  std::map<std::string, std::map<std::string, std::string>> by_event;
  std::map<std::string, double> time_of;
  for (std::size_t i = 0; i < pending.size(); ++i) {
    by_event[pending[i]["event_id"]] = pending[i];
    time_of[pending[i]["event_id"]] = times[i];
  }
  ASSERT_EQ(by_event.size(), 3u);  // not the failed call, not the one before the look-back
  EXPECT_EQ(by_event["ev-open"]["account_id"], kProd);
  EXPECT_EQ(by_event["ev-open"]["public"], "true");
  EXPECT_EQ(by_event["ev-private"]["public"], "false");
  EXPECT_EQ(by_event["ev-dev"]["account_id"], kDev);
  EXPECT_EQ(by_event["ev-dev"]["region"], kEast);
  EXPECT_EQ(by_event["ev-dev"]["source"], "::/0");
  EXPECT_EQ(by_event["ev-dev"]["public"], "true");
  EXPECT_EQ(time_of["ev-dev"], static_cast<double>(now_ - 300));
  // Counts per account and region, from one target.
  std::vector<double> values;
  auto counts = Samples(result, kChangesByState, &values);
  std::map<std::string, double> pending_counts;
  for (std::size_t i = 0; i < counts.size(); ++i) {
    if (counts[i]["state"] == "pending") {
      pending_counts[counts[i]["account_id"] + "/" + counts[i]["region"]] = values[i];
    }
  }
  EXPECT_EQ(pending_counts, (std::map<std::string, double>{{std::string(kProd) + "/" + kWest, 2},
                                                           {std::string(kDev) + "/" + kEast, 1}}));

  // StartQuery once on the store's id, DescribeQuery until FINISHED (QUEUED, RUNNING ×2,
  // FINISHED), GetQueryResults for each of the four pages.
  std::map<std::string, int> calls;
  std::string statement;
  const json requests = fake_->Requests();
  ASSERT_TRUE(requests.is_array());
  for (const json& request : requests) {
    calls[request.value("operation", "")]++;
    if (request.value("operation", "") == "StartQuery") {
      statement = request["request"]["QueryStatement"];
    }
  }
  EXPECT_EQ(calls, (std::map<std::string, int>{
                       {"StartQuery", 1}, {"DescribeQuery", 4}, {"GetQueryResults", 4}}));
  EXPECT_NE(statement.find("FROM eds-org WHERE"), std::string::npos) << statement;
  EXPECT_NE(statement.find("eventName IN ('AuthorizeSecurityGroupIngress')"), std::string::npos);

  // A second run overlaps the first window: nothing is stored twice.
  Result again = Collect("-", "global");
  EXPECT_EQ(Samples(again, kPendingTimestamp).size(), 3u);
}

TEST_F(SgCollectorMotoTest, FailedLakeQueryFailsTheRunWithCloudTrailsMessage) {
  json records = {
      Record("ev-open", kProd, kWest, "sg-0web", "0.0.0.0/0", 22, now_ - 600, "sgr-0open")};
  Start(records, false, {"--lake-store", "eds-org", "--lake-fail", "Query exceeded the scan limit"},
        /*lake=*/true);
  Result result;
  Status status = CollectTarget(*collector_, *factory_, "-", "global", &result);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find("FAILED: Query exceeded the scan limit"), std::string::npos)
      << status.ToString();
  EXPECT_NE(status.message().find("eds-org"), std::string::npos) << status.ToString();
  // The window was not read, so the cursor did not move: the next run reads it again.
  std::optional<std::int64_t> cursor;
  ASSERT_TRUE(
      store_
          ->GetCursor("lake:arn:aws:cloudtrail:eu-west-1:222222222222:eventdatastore/eds-org",
                      &cursor)
          .ok());
  EXPECT_FALSE(cursor.has_value());
}

TEST_F(SgCollectorMotoTest, DenyWithRevertRevokesTheRuleByIdInTheChangedAccount) {
  testing::Ec2 ec2(*seed_factory_, kProd, kWest);
  const std::string group = ec2.CreateGroup("awsgov-revert");
  const std::string open_rule = ec2.Authorize(group, "0.0.0.0/0", 22);
  const std::string kept_rule = ec2.Authorize(group, "10.0.0.0/8", 443);
  ASSERT_FALSE(open_rule.empty());
  json records = {
      Record("ev-open", kProd, kWest, group, "0.0.0.0/0", 22, now_ - 600, open_rule),
      Record("ev-kept", kProd, kWest, group, "10.0.0.0/8", 443, now_ - 500, kept_rule),
      Record("ev-gone", kProd, kWest, "sg-0doesnotexist", "0.0.0.0/0", 25, now_ - 400,
             "sgr-0doesnotexist"),
  };
  Start(records, true);
  Collect(kProd, kWest);

  bool applied = false;
  ASSERT_TRUE(store_
                  ->Transition("ev-open/0", ChangeState::kPending, ChangeState::kDenied, "bob",
                               now_, true, "", &applied)
                  .ok());
  ASSERT_TRUE(store_
                  ->Transition("ev-gone/0", ChangeState::kPending, ChangeState::kDenied, "bob",
                               now_, true, "", &applied)
                  .ok());
  // The revert happens in the target's next run, with that account's role.
  Result result = Collect(kProd, kWest);

  std::vector<std::string> rules = ec2.IngressRules(group);
  EXPECT_EQ(std::count(rules.begin(), rules.end(), open_rule), 0);
  EXPECT_EQ(std::count(rules.begin(), rules.end(), kept_rule), 1);
  StoredChange reverted;
  ASSERT_TRUE(store_->Get("ev-open/0", &reverted).ok());
  EXPECT_EQ(reverted.state, ChangeState::kReverted);
  EXPECT_EQ(reverted.decided_by, "bob");
  StoredChange failed;
  ASSERT_TRUE(store_->Get("ev-gone/0", &failed).ok());
  EXPECT_EQ(failed.state, ChangeState::kRevertFailed);
  EXPECT_NE(failed.detail.find("RevokeSecurityGroupIngress"), std::string::npos) << failed.detail;
  EXPECT_EQ(
      Counts(result),
      (std::map<std::string, double>{
          {"pending", 1}, {"approved", 0}, {"denied", 0}, {"reverted", 1}, {"revert_failed", 1}}));
}

}  // namespace
}  // namespace awsgov::sg
