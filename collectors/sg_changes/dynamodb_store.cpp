#include "collectors/sg_changes/dynamodb_store.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <utility>

#include "exporter/aws/client.h"
#include "exporter/aws/dynamodb.h"

namespace awsgov::sg {
namespace {

namespace ddb = aws::dynamodb;
using nlohmann::json;

constexpr const char* kChangePrefix = "change#";
constexpr const char* kCursorPrefix = "cursor#";
// How far the retention cut must move before Prune sweeps the table again.
constexpr std::int64_t kSweepEverySeconds = 600;

json Key(const std::string& pk) { return {{"pk", ddb::S(pk)}}; }

json ChangeItem(const SgRuleChange& c, std::int64_t now) {
  return {{"pk", ddb::S(kChangePrefix + c.id)},
          {"id", ddb::S(c.id)},
          {"event_id", ddb::S(c.event_id)},
          {"event_name", ddb::S(c.event_name)},
          {"event_time", ddb::N(c.event_time)},
          {"account_id", ddb::S(c.account_id)},
          {"region", ddb::S(c.region)},
          {"group_id", ddb::S(c.group_id)},
          {"actor", ddb::S(c.actor)},
          {"direction", ddb::S(c.direction)},
          {"protocol", ddb::S(c.protocol)},
          {"port_range", ddb::S(c.port_range)},
          {"source", ddb::S(c.source)},
          {"source_kind", ddb::S(c.source_kind)},
          {"rule_id", ddb::S(c.rule_id)},
          {"is_public", ddb::Bool(c.is_public)},
          {"state", ddb::S(StateName(ChangeState::kPending))},
          {"decided_by", ddb::S("")},
          {"decided_at", ddb::N(0)},
          {"revert_requested", ddb::Bool(false)},
          {"detail", ddb::S("")},
          {"first_seen", ddb::N(now)}};
}

// False for an item that is not a change this store wrote (the problem says why).
bool ReadChange(const json& item, StoredChange* out, std::string* problem) {
  StoredChange row;
  SgRuleChange& c = row.change;
  c.id = ddb::StringAttr(item, "id");
  if (c.id.empty()) {
    *problem = "change item without id";
    return false;
  }
  if (!ParseState(ddb::StringAttr(item, "state"), &row.state)) {
    *problem = "change " + c.id + " has no known state";
    return false;
  }
  c.event_id = ddb::StringAttr(item, "event_id");
  c.event_name = ddb::StringAttr(item, "event_name");
  c.event_time = ddb::NumberAttr(item, "event_time");
  c.account_id = ddb::StringAttr(item, "account_id");
  c.region = ddb::StringAttr(item, "region");
  c.group_id = ddb::StringAttr(item, "group_id");
  c.actor = ddb::StringAttr(item, "actor");
  c.direction = ddb::StringAttr(item, "direction");
  c.protocol = ddb::StringAttr(item, "protocol");
  c.port_range = ddb::StringAttr(item, "port_range");
  c.source = ddb::StringAttr(item, "source");
  c.source_kind = ddb::StringAttr(item, "source_kind");
  c.rule_id = ddb::StringAttr(item, "rule_id");
  c.is_public = ddb::BoolAttr(item, "is_public");
  row.decided_by = ddb::StringAttr(item, "decided_by");
  row.decided_at = ddb::NumberAttr(item, "decided_at");
  row.revert_requested = ddb::BoolAttr(item, "revert_requested");
  row.detail = ddb::StringAttr(item, "detail");
  row.first_seen = ddb::NumberAttr(item, "first_seen");
  *out = std::move(row);
  return true;
}

Status NoChange(const std::string& id) {
  return {StatusCode::kNotFound, "sg_changes: no change " + id};
}

}  // namespace

DynamoDbStore::DynamoDbStore(DynamoDbStoreOptions options) : options_(std::move(options)) {}

void DynamoDbStore::Attach(std::shared_ptr<aws::ClientFactory> factory) {
  std::lock_guard lock(mu_);
  factory_ = std::move(factory);
}

Status DynamoDbStore::Client(std::shared_ptr<aws::Client>* out) {
  std::shared_ptr<aws::ClientFactory> factory;
  {
    std::lock_guard lock(mu_);
    factory = factory_;
  }
  if (factory == nullptr) {
    return Unavailable("sg_changes: the DynamoDB state store has no AWS client yet");
  }
  return factory->Get(options_.account_id, options_.region, out);
}

Status DynamoDbStore::Call(const char* operation, const json& request, json* response) {
  std::shared_ptr<aws::Client> client;
  Status status = Client(&client);
  if (status.ok()) status = client->Json("dynamodb", operation, request, response);
  return status;
}

Status DynamoDbStore::AddNew(const std::vector<SgRuleChange>& changes, std::int64_t now,
                             int* added) {
  *added = 0;
  for (const SgRuleChange& c : changes) {
    json request = {{"TableName", options_.table},
                    {"Item", ChangeItem(c, now)},
                    {"ConditionExpression", "attribute_not_exists(pk)"}};
    json response;
    Status status = Call("PutItem", request, &response);
    if (ddb::IsConditionFailed(status)) continue;  // stored already (by us or another replica)
    if (!status.ok()) {
      return status.WithContext("sg_changes: storing change " + c.id + " in table " +
                                options_.table);
    }
    ++*added;
  }
  return Status::Ok();
}

Status DynamoDbStore::ScanChanges(const ChangeFilter& filter, std::vector<StoredChange>* out) {
  std::shared_ptr<aws::Client> client;
  if (Status s = Client(&client); !s.ok()) return s;
  std::string expression = "begins_with(pk, :prefix)";
  json values = {{":prefix", ddb::S(kChangePrefix)}};
  json names = json::object();
  if (!filter.account_id.empty()) {
    expression += " AND #account_id = :account";
    names["#account_id"] = "account_id";
    values[":account"] = ddb::S(filter.account_id);
  }
  if (!filter.region.empty()) {
    expression += " AND #region = :region";
    names["#region"] = "region";
    values[":region"] = ddb::S(filter.region);
  }
  if (filter.state) {
    expression += " AND #state = :state";
    names["#state"] = "state";
    values[":state"] = ddb::S(StateName(*filter.state));
  }
  json request = {{"TableName", options_.table},
                  {"ConsistentRead", true},
                  {"FilterExpression", expression},
                  {"ExpressionAttributeValues", values}};
  if (!names.empty()) request["ExpressionAttributeNames"] = names;
  Status status = ddb::ScanItems(*client, request, [&](const json& item) {
    StoredChange row;
    std::string problem;
    if (!ReadChange(item, &row, &problem)) {
      return ParseError("sg_changes: table " + options_.table + ": " + problem);
    }
    out->push_back(std::move(row));
    return Status::Ok();
  });
  return status.WithContext("sg_changes: reading table " + options_.table);
}

Status DynamoDbStore::List(const ChangeFilter& filter, std::vector<StoredChange>* out) {
  out->clear();
  if (Status s = ScanChanges(filter, out); !s.ok()) return s;
  // The order SqliteStore gives: newest events first, then by id.
  std::sort(out->begin(), out->end(), [](const StoredChange& a, const StoredChange& b) {
    if (a.change.event_time != b.change.event_time) {
      return a.change.event_time > b.change.event_time;
    }
    return a.change.id < b.change.id;
  });
  if (filter.limit > 0 && out->size() > static_cast<std::size_t>(filter.limit)) {
    out->resize(static_cast<std::size_t>(filter.limit));
  }
  return Status::Ok();
}

Status DynamoDbStore::Get(const std::string& id, StoredChange* out) {
  json response;
  Status status = Call(
      "GetItem",
      {{"TableName", options_.table}, {"Key", Key(kChangePrefix + id)}, {"ConsistentRead", true}},
      &response);
  if (!status.ok()) return status.WithContext("sg_changes: reading change " + id);
  auto item = response.find("Item");
  if (item == response.end() || !item->is_object() || item->empty()) return NoChange(id);
  std::string problem;
  if (!ReadChange(*item, out, &problem)) {
    return ParseError("sg_changes: table " + options_.table + ": " + problem);
  }
  return Status::Ok();
}

Status DynamoDbStore::Transition(const std::string& id, ChangeState from, ChangeState to,
                                 const std::string& by, std::int64_t at, bool revert_requested,
                                 const std::string& detail, bool* applied) {
  *applied = false;
  std::string update =
      "SET #state = :to, #decided_by = :by, #decided_at = :at, #revert_requested = :revert, "
      "#detail = :detail";
  json values = {{":from", ddb::S(StateName(from))},
                 {":to", ddb::S(StateName(to))},
                 {":by", ddb::S(by)},
                 {":at", ddb::N(at)},
                 {":revert", ddb::Bool(revert_requested)},
                 {":detail", ddb::S(detail)}};
  if (to != ChangeState::kPending && options_.retention.count() > 0) {
    update += ", #expires_at = :expires";
    values[":expires"] = ddb::N(at + options_.retention.count());
  } else {
    update += " REMOVE #expires_at";
  }
  json request = {{"TableName", options_.table},
                  {"Key", Key(kChangePrefix + id)},
                  {"UpdateExpression", update},
                  // The precondition that makes a decision exactly-once across replicas.
                  {"ConditionExpression", "attribute_exists(pk) AND #state = :from"},
                  // Every attribute by name: several are DynamoDB reserved words.
                  {"ExpressionAttributeNames",
                   {{"#state", "state"},
                    {"#decided_by", "decided_by"},
                    {"#decided_at", "decided_at"},
                    {"#revert_requested", "revert_requested"},
                    {"#detail", "detail"},
                    {"#expires_at", "expires_at"}}},
                  {"ExpressionAttributeValues", values}};
  json response;
  Status status = Call("UpdateItem", request, &response);
  if (status.ok()) {
    *applied = true;
    return Status::Ok();
  }
  if (!ddb::IsConditionFailed(status)) {
    return status.WithContext("sg_changes: deciding change " + id);
  }
  // Refused: either there is no such change or it has left `from` (someone else decided).
  StoredChange current;
  return Get(id, &current);
}

Status DynamoDbStore::CountByState(const std::string& account_id, const std::string& region,
                                   std::map<ChangeState, int>* out) {
  out->clear();
  for (ChangeState state : kAllStates) (*out)[state] = 0;
  std::vector<StoredChange> rows;
  if (Status s = ScanChanges({account_id, region, std::nullopt, 0}, &rows); !s.ok()) return s;
  for (const StoredChange& row : rows) ++(*out)[row.state];
  return Status::Ok();
}

Status DynamoDbStore::CountByTarget(
    std::map<std::pair<std::string, std::string>, std::map<ChangeState, int>>* out) {
  out->clear();
  std::vector<StoredChange> rows;
  if (Status s = ScanChanges({}, &rows); !s.ok()) return s;
  for (const StoredChange& row : rows) {
    ++(*out)[{row.change.account_id, row.change.region}][row.state];
  }
  return Status::Ok();
}

Status DynamoDbStore::Prune(std::int64_t decided_before, int* removed) {
  *removed = 0;
  {
    std::lock_guard lock(mu_);
    if (last_sweep_cut_ && decided_before >= *last_sweep_cut_ &&
        decided_before - *last_sweep_cut_ < kSweepEverySeconds) {
      return Status::Ok();
    }
    last_sweep_cut_ = decided_before;
  }
  std::shared_ptr<aws::Client> client;
  if (Status s = Client(&client); !s.ok()) return s;
  const json values = {{":prefix", ddb::S(kChangePrefix)},
                       {":pending", ddb::S(StateName(ChangeState::kPending))},
                       {":before", ddb::N(decided_before)}};
  const json names = {{"#state", "state"}, {"#decided_at", "decided_at"}};
  std::vector<std::string> expired;
  Status status =
      ddb::ScanItems(*client,
                     {{"TableName", options_.table},
                      {"ConsistentRead", true},
                      {"FilterExpression",
                       "begins_with(pk, :prefix) AND #state <> :pending AND #decided_at < :before"},
                      {"ProjectionExpression", "pk"},
                      {"ExpressionAttributeNames", names},
                      {"ExpressionAttributeValues", values}},
                     [&](const json& item) {
                       std::string pk = ddb::StringAttr(item, "pk");
                       if (!pk.empty()) expired.push_back(std::move(pk));
                       return Status::Ok();
                     });
  if (!status.ok()) return status.WithContext("sg_changes: retention sweep of " + options_.table);
  json delete_values = values;
  delete_values.erase(":prefix");
  for (const std::string& pk : expired) {
    json response;
    // Conditional again: a change re-decided since the scan is kept.
    status = client->Json("dynamodb", "DeleteItem",
                          {{"TableName", options_.table},
                           {"Key", Key(pk)},
                           {"ConditionExpression", "#state <> :pending AND #decided_at < :before"},
                           {"ExpressionAttributeNames", names},
                           {"ExpressionAttributeValues", delete_values}},
                          &response);
    if (ddb::IsConditionFailed(status)) continue;
    if (!status.ok()) return status.WithContext("sg_changes: retention sweep of " + options_.table);
    ++*removed;
  }
  return Status::Ok();
}

Status DynamoDbStore::GetCursor(const std::string& key, std::optional<std::int64_t>* out) {
  out->reset();
  json response;
  Status status = Call(
      "GetItem",
      {{"TableName", options_.table}, {"Key", Key(kCursorPrefix + key)}, {"ConsistentRead", true}},
      &response);
  if (!status.ok()) return status.WithContext("sg_changes: reading cursor " + key);
  auto item = response.find("Item");
  if (item != response.end() && item->is_object() && !item->empty()) {
    *out = ddb::NumberAttr(*item, "value");
  }
  return Status::Ok();
}

Status DynamoDbStore::SetCursor(const std::string& key, std::int64_t value) {
  json response;
  Status status = Call("PutItem",
                       {{"TableName", options_.table},
                        {"Item", {{"pk", ddb::S(kCursorPrefix + key)}, {"value", ddb::N(value)}}},
                        // Only forwards: a replica that read an older window does not move
                        // the shared cursor back.
                        {"ConditionExpression", "attribute_not_exists(pk) OR #value < :value"},
                        {"ExpressionAttributeNames", {{"#value", "value"}}},
                        {"ExpressionAttributeValues", {{":value", ddb::N(value)}}}},
                       &response);
  if (ddb::IsConditionFailed(status)) return Status::Ok();
  return status.WithContext("sg_changes: writing cursor " + key);
}

}  // namespace awsgov::sg
