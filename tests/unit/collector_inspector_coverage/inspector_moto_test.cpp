// The collector end to end with the real AWS client: EC2 instances and the old exceptions table
// in moto_server (two accounts: one with the factory's own credentials, one through AssumeRole),
// Inspector2's ListCoverage and BatchGetAccountStatus from tests/fakes/inspector_fake.py (moto has
// no ListCoverage), which pages at 2 items and records each request's signing key.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "collectors/inspector_coverage/inspector_collector.h"
#include "collectors/inspector_coverage/inspector_metrics.h"
#include "exporter/aws/http_curl.h"
#include "exporter/config/config.h"
#include "tests/support/subprocess.h"
#include "tests/unit/collector_inspector_coverage/inspector_aws_env.h"
#include "tests/unit/collector_inspector_coverage/inspector_test_support.h"

namespace awsgov::inspector {
namespace {

using nlohmann::json;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using testing::MakeCollector;
using testing::SampleLines;
using testing::SampleValue;
using ::testing::UnorderedElementsAreArray;

constexpr const char* kAccountA = "111111111111";  // the factory's own credentials; the table
constexpr const char* kAccountB = "222222222222";  // through AssumeRole
constexpr const char* kWest = "eu-west-1";
constexpr const char* kEast = "us-east-1";  // Inspector's EC2 scanning DISABLED for account B
constexpr const char* kTable = "Inspector-Exceptions";
constexpr const char* kGone = "i-0000000000000dead";  // listed by Inspector, unknown to EC2

// The instances the suite seeds, by their role in the scenario.
struct Instances {
  std::string a_covered, a_stopped, a_table, a_tag, a_config, a_pending, a_terminated;
  std::string b_covered, b_table, b_other_region_exception, b_east_running, b_east_stopped;
};

json Covered(const std::string& account, const std::string& instance, const std::string& status,
             const std::string& reason, const std::string& scan_type = "PACKAGE") {
  return {{"resourceType", "AWS_EC2_INSTANCE"},
          {"resourceId", instance},
          {"accountId", account},
          {"scanType", scan_type},
          {"scanStatus", {{"statusCode", status}, {"reason", reason}}}};
}

json AccountState(const std::string& account, const std::string& ec2_status) {
  const json state = {
      {"status", ec2_status}, {"errorCode", "ALREADY_ENABLED"}, {"errorMessage", "-"}};
  return {{"accountId", account}, {"state", state}, {"resourceState", {{"ec2", state}}}};
}

// What Inspector says about the seeded instances.
json InspectorData(const Instances& i) {
  json west = json::array({
      // A network-reachability entry that is inactive: the package scan's ACTIVE one wins.
      Covered(kAccountA, i.a_covered, "INACTIVE", "NO_INVENTORY", "NETWORK"),
      Covered(kAccountB, i.b_covered, "ACTIVE", "SUCCESSFUL"),
      Covered(kAccountA, i.a_covered, "ACTIVE", "SUCCESSFUL"),
      Covered(kAccountA, i.a_stopped, "INACTIVE", "EC2_INSTANCE_STOPPED"),
      Covered(kAccountA, kGone, "INACTIVE", "RESOURCE_TERMINATED"),
      Covered(kAccountA, i.a_tag, "INACTIVE", "UNMANAGED_EC2_INSTANCE"),
      Covered(kAccountB, i.b_table, "INACTIVE", "UNMANAGED_EC2_INSTANCE"),
      Covered(kAccountA, i.a_pending, "INACTIVE", "PENDING_INITIAL_SCAN"),
      Covered(kAccountA, i.a_terminated, "INACTIVE", "RESOURCE_TERMINATED"),
  });
  // Findings of account A; none listed for B (no findings: every count 0).
  const json findings = json::array(
      {{{"accountId", kAccountA},
        {"severityCounts", {{"all", 12}, {"critical", 1}, {"high", 3}, {"medium", 5}}}}});
  return {{"page_size", 2},
          {"regions",
           {{kWest,
             {{"coverage", west},
              {"finding_counts", findings},
              {"account_status",
               {AccountState(kAccountA, "ENABLED"), AccountState(kAccountB, "ENABLED")}}}},
            {kEast, {{"account_status", {AccountState(kAccountB, "DISABLED")}}}}}}};
}

class InspectorMotoTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    moto_ = new awsgov::testing::MotoServer();
    data_path_ =
        new std::string("/tmp/awsgov-inspector-data-" + std::to_string(::getpid()) + ".json");
    std::ofstream(*data_path_) << json{{"regions", json::object()}}.dump();
    fake_port_ = awsgov::testing::FreeLoopbackPort();
    fake_ = new awsgov::testing::Subprocess(
        {"python3", AWSGOV_SOURCE_DIR "/tests/fakes/inspector_fake.py", "--port",
         std::to_string(fake_port_), "--data", *data_path_},
        "/tmp/awsgov-test-inspector-fake-" + std::to_string(fake_port_) + ".log");
    ready_ = moto_->ready() && awsgov::testing::WaitForPort(fake_port_, std::chrono::seconds(30));
    if (ready_) Seed();
  }
  static void TearDownTestSuite() {
    delete fake_;
    delete moto_;
    std::remove(data_path_->c_str());
    delete data_path_;
  }

  static std::string FakeEndpoint() { return "http://127.0.0.1:" + std::to_string(fake_port_); }

  static std::unique_ptr<aws::AwsClientFactory> Factory() {
    return testing::MakeFactory(
        moto_->endpoint(), FakeEndpoint(),
        {{kAccountA, ""}, {kAccountB, "arn:aws:iam::222222222222:role/awsgov-exporter"}},
        {kWest, kEast});
  }

  static void Seed() {
    auto factory = Factory();
    Instances& i = seeded_;
    testing::Seeder a(*factory, kAccountA, kWest);
    i.a_covered = a.RunInstance();
    i.a_stopped = a.RunInstance();
    a.Stop(i.a_stopped);
    i.a_table = a.RunInstance();
    i.a_tag = a.RunInstance({{"Name", "bastion"}, {"inspector-exception", "approved"}});
    i.a_config = a.RunInstance();
    a.Stop(i.a_config);
    i.a_pending = a.RunInstance({{"inspector-exception", "maybe"}});  // not the approved value
    i.a_terminated = a.RunInstance();
    a.Terminate(i.a_terminated);

    testing::Seeder b(*factory, kAccountB, kWest);
    i.b_covered = b.RunInstance();
    i.b_table = b.RunInstance();
    i.b_other_region_exception = b.RunInstance();
    testing::Seeder b_east(*factory, kAccountB, kEast);
    i.b_east_running = b_east.RunInstance();
    i.b_east_stopped = b_east.RunInstance();
    b_east.Stop(i.b_east_stopped);

    // The old table, in account A: DoNotStart excepts; DoNotStop (the instance was still
    // scanned by the old routine) does not; an item of another region does not apply here.
    a.CreateExceptionsTable(kTable);
    a.PutException(kTable, i.a_table, kAccountA, kWest, "DoNotStart");
    a.PutException(kTable, i.a_stopped, kAccountA, kWest, "DoNotStop");
    a.PutException(kTable, i.b_table, kAccountB, kWest, "DoNotStart");
    a.PutException(kTable, i.b_other_region_exception, kAccountB, kEast, "DoNotStart");

    std::ofstream(*data_path_) << InspectorData(i).dump();
  }

  void SetUp() override {
    ASSERT_TRUE(ready_) << "moto_server or inspector_fake.py did not start";
    factory_ = Factory();
  }

  // Options with all three kinds of exception.
  static std::string Options(const std::string& extra = "") {
    return "exceptions_table: {name: " + std::string(kTable) + ", account_id: \"" + kAccountA +
           "\", region: " + kWest + "}\n" + "excepted_instance_ids: [" + seeded_.a_config + "]\n" +
           "exception_tag_key: inspector-exception\n" + "exception_tag_value: approved\n" + extra;
  }

  Status Collect(const std::string& options, const std::string& account, const std::string& region,
                 Result* out) {
    auto collector = MakeCollector(options);
    if (collector == nullptr) return Internal("bad options");
    CollectContext ctx = testing::Context(factory_.get(), account, region);
    return collector->Collect(ctx, out);
  }

  // The fake's request log since the last call.
  static std::vector<json> NewRequests() {
    aws::CurlTransport transport;
    aws::HttpRequest request;
    request.method = "GET";
    request.url = FakeEndpoint() + "/_fake/requests";
    aws::HttpResponse response;
    Status status = transport.Send(request, &response);
    EXPECT_TRUE(status.ok()) << status.ToString();
    const json log = json::parse(response.body, nullptr, false);
    std::vector<json> out;
    if (!log.is_array()) return out;
    for (std::size_t k = seen_requests_; k < log.size(); ++k) out.push_back(log[k]);
    seen_requests_ = log.size();
    return out;
  }

  static std::string Line(const std::vector<std::string>& labels, int value) {
    std::string line;
    for (const std::string& label : labels) line += (line.empty() ? "" : ",") + label;
    return line + " = " + std::to_string(value);
  }

  static awsgov::testing::MotoServer* moto_;
  static awsgov::testing::Subprocess* fake_;
  static int fake_port_;
  static bool ready_;
  static std::string* data_path_;
  static Instances seeded_;
  static std::size_t seen_requests_;
  std::unique_ptr<aws::AwsClientFactory> factory_;
};

awsgov::testing::MotoServer* InspectorMotoTest::moto_ = nullptr;
awsgov::testing::Subprocess* InspectorMotoTest::fake_ = nullptr;
int InspectorMotoTest::fake_port_ = 0;
bool InspectorMotoTest::ready_ = false;
std::string* InspectorMotoTest::data_path_ = nullptr;
Instances InspectorMotoTest::seeded_;
std::size_t InspectorMotoTest::seen_requests_ = 0;

TEST_F(InspectorMotoTest, AccountOfItsOwnEveryCaseOfCoverageAndException) {
  NewRequests();
  Result result;
  Status status = Collect(Options(), kAccountA, kWest, &result);
  ASSERT_TRUE(status.ok()) << status.ToString();
  const Instances& i = seeded_;

  // Running: a_covered ACTIVE; a_tag and a_pending INACTIVE; a_table not listed. Stopped:
  // a_stopped INACTIVE; a_config not listed. a_terminated and kGone are no instances.
  EXPECT_THAT(SampleLines(result, kEc2Instances),
              ElementsAre(Line({kAccountA, kWest, "running", "ACTIVE"}, 1),
                          Line({kAccountA, kWest, "running", "INACTIVE"}, 2),
                          Line({kAccountA, kWest, "running", kNotCovered}, 1),
                          Line({kAccountA, kWest, "stopped", "INACTIVE"}, 1),
                          Line({kAccountA, kWest, "stopped", kNotCovered}, 1)));
  EXPECT_THAT(
      SampleLines(result, kEc2UncoveredInstanceInfo),
      UnorderedElementsAreArray({
          // DoNotStop in the table is no exception (default exception_types: DoNotStart).
          Line({kAccountA, kWest, i.a_stopped, "stopped", "EC2_INSTANCE_STOPPED", "false"}, 1),
          Line({kAccountA, kWest, i.a_table, "running", "NOT_LISTED", "true"}, 1),
          Line({kAccountA, kWest, i.a_tag, "running", "UNMANAGED_EC2_INSTANCE", "true"}, 1),
          Line({kAccountA, kWest, i.a_config, "stopped", "NOT_LISTED", "true"}, 1),
          Line({kAccountA, kWest, i.a_pending, "running", "PENDING_INITIAL_SCAN", "false"}, 1),
      }));
  EXPECT_EQ(SampleValue(result, kEc2ScanningEnabled, {kAccountA, kWest, "ENABLED"}), 1);

  // Seven coverage entries of account A at two a page: four pages, each filtered to EC2
  // instances of A, asked with A's own credentials.
  std::vector<std::string> tokens;
  for (const json& request : NewRequests()) {
    EXPECT_EQ(request["access_key_id"], testing::kOwnAccessKeyId);
    EXPECT_EQ(request["region"], kWest);
    if (request["operation"] != "ListCoverage") continue;
    const json& filter = request["body"]["filterCriteria"];
    EXPECT_EQ(filter["accountId"][0]["value"], kAccountA);
    EXPECT_EQ(filter["resourceType"][0]["value"], "AWS_EC2_INSTANCE");
    EXPECT_EQ(request["body"]["maxResults"], 200);
    tokens.push_back(request["body"].value("nextToken", ""));
  }
  EXPECT_THAT(tokens, ElementsAre("", "ListCoverage:2", "ListCoverage:4", "ListCoverage:6"));
}

TEST_F(InspectorMotoTest, MemberAccountAsksWithItsOwnRoleUnlessADelegatedAdminIsConfigured) {
  const Instances& i = seeded_;
  const std::vector<std::string> instance_lines = {
      Line({kAccountB, kWest, "running", "ACTIVE"}, 1),
      Line({kAccountB, kWest, "running", "INACTIVE"}, 1),
      Line({kAccountB, kWest, "running", kNotCovered}, 1)};
  // The table's item for b_other_region_exception names us-east-1: no exception in eu-west-1.
  const std::vector<std::string> uncovered_lines = {
      Line({kAccountB, kWest, i.b_table, "running", "UNMANAGED_EC2_INSTANCE", "true"}, 1),
      Line({kAccountB, kWest, i.b_other_region_exception, "running", "NOT_LISTED", "false"}, 1)};

  for (const bool delegated : {false, true}) {
    SCOPED_TRACE(delegated ? "delegated administrator" : "per account");
    NewRequests();
    Result result;
    const std::string options =
        Options(delegated ? "delegated_admin_account_id: \"111111111111\"\n" : "");
    Status status = Collect(options, kAccountB, kWest, &result);
    ASSERT_TRUE(status.ok()) << status.ToString();
    EXPECT_THAT(SampleLines(result, kEc2Instances), UnorderedElementsAreArray(instance_lines));
    EXPECT_THAT(SampleLines(result, kEc2UncoveredInstanceInfo),
                UnorderedElementsAreArray(uncovered_lines));

    const std::vector<json> requests = NewRequests();
    ASSERT_EQ(requests.size(), 2u);  // BatchGetAccountStatus, one ListCoverage page of two
    for (const json& request : requests) {
      // The delegated administrator's credentials (A's own), else B's assumed role.
      EXPECT_EQ(request["access_key_id"] == testing::kOwnAccessKeyId, delegated);
      const json& body = request["body"];
      if (request["operation"] == "ListCoverage") {
        EXPECT_EQ(body["filterCriteria"]["accountId"][0]["value"], kAccountB);
      } else {
        EXPECT_EQ(body["accountIds"], json::array({kAccountB}));
      }
    }
  }
}

// With a delegated administrator and the configuration's accounts known (as the exporter runs
// the collector), the targets of a region share one BatchGetAccountStatus for all their accounts;
// ListCoverage stays one filtered listing per target.
TEST_F(InspectorMotoTest, DelegatedAdministratorAsksEveryAccountOfARegionInOneBatch) {
  config::Config config;
  config.regions = {kWest, kEast};
  config::Account a, b;
  a.id = kAccountA;
  b.id = kAccountB;
  config.accounts = {b, a};
  auto collector = MakeCollector(Options("delegated_admin_account_id: \"111111111111\"\n"));
  ASSERT_NE(collector, nullptr);
  NewRequests();
  std::map<std::string, Result> results;
  for (const auto& [account, region] : std::vector<std::pair<std::string, std::string>>{
           {kAccountA, kWest}, {kAccountB, kWest}, {kAccountB, kEast}}) {
    CollectContext ctx = testing::Context(factory_.get(), account, region);
    ctx.config = &config;
    Status status = collector->Collect(ctx, &results[account + "/" + region]);
    ASSERT_TRUE(status.ok()) << account << " " << region << ": " << status.ToString();
  }
  EXPECT_EQ(SampleValue(results[std::string(kAccountA) + "/" + kWest], kEc2ScanningEnabled,
                        {kAccountA, kWest, "ENABLED"}),
            1);
  EXPECT_EQ(SampleValue(results[std::string(kAccountB) + "/" + kWest], kEc2ScanningEnabled,
                        {kAccountB, kWest, "ENABLED"}),
            1);
  EXPECT_EQ(SampleValue(results[std::string(kAccountB) + "/" + kEast], kEc2ScanningEnabled,
                        {kAccountB, kEast, "DISABLED"}),
            0);

  std::vector<std::string> batches;
  int coverage_listings = 0;
  for (const json& request : NewRequests()) {
    EXPECT_EQ(request["access_key_id"], testing::kOwnAccessKeyId);  // the administrator's
    if (request["operation"] == "BatchGetAccountStatus") {
      batches.push_back(request["region"].get<std::string>() + " " +
                        request["body"]["accountIds"].dump());
    } else if (request["operation"] == "ListCoverage" && !request["body"].contains("nextToken")) {
      ++coverage_listings;
    }
  }
  // One call per region for both accounts (sorted), not one per target.
  EXPECT_THAT(batches, ElementsAre(std::string(kWest) + " [\"111111111111\",\"222222222222\"]",
                                   std::string(kEast) + " [\"111111111111\",\"222222222222\"]"));
  EXPECT_EQ(coverage_listings, 2);  // eu-west-1's two targets; us-east-1 has scanning DISABLED
  EXPECT_EQ(static_cast<InspectorCollector&>(*collector).account_status_cache().calls(), 2);
}

TEST_F(InspectorMotoTest, ScanningDisabledMakesEveryInstanceUncoveredWithoutAskingForCoverage) {
  NewRequests();
  Result result;
  Status status = Collect(Options(), kAccountB, kEast, &result);
  ASSERT_TRUE(status.ok()) << status.ToString();
  const Instances& i = seeded_;
  EXPECT_THAT(SampleLines(result, kEc2Instances),
              ElementsAre(Line({kAccountB, kEast, "running", kNotCovered}, 1),
                          Line({kAccountB, kEast, "stopped", kNotCovered}, 1)));
  EXPECT_THAT(
      SampleLines(result, kEc2UncoveredInstanceInfo),
      UnorderedElementsAreArray(
          {Line({kAccountB, kEast, i.b_east_running, "running", "EC2_SCANNING_DISABLED", "false"},
                1),
           Line({kAccountB, kEast, i.b_east_stopped, "stopped", "EC2_SCANNING_DISABLED", "false"},
                1)}));
  EXPECT_EQ(SampleValue(result, kEc2ScanningEnabled, {kAccountB, kEast, "DISABLED"}), 0);
  std::vector<std::string> operations;
  for (const json& request : NewRequests()) operations.push_back(request["operation"]);
  EXPECT_THAT(operations, ElementsAre("BatchGetAccountStatus"));
}

TEST_F(InspectorMotoTest, FindingCountsBySeverityWhenAskedFor) {
  for (const bool asked : {false, true}) {
    SCOPED_TRACE(asked ? "include_finding_counts: true" : "default");
    NewRequests();
    Result a, b;
    const std::string options = Options(asked ? "include_finding_counts: true\n" : "");
    ASSERT_TRUE(Collect(options, kAccountA, kWest, &a).ok());
    ASSERT_TRUE(Collect(options, kAccountB, kWest, &b).ok());
    if (!asked) {
      EXPECT_THAT(SampleLines(a, kFindings), IsEmpty());
    } else {
      // 12 findings of A: 1 critical, 3 high, 5 medium, so 12 - 9 = 3 other. B has no entry.
      EXPECT_THAT(
          SampleLines(a, kFindings),
          ElementsAre(Line({kAccountA, kWest, "critical"}, 1), Line({kAccountA, kWest, "high"}, 3),
                      Line({kAccountA, kWest, "medium"}, 5), Line({kAccountA, kWest, "other"}, 3)));
      EXPECT_THAT(
          SampleLines(b, kFindings),
          ElementsAre(Line({kAccountB, kWest, "critical"}, 0), Line({kAccountB, kWest, "high"}, 0),
                      Line({kAccountB, kWest, "medium"}, 0), Line({kAccountB, kWest, "other"}, 0)));
    }
    int calls = 0;
    for (const json& request : NewRequests()) {
      if (request["operation"] != "ListFindingAggregations") continue;
      ++calls;
      EXPECT_EQ(request["body"]["aggregationType"], "ACCOUNT");
    }
    EXPECT_EQ(calls, asked ? 2 : 0);  // one per target
  }
}

TEST_F(InspectorMotoTest, TheExceptionsTableIsScannedOncePerCycleForEveryTarget) {
  // One collector, as the scheduler runs it: three targets at once, then the next cycle.
  auto collector = MakeCollector(Options());
  ASSERT_NE(collector, nullptr);
  const auto& cache = static_cast<InspectorCollector&>(*collector).exceptions_cache();
  const std::vector<std::pair<std::string, std::string>> targets = {
      {kAccountA, kWest}, {kAccountB, kWest}, {kAccountB, kEast}};
  std::vector<Result> results(targets.size());
  std::vector<Status> statuses(targets.size());
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < targets.size(); ++t) {
    threads.emplace_back([&, t] {
      CollectContext ctx = testing::Context(factory_.get(), targets[t].first, targets[t].second);
      statuses[t] = collector->Collect(ctx, &results[t]);
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (const Status& status : statuses) ASSERT_TRUE(status.ok()) << status.ToString();
  // The table has one page (five items): one Scan call served all three targets.
  EXPECT_EQ(cache.scans(), 1);

  // Each target still got its own exceptions from the shared pages.
  const Instances& i = seeded_;
  EXPECT_EQ(SampleValue(results[0], kEc2UncoveredInstanceInfo,
                        {kAccountA, kWest, i.a_table, "running", "NOT_LISTED", "true"}),
            1);
  EXPECT_EQ(SampleValue(results[1], kEc2UncoveredInstanceInfo,
                        {kAccountB, kWest, i.b_table, "running", "UNMANAGED_EC2_INSTANCE", "true"}),
            1);
  EXPECT_EQ(
      SampleValue(results[1], kEc2UncoveredInstanceInfo,
                  {kAccountB, kWest, i.b_other_region_exception, "running", "NOT_LISTED", "false"}),
      1);

  // A second round within half an interval scans nothing more.
  Result again;
  CollectContext ctx = testing::Context(factory_.get(), kAccountA, kWest);
  ASSERT_TRUE(collector->Collect(ctx, &again).ok());
  EXPECT_EQ(cache.scans(), 1);
}

TEST_F(InspectorMotoTest, AMissingExceptionsTableFailsTheTargetNamingTheTable) {
  Result result;
  Status status = Collect(
      "exceptions_table: {name: No-Such-Table, account_id: \"111111111111\", region: eu-west-1}\n",
      kAccountA, kWest, &result);
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(status.ToString(), ::testing::HasSubstr("No-Such-Table"));
  EXPECT_THAT(status.ToString(), ::testing::HasSubstr("ResourceNotFoundException"));
}

TEST_F(InspectorMotoTest, UnreachableInspectorFailsTheTargetNamingTheCallAndTheAdministrator) {
  // Nothing listens on this port: the delegated administrator's Inspector cannot be reached.
  auto factory = testing::MakeFactory(
      moto_->endpoint(), "http://127.0.0.1:" + std::to_string(awsgov::testing::FreeLoopbackPort()),
      {{kAccountA, ""}, {kAccountB, "arn:aws:iam::222222222222:role/awsgov-exporter"}}, {kWest});
  auto collector =
      MakeCollector("delegated_admin_account_id: \"111111111111\"\ncheck_account_status: false\n");
  ASSERT_NE(collector, nullptr);
  CollectContext ctx = testing::Context(factory.get(), kAccountB, kWest);
  Result result;
  Status status = collector->Collect(ctx, &result);
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(status.ToString(),
              ::testing::HasSubstr("inspector2 ListCoverage (account 222222222222 via "
                                   "111111111111, eu-west-1)"));
  EXPECT_THAT(SampleLines(result, kEc2Instances), IsEmpty());
}

}  // namespace
}  // namespace awsgov::inspector
