// Starts credentials_fake_server.py on a free loopback port with a script the test can rewrite,
// and reads back the requests it received. Thread-safety: not thread-safe.
#pragma once

#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "tests/support/subprocess.h"
#include "tests/unit/aws/credentials_fakes.h"

namespace awsgov::aws::credtest {

class FakeServer {
 public:
  explicit FakeServer(const nlohmann::json& script)
      : port_(awsgov::testing::FreeLoopbackPort()),
        script_path_(dir_.Write("script.json", script.dump())),
        log_path_(dir_.path() + "/requests.jsonl") {
    process_ = std::make_unique<awsgov::testing::Subprocess>(
        std::vector<std::string>{"python3",
                                 AWSGOV_SOURCE_DIR "/tests/unit/aws/credentials_fake_server.py",
                                 std::to_string(port_), script_path_, log_path_},
        dir_.path() + "/server.log");
    ready_ = awsgov::testing::WaitForPort(port_, std::chrono::seconds(20));
  }
  bool ready() const { return ready_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  void SetScript(const nlohmann::json& script) { dir_.Write("script.json", script.dump()); }
  std::vector<nlohmann::json> Requests() const {
    std::vector<nlohmann::json> out;
    std::ifstream in(log_path_);
    for (std::string line; std::getline(in, line);) out.push_back(nlohmann::json::parse(line));
    return out;
  }

 private:
  TempDir dir_;
  int port_;
  std::string script_path_;
  std::string log_path_;
  std::unique_ptr<awsgov::testing::Subprocess> process_;
  bool ready_ = false;
};

}  // namespace awsgov::aws::credtest
