#include <chrono>
#include <memory>

#include "collectors/sg_changes/dynamodb_store.h"
#include "collectors/sg_changes/sg_collector.h"
#include "collectors/sg_changes/sg_metrics.h"
#include "collectors/sg_changes/sg_options.h"
#include "collectors/sg_changes/sqlite_store.h"
#include "exporter/config/config.h"
#include "exporter/config/errors.h"

namespace awsgov {

CollectorInfo SgChangesCollectorInfo() {
  CollectorInfo info;
  info.name = "sg_changes";
  info.description =
      "Security-group rule changes from CloudTrail (LookupEvents or Lake) waiting for review, "
      "with review state in SQLite or a shared DynamoDB table, a review page and API, and opt-in "
      "revert of denied rules";
  info.enabled_by_default = false;  // needs a state file and reviewers
  info.default_interval = std::chrono::minutes(5);
  info.metrics = sg::AllSgMetrics();
  info.aws_actions = {
      {.action = "cloudtrail:LookupEvents"},
      // source: cloudtrail_lake runs one query in the lake's account instead.
      {.action = "cloudtrail:StartQuery",
       .option = "source",
       .value = "cloudtrail_lake",
       .named_accounts = true},
      {.action = "cloudtrail:DescribeQuery",
       .option = "source",
       .value = "cloudtrail_lake",
       .named_accounts = true},
      {.action = "cloudtrail:GetQueryResults",
       .option = "source",
       .value = "cloudtrail_lake",
       .named_accounts = true},
      // state_store: dynamodb keeps the review state in a table of the account it names.
      {.action = "dynamodb:DeleteItem",
       .option = "state_store",
       .value = "dynamodb",
       .named_accounts = true},
      {.action = "dynamodb:GetItem",
       .option = "state_store",
       .value = "dynamodb",
       .named_accounts = true},
      {.action = "dynamodb:PutItem",
       .option = "state_store",
       .value = "dynamodb",
       .named_accounts = true},
      {.action = "dynamodb:Scan",
       .option = "state_store",
       .value = "dynamodb",
       .named_accounts = true},
      {.action = "dynamodb:UpdateItem",
       .option = "state_store",
       .value = "dynamodb",
       .named_accounts = true},
      // The only writes to monitored resources: revoking a denied rule, opt-in.
      {.action = "ec2:RevokeSecurityGroupIngress", .option = "revert", .value = "true"},
      {.action = "ec2:RevokeSecurityGroupEgress", .option = "revert", .value = "true"},
  };
  info.create = [](const config::CollectorConfig& collector,
                   config::ErrorList* errors) -> std::unique_ptr<Collector> {
    std::optional<sg::SgOptions> options = sg::ParseSgOptions(collector, errors);
    if (!options) return nullptr;
    std::shared_ptr<sg::ChangeStore> store;
    if (options->uses_dynamodb()) {
      // Reached through the generation's client factory (SgChangesCollector::AttachAws).
      store = std::make_shared<sg::DynamoDbStore>(
          sg::DynamoDbStoreOptions{.table = options->dynamodb.table,
                                   .account_id = options->dynamodb.account_id,
                                   .region = options->dynamodb.region,
                                   .retention = options->retention});
    } else {
      std::unique_ptr<sg::SqliteStore> sqlite;
      Status status = sg::SqliteStore::Open(options->state_file, &sqlite);
      if (!status.ok()) {
        errors->Add(0, 0, collector.path + ".state_file", status.message());
        return nullptr;
      }
      store = std::move(sqlite);
    }
    std::optional<std::string> token;
    std::optional<sg::SlackSettings> slack;
    if (!sg::ReadReviewSecrets(*options, collector.path, errors, &token, &slack)) return nullptr;
    auto created = std::make_unique<sg::SgChangesCollector>(std::move(*options), std::move(store));
    created->EnableReview(std::move(token), std::move(slack));
    return created;
  };
  return info;
}

}  // namespace awsgov
