// Where review state lives: every change seen, its state, who decided and when. One store per
// collector instance, shared by all its targets (SQLite by default; see sqlite_store.h).
// Thread-safety: implementations are thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "collectors/sg_changes/sg_change.h"
#include "exporter/core/status.h"

namespace awsgov::sg {

struct StoredChange {
  SgRuleChange change;
  ChangeState state = ChangeState::kPending;
  std::string decided_by;         // "" while pending
  std::int64_t decided_at = 0;    // Unix seconds, 0 while pending
  bool revert_requested = false;  // denied with revert: the target's next run revokes the rule
  std::string detail;             // why a revert failed
  std::int64_t first_seen = 0;    // when this exporter first stored it
};

struct ChangeFilter {
  std::string account_id;  // "" = any
  std::string region;      // "" = any
  std::optional<ChangeState> state;
  int limit = 0;  // 0 = no limit; newest events first
};

class ChangeStore {
 public:
  virtual ~ChangeStore() = default;

  // Stores the changes whose id is not stored yet, as pending (the de-duplication: reading an
  // event twice, in overlapping windows or from two replicas, stores it once). *added counts them.
  virtual Status AddNew(const std::vector<SgRuleChange>& changes, std::int64_t now, int* added) = 0;
  virtual Status List(const ChangeFilter& filter, std::vector<StoredChange>* out) = 0;
  // NotFound for an unknown id.
  virtual Status Get(const std::string& id, StoredChange* out) = 0;
  // Moves `id` from state `from` to `to` only if it is still in `from` (a conditional write, so
  // two reviewers or replicas cannot both decide); *applied tells whether it did. Durable when
  // it returns OK. NotFound for an unknown id.
  virtual Status Transition(const std::string& id, ChangeState from, ChangeState to,
                            const std::string& by, std::int64_t at, bool revert_requested,
                            const std::string& detail, bool* applied) = 0;
  // Counts by state for one account and region (every state present, 0 when none).
  virtual Status CountByState(const std::string& account_id, const std::string& region,
                              std::map<ChangeState, int>* out) = 0;
  // Counts by account, region and state over the whole store (Lake mode exposes every account
  // from one target). Only states present appear.
  virtual Status CountByTarget(
      std::map<std::pair<std::string, std::string>, std::map<ChangeState, int>>* out) = 0;
  // Forgets decided changes decided before `decided_before` (pending ones are kept: nobody has
  // looked at them yet). *removed counts them.
  virtual Status Prune(std::int64_t decided_before, int* removed) = 0;
  // Named Unix-second cursors: the end of the last window read per account and region.
  virtual Status GetCursor(const std::string& key, std::optional<std::int64_t>* out) = 0;
  virtual Status SetCursor(const std::string& key, std::int64_t value) = 0;
};

}  // namespace awsgov::sg
