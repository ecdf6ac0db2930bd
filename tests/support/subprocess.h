// Test support: child processes and free loopback ports, so that tests start their own peers
// (moto_server, fakes, promtool) and always stop them. Thread-safety: not thread-safe.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

namespace awsgov::testing {

// A TCP port on 127.0.0.1 that was free when asked (bind to port 0, read it back, close).
int FreeLoopbackPort();

// True once something accepts TCP connections on 127.0.0.1:port, false after `timeout`.
bool WaitForPort(int port, std::chrono::milliseconds timeout);

// A child process; SIGTERM then SIGKILL on destruction. stdout/stderr go to `log_path`.
class Subprocess {
 public:
  Subprocess(const std::vector<std::string>& argv, const std::string& log_path,
             const std::vector<std::string>& extra_env = {});
  ~Subprocess();
  Subprocess(const Subprocess&) = delete;
  Subprocess& operator=(const Subprocess&) = delete;

  pid_t pid() const { return pid_; }
  bool running();
  void Stop();

 private:
  pid_t pid_ = -1;
};

// moto_server on a free loopback port, started in the constructor and stopped in the destructor.
class MotoServer {
 public:
  MotoServer();
  const std::string& endpoint() const { return endpoint_; }  // "http://127.0.0.1:PORT"
  int port() const { return port_; }
  bool ready() const { return ready_; }

 private:
  int port_;
  std::string endpoint_;
  Subprocess process_;
  bool ready_;
};

}  // namespace awsgov::testing
