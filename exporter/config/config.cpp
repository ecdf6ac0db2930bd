// The config file parser: one function per top-level section, each reading strictly through
// MapReader, then the checks that span sections (regions, accounts, roles). Every problem is
// collected, so that one run of --check-config lists all of them.
#include "exporter/config/config.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "exporter/config/checks.h"
#include "exporter/config/yaml_documents.h"
#include "exporter/config/yaml_reader.h"

namespace awsgov::config {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

// Scheduling faster than this only burns API quota: AWS state is not watched, it is polled.
constexpr seconds kMinInterval{10};
// Organizations' ListAccounts is throttled per organization; more often than this helps no one.
constexpr seconds kMinRefreshInterval{60};
constexpr std::string_view kPlaceholder = "{account_id}";
// A syntactically valid id to check that a role template expands to a valid ARN.
constexpr std::string_view kSampleAccountId = "123456789012";

std::string JoinNames(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& name : names) {
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

// IAM's RoleSessionName: 2 to 64 of [\w+=,.@-].
StringCheck SessionNameCheck() {
  return [](std::string_view value) -> std::string {
    const bool ok = value.size() >= 2 && value.size() <= 64 &&
                    std::all_of(value.begin(), value.end(), [](char c) {
                      return std::isalnum(static_cast<unsigned char>(c)) ||
                             std::string_view("+=,.@_-").find(c) != std::string_view::npos;
                    });
    if (ok) return "";
    return "invalid session name \"" + std::string(value) +
           "\" (want 2 to 64 letters, digits or +=,.@_-)";
  };
}

// STS' ExternalId: 2 to 1224 of [\w+=,.@:/-]. The value is not echoed: it may be treated as a
// shared secret by the role's owner.
StringCheck ExternalIdCheck() {
  return [](std::string_view value) -> std::string {
    const bool ok = value.size() >= 2 && value.size() <= 1224 &&
                    std::all_of(value.begin(), value.end(), [](char c) {
                      return std::isalnum(static_cast<unsigned char>(c)) ||
                             std::string_view("+=,.@:/_-").find(c) != std::string_view::npos;
                    });
    return ok ? "" : "invalid external id (want 2 to 1224 letters, digits or +=,.@:/_-)";
  };
}

StringCheck RoleNameCheck() {
  return [](std::string_view value) -> std::string {
    const std::string arn =
        "arn:aws:iam::" + std::string(kSampleAccountId) + ":role/" + std::string(value);
    if (!value.empty() && value.front() != '/' && IsValidRoleArn(arn)) return "";
    return "invalid role name \"" + std::string(value) +
           "\" (want up to 64 letters, digits or +=,.@_-, optionally after a path/)";
  };
}

StringCheck RoleTemplateCheck() {
  return [](std::string_view value) -> std::string {
    if (value.find(kPlaceholder) == std::string_view::npos) {
      return "role ARN template \"" + std::string(value) + "\" has no {account_id} placeholder";
    }
    Aws aws;
    aws.role_arn_template = std::string(value);
    if (IsValidRoleArn(RoleArnFor(aws, kSampleAccountId))) return "";
    return "invalid role ARN template \"" + std::string(value) +
           "\" (want e.g. arn:aws:iam::{account_id}:role/awsgov-exporter)";
  };
}

void ParseDiscovery(MapReader& top, Discovery* discovery) {
  MapReader r = top.Map("discovery");
  r.Bool("enabled", &discovery->enabled);
  r.String("role_arn", &discovery->role_arn, RoleArnCheck());
  r.StringList("include_ous", &discovery->include_ous, OrganizationalUnitCheck());
  r.StringList("exclude_ous", &discovery->exclude_ous, OrganizationalUnitCheck());
  r.StringList("include_accounts", &discovery->include_accounts, AccountIdCheck());
  r.StringList("exclude_accounts", &discovery->exclude_accounts, AccountIdCheck());
  r.Duration("refresh_interval", &discovery->refresh_interval, kMinRefreshInterval);
  r.Finish();
}

void ParseAws(MapReader& top, Aws* aws) {
  MapReader r = top.Map("aws");
  const bool has_template =
      r.String("role_arn_template", &aws->role_arn_template, RoleTemplateCheck());
  if (r.String("role_name", &aws->role_name, RoleNameCheck()) && has_template) {
    r.Error("role_name", "role_name and role_arn_template are mutually exclusive");
  }
  r.String("external_id", &aws->external_id, ExternalIdCheck());
  r.String("session_name", &aws->session_name, SessionNameCheck());
  // STS' DurationSeconds range; a role's own maximum may be lower (AssumeRole then fails).
  r.Duration("session_duration", &aws->session_duration, minutes(15), hours(12));
  r.Int("max_attempts", &aws->max_attempts, 1, 20);
  r.Double("requests_per_second", &aws->requests_per_second, 0.01, 10000);
  r.Double("sts_requests_per_second", &aws->sts_requests_per_second, 0.01, 10000);
  r.Int("max_concurrent_requests", &aws->max_concurrent_requests, 0, 4096);
  r.Duration("connect_timeout", &aws->connect_timeout, seconds(1), minutes(5));
  r.Duration("request_timeout", &aws->request_timeout, seconds(1), hours(1));
  r.Int64("max_response_bytes", &aws->max_response_bytes, std::int64_t{64} << 10,
          std::int64_t{4} << 30);
  r.String("endpoint_url", &aws->endpoint_url, UrlCheck());
  r.StringMap("endpoint_urls", &aws->service_endpoint_urls, ServiceIdCheck(), UrlCheck());
  r.String("sts_region", &aws->sts_region, RegionCheck());
  r.Finish();
}

void ParseScheduler(MapReader& top, Scheduler* scheduler) {
  MapReader r = top.Map("scheduler");
  r.Int("max_concurrency", &scheduler->max_concurrency, 1, 256);
  r.Duration("default_interval", &scheduler->default_interval, kMinInterval);
  seconds timeout{0};
  if (r.Duration("default_timeout", &timeout)) scheduler->default_timeout = timeout;
  r.Finish();
}

void ParseCollectors(MapReader& top, const std::vector<std::string>& known_collectors,
                     const std::string& file, std::map<std::string, CollectorConfig>* out) {
  MapReader all = top.Map("collectors");
  all.ForEach([&](const std::string& name, const YAML::Node&) {
    if (std::find(known_collectors.begin(), known_collectors.end(), name) ==
        known_collectors.end()) {
      all.Error(name, "unknown collector \"" + name +
                          "\" (want one of: " + JoinNames(known_collectors) + ")");
      return;
    }
    MapReader r = all.Map(name);
    CollectorConfig collector;
    collector.name = name;
    collector.file = file;
    collector.path = r.PathOf("options");
    bool enabled = false;
    if (r.Bool("enabled", &enabled)) collector.enabled = enabled;
    seconds duration{0};
    if (r.Duration("interval", &duration, kMinInterval)) collector.interval = duration;
    if (r.Duration("timeout", &duration)) collector.timeout = duration;
    collector.options = r.Node("options");
    r.Finish();
    (*out)[name] = std::move(collector);
  });
}

// Reads the list and resolves each account's role; role resolution needs `aws`, parsed first.
// false when `accounts` is present but not a list. `every_account_has_regions` is cleared by an
// account without a `regions` key (an invalid one counts as present: it has its own error).
bool ParseAccounts(MapReader& top, const Aws& aws, std::vector<Account>* accounts,
                   bool* every_account_has_regions) {
  std::map<std::string, std::string> first_path_of_id;
  return !top.Has("accounts") ||
         top.List("accounts", [&](const YAML::Node& item, const std::string& path) {
           MapReader r(item, path, top.errors());
           Account account;
           std::string role_arn;
           r.Required("id");
           const bool id_ok = r.String("id", &account.id, AccountIdCheck());
           r.String("name", &account.name);
           if (!r.Has("regions")) *every_account_has_regions = false;
           if (r.StringList("regions", &account.regions, UniqueCheck("region", RegionCheck())) &&
               account.regions.empty()) {
             r.Error("regions", "empty list (leave the key out to use the top-level regions)");
           }
           const bool has_role = r.String("role_arn", &role_arn, RoleArnCheck());
           r.String("external_id", &account.external_id, ExternalIdCheck());
           if (r.Bool("assume_role", &account.assume_role) && !account.assume_role && has_role) {
             r.Error("assume_role", "assume_role is false but role_arn is set");
           }
           if (id_ok) {
             auto [first, inserted] = first_path_of_id.emplace(account.id, path);
             if (!inserted) {
               r.Error("id", "duplicate account id \"" + account.id + "\" (first at " +
                                 first->second + ")");
             }
           }
           r.Finish();

           if (has_role) {
             account.role_arn = role_arn;
           } else if (account.assume_role) {
             account.role_arn = RoleArnFor(aws, account.id);
           }
           if (account.external_id.empty()) account.external_id = aws.external_id;
           accounts->push_back(std::move(account));
         });
}

// Only for sections that were read without errors: an invalid list already has its error, and
// "no regions" on top of "invalid region" would be noise.
void CheckAccountsAndRegions(MapReader& top, const Config& config, bool accounts_ok,
                             bool regions_ok, bool every_account_has_regions) {
  if (!accounts_ok) return;
  if (config.accounts.empty() && !config.discovery.enabled) {
    top.Error("accounts", "no accounts: list accounts or enable discovery");
    return;  // regions would be a second complaint about the same empty file
  }
  if (!regions_ok || !config.regions.empty()) return;
  if (config.discovery.enabled) {
    top.Error("regions", "no regions: discovered accounts use the top-level regions");
  } else if (!every_account_has_regions) {
    top.Error("regions", "no regions: list regions here or in every account");
  }
}

void ParseRoot(const YAML::Node& root, const std::vector<std::string>& known_collectors,
               ErrorList* errors, Config* config) {
  MapReader top(root, "", errors);
  const bool regions_ok =
      top.StringList("regions", &config->regions, UniqueCheck("region", RegionCheck())) ||
      !top.Has("regions");
  ParseAws(top, &config->aws);
  bool every_account_has_regions = true;
  const bool accounts_ok =
      ParseAccounts(top, config->aws, &config->accounts, &every_account_has_regions);
  ParseDiscovery(top, &config->discovery);
  ParseScheduler(top, &config->scheduler);
  ParseCollectors(top, known_collectors, config->file, &config->collectors);
  CheckAccountsAndRegions(top, *config, accounts_ok, regions_ok, every_account_has_regions);
  top.Finish();
}

int LineOf(const YAML::Mark& mark) { return mark.line >= 0 ? mark.line + 1 : 0; }
int ColumnOf(const YAML::Mark& mark) { return mark.column >= 0 ? mark.column + 1 : 0; }

}  // namespace

std::optional<Config> Parse(std::string_view yaml, const std::string& file,
                            const std::vector<std::string>& known_collectors, ErrorList* errors) {
  ErrorList local(file);
  Config config;
  config.file = file;
  try {
    const std::vector<YAML::Node> documents = LoadAllDocuments(std::string(yaml));
    if (documents.size() > 1) {
      AddErrorAt(&local, documents[1], "",
                 "more than one YAML document (the config is a single document)");
    }
    ParseRoot(documents.empty() ? YAML::Node() : documents[0], known_collectors, &local, &config);
  } catch (const YAML::ParserException& e) {
    local.Add(LineOf(e.mark), ColumnOf(e.mark), "", "invalid YAML: " + e.msg);
  } catch (const YAML::Exception& e) {
    // MapReader only reads through checked accessors; this is a bug, reported rather than fatal.
    local.Add(LineOf(e.mark), ColumnOf(e.mark), "", "internal error reading YAML: " + e.msg);
  }
  if (!local.empty()) {
    errors->Append(local);
    return std::nullopt;
  }
  return config;
}

std::optional<Config> LoadFile(const std::string& path,
                               const std::vector<std::string>& known_collectors,
                               ErrorList* errors) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    errors->Add(ConfigError{path, 0, 0, "", std::string("cannot read: ") + std::strerror(errno)});
    return std::nullopt;
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) {
    errors->Add(ConfigError{path, 0, 0, "", "cannot read: I/O error"});
    return std::nullopt;
  }
  return Parse(text.str(), path, known_collectors, errors);
}

const std::vector<std::string>& RegionsFor(const Config& config, const Account& account) {
  return account.regions.empty() ? config.regions : account.regions;
}

}  // namespace awsgov::config
