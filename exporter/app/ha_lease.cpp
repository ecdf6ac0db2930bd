#include "exporter/app/ha_lease.h"

#include <nlohmann/json.hpp>

#include "exporter/aws/dynamodb.h"
#include "exporter/core/log.h"

namespace awsgov {
namespace {

namespace ddb = aws::dynamodb;
using nlohmann::json;

}  // namespace

Status HaLease::Step(aws::Client& table, std::int64_t now_ms) {
  return version_ != 0 ? Renew(table, now_ms) : Acquire(table, now_ms);
}

Status HaLease::Acquire(aws::Client& table, std::int64_t now_ms) {
  const std::int64_t expires = now_ms + options_.duration.count();
  // A fresh version per acquisition: a renewal written for an older holding never matches.
  const std::int64_t version = now_ms;
  json response;
  Status status =
      table.Json("dynamodb", "PutItem",
                 {{"TableName", options_.table},
                  {"Item",
                   {{"pk", ddb::S(options_.key)},
                    {"holder", ddb::S(options_.holder)},
                    {"version", ddb::N(version)},
                    {"expires_at_ms", ddb::N(expires)}}},
                  {"ConditionExpression", "attribute_not_exists(pk) OR expires_at_ms < :now"},
                  {"ExpressionAttributeValues", {{":now", ddb::N(now_ms)}}}},
                 &response);
  if (ddb::IsConditionFailed(status)) return Status::Ok();  // another replica holds it
  if (!status.ok()) return status.WithContext("HA lease " + options_.key + ": acquire");
  version_ = version;
  held_until_ms_.store(expires);
  log::Info("HA lease acquired: this replica collects",
            {{"lease", options_.key}, {"holder", options_.holder}});
  return Status::Ok();
}

Status HaLease::Renew(aws::Client& table, std::int64_t now_ms) {
  const std::int64_t expires = now_ms + options_.duration.count();
  json response;
  Status status =
      table.Json("dynamodb", "UpdateItem",
                 {{"TableName", options_.table},
                  {"Key", {{"pk", ddb::S(options_.key)}}},
                  {"UpdateExpression", "SET expires_at_ms = :expires, #version = :next"},
                  {"ConditionExpression", "#holder = :me AND #version = :version"},
                  {"ExpressionAttributeNames", {{"#version", "version"}, {"#holder", "holder"}}},
                  {"ExpressionAttributeValues",
                   {{":expires", ddb::N(expires)},
                    {":next", ddb::N(version_ + 1)},
                    {":me", ddb::S(options_.holder)},
                    {":version", ddb::N(version_)}}}},
                 &response);
  if (ddb::IsConditionFailed(status)) {
    // Taken over (this replica stalled past expiry) or deleted: stop collecting now.
    version_ = 0;
    held_until_ms_.store(0);
    log::Warn("HA lease lost: this replica stops collecting",
              {{"lease", options_.key}, {"holder", options_.holder}});
    return Status::Ok();
  }
  if (!status.ok()) return status.WithContext("HA lease " + options_.key + ": renew");
  ++version_;
  held_until_ms_.store(expires);
  return Status::Ok();
}

Status HaLease::Release(aws::Client& table) {
  if (version_ == 0) return Status::Ok();
  json response;
  Status status =
      table.Json("dynamodb", "DeleteItem",
                 {{"TableName", options_.table},
                  {"Key", {{"pk", ddb::S(options_.key)}}},
                  {"ConditionExpression", "#holder = :me AND #version = :version"},
                  {"ExpressionAttributeNames", {{"#version", "version"}, {"#holder", "holder"}}},
                  {"ExpressionAttributeValues",
                   {{":me", ddb::S(options_.holder)}, {":version", ddb::N(version_)}}}},
                 &response);
  version_ = 0;
  held_until_ms_.store(0);
  if (ddb::IsConditionFailed(status)) return Status::Ok();  // not ours any more
  return status.WithContext("HA lease " + options_.key + ": release");
}

}  // namespace awsgov
