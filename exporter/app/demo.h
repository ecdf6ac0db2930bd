// The embedded demo: with no --config.file the exporter starts moto_server (an AWS emulator) on a
// free loopback port, seeds a small organisation there with each collector's demo_seed.py (embedded
// in the binary), and runs against it. Nothing reaches AWS: the credentials are fake and every
// endpoint points at the local moto_server.
// Thread-safety: not thread-safe; owned by main.
#pragma once

#include <sys/types.h>

#include <string>
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

  // Starts moto_server and seeds it; sets fake AWS credentials in this process' environment.
  Status Start();
  void Stop();

  const std::string& endpoint() const { return endpoint_; }
  // The YAML configuration of the demo, pointing at the local endpoint.
  std::string ConfigYaml() const;

  static const std::vector<DemoAccount>& Accounts();
  static const std::vector<std::string>& Regions();
  static constexpr const char* kRoleName = "awsgov-demo";

 private:
  std::string dir_;  // temporary folder: seed scripts and moto's log
  std::string endpoint_;
  pid_t moto_pid_ = -1;
};

}  // namespace awsgov
