#include "exporter/app/demo.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

#include "exporter/app/embedded_files.h"
#include "exporter/core/log.h"

extern char** environ;

namespace awsgov {
namespace {

int FreeLoopbackPort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  int port = -1;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  ::close(fd);
  return port;
}

bool PortAccepts(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  ::close(fd);
  return ok;
}

// Spawns argv with stdout and stderr appended to log_path; the child gets its own process group
// so that a Ctrl-C on the terminal reaches the exporter, which then stops the child itself.
Status Spawn(const std::vector<std::string>& argv, const std::string& log_path, pid_t* pid) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND,
                                   0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK);
  posix_spawnattr_setpgroup(&attr, 0);
  sigset_t none;
  sigemptyset(&none);
  posix_spawnattr_setsigmask(&attr, &none);  // the exporter blocks signals; children must not
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  int rc = posix_spawnp(pid, args[0], &actions, &attr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  if (rc != 0) {
    return Unavailable("cannot start " + argv[0] + ": " + std::strerror(rc) +
                       " (the demo needs moto_server and python3 with boto3 on PATH)");
  }
  return Status::Ok();
}

// SIGTERM, then SIGKILL after 5 s; reaps the child.
void StopChild(pid_t* pid) {
  if (*pid <= 0) return;
  ::kill(*pid, SIGTERM);
  int status = 0;
  for (int i = 0; i < 50 && ::waitpid(*pid, &status, WNOHANG) == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  if (::waitpid(*pid, &status, WNOHANG) == 0) {
    ::kill(*pid, SIGKILL);
    ::waitpid(*pid, &status, 0);
  }
  *pid = -1;
}

// "<service id> <url>" lines, as demo/seed_main.py writes them.
std::vector<std::pair<std::string, std::string>> ReadEndpoints(const std::string& path) {
  std::vector<std::pair<std::string, std::string>> endpoints;
  std::ifstream in(path);
  std::string service, url;
  while (in >> service >> url) endpoints.emplace_back(service, url);
  return endpoints;
}

// A random token for the demo's sg_changes review page (kept in a file, never logged).
std::string RandomToken() {
  std::random_device random;
  std::string token;
  for (int i = 0; i < 4; ++i) {
    char part[9];
    std::snprintf(part, sizeof part, "%08x", static_cast<unsigned>(random()));
    token += part;
  }
  return token;
}

std::string JoinIds(const std::vector<DemoAccount>& accounts) {
  std::string out;
  for (const auto& a : accounts) out += (out.empty() ? "" : ",") + std::string(a.id);
  return out;
}

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ",") + i;
  return out;
}

}  // namespace

const std::vector<DemoAccount>& DemoEnvironment::Accounts() {
  static const std::vector<DemoAccount> accounts = {
      {"111111111111", "network-hub"},
      {"222222222222", "workload-prod"},
      {"333333333333", "workload-dev"},
  };
  return accounts;
}

const std::vector<std::string>& DemoEnvironment::Regions() {
  static const std::vector<std::string> regions = {"eu-west-1", "us-east-1"};
  return regions;
}

DemoEnvironment::~DemoEnvironment() { Stop(); }

Status DemoEnvironment::Start() {
  char tmpl[] = "/tmp/awsgov-demo-XXXXXX";
  if (::mkdtemp(tmpl) == nullptr) return Internal("cannot create a temporary folder in /tmp");
  dir_ = tmpl;

  std::vector<std::string> seeds;
  for (const auto& file : EmbeddedFiles()) {
    std::filesystem::path path = std::filesystem::path(dir_) / std::string(file.path);
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path) << file.content;
    if (path.filename() == "demo_seed.py") seeds.push_back(path.string());
  }

  int port = FreeLoopbackPort();
  if (port < 0) return Unavailable("no free loopback port for moto_server");
  endpoint_ = "http://127.0.0.1:" + std::to_string(port);
  std::string moto_log = dir_ + "/moto_server.log";
  if (Status s = Spawn({"moto_server", "-H", "127.0.0.1", "-p", std::to_string(port)}, moto_log,
                       &moto_pid_);
      !s.ok()) {
    return s;
  }
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (!PortAccepts(port)) {
    if (std::chrono::steady_clock::now() > until) {
      return Unavailable("moto_server did not start within 60s; see " + moto_log);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  log::Info("demo: moto_server started", {{"endpoint", endpoint_}, {"log", moto_log}});

  // Fake credentials: moto accepts any; the exporter then assumes the demo role in each account.
  ::setenv("AWS_ACCESS_KEY_ID", "demo", 1);
  ::setenv("AWS_SECRET_ACCESS_KEY", "demo", 1);
  ::unsetenv("AWS_SESSION_TOKEN");
  ::unsetenv("AWS_PROFILE");

  // The seed process seeds moto, then serves the project's fakes for what moto lacks and writes
  // their endpoints; it runs until Stop().
  const std::string endpoints_file = dir_ + "/fake_endpoints";
  std::vector<std::string> argv = {"python3",
                                   dir_ + "/demo/seed_main.py",
                                   "--endpoint=" + endpoint_,
                                   "--accounts=" + JoinIds(Accounts()),
                                   "--regions=" + Join(Regions()),
                                   std::string("--role-name=") + kRoleName,
                                   "--fakes-dir=" + dir_ + "/tests/fakes",
                                   "--endpoints-file=" + endpoints_file};
  argv.insert(argv.end(), seeds.begin(), seeds.end());
  std::string seed_log = dir_ + "/seed.log";
  if (Status s = Spawn(argv, seed_log, &seed_pid_); !s.ok()) return s;
  until = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (!std::filesystem::exists(endpoints_file)) {
    int status = 0;
    if (::waitpid(seed_pid_, &status, WNOHANG) == seed_pid_) {
      seed_pid_ = -1;
      return Internal("seeding the demo failed; see " + seed_log);
    }
    if (std::chrono::steady_clock::now() > until) {
      return Unavailable("seeding the demo did not finish within 120s; see " + seed_log);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  fake_endpoints_ = ReadEndpoints(endpoints_file);
  std::string fakes;
  for (const auto& [service, url] : fake_endpoints_) {
    fakes += (fakes.empty() ? "" : ",") + service + "=" + url;
  }
  review_token_file_ = dir_ + "/sg_review_token";
  std::ofstream(review_token_file_) << RandomToken() << "\n";
  ::chmod(review_token_file_.c_str(), 0600);
  log::Info("demo: seeded", {{"collectors", std::to_string(seeds.size())},
                             {"fakes", fakes},
                             {"review_token_file", review_token_file_},
                             {"log", seed_log}});
  return Status::Ok();
}

void DemoEnvironment::Stop() {
  StopChild(&seed_pid_);  // the fakes, before the moto_server they ask
  StopChild(&moto_pid_);
  if (!dir_.empty()) {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
    dir_.clear();
  }
}

std::string DemoEnvironment::ConfigYaml() const {
  const std::string hub = Accounts().front().id;
  std::string yaml;
  yaml +=
      "# The embedded demo's configuration: every endpoint is the local moto_server, except the\n";
  yaml += "# services moto lacks, served by the project's fakes (demo/seed_main.py).\n";
  yaml += "regions: [" + Join(Regions()) + "]\n";
  yaml += "accounts:\n";
  for (const auto& a : Accounts()) {
    yaml += "  - id: \"" + std::string(a.id) + "\"\n    name: " + a.name + "\n";
  }
  yaml += "aws:\n";
  yaml += std::string("  role_name: ") + kRoleName + "\n";
  yaml += "  endpoint_url: " + endpoint_ + "\n";
  if (!fake_endpoints_.empty()) {
    yaml += "  endpoint_urls:  # fakes: tests/fakes/<name>_fake.py\n";
    for (const auto& [service, url] : fake_endpoints_) yaml += "    " + service + ": " + url + "\n";
  }
  yaml += "scheduler:\n  default_interval: 30s\n";
  yaml += "collectors:\n";
  // The first demo account is the image factory (collectors/ami_references/demo_seed.py).
  yaml += "  ami_references:\n    enabled: true\n    options:\n";
  yaml += "      owner_accounts: [\"" + hub + "\"]\n";
  yaml += "      unresolved_images_owner: \"" + hub + "\"  # seeded before the first run\n";
  // Inspector2 comes from the Inspector fake (collectors/inspector_coverage/demo_seed.py).
  yaml += "  inspector_coverage:\n    options:\n";
  yaml += "      exceptions_table: {name: Inspector-Exceptions, account_id: \"" + hub +
          "\", region: " + Regions().front() + "}\n";
  yaml += "      exception_tag_key: inspector-exception\n";
  yaml += "      include_finding_counts: true\n";
  yaml += "  ipam:\n    options:\n";
  yaml += "      include_ipam: false  # moto_server has no IPAM API; VPCs and subnets it has\n";
  // CloudTrail comes from the CloudTrail fake (collectors/sg_changes/demo_seed.py); every 10s,
  // so that a decision on the review page shows in the metrics soon.
  yaml += "  sg_changes:\n    enabled: true\n    interval: 10s\n    options:\n";
  yaml += "      state_file: " + dir_ + "/sg_changes.db\n";
  yaml += "      review_token_file: " + review_token_file_ + "\n";
  // RAM comes from the tgw_shares fake (collectors/tgw_shares/demo_seed.py).
  yaml += "  tgw_shares:\n    options:\n";
  yaml += "      hub_account_ids: [\"" + hub + "\"]\n";
  yaml +=
      "      inventory: {dynamodb_table: dynamodb-tgw-table, region: " + Regions().front() + "}\n";
  return yaml;
}

}  // namespace awsgov
