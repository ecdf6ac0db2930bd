// What moto cannot show, end to end against tests/fakes/ami_fake.py (whose responses botocore
// parses in tests/integration/test_ami_fake.py): disabled images, one item per page on every
// list call, image ids batched in groups of 100, paced launch-permission lookups, and one owner
// listing shared by all consumer targets of a cycle. Accounts are reached through AssumeRole.
#include <gtest/gtest.h>

#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "collectors/ami_references/ami_collector.h"
#include "collectors/ami_references/ami_metrics.h"
#include "tests/support/subprocess.h"
#include "tests/unit/collector_ami_references/ami_test_env.h"

namespace awsgov::ami {
namespace {

using nlohmann::json;
using testing::CollectTarget;
using testing::MakeAmiCollector;
using testing::MakeFactory;
using testing::Samples;
using testing::SampleValue;

constexpr const char* kOwner = "111111111111";
constexpr const char* kConsumer = "222222222222";
constexpr const char* kSecond = "333333333333";
constexpr const char* kRegion = "eu-west-1";

json Image(const std::string& id, const std::string& state, bool is_public = false) {
  return {{"ImageId", id}, {"State", state}, {"OwnerId", kOwner}, {"Public", is_public}};
}
json Instance(const std::string& id, const std::string& image, const std::string& state) {
  return {{"InstanceId", id}, {"ImageId", image}, {"State", {{"Name", state}}}};
}
json LaunchConfiguration(const std::string& name, const std::string& image) {
  return {{"LaunchConfigurationName", name},
          {"ImageId", image},
          {"InstanceType", "t3.micro"},
          {"CreatedTime", "2026-01-01T00:00:00Z"}};
}

// The fake on a free port with `scenario`, stopped at the end of the test.
class FakeServer {
 public:
  FakeServer(const json& scenario, int page_size) {
    port_ = awsgov::testing::FreeLoopbackPort();
    const std::string base = "/tmp/awsgov-test-ami-fake-" + std::to_string(port_);
    scenario_path_ = base + ".json";
    requests_path_ = base + ".requests";
    std::ofstream(scenario_path_) << scenario.dump();
    std::remove(requests_path_.c_str());
    process_ = std::make_unique<awsgov::testing::Subprocess>(
        std::vector<std::string>{"python3", AWSGOV_SOURCE_DIR "/tests/fakes/ami_fake.py", "--port",
                                 std::to_string(port_), "--scenario", scenario_path_, "--page-size",
                                 std::to_string(page_size), "--requests-log", requests_path_},
        base + ".log");
    ready_ = awsgov::testing::WaitForPort(port_, std::chrono::seconds(30));
  }
  ~FakeServer() {
    process_.reset();
    std::remove(scenario_path_.c_str());
    std::remove(requests_path_.c_str());
  }
  bool ready() const { return ready_; }
  std::string endpoint() const { return "http://127.0.0.1:" + std::to_string(port_); }

  // Requests the fake served as `account` for `action`.
  std::vector<json> Requests(const std::string& account, const std::string& action) const {
    std::vector<json> out;
    std::ifstream in(requests_path_);
    for (std::string line; std::getline(in, line);) {
      json request = json::parse(line);
      if (request.value("account", "") == account && request.value("Action", "") == action) {
        out.push_back(request);
      }
    }
    return out;
  }

 private:
  int port_ = 0;
  std::string scenario_path_;
  std::string requests_path_;
  std::unique_ptr<awsgov::testing::Subprocess> process_;
  bool ready_ = false;
};

// A clock that moves only when the collector sleeps, so that pacing is measured exactly.
class SteppedClock final : public Clock {
 public:
  time_point Now() const override {
    std::lock_guard<std::mutex> lock(mu_);
    return now_;
  }
  double UnixSeconds() const override { return 1.8e9; }
  void Advance(std::chrono::milliseconds by) {
    std::lock_guard<std::mutex> lock(mu_);
    now_ += by;
    slept_ += by;
  }
  std::chrono::milliseconds slept() const {
    std::lock_guard<std::mutex> lock(mu_);
    return slept_;
  }

 private:
  mutable std::mutex mu_;
  time_point now_{std::chrono::hours(1)};
  std::chrono::milliseconds slept_{0};
};

Result CollectOk(Collector& collector, aws::ClientFactory& factory, const std::string& account) {
  Result result;
  Status status = CollectTarget(collector, factory, account, kRegion, &result);
  EXPECT_TRUE(status.ok()) << status.ToString();
  return result;
}

// ami-0a shared with the consumer, ami-0b shared but disabled, ami-0c public; the consumer uses
// them from instances (one terminated), a template's versions and launch configurations.
json DisabledScenario() {
  json owner;
  owner["images"] = {Image("ami-0a", "available"), Image("ami-0b", "disabled"),
                     Image("ami-0c", "available", true)};
  owner["launch_permissions"] = {{"ami-0a", {{{"UserId", kConsumer}}}},
                                 {"ami-0b", {{{"UserId", kConsumer}}}}};
  json consumer;
  consumer["instances"] = {Instance("i-01", "ami-0a", "running"),
                           Instance("i-02", "ami-0b", "stopped"),
                           Instance("i-03", "ami-0b", "terminated")};
  consumer["launch_templates"] = {
      {{"LaunchTemplateId", "lt-01"},
       {"LaunchTemplateName", "web"},
       {"DefaultVersionNumber", 1},
       {"versions",
        {{{"VersionNumber", 1}, {"LaunchTemplateData", {{"ImageId", "ami-0a"}}}},
         {{"VersionNumber", 2}, {"LaunchTemplateData", {{"ImageId", "ami-0c"}}}},
         {{"VersionNumber", 3}, {"LaunchTemplateData", {{"ImageId", "ami-0b"}}}}}}}};
  consumer["launch_configurations"] = {LaunchConfiguration("lc-1", "ami-0a"),
                                       LaunchConfiguration("lc-2", "ami-0b")};
  json scenario;
  scenario["accounts"] = {{kOwner, owner}, {kConsumer, consumer}};
  return scenario;
}

std::vector<std::string> Refs(const std::string& image, const std::string& type,
                              const std::string& status) {
  return {kOwner, image, kConsumer, kRegion, type, status};
}
std::vector<std::string> Dangling(const std::string& image, const std::string& type,
                                  const std::string& id, const std::string& status,
                                  const std::string& version = "") {
  return {kOwner, image, kConsumer, kRegion, type, id, status, version};
}

TEST(AmiFakeServerTest, DisabledImagesOnePagePerItem) {
  FakeServer fake(DisabledScenario(), 1);
  ASSERT_TRUE(fake.ready());
  auto factory = MakeFactory(fake.endpoint(), {kOwner, kConsumer}, {kRegion});
  auto collector = MakeAmiCollector(std::string("owner_accounts: [\"") + kOwner + "\"]\n");
  ASSERT_NE(collector, nullptr);

  const Result owner = CollectOk(*collector, *factory, kOwner);
  EXPECT_EQ(SampleValue(owner, kAmiImages, {kOwner, kRegion, "available"}), 2);
  EXPECT_EQ(SampleValue(owner, kAmiImages, {kOwner, kRegion, "disabled"}), 1);
  EXPECT_EQ(fake.Requests(kOwner, "DescribeImages").size(), 3u);  // three pages of one

  const Result consumer = CollectOk(*collector, *factory, kConsumer);
  EXPECT_EQ(SampleValue(consumer, kAmiReferences, Refs("ami-0a", "instance", "available")), 1);
  EXPECT_EQ(SampleValue(consumer, kAmiReferences, Refs("ami-0b", "instance", "disabled")), 1);
  EXPECT_EQ(SampleValue(consumer, kAmiReferences, Refs("ami-0a", "launch_template", "available")),
            1);  // version 1, the default
  EXPECT_EQ(SampleValue(consumer, kAmiReferences, Refs("ami-0b", "launch_template", "disabled")),
            1);  // version 3, the latest
  EXPECT_EQ(SampleValue(consumer, kAmiReferences, Refs("ami-0c", "launch_template", "available")),
            std::nullopt);  // version 2 is neither
  EXPECT_EQ(
      SampleValue(consumer, kAmiReferences, Refs("ami-0a", "launch_configuration", "available")),
      1);
  EXPECT_EQ(
      SampleValue(consumer, kAmiReferences, Refs("ami-0b", "launch_configuration", "disabled")), 1);
  EXPECT_EQ(Samples(consumer, kAmiReferences).size(), 6u);
  std::vector<std::vector<std::string>> dangling = Samples(consumer, kAmiDanglingReferenceInfo);
  std::sort(dangling.begin(), dangling.end());
  EXPECT_EQ(dangling, (std::vector<std::vector<std::string>>{
                          Dangling("ami-0b", "instance", "i-02", "disabled"),
                          Dangling("ami-0b", "launch_configuration", "lc-2", "disabled"),
                          Dangling("ami-0b", "launch_template", "lt-01", "disabled", "3"),
                      }));
  // Every page was asked for: two instances, two versions, two launch configurations.
  EXPECT_EQ(fake.Requests(kConsumer, "DescribeInstances").size(), 2u);
  EXPECT_EQ(fake.Requests(kConsumer, "DescribeLaunchTemplateVersions").size(), 2u);
  EXPECT_EQ(fake.Requests(kConsumer, "DescribeLaunchConfigurations").size(), 2u);
  // Only the shared image needs its permissions: the disabled one is broken anyway, the public
  // one open to all.
  const std::vector<json> lookups = fake.Requests(kOwner, "DescribeImageAttribute");
  ASSERT_EQ(lookups.size(), 1u);
  EXPECT_EQ(lookups[0]["ImageId"], "ami-0a");
}

TEST(AmiFakeServerTest, AllLaunchTemplateVersionsWhenAsked) {
  FakeServer fake(DisabledScenario(), 1);
  ASSERT_TRUE(fake.ready());
  auto factory = MakeFactory(fake.endpoint(), {kOwner, kConsumer}, {kRegion});
  auto collector = MakeAmiCollector(std::string("owner_accounts: [\"") + kOwner +
                                    "\"]\nlaunch_template_versions: all\n");
  ASSERT_NE(collector, nullptr);
  const Result consumer = CollectOk(*collector, *factory, kConsumer);
  EXPECT_EQ(SampleValue(consumer, kAmiReferences, Refs("ami-0a", "launch_template", "available")),
            1);
  EXPECT_EQ(SampleValue(consumer, kAmiReferences, Refs("ami-0c", "launch_template", "available")),
            1);
  EXPECT_EQ(SampleValue(consumer, kAmiReferences, Refs("ami-0b", "launch_template", "disabled")),
            1);
  // One DescribeLaunchTemplates, then the template's three versions one page each.
  EXPECT_EQ(fake.Requests(kConsumer, "DescribeLaunchTemplates").size(), 1u);
  EXPECT_EQ(fake.Requests(kConsumer, "DescribeLaunchTemplateVersions").size(), 3u);
}

TEST(AmiFakeServerTest, ImageIdsBatchedAndPermissionLookupsPacedAndShared) {
  constexpr int kShared = 20;    // the owner's images, each shared with both consumers
  constexpr int kForeign = 250;  // images of an owner nobody monitors
  constexpr double kPerSecond = 2;
  json owner;
  owner["images"] = json::array();
  owner["launch_permissions"] = json::object();
  json consumer;
  consumer["instances"] = json::array();
  json second;
  second["instances"] = json::array();
  for (int i = 0; i < kShared; ++i) {
    const std::string id = "ami-s" + std::to_string(1000 + i);
    owner["images"].push_back(Image(id, "available"));
    owner["launch_permissions"][id] = {{{"UserId", kConsumer}}, {{"UserId", kSecond}}};
    consumer["instances"].push_back(Instance("i-s" + std::to_string(1000 + i), id, "running"));
    second["instances"].push_back(Instance("i-t" + std::to_string(1000 + i), id, "running"));
  }
  for (int i = 0; i < kForeign; ++i) {
    consumer["instances"].push_back(
        Instance("i-f" + std::to_string(1000 + i), "ami-f" + std::to_string(1000 + i), "running"));
  }
  json scenario;
  scenario["accounts"] = {{kOwner, owner}, {kConsumer, consumer}, {kSecond, second}};
  FakeServer fake(scenario, 1000);
  ASSERT_TRUE(fake.ready());
  auto factory = MakeFactory(fake.endpoint(), {kOwner, kConsumer, kSecond}, {kRegion});

  AmiOptions options;
  options.owner_accounts = {kOwner};
  options.include_unknown_owners = true;
  SteppedClock clock;
  OwnerCacheOptions cache;
  cache.max_age = std::chrono::minutes(5);
  cache.lookups_per_second = kPerSecond;
  cache.clock = &clock;
  cache.sleep = [&](std::chrono::milliseconds wait) { clock.Advance(wait); };
  AmiReferencesCollector collector(options, cache);

  const Result first = CollectOk(collector, *factory, kConsumer);
  for (int i = 0; i < kShared; ++i) {
    EXPECT_EQ(SampleValue(first, kAmiReferences,
                          {kOwner, "ami-s" + std::to_string(1000 + i), kConsumer, kRegion,
                           "instance", "available"}),
              1);
  }
  // Invisible to the consumer and listed by no monitored owner: owner "unknown".
  EXPECT_EQ(SampleValue(first, kAmiReferences,
                        {"unknown", "ami-f1249", kConsumer, kRegion, "instance", "unknown"}),
            1);
  EXPECT_EQ(Samples(first, kAmiReferences).size(), std::size_t{kShared + kForeign});
  // 250 unresolved ids: DescribeImages in groups of 100, so 3 calls, not 250.
  const std::vector<json> batches = fake.Requests(kConsumer, "DescribeImages");
  ASSERT_EQ(batches.size(), 3u);
  EXPECT_TRUE(batches[0].contains("Filter.1.Value.100"));
  EXPECT_FALSE(batches[0].contains("Filter.1.Value.101"));
  EXPECT_TRUE(batches[2].contains("Filter.1.Value.50"));
  EXPECT_FALSE(batches[2].contains("Filter.1.Value.51"));
  // 20 lookups at 2/s with a burst of 2: the last 18 wait half a second each.
  EXPECT_EQ(fake.Requests(kOwner, "DescribeImageAttribute").size(), std::size_t{kShared});
  EXPECT_EQ(clock.slept(), std::chrono::milliseconds(
                               static_cast<int>((kShared - kPerSecond) / kPerSecond * 1000)));

  // The second consumer in the same cycle reuses the owner's list and the memoised permissions.
  const Result second_result = CollectOk(collector, *factory, kSecond);
  EXPECT_EQ(SampleValue(second_result, kAmiReferences,
                        {kOwner, "ami-s1000", kSecond, kRegion, "instance", "available"}),
            1);
  EXPECT_EQ(fake.Requests(kOwner, "DescribeImages").size(), 1u);
  EXPECT_EQ(fake.Requests(kOwner, "DescribeImageAttribute").size(), std::size_t{kShared});
  EXPECT_EQ(collector.cache().image_listings(), 1);
  EXPECT_EQ(collector.cache().permission_lookups(), kShared);

  // A new cycle (older than max_age) lists and looks up again.
  clock.Advance(std::chrono::minutes(5));
  CollectOk(collector, *factory, kSecond);
  EXPECT_EQ(fake.Requests(kOwner, "DescribeImages").size(), 2u);
  EXPECT_EQ(fake.Requests(kOwner, "DescribeImageAttribute").size(), std::size_t{2 * kShared});
}

TEST(AmiFakeServerTest, FailingOwnerFailsTheTargetWithItsName) {
  json scenario;
  scenario["accounts"] = {{kConsumer, {{"instances", {Instance("i-01", "ami-0a", "running")}}}}};
  FakeServer fake(scenario, 10);
  ASSERT_TRUE(fake.ready());
  // The owner is not in the fake: its AssumeRole works, its calls are refused.
  auto factory = MakeFactory(fake.endpoint(), {kOwner, kConsumer}, {kRegion});
  auto collector = MakeAmiCollector(std::string("owner_accounts: [\"") + kOwner + "\"]\n");
  ASSERT_NE(collector, nullptr);
  Result result;
  Status status = CollectTarget(*collector, *factory, kConsumer, kRegion, &result);
  EXPECT_FALSE(status.ok());
  EXPECT_NE(status.ToString().find(std::string("account ") + kOwner), std::string::npos)
      << status.ToString();
  EXPECT_NE(status.ToString().find("AuthFailure"), std::string::npos) << status.ToString();
}

TEST(AmiFakeServerTest, ConcurrentTargetsShareOneOwnerListing) {
  json owner;
  owner["images"] = {Image("ami-0a", "available")};
  owner["launch_permissions"] = {{"ami-0a", {{{"UserId", kConsumer}}}}};
  json scenario;
  scenario["accounts"] = {{kOwner, owner},
                          {kConsumer, {{"instances", {Instance("i-01", "ami-0a", "running")}}}},
                          {kSecond, {{"instances", {Instance("i-02", "ami-0a", "running")}}}}};
  FakeServer fake(scenario, 10);
  ASSERT_TRUE(fake.ready());
  auto factory = MakeFactory(fake.endpoint(), {kOwner, kConsumer, kSecond}, {kRegion});
  auto collector = MakeAmiCollector(std::string("owner_accounts: [\"") + kOwner + "\"]\n",
                                    std::chrono::minutes(10));
  ASSERT_NE(collector, nullptr);
  // The scheduler runs targets concurrently: three at once, one owner listing between them.
  const std::vector<std::string> accounts = {kOwner, kConsumer, kSecond};
  std::vector<Result> results(accounts.size());
  std::vector<Status> statuses(accounts.size());
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < accounts.size(); ++i) {
    threads.emplace_back([&, i] {
      statuses[i] = CollectTarget(*collector, *factory, accounts[i], kRegion, &results[i]);
    });
  }
  for (auto& thread : threads) thread.join();
  for (const Status& status : statuses) EXPECT_TRUE(status.ok()) << status.ToString();
  EXPECT_EQ(fake.Requests(kOwner, "DescribeImages").size(), 1u);
  EXPECT_EQ(SampleValue(results[0], kAmiImages, {kOwner, kRegion, "available"}), 1);
  EXPECT_EQ(SampleValue(results[1], kAmiReferences,
                        {kOwner, "ami-0a", kConsumer, kRegion, "instance", "available"}),
            1);
  EXPECT_EQ(SampleValue(results[2], kAmiReferences,
                        {kOwner, "ami-0a", kSecond, kRegion, "instance", "unshared"}),
            1);
  EXPECT_EQ(Samples(results[2], kAmiDanglingReferenceInfo),
            (std::vector<std::vector<std::string>>{
                {kOwner, "ami-0a", kSecond, kRegion, "instance", "i-02", "unshared", ""}}));
  // One lookup, memoised for the second consumer.
  EXPECT_EQ(fake.Requests(kOwner, "DescribeImageAttribute").size(), 1u);
}

}  // namespace
}  // namespace awsgov::ami
