// The production HttpTransport over libcurl: TLS verification on, connect and total timeouts, a
// response-size cap, proxies from the environment (http_proxy, HTTPS_PROXY, NO_PROXY, ...).
// Easy handles are pooled and reused so that connections (and TLS sessions) to AWS stay open
// between requests; each in-flight request has its own handle.
// Thread-safety: thread-safe.
#pragma once

#include <mutex>
#include <vector>

#include "exporter/aws/http.h"

namespace awsgov::aws {

class CurlTransport final : public HttpTransport {
 public:
  explicit CurlTransport(HttpOptions options = {});
  ~CurlTransport() override;
  CurlTransport(const CurlTransport&) = delete;
  CurlTransport& operator=(const CurlTransport&) = delete;

  Status Send(const HttpRequest& request, HttpResponse* response) override;

 private:
  void* AcquireHandle();  // CURL*
  void ReleaseHandle(void* handle);

  const HttpOptions options_;
  std::mutex mu_;
  std::vector<void*> idle_handles_;
};

}  // namespace awsgov::aws
