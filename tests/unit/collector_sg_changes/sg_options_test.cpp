// Strict options parsing of the sg_changes collector.
#include "collectors/sg_changes/sg_options.h"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include "exporter/config/config.h"
#include "exporter/config/errors.h"

namespace awsgov::sg {
namespace {

std::optional<SgOptions> Parse(const std::string& yaml, config::ErrorList* errors) {
  config::CollectorConfig section;
  section.name = "sg_changes";
  section.path = "collectors.sg_changes.options";
  section.options = YAML::Load(yaml);
  return ParseSgOptions(section, errors);
}

TEST(SgOptionsTest, DefaultsAndEveryKey) {
  config::ErrorList errors("test.yml");
  auto defaults = Parse("", &errors);
  ASSERT_TRUE(defaults.has_value()) << errors.ToString();
  EXPECT_TRUE(defaults->events.ingress);
  EXPECT_FALSE(defaults->events.egress);
  EXPECT_FALSE(defaults->allow_revert);
  EXPECT_EQ(defaults->lookup_requests_per_second, 2);

  auto options = Parse(R"(
source: lookup_events
include_egress: true
include_modify: true
state_file: /var/lib/awsgov/sg.db
initial_lookback: 2h
overlap: 15m
retention: 30d
lookup_requests_per_second: 1
revert: true
lake:
  event_data_store: arn:aws:cloudtrail:eu-west-1:111111111111:eventdatastore/eds-1
  account_id: "111111111111"
  region: eu-west-1
  poll_interval: 5s
)",
                       &errors);
  ASSERT_TRUE(options.has_value()) << errors.ToString();
  EXPECT_TRUE(options->events.egress);
  EXPECT_TRUE(options->events.modify);
  EXPECT_EQ(options->state_file, "/var/lib/awsgov/sg.db");
  EXPECT_EQ(options->initial_lookback, std::chrono::hours(2));
  EXPECT_EQ(options->overlap, std::chrono::minutes(15));
  EXPECT_EQ(options->retention, std::chrono::hours(24 * 30));
  EXPECT_TRUE(options->allow_revert);
  EXPECT_FALSE(options->uses_lake());
  EXPECT_EQ(options->lake.event_data_store,
            "arn:aws:cloudtrail:eu-west-1:111111111111:eventdatastore/eds-1");
  EXPECT_EQ(options->lake.account_id, "111111111111");
  EXPECT_EQ(options->lake.region, "eu-west-1");
  EXPECT_EQ(options->lake.poll_interval, std::chrono::seconds(5));

  auto lake = Parse(R"(
source: cloudtrail_lake
lake: {event_data_store: eds-1, account_id: "111111111111", region: us-east-1}
)",
                    &errors);
  ASSERT_TRUE(lake.has_value()) << errors.ToString();
  EXPECT_TRUE(lake->uses_lake());
  EXPECT_EQ(lake->lake.poll_interval, std::chrono::seconds(2));
}

TEST(SgOptionsTest, RejectsUnknownKeysTooFastLookupsAndIncompleteLake) {
  for (const char* yaml :
       {"unknown_key: 1", "lookup_requests_per_second: 3", "source: cloudtrail_lake",
        "source: cloudtrail_lake\nlake: {event_data_store: eds-1, region: eu-west-1}",
        "lake: {account_id: \"12\"}", "lake: {region: europe}", "lake: {unknown: 1}",
        "initial_lookback: 100d", "state_file: \"\"", "allow_revert: true", "source: s3"}) {
    config::ErrorList errors("test.yml");
    EXPECT_FALSE(Parse(yaml, &errors).has_value()) << yaml;
    EXPECT_NE(errors.ToString().find("collectors.sg_changes.options"), std::string::npos)
        << errors.ToString();
  }
}

}  // namespace
}  // namespace awsgov::sg
