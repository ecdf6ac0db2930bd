#include "collectors/sg_changes/sg_options.h"

#include "exporter/config/checks.h"
#include "exporter/config/config.h"
#include "exporter/config/errors.h"
#include "exporter/config/yaml_reader.h"

namespace awsgov::sg {

std::optional<SgOptions> ParseSgOptions(const config::CollectorConfig& collector,
                                        config::ErrorList* errors) {
  const std::size_t errors_before = errors->errors().size();
  SgOptions options;
  config::MapReader reader(collector.options, collector.path, errors);
  reader.Enum("source", &options.source, {"lookup_events", "cloudtrail_lake"});
  {
    config::MapReader lake = reader.Map("lake");
    lake.String("event_data_store", &options.lake.event_data_store);
    lake.String("account_id", &options.lake.account_id, config::AccountIdCheck());
    lake.String("region", &options.lake.region, config::RegionCheck());
    std::chrono::seconds poll = std::chrono::seconds(2);
    if (lake.Duration("poll_interval", &poll, std::chrono::seconds(1), std::chrono::minutes(1))) {
      options.lake.poll_interval = poll;
    }
    lake.Finish();
  }
  if (options.uses_lake()) {
    for (const auto& [key, value] : {std::pair<const char*, const std::string*>{
                                         "event_data_store", &options.lake.event_data_store},
                                     {"account_id", &options.lake.account_id},
                                     {"region", &options.lake.region}}) {
      if (value->empty())
        reader.Error("lake", std::string(key) + " is required with source cloudtrail_lake");
    }
  }
  reader.Bool("include_egress", &options.events.egress);
  reader.Bool("include_modify", &options.events.modify);
  reader.Enum("state_store", &options.state_store, {"sqlite", "dynamodb"});
  if (reader.String("state_file", &options.state_file) && options.state_file.empty()) {
    reader.Error("state_file", "must not be empty");
  }
  {
    config::MapReader table = reader.Map("dynamodb");
    table.String("table", &options.dynamodb.table, config::NonEmptyCheck());
    table.String("account_id", &options.dynamodb.account_id, config::AccountIdCheck());
    table.String("region", &options.dynamodb.region, config::RegionCheck());
    table.Finish();
  }
  if (options.uses_dynamodb()) {
    if (reader.Has("state_file")) reader.Error("state_file", "is for state_store sqlite");
    for (const auto& [key, value] :
         {std::pair<const char*, const std::string*>{"table", &options.dynamodb.table},
          {"account_id", &options.dynamodb.account_id},
          {"region", &options.dynamodb.region}}) {
      if (value->empty())
        reader.Error("dynamodb", std::string(key) + " is required with state_store dynamodb");
    }
  } else if (reader.Has("dynamodb")) {
    reader.Error("dynamodb", "needs state_store dynamodb");
  }
  // LookupEvents keeps 90 days.
  reader.Duration("initial_lookback", &options.initial_lookback, std::chrono::minutes(1),
                  std::chrono::hours(24 * 90));
  reader.Duration("overlap", &options.overlap, std::chrono::seconds(0), std::chrono::hours(24));
  reader.Duration("retention", &options.retention, std::chrono::hours(1));
  reader.Double("lookup_requests_per_second", &options.lookup_requests_per_second, 0.01, 2);
  reader.Bool("revert", &options.allow_revert);
  if (reader.String("review_token_file", &options.review_token_file) &&
      options.review_token_file.empty()) {
    reader.Error("review_token_file", "must not be empty (omit it for no review token)");
  }
  reader.StringList("reviewers", &options.reviewers);
  if (reader.Has("slack")) {
    config::MapReader slack = reader.Map("slack");
    slack.Required("signing_secret_file");
    if (slack.String("signing_secret_file", &options.slack_signing_secret_file) &&
        options.slack_signing_secret_file.empty()) {
      slack.Error("signing_secret_file", "must not be empty");
    }
    slack.StringList("user_ids", &options.slack_user_ids);
    slack.Finish();
  }
  reader.Finish();
  if (errors->errors().size() != errors_before) return std::nullopt;
  return options;
}

}  // namespace awsgov::sg
