// ChangeStore in an embedded SQLite file: WAL journal and synchronous=FULL, so a decision is on
// disk when Transition returns and survives the process being killed (and power loss) right after.
// For one replica; several replicas share a DynamoDbStore (dynamodb_store.h).
// Thread-safety: thread-safe; one connection serialised by a mutex (reviews are rare and small).
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "collectors/sg_changes/change_store.h"

struct sqlite3;

namespace awsgov::sg {

class SqliteStore final : public ChangeStore {
 public:
  // Opens (creating if needed) the database at `path` and its schema.
  static Status Open(const std::string& path, std::unique_ptr<SqliteStore>* out);
  ~SqliteStore() override;
  SqliteStore(const SqliteStore&) = delete;
  SqliteStore& operator=(const SqliteStore&) = delete;

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
  SqliteStore(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  Status Exec(const char* sql);  // requires mu_
  Status Error(const char* what) const;

  std::mutex mu_;
  sqlite3* const db_;
  const std::string path_;
};

}  // namespace awsgov::sg
