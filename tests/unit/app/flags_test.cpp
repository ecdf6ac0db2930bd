#include "exporter/app/flags.h"

#include <gtest/gtest.h>

namespace awsgov {
namespace {

std::vector<CollectorInfo> TwoCollectors() {
  std::vector<CollectorInfo> list(2);
  list[0].name = "alpha";
  list[0].description = "first";
  list[0].enabled_by_default = true;
  list[1].name = "beta";
  list[1].description = "second";
  list[1].enabled_by_default = false;
  return list;
}

TEST(FlagsTest, DefaultsWhenNoArguments) {
  Flags f;
  ASSERT_TRUE(ParseFlags({}, TwoCollectors(), &f).ok());
  EXPECT_EQ(f.listen_address, ":9955");
  EXPECT_EQ(f.telemetry_path, "/metrics");
  EXPECT_TRUE(f.config_file.empty());
  EXPECT_TRUE(f.collector_overrides.empty());
}

TEST(FlagsTest, BothValueSpellingsAndGeneratedCollectorFlags) {
  Flags f;
  Status s = ParseFlags({"--web.listen-address=127.0.0.1:1234", "--config.file", "/etc/c.yml",
                         "--no-collector.alpha", "--collector.beta", "--log.format=json"},
                        TwoCollectors(), &f);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(f.listen_address, "127.0.0.1:1234");
  EXPECT_EQ(f.config_file, "/etc/c.yml");
  EXPECT_EQ(f.log_format, "json");
  EXPECT_EQ(f.collector_overrides.at("alpha"), false);
  EXPECT_EQ(f.collector_overrides.at("beta"), true);
}

TEST(FlagsTest, ErrorsNameTheFlag) {
  Flags f;
  EXPECT_EQ(ParseFlags({"--collector.gamma"}, TwoCollectors(), &f).message(),
            "unknown flag --collector.gamma (see --help)");
  Flags g;
  EXPECT_EQ(ParseFlags({"--log.level=loud"}, TwoCollectors(), &g).message(),
            "--log.level: \"loud\" is not one of debug, info, warn, error");
  Flags h;
  EXPECT_EQ(ParseFlags({"--config.file"}, TwoCollectors(), &h).message(),
            "flag --config.file needs a value");
  Flags i;
  EXPECT_EQ(ParseFlags({"--check-config"}, TwoCollectors(), &i).message(),
            "--check-config needs --config.file or --web.config.file");
  Flags j;
  EXPECT_EQ(ParseFlags({"--web.telemetry-path=metrics"}, TwoCollectors(), &j).message(),
            "--web.telemetry-path: \"metrics\" must start with /");
}

TEST(FlagsTest, WebConfigFileAloneIsEnoughForCheckConfig) {
  Flags f;
  ASSERT_TRUE(
      ParseFlags({"--check-config", "--web.config.file", "web.yml"}, TwoCollectors(), &f).ok());
  EXPECT_EQ(f.web_config_file, "web.yml");
  EXPECT_TRUE(f.config_file.empty());
  EXPECT_TRUE(f.check_config);
  EXPECT_NE(Usage(TwoCollectors()).find("--web.config.file=<value>"), std::string::npos);
}

TEST(FlagsTest, ShardFlagsAreParsedAndBounded) {
  Flags f;
  ASSERT_TRUE(ParseFlags({}, TwoCollectors(), &f).ok());
  EXPECT_EQ(f.shard.index, 0u);
  EXPECT_EQ(f.shard.count, 1u);
  Flags g;
  ASSERT_TRUE(ParseFlags({"--shard.index=2", "--shard.count", "3"}, TwoCollectors(), &g).ok());
  EXPECT_EQ(g.shard.index, 2u);
  EXPECT_EQ(g.shard.count, 3u);
  Flags h;
  EXPECT_EQ(ParseFlags({"--shard.index=3", "--shard.count=3"}, TwoCollectors(), &h).message(),
            "--shard.index: \"3\" is not a whole number from 0 to 2");
  Flags i;
  EXPECT_EQ(ParseFlags({"--shard.count=0"}, TwoCollectors(), &i).message(),
            "--shard.count: \"0\" is not a whole number from 1 to 10000");
  Flags j;
  EXPECT_EQ(ParseFlags({"--shard.count=-1"}, TwoCollectors(), &j).message(),
            "--shard.count: \"-1\" is not a whole number from 1 to 10000");
}

TEST(FlagsTest, ShardIndexTakesTheOrdinalOfAStatefulSetPodName) {
  Flags f;
  ASSERT_TRUE(
      ParseFlags({"--shard.index=awsgov-exporter-2", "--shard.count=3"}, TwoCollectors(), &f).ok());
  EXPECT_EQ(f.shard.index, 2u);
  Flags g;
  EXPECT_EQ(
      ParseFlags({"--shard.index=awsgov-exporter-3", "--shard.count=3"}, TwoCollectors(), &g)
          .message(),
      "--shard.index: \"awsgov-exporter-3\" (pod ordinal 3) is not a whole number from 0 to 2");
  Flags h;  // no ordinal at the end: not a pod name
  EXPECT_EQ(
      ParseFlags({"--shard.index=exporter-a", "--shard.count=3"}, TwoCollectors(), &h).message(),
      "--shard.index: \"exporter-a\" is not a whole number from 0 to 2");
  Flags i;  // a negative number is not a pod name either
  EXPECT_FALSE(ParseFlags({"--shard.index=-1", "--shard.count=3"}, TwoCollectors(), &i).ok());
}

TEST(FlagsTest, PrintIamPolicyIsABooleanFlag) {
  Flags f;
  ASSERT_TRUE(ParseFlags({"--print-iam-policy"}, TwoCollectors(), &f).ok());
  EXPECT_TRUE(f.print_iam_policy);
  Flags g;
  EXPECT_EQ(ParseFlags({"--print-iam-policy=yes"}, TwoCollectors(), &g).message(),
            "flag --print-iam-policy takes no value");
}

TEST(FlagsTest, TestingCollectionIntervalIsADurationOfAtLeastTenMilliseconds) {
  Flags f;
  ASSERT_TRUE(ParseFlags({}, TwoCollectors(), &f).ok());
  EXPECT_EQ(f.testing_collection_interval.count(), 0);
  Flags g;
  ASSERT_TRUE(ParseFlags({"--testing.collection-interval=250ms"}, TwoCollectors(), &g).ok());
  EXPECT_EQ(g.testing_collection_interval, std::chrono::milliseconds(250));
  Flags h;
  EXPECT_EQ(ParseFlags({"--testing.collection-interval=5ms"}, TwoCollectors(), &h).message(),
            "--testing.collection-interval: \"5ms\" is not a duration of at least 10ms");
  Flags i;
  EXPECT_EQ(ParseFlags({"--testing.collection-interval=fast"}, TwoCollectors(), &i).message(),
            "--testing.collection-interval: \"fast\" is not a duration of at least 10ms");
  EXPECT_NE(Usage(TwoCollectors()).find("TESTING ONLY"), std::string::npos);
}

TEST(FlagsTest, UsageListsEveryCollectorWithItsDefault) {
  std::string usage = Usage(TwoCollectors());
  EXPECT_NE(usage.find("--[no-]collector.alpha\n      Enable the alpha collector: first (default: "
                       "enabled)"),
            std::string::npos);
  EXPECT_NE(usage.find("--[no-]collector.beta\n      Enable the beta collector: second (default: "
                       "disabled)"),
            std::string::npos);
}

TEST(FlagsTest, HaLeaseFlags) {
  Flags f;
  ASSERT_TRUE(
      ParseFlags({"--ha.lease-table=awsgov-ha", "--ha.lease-account-id=111111111111",
                  "--ha.lease-region=eu-west-1", "--ha.lease-duration=3", "--ha.replica-id=r1"},
                 TwoCollectors(), &f)
          .ok());
  EXPECT_EQ(f.ha_lease_table, "awsgov-ha");
  EXPECT_EQ(f.ha_lease_account_id, "111111111111");
  EXPECT_EQ(f.ha_lease_region, "eu-west-1");
  EXPECT_EQ(f.ha_lease_seconds, 3u);
  EXPECT_EQ(f.ha_replica_id, "r1");
  Flags defaults;
  ASSERT_TRUE(ParseFlags({}, TwoCollectors(), &defaults).ok());
  EXPECT_EQ(defaults.ha_lease_seconds, 15u);
  EXPECT_TRUE(defaults.ha_lease_table.empty());

  Flags g;
  EXPECT_EQ(ParseFlags({"--ha.lease-table=t", "--ha.lease-region=eu-west-1"}, TwoCollectors(), &g)
                .message(),
            "--ha.lease-account-id: \"\" is not a 12-digit account id (needed with "
            "--ha.lease-table)");
  Flags h;
  EXPECT_EQ(ParseFlags({"--ha.lease-duration=1"}, TwoCollectors(), &h).message(),
            "--ha.lease-duration: \"1\" is not a whole number from 2 to 3600");
}

}  // namespace
}  // namespace awsgov
