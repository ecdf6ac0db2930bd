#include "tests/support/fake_http_server.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>

namespace awsgov::testing {

FakeHttpServer::FakeHttpServer(const std::string& script_json)
    : port_(FreeLoopbackPort()), endpoint_("http://127.0.0.1:" + std::to_string(port_)) {
  const std::string base =
      "/tmp/awsgov-fake-http-" + std::to_string(::getpid()) + "-" + std::to_string(port_);
  script_path_ = base + ".json";
  log_path_ = base + ".requests";
  std::ofstream(script_path_) << script_json;
  std::ofstream(log_path_, std::ios::trunc).flush();
  process_ = std::make_unique<Subprocess>(
      std::vector<std::string>{"python3",
                               std::string(AWSGOV_SOURCE_DIR) + "/tests/fakes/fault_server.py",
                               std::to_string(port_), script_path_, log_path_},
      base + ".log");
  ready_ = WaitForPort(port_, std::chrono::seconds(20));
}

FakeHttpServer::~FakeHttpServer() {
  process_.reset();
  std::remove(script_path_.c_str());
  std::remove(log_path_.c_str());
  std::remove((script_path_.substr(0, script_path_.size() - 5) + ".log").c_str());
}

std::vector<std::string> FakeHttpServer::RequestLog() const {
  std::vector<std::string> lines;
  std::ifstream in(log_path_);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

}  // namespace awsgov::testing
