// The exporter's configuration (YAML), parsed strictly: unknown keys, wrong types, bad durations,
// malformed account ids or regions are errors naming file, line, column and key path.
// See docs/configuration.md for every key. Thread-safety: Config is immutable once parsed and is
// shared read-only (std::shared_ptr<const Config>) between threads.
#pragma once

#include <yaml-cpp/yaml.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "exporter/config/errors.h"

namespace awsgov::config {

struct Account {
  std::string id;    // 12 digits
  std::string name;  // optional, for awsgov_account_info
  // Regions for this account; empty means the top-level `regions`.
  std::vector<std::string> regions;
  // Role to assume in this account, after applying the template; empty = use the exporter's own
  // credentials (assume_role: false, e.g. the account the exporter runs in).
  std::string role_arn;
  std::string external_id;
  bool assume_role = true;  // as written; role_arn is already resolved
};

// accounts discovered through AWS Organizations (issue: AWS client), in addition to the list.
struct Discovery {
  bool enabled = false;
  std::string role_arn;  // role in the management / delegated admin account; empty = own creds
  std::vector<std::string> include_ous;
  std::vector<std::string> exclude_ous;
  std::vector<std::string> include_accounts;
  std::vector<std::string> exclude_accounts;
  std::chrono::seconds refresh_interval{std::chrono::hours(1)};
};

struct Aws {
  // "arn:aws:iam::{account_id}:role/awsgov-exporter"; {account_id} is replaced. Alternatively
  // role_name, which builds the same ARN in the "aws" partition.
  std::string role_arn_template;
  std::string role_name;  // exclusive with role_arn_template
  std::string external_id;
  std::string session_name = "awsgov-exporter";
  std::chrono::seconds session_duration{std::chrono::hours(1)};
  int max_attempts = 3;
  // Requests per second per account and API, the client-side limit (backs off on throttling).
  double requests_per_second = 10;
  // The same limit for the exporter's own STS calls (AssumeRole into every target account). They
  // all count against one quota, the hub account's in the STS region, so they share one bucket.
  double sts_requests_per_second = 50;
  // Requests in flight at once across all accounts; 0: no limit beyond the scheduler's workers.
  int max_concurrent_requests = 0;
  std::chrono::seconds connect_timeout{5};
  std::chrono::seconds request_timeout{30};
  // Larger response bodies are an error (a transport failure), so a broken or hostile endpoint
  // cannot make the exporter buffer without bound.
  std::int64_t max_response_bytes = std::int64_t{256} << 20;
  // Endpoint overrides, as the SDKs' AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_<SERVICE>; the
  // environment wins over these (it is the SDKs' precedence for their own variables).
  std::string endpoint_url;
  std::map<std::string, std::string> service_endpoint_urls;  // key: service id, e.g. "ec2"
  std::string sts_region;  // region of the STS endpoint for AssumeRole; default: target region
};

struct Scheduler {
  int max_concurrency = 8;  // worker threads for collection
  std::chrono::seconds default_interval{std::chrono::minutes(5)};
  // Per-target deadline; default: the collector's interval.
  std::optional<std::chrono::seconds> default_timeout;
};

struct CollectorConfig {
  std::string name;
  std::optional<bool> enabled;  // absent: the flag, else the collector's default
  std::optional<std::chrono::seconds> interval;
  std::optional<std::chrono::seconds> timeout;
  YAML::Node options;  // the collector's own section, validated by the collector
  std::string file;    // for error messages from the collector's options parser
  std::string path;    // "collectors.<name>.options"
};

struct Config {
  std::string file;  // where it was read from; empty for the embedded demo
  std::vector<std::string> regions;
  std::vector<Account> accounts;
  Discovery discovery;
  Aws aws;
  Scheduler scheduler;
  std::map<std::string, CollectorConfig> collectors;  // only those named in the file
};

// Parses YAML text. `file` is used in error messages. Returns nullopt when `errors` is not empty.
// Keys under `collectors` must be in `known_collectors`; their options are not parsed here (each
// collector's CollectorInfo::create validates its own options).
std::optional<Config> Parse(std::string_view yaml, const std::string& file,
                            const std::vector<std::string>& known_collectors, ErrorList* errors);
std::optional<Config> LoadFile(const std::string& path,
                               const std::vector<std::string>& known_collectors, ErrorList* errors);

// "30s", "5m", "1h30m", "2d", "500ms" (Prometheus' duration syntax). false on bad input.
bool ParseDuration(std::string_view text, std::chrono::milliseconds* out);
// The inverse, in the same syntax: 5400s -> "1h30m", 0 -> "0s".
std::string FormatDuration(std::chrono::milliseconds duration);
bool IsValidAccountId(std::string_view id);   // exactly 12 digits
bool IsValidRegion(std::string_view region);  // e.g. eu-west-1, us-gov-west-1, cn-north-1
// arn:<partition>:iam::<12 digits>:role/<path/><name>
bool IsValidRoleArn(std::string_view arn);

// The role to assume in `account_id` for an account without its own role_arn (also for accounts
// found by discovery): role_arn_template with {account_id} replaced, or the role_name ARN in the
// "aws" partition, or "" (use the exporter's own credentials) when neither is set.
std::string RoleArnFor(const Aws& aws, std::string_view account_id);
// The account's own regions, else the top-level ones.
const std::vector<std::string>& RegionsFor(const Config& config, const Account& account);

}  // namespace awsgov::config
