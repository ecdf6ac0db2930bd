// Strict options parsing of the sg_changes collector.
#include "collectors/sg_changes/sg_options.h"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "collectors/sg_changes/dynamodb_store.h"
#include "collectors/sg_changes/sg_collector.h"
#include "exporter/config/config.h"
#include "exporter/config/errors.h"
#include "tests/unit/collector_sg_changes/sg_test_util.h"

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
  EXPECT_TRUE(errors.empty()) << errors.ToString();
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
review_token_file: /etc/awsgov/review.token
reviewers: [alice, bob]
slack:
  signing_secret_file: /etc/awsgov/slack.secret
  user_ids: [U0ALICE]
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
  EXPECT_EQ(options->review_token_file, "/etc/awsgov/review.token");
  EXPECT_EQ(options->reviewers, (std::vector<std::string>{"alice", "bob"}));
  EXPECT_EQ(options->slack_signing_secret_file, "/etc/awsgov/slack.secret");
  EXPECT_EQ(options->slack_user_ids, (std::vector<std::string>{"U0ALICE"}));
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
        "initial_lookback: 100d", "state_file: \"\"", "allow_revert: true", "source: s3",
        "review_token_file: \"\"", "slack: {user_ids: [U1]}", "slack: {signing_secret_file: \"\"}",
        "slack: {signing_secret_file: f, other: 1}", "reviewers: alice"}) {
    config::ErrorList errors("test.yml");
    EXPECT_FALSE(Parse(yaml, &errors).has_value()) << yaml;
    EXPECT_NE(errors.ToString().find("collectors.sg_changes.options"), std::string::npos)
        << errors.ToString();
  }
}

}  // namespace
}  // namespace awsgov::sg

namespace awsgov::sg {
namespace {

// The registered factory: opens the state file, reads the review token file, and reports a
// missing token file as a config error naming the key and the file (not the token).
TEST(SgCollectorInfoTest, CreatesTheStoreAndReviewRoutesOrNamesTheBadFile) {
  testing::TempDir dir;
  std::ofstream(dir.File("token")) << "tok-123\n";
  auto create = [&](const std::string& yaml, config::ErrorList* errors) {
    config::CollectorConfig section;
    section.name = "sg_changes";
    section.path = "collectors.sg_changes.options";
    section.options = YAML::Load(yaml);
    return SgChangesCollectorInfo().create(section, errors);
  };
  config::ErrorList errors("test.yml");
  auto with_review = create(
      "state_file: " + dir.File("a.db") + "\nreview_token_file: " + dir.File("token"), &errors);
  ASSERT_NE(with_review, nullptr) << errors.ToString();
  EXPECT_EQ(with_review->scope(), TargetScope::kAccountRegion);
  ASSERT_EQ(with_review->Routes().size(), 2u);
  HttpRequest request;
  request.method = "GET";
  request.path = "/api/v1/sg_changes/changes";
  request.headers["authorization"] = "Bearer tok-123";
  EXPECT_EQ(with_review->Routes()[1].handle(request).status, 200);
  EXPECT_TRUE(std::filesystem::exists(dir.File("a.db")));

  // Without a token the routes are served to the web config's users only: no token gets in.
  auto without = create("state_file: " + dir.File("b.db"), &errors);
  ASSERT_NE(without, nullptr) << errors.ToString();
  ASSERT_EQ(without->Routes().size(), 2u);
  EXPECT_EQ(without->Routes()[1].handle(request).status, 401);
  request.web_user = "alice";
  EXPECT_EQ(without->Routes()[1].handle(request).status, 200);

  // A Slack signing secret adds Slack's endpoint first (it is under /sg_changes too).
  std::ofstream(dir.File("slack")) << "slack-secret\n";
  auto with_slack = create(
      "state_file: " + dir.File("d.db") + "\nslack:\n  signing_secret_file: " + dir.File("slack"),
      &errors);
  ASSERT_NE(with_slack, nullptr) << errors.ToString();
  ASSERT_EQ(with_slack->Routes().size(), 3u);
  EXPECT_EQ(with_slack->Routes()[0].path_prefix, "/sg_changes/slack/actions");
  EXPECT_TRUE(with_slack->Routes()[0].verifies_itself);
  EXPECT_FALSE(with_slack->Routes()[1].verifies_itself);
  config::ErrorList bad_slack("test.yml");
  EXPECT_EQ(create("state_file: " + dir.File("e.db") +
                       "\nslack:\n  signing_secret_file: " + dir.File("nope"),
                   &bad_slack),
            nullptr);
  EXPECT_NE(bad_slack.ToString().find("collectors.sg_changes.options.slack.signing_secret_file"),
            std::string::npos)
      << bad_slack.ToString();

  config::ErrorList bad("test.yml");
  EXPECT_EQ(
      create("state_file: " + dir.File("c.db") + "\nreview_token_file: " + dir.File("missing"),
             &bad),
      nullptr);
  EXPECT_NE(bad.ToString().find("collectors.sg_changes.options.review_token_file"),
            std::string::npos)
      << bad.ToString();
  EXPECT_NE(bad.ToString().find(dir.File("missing")), std::string::npos);
}

}  // namespace
}  // namespace awsgov::sg

namespace awsgov::sg {
namespace {

// The DynamoDB state options, from the example in docs/configuration.md, and their errors.
TEST(SgOptionsTest, DynamoDbStateFromTheDocsExampleAndItsErrors) {
  std::ifstream in(std::string(AWSGOV_SOURCE_DIR) + "/docs/configuration.md");
  std::stringstream text;
  text << in.rdbuf();
  const std::string doc = text.str();
  const std::size_t section = doc.find("## `sg_changes` review state in DynamoDB");
  ASSERT_NE(section, std::string::npos);
  const std::size_t open = doc.find("```yaml\n", section) + 8;
  const std::string yaml = doc.substr(open, doc.find("```", open) - open);
  YAML::Node options = YAML::Load(yaml)["collectors"]["sg_changes"]["options"];
  config::ErrorList errors("test.yml");
  auto parsed = Parse(YAML::Dump(options), &errors);
  ASSERT_TRUE(parsed.has_value()) << errors.ToString();
  EXPECT_TRUE(parsed->uses_dynamodb());
  EXPECT_EQ(parsed->dynamodb.table, "awsgov-sg-changes");
  EXPECT_EQ(parsed->dynamodb.account_id, "111111111111");
  EXPECT_EQ(parsed->dynamodb.region, "eu-west-1");

  auto defaults = Parse("", &errors);
  ASSERT_TRUE(defaults.has_value());
  EXPECT_FALSE(defaults->uses_dynamodb());

  const std::pair<const char*, const char*> cases[] = {
      {"state_store: dynamodb", "dynamodb: table is required with state_store dynamodb"},
      {"state_store: dynamodb\ndynamodb: {table: t, region: eu-west-1}",
       "dynamodb: account_id is required with state_store dynamodb"},
      {"state_store: dynamodb\nstate_file: a.db\n"
       "dynamodb: {table: t, account_id: \"111111111111\", region: eu-west-1}",
       "state_file: is for state_store sqlite"},
      {"dynamodb: {table: t, account_id: \"111111111111\", region: eu-west-1}",
       "dynamodb: needs state_store dynamodb"},
      {"state_store: dynamodb\ndynamodb: {table: t, account_id: \"1\", region: eu-west-1}",
       "dynamodb.account_id"},
      {"state_store: postgres", "state_store"},
  };
  for (const auto& [bad, expected] : cases) {
    config::ErrorList bad_errors("test.yml");
    EXPECT_FALSE(Parse(bad, &bad_errors).has_value()) << bad;
    EXPECT_NE(bad_errors.ToString().find(std::string("collectors.sg_changes.options.") + expected),
              std::string::npos)
        << bad_errors.ToString();
  }
}

// With state_store dynamodb the factory opens no file: the store is reached through the AWS
// factory attached later, and until then the review API answers 500 (store unreadable).
TEST(SgCollectorInfoTest, DynamoDbStoreIsBuiltWithoutAFile) {
  testing::TempDir dir;
  std::ofstream(dir.File("token")) << "tok-123\n";
  config::CollectorConfig section;
  section.name = "sg_changes";
  section.path = "collectors.sg_changes.options";
  section.options = YAML::Load(
      "state_store: dynamodb\ndynamodb: {table: t, account_id: \"111111111111\", region: "
      "eu-west-1}\nreview_token_file: " +
      dir.File("token"));
  config::ErrorList errors("test.yml");
  auto collector = SgChangesCollectorInfo().create(section, &errors);
  ASSERT_NE(collector, nullptr) << errors.ToString();
  auto* sg = dynamic_cast<SgChangesCollector*>(collector.get());
  ASSERT_NE(sg, nullptr);
  EXPECT_NE(dynamic_cast<DynamoDbStore*>(sg->store().get()), nullptr);
  HttpRequest request;
  request.method = "GET";
  request.path = "/api/v1/sg_changes/changes";
  request.headers["authorization"] = "Bearer tok-123";
  EXPECT_EQ(collector->Routes()[1].handle(request).status, 500);
}

}  // namespace
}  // namespace awsgov::sg
