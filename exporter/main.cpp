// awsgov_exporter: a Prometheus exporter for the governance signals of AWS organisations.
// main parses flags, handles --version / --help / --check-config, starts the embedded demo when
// no --config.file is given, runs the App and turns signals into reloads and a clean shutdown.
#include <signal.h>

#include <cstdio>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "exporter/app/app.h"
#include "exporter/app/demo.h"
#include "exporter/app/flags.h"
#include "exporter/app/generation.h"
#include "exporter/app/iam_policy.h"
#include "exporter/config/config.h"
#include "exporter/core/log.h"
#include "exporter/core/version.h"
#include "exporter/http/web_config.h"

namespace awsgov {
namespace {

constexpr int kExitUsage = 2;
constexpr int kExitInvalidConfig = 2;

int CheckMainConfig(const Flags& flags) {
  std::vector<std::string> names;
  for (const auto& c : AllCollectors()) names.emplace_back(c.name);
  config::ErrorList errors(flags.config_file);
  std::optional<config::Config> parsed = config::LoadFile(flags.config_file, names, &errors);
  if (parsed) {
    Generation generation;
    BuildGeneration(std::make_shared<const config::Config>(std::move(*parsed)), flags, &generation,
                    &errors);
    if (errors.empty()) {
      std::printf("%s: valid (%zu collectors, %zu targets)\n", flags.config_file.c_str(),
                  generation.collectors.size(), generation.targets.size());
      return 0;
    }
  }
  std::printf("%s\n", errors.ToString().c_str());
  std::printf("%s: %zu problem(s)\n", flags.config_file.c_str(), errors.errors().size());
  return kExitInvalidConfig;
}

int CheckWebConfig(const std::string& file) {
  config::ErrorList errors(file);
  std::optional<http::WebConfig> web = http::LoadWebConfig(file, &errors);
  if (web) {
    std::printf("%s: valid web config (tls: %s, basic auth: %s)\n", file.c_str(),
                web->tls.enabled ? "on" : "off", web->basic_auth_users ? "on" : "off");
    return 0;
  }
  std::printf("%s\n", errors.ToString().c_str());
  std::printf("%s: %zu problem(s)\n", file.c_str(), errors.errors().size());
  return kExitInvalidConfig;
}

// Without --config.file: every collector and option. A bad config is reported as by --check-config.
int PrintIamPolicy(const Flags& flags) {
  std::optional<config::Config> parsed;
  if (!flags.config_file.empty()) {
    std::vector<std::string> names;
    for (const auto& c : AllCollectors()) names.emplace_back(c.name);
    config::ErrorList errors(flags.config_file);
    parsed = config::LoadFile(flags.config_file, names, &errors);
    if (!parsed) {
      std::fprintf(stderr, "%s\n%s: %zu problem(s)\n", errors.ToString().c_str(),
                   flags.config_file.c_str(), errors.errors().size());
      return kExitInvalidConfig;
    }
  }
  const nlohmann::json policies =
      BuildIamPolicies(AllCollectors(), parsed ? &*parsed : nullptr, flags);
  std::printf("%s\n", policies.dump(2).c_str());
  return 0;
}

// Either file may be checked alone; both are checked when both are given.
int CheckConfig(const Flags& flags) {
  int result = 0;
  if (!flags.config_file.empty() && CheckMainConfig(flags) != 0) result = kExitInvalidConfig;
  if (!flags.web_config_file.empty() && CheckWebConfig(flags.web_config_file) != 0) {
    result = kExitInvalidConfig;
  }
  return result;
}

int Run(int argc, char** argv) {
  Flags flags;
  if (Status s =
          ParseFlags(std::vector<std::string>(argv + 1, argv + argc), AllCollectors(), &flags);
      !s.ok()) {
    std::fprintf(stderr, "awsgov_exporter: %s\n", s.message().c_str());
    return kExitUsage;
  }
  if (flags.help) {
    std::cout << Usage(AllCollectors());
    return 0;
  }
  if (flags.version) {
    std::printf("awsgov_exporter, version %s (revision: %s)\n", kVersion, kRevision);
    return 0;
  }
  log::Level level;
  log::Format format;
  log::ParseLevel(flags.log_level, &level);
  log::ParseFormat(flags.log_format, &format);
  log::Configure(level, format);
  if (flags.check_config) return CheckConfig(flags);
  if (flags.print_iam_policy) return PrintIamPolicy(flags);

  // Signals are taken by sigwait in this thread only: block them before any thread starts, so
  // every thread inherits the mask.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGHUP);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  log::Info("starting awsgov_exporter", {{"version", kVersion}, {"revision", kRevision}});
  // A bad web config is a configuration error like a bad --config.file (exit 2), found before
  // anything starts; its errors never quote a password hash.
  std::shared_ptr<const http::WebConfig> web_config;
  if (!flags.web_config_file.empty()) {
    config::ErrorList errors(flags.web_config_file);
    std::optional<http::WebConfig> loaded = http::LoadWebConfig(flags.web_config_file, &errors);
    if (!loaded) {
      log::Error("invalid web config",
                 {{"file", flags.web_config_file}, {"error", errors.ToString()}});
      return kExitInvalidConfig;
    }
    web_config = std::make_shared<const http::WebConfig>(std::move(*loaded));
  }
  DemoEnvironment demo;
  std::optional<std::string> inline_config;
  if (flags.config_file.empty()) {
    log::Info("no --config.file: running the embedded demo against a local moto_server");
    if (Status s = demo.Start(); !s.ok()) {
      log::Error("the demo could not start", {{"error", s.ToString()}});
      return 1;
    }
    inline_config = demo.ConfigYaml();
  }

  int exit_code = 0;
  {
    App app(flags, inline_config, web_config);
    if (Status s = app.Start(); !s.ok()) {
      log::Error("cannot start", {{"error", s.ToString()}});
      exit_code = 1;
    } else {
      for (;;) {
        int sig = 0;
        if (sigwait(&signals, &sig) != 0) continue;
        if (sig == SIGHUP) {
          log::Info("SIGHUP: reloading the configuration");
          app.Reload();
          continue;
        }
        log::Info("shutting down", {{"signal", sig == SIGTERM ? "SIGTERM" : "SIGINT"}});
        break;
      }
    }
    app.Shutdown(std::chrono::seconds(3));
  }
  demo.Stop();
  log::Info("stopped");
  return exit_code;
}

}  // namespace
}  // namespace awsgov

int main(int argc, char** argv) { return awsgov::Run(argc, argv); }
