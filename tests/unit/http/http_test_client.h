// Test-only HTTP client (libcurl, no automatic decoding) plus a raw-socket request for checks
// libcurl hides (a HEAD response's bytes), and gzip helpers. Thread-safety: functions are
// thread-safe (one curl handle per call).
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace awsgov::http::testing {

struct HttpResult {
  long status = 0;                             // 0 = transport error, see `error`
  std::map<std::string, std::string> headers;  // names lower-cased; last value wins
  std::string body;
  std::string error;

  std::string Header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? "" : it->second;
  }
};

HttpResult Fetch(const std::string& method, const std::string& url,
                 const std::vector<std::string>& request_headers = {},
                 const std::string& body = "");

// Sends `request` verbatim to 127.0.0.1:port and returns every byte until the server closes.
std::string RawExchange(int port, const std::string& request);

// A connection to 127.0.0.1:port that has sent `partial` and then goes silent, like a slow or
// stalled client. Closed on destruction.
class StalledConnection {
 public:
  StalledConnection(int port, const std::string& partial);
  ~StalledConnection();
  StalledConnection(const StalledConnection&) = delete;
  StalledConnection& operator=(const StalledConnection&) = delete;
  // Everything the server sends until it closes the connection (or 30 s pass).
  std::string ReadUntilClosed();
  // True when the server closed the connection (not our 30 s receive timeout).
  bool closed_by_server() const { return closed_by_server_; }

 private:
  int fd_ = -1;
  bool closed_by_server_ = false;
};

std::string GzipMember(const std::string& data);
// Decodes a gzip stream of one or more members; throws std::runtime_error on corrupt input.
std::string Gunzip(const std::string& data);

}  // namespace awsgov::http::testing
