#include "exporter/app/generation.h"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <set>

#include "exporter/config/errors.h"

namespace awsgov {
namespace {

class ScopedCollector final : public Collector {
 public:
  explicit ScopedCollector(TargetScope scope) : scope_(scope) {}
  TargetScope scope() const override { return scope_; }
  Status Collect(const CollectContext&, Result*) override { return Status::Ok(); }

 private:
  TargetScope scope_;
};

config::Config TwoAccounts() {
  config::Config c;
  c.regions = {"eu-west-1", "us-east-1"};
  config::Account a;
  a.id = "111111111111";
  config::Account b;
  b.id = "222222222222";
  b.regions = {"ap-southeast-2"};
  c.accounts = {a, b};
  c.scheduler.default_interval = std::chrono::seconds(300);
  return c;
}

TEST(GenerationTest, ExpandsEachScopeOverAccountsAndRegions) {
  config::Config c = TwoAccounts();
  config::CollectorConfig fast;
  fast.interval = std::chrono::seconds(60);
  fast.timeout = std::chrono::seconds(20);
  c.collectors["regional"] = fast;
  std::map<std::string, std::shared_ptr<Collector>, std::less<>> collectors{
      {"regional", std::make_shared<ScopedCollector>(TargetScope::kAccountRegion)},
      {"per_account", std::make_shared<ScopedCollector>(TargetScope::kAccount)},
      {"once", std::make_shared<ScopedCollector>(TargetScope::kOnce)},
  };
  std::set<std::string> keys;
  for (const auto& t : ExpandTargets(c, collectors)) {
    keys.insert(t.target.Key());
    if (t.target.collector == "regional") {
      EXPECT_EQ(t.interval, std::chrono::seconds(60));
      EXPECT_EQ(t.timeout, std::chrono::seconds(20));
    } else {
      EXPECT_EQ(t.interval, std::chrono::seconds(300));
      EXPECT_EQ(t.timeout, std::chrono::seconds(300));  // no timeout: the interval
    }
  }
  EXPECT_EQ(keys, (std::set<std::string>{
                      "once/-/global", "per_account/111111111111/global",
                      "per_account/222222222222/global", "regional/111111111111/eu-west-1",
                      "regional/111111111111/us-east-1",
                      "regional/222222222222/ap-southeast-2",  // its own regions win
                  }));
}

TEST(GenerationTest, FlagWinsOverConfigWhichWinsOverDefault) {
  CollectorInfo info;
  info.name = "ipam";
  info.enabled_by_default = true;
  config::Config c;
  Flags flags;
  EXPECT_TRUE(CollectorEnabled(info, c, flags));
  c.collectors["ipam"].enabled = false;
  EXPECT_FALSE(CollectorEnabled(info, c, flags));
  flags.collector_overrides["ipam"] = true;
  EXPECT_TRUE(CollectorEnabled(info, c, flags));
}

// Each target's interval, for CollectContext::interval (which caps how old shared data may be):
// the collector's own, else scheduler.default_interval, and the testing flag over both.
TEST(GenerationTest, RecordsEachTargetsInterval) {
  config::Config c = TwoAccounts();
  c.collectors["inspector_coverage"].interval = std::chrono::seconds(60);
  Flags flags;
  flags.collector_overrides = {{"inspector_coverage", true}, {"ami_references", true}};
  Generation generation;
  config::ErrorList errors("config.yml");
  c.collectors["ami_references"].options = YAML::Load("{owner_accounts: ['999999999999']}");
  c.collectors["ami_references"].path = "collectors.ami_references.options";
  ASSERT_TRUE(
      BuildGeneration(std::make_shared<const config::Config>(c), flags, &generation, &errors))
      << errors.ToString();
  EXPECT_EQ(generation.intervals.at("inspector_coverage/111111111111/eu-west-1"),
            std::chrono::seconds(60));
  EXPECT_EQ(generation.intervals.at("ami_references/222222222222/ap-southeast-2"),
            std::chrono::seconds(300));
  EXPECT_EQ(generation.intervals.size(), generation.targets.size());
  ASSERT_NE(generation.instances, nullptr);

  flags.testing_collection_interval = std::chrono::seconds(2);
  Generation testing;
  ASSERT_TRUE(BuildGeneration(std::make_shared<const config::Config>(c), flags, &testing, &errors));
  EXPECT_EQ(testing.intervals.at("inspector_coverage/111111111111/eu-west-1"),
            std::chrono::seconds(2));
  EXPECT_NE(testing.instances, generation.instances);  // each generation its own inventory
}

}  // namespace
}  // namespace awsgov
