// The HTTP seam of the AWS client: everything that talks to the network goes through
// HttpTransport, so tests can replace it and fault injection can wrap it.
// Thread-safety: HttpTransport implementations are thread-safe.
#pragma once

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "exporter/core/status.h"

namespace awsgov::aws {

struct HttpRequest {
  std::string method = "GET";
  std::string url;  // scheme://host[:port]/path?query, path and query already encoded
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

struct HttpResponse {
  long status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;
  // Returns the first header with this lower-case name, or "".
  std::string Header(const std::string& lower_name) const;
};

struct HttpOptions {
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds total_timeout{30000};
  std::size_t max_response_bytes = 256u << 20;  // larger bodies are an error, not a crash
};

class HttpTransport {
 public:
  virtual ~HttpTransport() = default;
  // A transport error (DNS, connect, reset, timeout, size cap) is a non-OK Status; any HTTP
  // status, including 4xx/5xx, is OK with response->status set.
  virtual Status Send(const HttpRequest& request, HttpResponse* response) = 0;
};

}  // namespace awsgov::aws
