#include "collectors/sg_changes/sqlite_store.h"

#include <sqlite3.h>

#include <utility>

namespace awsgov::sg {
namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS sg_changes (
  id TEXT PRIMARY KEY,
  event_id TEXT NOT NULL,
  event_name TEXT NOT NULL,
  event_time INTEGER NOT NULL,
  account_id TEXT NOT NULL,
  region TEXT NOT NULL,
  group_id TEXT NOT NULL,
  actor TEXT NOT NULL,
  direction TEXT NOT NULL,
  protocol TEXT NOT NULL,
  port_range TEXT NOT NULL,
  source TEXT NOT NULL,
  source_kind TEXT NOT NULL,
  rule_id TEXT NOT NULL,
  is_public INTEGER NOT NULL,
  state TEXT NOT NULL,
  decided_by TEXT NOT NULL DEFAULT '',
  decided_at INTEGER NOT NULL DEFAULT 0,
  revert_requested INTEGER NOT NULL DEFAULT 0,
  detail TEXT NOT NULL DEFAULT '',
  first_seen INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS sg_changes_by_target ON sg_changes (account_id, region, state);
CREATE TABLE IF NOT EXISTS sg_cursors (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
)sql";

constexpr const char* kColumns =
    "id, event_id, event_name, event_time, account_id, region, group_id, actor, direction, "
    "protocol, port_range, source, source_kind, rule_id, is_public, state, decided_by, "
    "decided_at, revert_requested, detail, first_seen";

// A prepared statement, finalized on scope exit.
class Statement {
 public:
  Statement(sqlite3* db, const char* sql) {
    rc_ = sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr);
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  bool ok() const { return rc_ == SQLITE_OK; }
  sqlite3_stmt* get() { return stmt_; }
  void Bind(int index, const std::string& text) {
    sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  }
  void Bind(int index, std::int64_t value) { sqlite3_bind_int64(stmt_, index, value); }
  int Step() { return sqlite3_step(stmt_); }
  std::string Text(int column) {
    const unsigned char* text = sqlite3_column_text(stmt_, column);
    return text == nullptr ? "" : reinterpret_cast<const char*>(text);
  }
  std::int64_t Int(int column) { return sqlite3_column_int64(stmt_, column); }

 private:
  sqlite3_stmt* stmt_ = nullptr;
  int rc_;
};

StoredChange ReadRow(Statement& s) {
  StoredChange row;
  SgRuleChange& c = row.change;
  c.id = s.Text(0);
  c.event_id = s.Text(1);
  c.event_name = s.Text(2);
  c.event_time = s.Int(3);
  c.account_id = s.Text(4);
  c.region = s.Text(5);
  c.group_id = s.Text(6);
  c.actor = s.Text(7);
  c.direction = s.Text(8);
  c.protocol = s.Text(9);
  c.port_range = s.Text(10);
  c.source = s.Text(11);
  c.source_kind = s.Text(12);
  c.rule_id = s.Text(13);
  c.is_public = s.Int(14) != 0;
  ParseState(s.Text(15), &row.state);
  row.decided_by = s.Text(16);
  row.decided_at = s.Int(17);
  row.revert_requested = s.Int(18) != 0;
  row.detail = s.Text(19);
  row.first_seen = s.Int(20);
  return row;
}

}  // namespace

Status SqliteStore::Open(const std::string& path, std::unique_ptr<SqliteStore>* out) {
  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(
      path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close(db);
    return Unavailable("sg_changes: cannot open SQLite state " + path + ": " + message);
  }
  std::unique_ptr<SqliteStore> store(new SqliteStore(db, path));
  sqlite3_busy_timeout(db, 5000);
  std::lock_guard<std::mutex> lock(store->mu_);
  // WAL lets the review page read while a collection writes; FULL syncs the WAL on every
  // commit, which is what makes an acknowledged decision durable.
  for (const char* sql : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", kSchema}) {
    Status status = store->Exec(sql);
    if (!status.ok()) return status;
  }
  *out = std::move(store);
  return Status::Ok();
}

SqliteStore::~SqliteStore() { sqlite3_close(db_); }

Status SqliteStore::Error(const char* what) const {
  return Unavailable(std::string("sg_changes: SQLite ") + what + " on " + path_ + ": " +
                     sqlite3_errmsg(db_));
}

Status SqliteStore::Exec(const char* sql) {
  char* message = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &message) == SQLITE_OK) return Status::Ok();
  std::string text = message != nullptr ? message : "unknown error";
  sqlite3_free(message);
  return Unavailable("sg_changes: SQLite on " + path_ + ": " + text);
}

Status SqliteStore::AddNew(const std::vector<SgRuleChange>& changes, std::int64_t now, int* added) {
  *added = 0;
  std::lock_guard<std::mutex> lock(mu_);
  Status status = Exec("BEGIN IMMEDIATE");
  if (!status.ok()) return status;
  Statement insert(db_,
                   "INSERT OR IGNORE INTO sg_changes (id, event_id, event_name, event_time, "
                   "account_id, region, group_id, actor, direction, protocol, port_range, source, "
                   "source_kind, rule_id, is_public, state, first_seen) VALUES "
                   "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, 'pending', "
                   "?16)");
  if (!insert.ok()) {
    Status error = Error("prepare insert");
    Exec("ROLLBACK");
    return error;
  }
  for (const SgRuleChange& c : changes) {
    sqlite3_reset(insert.get());
    insert.Bind(1, c.id);
    insert.Bind(2, c.event_id);
    insert.Bind(3, c.event_name);
    insert.Bind(4, c.event_time);
    insert.Bind(5, c.account_id);
    insert.Bind(6, c.region);
    insert.Bind(7, c.group_id);
    insert.Bind(8, c.actor);
    insert.Bind(9, c.direction);
    insert.Bind(10, c.protocol);
    insert.Bind(11, c.port_range);
    insert.Bind(12, c.source);
    insert.Bind(13, c.source_kind);
    insert.Bind(14, c.rule_id);
    insert.Bind(15, std::int64_t{c.is_public ? 1 : 0});
    insert.Bind(16, now);
    if (insert.Step() != SQLITE_DONE) {
      Status error = Error("insert change");
      Exec("ROLLBACK");
      *added = 0;
      return error;
    }
    *added += sqlite3_changes(db_);
  }
  status = Exec("COMMIT");
  if (!status.ok()) {
    Exec("ROLLBACK");
    *added = 0;
  }
  return status;
}

Status SqliteStore::List(const ChangeFilter& filter, std::vector<StoredChange>* out) {
  out->clear();
  std::string sql = std::string("SELECT ") + kColumns +
                    " FROM sg_changes WHERE (?1 = '' OR account_id = ?1) AND (?2 = '' OR region = "
                    "?2) AND (?3 = '' OR state = ?3) ORDER BY event_time DESC, id";
  if (filter.limit > 0) sql += " LIMIT " + std::to_string(filter.limit);
  std::lock_guard<std::mutex> lock(mu_);
  Statement select(db_, sql.c_str());
  if (!select.ok()) return Error("prepare list");
  select.Bind(1, filter.account_id);
  select.Bind(2, filter.region);
  select.Bind(3, filter.state ? std::string(StateName(*filter.state)) : std::string());
  int rc;
  while ((rc = select.Step()) == SQLITE_ROW) out->push_back(ReadRow(select));
  return rc == SQLITE_DONE ? Status::Ok() : Error("list changes");
}

Status SqliteStore::Get(const std::string& id, StoredChange* out) {
  std::lock_guard<std::mutex> lock(mu_);
  Statement select(db_,
                   (std::string("SELECT ") + kColumns + " FROM sg_changes WHERE id = ?1").c_str());
  if (!select.ok()) return Error("prepare get");
  select.Bind(1, id);
  const int rc = select.Step();
  if (rc == SQLITE_ROW) {
    *out = ReadRow(select);
    return Status::Ok();
  }
  if (rc == SQLITE_DONE) return {StatusCode::kNotFound, "sg_changes: no change " + id};
  return Error("get change");
}

Status SqliteStore::Transition(const std::string& id, ChangeState from, ChangeState to,
                               const std::string& by, std::int64_t at, bool revert_requested,
                               const std::string& detail, bool* applied) {
  *applied = false;
  std::lock_guard<std::mutex> lock(mu_);
  // One statement is one transaction: committed (and synced) before step returns.
  Statement update(db_,
                   "UPDATE sg_changes SET state = ?3, decided_by = ?4, decided_at = ?5, "
                   "revert_requested = ?6, detail = ?7 WHERE id = ?1 AND state = ?2");
  if (!update.ok()) return Error("prepare transition");
  update.Bind(1, id);
  update.Bind(2, std::string(StateName(from)));
  update.Bind(3, std::string(StateName(to)));
  update.Bind(4, by);
  update.Bind(5, at);
  update.Bind(6, std::int64_t{revert_requested ? 1 : 0});
  update.Bind(7, detail);
  if (update.Step() != SQLITE_DONE) return Error("transition change");
  if (sqlite3_changes(db_) == 1) {
    *applied = true;
    return Status::Ok();
  }
  Statement exists(db_, "SELECT 1 FROM sg_changes WHERE id = ?1");
  exists.Bind(1, id);
  if (exists.Step() != SQLITE_ROW) return {StatusCode::kNotFound, "sg_changes: no change " + id};
  return Status::Ok();
}

Status SqliteStore::CountByState(const std::string& account_id, const std::string& region,
                                 std::map<ChangeState, int>* out) {
  out->clear();
  for (ChangeState state : kAllStates) (*out)[state] = 0;
  std::lock_guard<std::mutex> lock(mu_);
  Statement select(db_,
                   "SELECT state, COUNT(*) FROM sg_changes WHERE account_id = ?1 AND region = ?2 "
                   "GROUP BY state");
  if (!select.ok()) return Error("prepare count");
  select.Bind(1, account_id);
  select.Bind(2, region);
  int rc;
  while ((rc = select.Step()) == SQLITE_ROW) {
    ChangeState state;
    if (ParseState(select.Text(0), &state)) (*out)[state] = static_cast<int>(select.Int(1));
  }
  return rc == SQLITE_DONE ? Status::Ok() : Error("count changes");
}

Status SqliteStore::CountByTarget(
    std::map<std::pair<std::string, std::string>, std::map<ChangeState, int>>* out) {
  out->clear();
  std::lock_guard<std::mutex> lock(mu_);
  Statement select(db_,
                   "SELECT account_id, region, state, COUNT(*) FROM sg_changes "
                   "GROUP BY account_id, region, state");
  if (!select.ok()) return Error("prepare count by target");
  int rc;
  while ((rc = select.Step()) == SQLITE_ROW) {
    ChangeState state;
    if (ParseState(select.Text(2), &state)) {
      (*out)[{select.Text(0), select.Text(1)}][state] = static_cast<int>(select.Int(3));
    }
  }
  return rc == SQLITE_DONE ? Status::Ok() : Error("count changes by target");
}

Status SqliteStore::Prune(std::int64_t decided_before, int* removed) {
  *removed = 0;
  std::lock_guard<std::mutex> lock(mu_);
  Statement remove(db_, "DELETE FROM sg_changes WHERE state != 'pending' AND decided_at < ?1");
  if (!remove.ok()) return Error("prepare prune");
  remove.Bind(1, decided_before);
  if (remove.Step() != SQLITE_DONE) return Error("prune changes");
  *removed = sqlite3_changes(db_);
  return Status::Ok();
}

Status SqliteStore::GetCursor(const std::string& key, std::optional<std::int64_t>* out) {
  out->reset();
  std::lock_guard<std::mutex> lock(mu_);
  Statement select(db_, "SELECT value FROM sg_cursors WHERE key = ?1");
  if (!select.ok()) return Error("prepare cursor read");
  select.Bind(1, key);
  const int rc = select.Step();
  if (rc == SQLITE_ROW) *out = select.Int(0);
  return rc == SQLITE_ROW || rc == SQLITE_DONE ? Status::Ok() : Error("read cursor");
}

Status SqliteStore::SetCursor(const std::string& key, std::int64_t value) {
  std::lock_guard<std::mutex> lock(mu_);
  Statement upsert(db_,
                   "INSERT INTO sg_cursors (key, value) VALUES (?1, ?2) "
                   "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
  if (!upsert.ok()) return Error("prepare cursor write");
  upsert.Bind(1, key);
  upsert.Bind(2, value);
  return upsert.Step() == SQLITE_DONE ? Status::Ok() : Error("write cursor");
}

}  // namespace awsgov::sg
