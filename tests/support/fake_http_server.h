// A scripted HTTP server (tests/fakes/fault_server.py) on a free loopback port, for transport and
// AWS-client fault-injection tests: each request gets the next scripted answer (or a reset, a
// delay, a truncated body) and is logged so that tests can count and inspect attempts.
// Thread-safety: not thread-safe.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "tests/support/subprocess.h"

namespace awsgov::testing {

class FakeHttpServer {
 public:
  // `script_json`: the JSON list of steps documented in fault_server.py.
  explicit FakeHttpServer(const std::string& script_json);
  ~FakeHttpServer();
  FakeHttpServer(const FakeHttpServer&) = delete;
  FakeHttpServer& operator=(const FakeHttpServer&) = delete;

  bool ready() const { return ready_; }
  int port() const { return port_; }
  const std::string& endpoint() const { return endpoint_; }  // "http://127.0.0.1:PORT"
  // The requests received so far, one JSON object per line (method, path, headers, body,
  // client_port).
  std::vector<std::string> RequestLog() const;

 private:
  int port_;
  std::string endpoint_;
  std::string script_path_;
  std::string log_path_;
  std::unique_ptr<Subprocess> process_;
  bool ready_ = false;
};

}  // namespace awsgov::testing
