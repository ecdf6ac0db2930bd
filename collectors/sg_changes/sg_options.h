// The `sg_changes` collector's options (collectors.sg_changes.options), parsed strictly.
// Thread-safety: SgOptions is an immutable value once parsed.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "collectors/sg_changes/cloudtrail_event.h"

namespace awsgov::config {
struct CollectorConfig;
class ErrorList;
}  // namespace awsgov::config

namespace awsgov::sg {

// CloudTrail Lake: one query over the organisation's event data store per run.
struct LakeOptions {
  std::string event_data_store;  // its ARN or id (the FROM of the query)
  std::string account_id;        // whose role runs the query (where the store lives)
  std::string region;            // the store's region
  // How often the query's status is asked for until it is finished.
  std::chrono::milliseconds poll_interval = std::chrono::seconds(2);
};

// The review state in a shared DynamoDB table (dynamodb_store.h), for several replicas.
struct DynamoDbStateOptions {
  std::string table;
  std::string account_id;  // whose role reaches the table
  std::string region;
};

struct SgOptions {
  // Where changes come from: "lookup_events" (CloudTrail LookupEvents per account and region,
  // the default) or "cloudtrail_lake" (one query per run over `lake`, for every account).
  std::string source = "lookup_events";
  LakeOptions lake;
  EventSelection events;  // include_egress / include_modify
  // Where review state lives: "sqlite" (state_file, one replica) or "dynamodb" (shared).
  std::string state_store = "sqlite";
  // The SQLite file holding review state (created when absent).
  std::string state_file = "awsgov_sg_changes.db";
  DynamoDbStateOptions dynamodb;
  // How far back the first run of a target reads.
  std::chrono::seconds initial_lookback = std::chrono::hours(24);
  // How far each run reaches back before the end of the previous one: CloudTrail makes events
  // visible to LookupEvents minutes after they happened, so a window that started exactly
  // where the last one ended would miss late ones. Re-read events are stored once.
  std::chrono::seconds overlap = std::chrono::minutes(30);
  // Decided changes are forgotten this long after their decision; pending ones are kept.
  std::chrono::seconds retention = std::chrono::hours(24 * 90);
  // LookupEvents' own limit is 2 per second per account and region.
  double lookup_requests_per_second = 2;
  // The review token file (review_auth.h); empty = no token (only the web config's users can
  // review then).
  std::string review_token_file;
  // The reviewer names allowed to decide (web-config users, or names sent with the token);
  // empty = everyone who authenticates.
  std::vector<std::string> reviewers;
  // Slack's interactive endpoint (slack_actions.h): the file holding the Slack app's signing
  // secret ("" = no endpoint), and the Slack user ids allowed to decide (empty = any).
  std::string slack_signing_secret_file;
  std::vector<std::string> slack_user_ids;
  // `revert`: whether a deny revokes the rule (RevokeSecurityGroupIngress by rule id).
  bool allow_revert = false;

  bool uses_lake() const { return source == "cloudtrail_lake"; }
  bool uses_dynamodb() const { return state_store == "dynamodb"; }
};

std::optional<SgOptions> ParseSgOptions(const config::CollectorConfig& collector,
                                        config::ErrorList* errors);

}  // namespace awsgov::sg
