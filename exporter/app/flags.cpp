#include "exporter/app/flags.h"

#include <cstdint>
#include <functional>
#include <sstream>

#include "exporter/config/config.h"
#include "exporter/core/log.h"

namespace awsgov {
namespace {

struct ValueFlag {
  const char* name;
  const char* help;
  std::string Flags::*field;
};

const ValueFlag kValueFlags[] = {
    {"web.listen-address", "Address to listen on for the web interface and telemetry.",
     &Flags::listen_address},
    {"web.telemetry-path", "Path under which to expose metrics.", &Flags::telemetry_path},
    {"web.config.file",
     "Path to a web configuration file (exporter-toolkit format) that can enable TLS, client "
     "certificates, basic authentication and extra response headers.",
     &Flags::web_config_file},
    {"config.file", "Configuration file (YAML). Without it the embedded demo runs.",
     &Flags::config_file},
    {"log.level", "Only log messages with the given severity or above: debug, info, warn, error.",
     &Flags::log_level},
    {"log.format", "Output format of log messages: logfmt or json.", &Flags::log_format},
    {"shard.index",
     "This replica's shard, from 0 to --shard.count minus 1; a StatefulSet pod name "
     "(awsgov-exporter-2) stands for its ordinal.",
     &Flags::shard_index},
    {"shard.count",
     "Number of replicas splitting the accounts (by rendezvous hashing of account ids).",
     &Flags::shard_count},
    {"ha.lease-table",
     "DynamoDB table (partition key pk, String) holding the HA lease that elects one collecting "
     "replica per shard. Empty: no HA, every replica collects.",
     &Flags::ha_lease_table},
    {"ha.lease-account-id", "The account holding the lease table (its role reaches it).",
     &Flags::ha_lease_account_id},
    {"ha.lease-region", "The lease table's region.", &Flags::ha_lease_region},
    {"ha.lease-duration",
     "Seconds a lease lasts without renewal (renewed every third of it); a follower takes over "
     "at most this long after the leader stops.",
     &Flags::ha_lease_duration},
    {"ha.replica-id", "This replica's name in the lease (default: <hostname>-<pid>).",
     &Flags::ha_replica_id},
    {"testing.collection-interval",
     "TESTING ONLY: run every target at this interval (e.g. 100ms), below the config's 10s "
     "minimum, for soak and fault-injection tests. Not for production: AWS would throttle.",
     &Flags::testing_collection_interval_text},
};

// A whole number in [min, max], or an error naming the flag.
Status ParseBounded(const std::string& flag, const std::string& text, std::uint32_t min,
                    std::uint32_t max, std::uint32_t* out) {
  std::uint64_t value = 0;
  bool digits = !text.empty() && text.size() <= 10;
  for (char c : text) digits = digits && c >= '0' && c <= '9';
  if (digits) value = std::stoull(text);
  if (!digits || value < min || value > max) {
    return InvalidArgument("--" + flag + ": \"" + text + "\" is not a whole number from " +
                           std::to_string(min) + " to " + std::to_string(max));
  }
  *out = static_cast<std::uint32_t>(value);
  return Status::Ok();
}

// "awsgov-exporter-2" -> "2": a StatefulSet pod's name ends in its ordinal, so the manifests can
// pass the pod name (downward API) on any Kubernetes version. Anything else is returned as is.
std::string OrdinalOfPodName(const std::string& text) {
  const auto dash = text.rfind('-');
  if (dash == std::string::npos || dash == 0 || dash + 1 == text.size()) return text;
  for (std::size_t i = dash + 1; i < text.size(); ++i) {
    if (text[i] < '0' || text[i] > '9') return text;
  }
  return text.substr(dash + 1);
}

struct BoolFlag {
  const char* name;
  const char* help;
  bool Flags::*field;
};

const BoolFlag kBoolFlags[] = {
    {"check-config",
     "Validate the configuration file and the web configuration file (either may be given "
     "alone), print problems, exit 0 (valid) or 2.",
     &Flags::check_config},
    {"print-iam-policy",
     "Print the least-privilege IAM policies (JSON: hub, spoke, discovery) for the collectors "
     "and options --config.file enables (without it: every collector and option), and exit.",
     &Flags::print_iam_policy},
    {"version", "Print the version and exit.", &Flags::version},
    {"help", "Show this help and exit.", &Flags::help},
};

}  // namespace

Status ParseFlags(const std::vector<std::string>& args,
                  const std::vector<CollectorInfo>& collectors, Flags* out) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "-h") {
      out->help = true;
      continue;
    }
    if (arg.rfind("--", 0) != 0) return InvalidArgument("unexpected argument \"" + arg + "\"");
    std::string name = arg.substr(2);
    std::string value;
    bool has_value = false;
    if (auto eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
      has_value = true;
    }

    bool matched = false;
    for (const auto& flag : kValueFlags) {
      if (name != flag.name) continue;
      if (!has_value) {
        if (i + 1 >= args.size()) return InvalidArgument("flag --" + name + " needs a value");
        value = args[++i];
      }
      out->*flag.field = value;
      matched = true;
    }
    for (const auto& flag : kBoolFlags) {
      if (name != flag.name) continue;
      if (has_value) return InvalidArgument("flag --" + name + " takes no value");
      out->*flag.field = true;
      matched = true;
    }
    for (const auto& c : collectors) {
      std::string on = "collector." + std::string(c.name);
      if (name == on || name == "no-" + on) {
        if (has_value) return InvalidArgument("flag --" + name + " takes no value");
        out->collector_overrides[std::string(c.name)] = name == on;
        matched = true;
      }
    }
    if (!matched) return InvalidArgument("unknown flag --" + name + " (see --help)");
  }

  log::Level level;
  if (!log::ParseLevel(out->log_level, &level)) {
    return InvalidArgument("--log.level: \"" + out->log_level +
                           "\" is not one of debug, info, warn, error");
  }
  log::Format format;
  if (!log::ParseFormat(out->log_format, &format)) {
    return InvalidArgument("--log.format: \"" + out->log_format + "\" is not one of logfmt, json");
  }
  if (out->telemetry_path.empty() || out->telemetry_path[0] != '/') {
    return InvalidArgument("--web.telemetry-path: \"" + out->telemetry_path +
                           "\" must start with /");
  }
  if (Status s = ParseBounded("shard.count", out->shard_count, 1, 10000, &out->shard.count);
      !s.ok()) {
    return s;
  }
  const std::string ordinal = OrdinalOfPodName(out->shard_index);
  if (Status s = ParseBounded("shard.index", ordinal, 0, out->shard.count - 1, &out->shard.index);
      !s.ok()) {
    if (ordinal == out->shard_index) return s;
    return InvalidArgument("--shard.index: \"" + out->shard_index + "\" (pod ordinal " + ordinal +
                           ") is not a whole number from 0 to " +
                           std::to_string(out->shard.count - 1));
  }
  if (Status s = ParseBounded("ha.lease-duration", out->ha_lease_duration, 2, 3600,
                              &out->ha_lease_seconds);
      !s.ok()) {
    return s;
  }
  if (!out->ha_lease_table.empty()) {
    if (!config::IsValidAccountId(out->ha_lease_account_id)) {
      return InvalidArgument("--ha.lease-account-id: \"" + out->ha_lease_account_id +
                             "\" is not a 12-digit account id (needed with --ha.lease-table)");
    }
    if (!config::IsValidRegion(out->ha_lease_region)) {
      return InvalidArgument("--ha.lease-region: \"" + out->ha_lease_region +
                             "\" is not a region (needed with --ha.lease-table)");
    }
  }
  if (!out->testing_collection_interval_text.empty() &&
      (!config::ParseDuration(out->testing_collection_interval_text,
                              &out->testing_collection_interval) ||
       out->testing_collection_interval < std::chrono::milliseconds(10))) {
    return InvalidArgument("--testing.collection-interval: \"" +
                           out->testing_collection_interval_text +
                           "\" is not a duration of at least 10ms");
  }
  if (out->check_config && out->config_file.empty() && out->web_config_file.empty()) {
    return InvalidArgument("--check-config needs --config.file or --web.config.file");
  }
  return Status::Ok();
}

std::string Usage(const std::vector<CollectorInfo>& collectors) {
  std::ostringstream out;
  out << "usage: awsgov_exporter [<flags>]\n\n"
         "Prometheus exporter for the governance signals of AWS organisations.\n\nFlags:\n";
  Flags defaults;
  for (const auto& flag : kBoolFlags) out << "  --" << flag.name << "\n      " << flag.help << "\n";
  for (const auto& flag : kValueFlags) {
    out << "  --" << flag.name << "=<value>\n      " << flag.help;
    const std::string& d = defaults.*flag.field;
    if (!d.empty()) out << " (default: " << d << ")";
    out << "\n";
  }
  for (const auto& c : collectors) {
    out << "  --[no-]collector." << c.name << "\n      Enable the " << c.name
        << " collector: " << c.description
        << (c.enabled_by_default ? " (default: enabled)" : " (default: disabled)") << "\n";
  }
  return out.str();
}

}  // namespace awsgov
