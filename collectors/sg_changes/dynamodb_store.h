// ChangeStore in a DynamoDB table, so that several replicas share one review state. Every write
// that can race is conditional: a change is stored only if its id is absent (de-duplication by
// event id across replicas and overlapping windows), a decision only if the change is still in
// the state the reviewer saw (two replicas deciding one change at once: exactly one wins, the
// other gets applied=false, which the review API answers with 409), a cursor only forwards.
//
// Table: partition key `pk` (String), no sort key. Items: "change#<change id>" (the change, its
// state, decided_by, decided_at, ...) and "cursor#<key>" (`value`). Decided changes carry
// `expires_at` (decided_at + retention, Unix seconds): with DynamoDB TTL enabled on that attribute
// the table forgets them by itself; Prune also deletes them (a sweep, at most once per 10 minutes
// of its cut), so TTL is optional.
// Reads are strongly consistent Scans: the review state of one organisation is small (thousands
// of items), and a decision made on one replica is seen by the next read on any other.
//
// The AWS client comes from the generation's client factory, attached after construction
// (Attach); until then every call fails with Unavailable.
// Thread-safety: thread-safe (the factory pointer is guarded; the client is).
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>

#include "collectors/sg_changes/change_store.h"

namespace awsgov::aws {
class Client;
class ClientFactory;
}  // namespace awsgov::aws

namespace awsgov::sg {

struct DynamoDbStoreOptions {
  std::string table;
  std::string account_id;  // whose credentials (its role) reach the table
  std::string region;
  // Sets expires_at on decided changes; 0 = no expires_at.
  std::chrono::seconds retention{0};
};

class DynamoDbStore final : public ChangeStore {
 public:
  explicit DynamoDbStore(DynamoDbStoreOptions options);

  // The factory whose client (options.account_id, options.region) reaches the table.
  void Attach(std::shared_ptr<aws::ClientFactory> factory);
  const DynamoDbStoreOptions& options() const { return options_; }

  Status AddNew(const std::vector<SgRuleChange>& changes, std::int64_t now, int* added) override;
  Status List(const ChangeFilter& filter, std::vector<StoredChange>* out) override;
  Status Get(const std::string& id, StoredChange* out) override;
  Status Transition(const std::string& id, ChangeState from, ChangeState to, const std::string& by,
                    std::int64_t at, bool revert_requested, const std::string& detail,
                    bool* applied) override;
  Status CountByState(const std::string& account_id, const std::string& region,
                      std::map<ChangeState, int>* out) override;
  Status CountByTarget(
      std::map<std::pair<std::string, std::string>, std::map<ChangeState, int>>* out) override;
  Status Prune(std::int64_t decided_before, int* removed) override;
  Status GetCursor(const std::string& key, std::optional<std::int64_t>* out) override;
  Status SetCursor(const std::string& key, std::int64_t value) override;

 private:
  Status Client(std::shared_ptr<aws::Client>* out);
  // Every stored change matching `filter`'s account, region and state (limit ignored).
  Status ScanChanges(const ChangeFilter& filter, std::vector<StoredChange>* out);
  Status Call(const char* operation, const nlohmann::json& request, nlohmann::json* response);

  const DynamoDbStoreOptions options_;
  std::mutex mu_;
  std::shared_ptr<aws::ClientFactory> factory_;  // guarded by mu_
  // The cut of the last sweep: every target's collection calls Prune, one sweep (a Scan of the
  // whole table) per kSweepEvery is enough. Guarded by mu_.
  std::optional<std::int64_t> last_sweep_cut_;
};

}  // namespace awsgov::sg
