// The embedded demo: with no --config.file the exporter starts moto_server (an AWS emulator) on a
// free loopback port, seeds a small organisation there with each collector's demo_seed.py (embedded
// in the binary), and runs against it. What moto lacks (RAM invitations not yet accepted,
// Inspector2 ListCoverage and finding counts, CloudTrail LookupEvents) is served by the project's
// fakes (tests/fakes/*_fake.py, embedded too), started by the seed process on free loopback ports
// with the scenario the seeds computed. Nothing reaches AWS: the credentials are fake and every
// endpoint points at the local moto_server or a local fake.
// Thread-safety: not thread-safe; owned by main.
#pragma once

#include <sys/types.h>

#include <string>
#include <utility>
#include <vector>

#include "exporter/core/status.h"

namespace awsgov {

struct DemoAccount {
  const char* id;
  const char* name;
};

class DemoEnvironment {
 public:
  DemoEnvironment() = default;
  ~DemoEnvironment();
  DemoEnvironment(const DemoEnvironment&) = delete;
  DemoEnvironment& operator=(const DemoEnvironment&) = delete;

  // Starts moto_server, seeds it and starts the fakes; sets fake AWS credentials in this
  // process' environment.
  Status Start();
  void Stop();

  const std::string& endpoint() const { return endpoint_; }
  // The YAML configuration of the demo, pointing at the local endpoint.
  std::string ConfigYaml() const;

  static const std::vector<DemoAccount>& Accounts();
  static const std::vector<std::string>& Regions();
  static constexpr const char* kRoleName = "awsgov-demo";

 private:
  std::string dir_;  // temporary folder: seed scripts, fakes, logs, sg_changes state
  std::string endpoint_;
  // (service id, URL) of each service a fake answers instead of moto.
  std::vector<std::pair<std::string, std::string>> fake_endpoints_;
  std::string review_token_file_;  // sg_changes review token (random, in dir_)
  pid_t moto_pid_ = -1;
  pid_t seed_pid_ = -1;  // demo/seed_main.py: seeds, then serves the fakes until stopped
};

}  // namespace awsgov
