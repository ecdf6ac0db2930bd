// The exporter's HTTP server on civetweb: /metrics (or --web.telemetry-path), the "/" landing page,
// /-/healthy, /-/ready, POST /-/reload, and the routes collectors contribute
// (HttpHandlers::routes). Every page comes from our own handler; civetweb's document_root is never
// set (CVE-2025-55763 in Debian's civetweb 1.15 is reachable only through it), and paths we do not
// serve get 404 from the same catch-all handler.
//
// The server knows nothing of the store, scheduler or config: it gets everything through
// HttpHandlers, so that it can be tested alone and the app decides what each endpoint means.
//
// Thread-safety: Start(), Stop(), port() and the destructor must be called from one controlling
// thread (not concurrently with each other). Requests are served on civetweb's worker threads,
// up to ServerOptions::num_threads at once, so every HttpHandlers callback must be thread-safe;
// reload() calls are serialised by the server. A callback must not call Stop() (Stop waits for the
// workers, including the one running that callback).
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "exporter/core/http_route.h"
#include "exporter/core/status.h"
#include "exporter/http/listen_address.h"
#include "exporter/snapshot/exposition.h"
#include "exporter/snapshot/store.h"

namespace awsgov::http {

struct WebConfig;  // web_config.h

struct HttpHandlers {
  // Required. The body of the telemetry path; may throw (answered with 500).
  std::function<Exposition(ExpositionFormat format, bool gzip)> metrics;
  // For the landing page; unset = no targets listed.
  std::function<std::vector<TargetStatus>()> targets;
  // POST /-/reload; unset = 501.
  std::function<Status()> reload;
  // /-/ready; unset = always ready.
  std::function<bool()> ready;
  // Paths the server does not serve itself (collectors' routes, see core/http_route.h): fills
  // the reply and returns true when a route owns the request's path; false = 404. Unset = 404.
  std::function<bool(const HttpRequest&, HttpReply*)> routes;
  // Whether the route owning `path` verifies requests itself (HttpRoute::verifies_itself), so
  // that basic auth is not required for it. Unset = none does.
  std::function<bool(const std::string& path)> route_verifies_itself;
};

struct ServerOptions {
  std::string listen_address = kDefaultListenAddress;  // see ParseListenAddress
  std::string telemetry_path = "/metrics";
  int num_threads = 8;
  // Upper bound for reading a request, so that a slow or stalled client cannot hold a worker.
  std::chrono::milliseconds request_timeout{10'000};
  // Only collectors' routes read a body; anything bigger is refused with 413 before any work.
  std::size_t max_request_body_bytes = 4096;
  // For the landing page.
  std::string version;
  std::string revision;
  std::vector<std::string> collectors;
  // --web.config.file, already loaded (LoadWebConfig): TLS, basic auth, extra headers. Null:
  // plain HTTP, no authentication.
  std::shared_ptr<const WebConfig> web_config;
};

class HttpServer {
 public:
  HttpServer(ServerOptions options, HttpHandlers handlers);
  ~HttpServer();  // Stop()
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Validates the options and starts listening. Errors name the listen address: InvalidArgument
  // for bad options (TLS files that do not load included), Unavailable when the socket cannot be
  // bound (port in use, no permission).
  Status Start();
  // Stops accepting, waits for requests in flight, releases the port. Idempotent.
  void Stop();

  bool running() const;
  // The port actually bound (useful when listen_address asked for port 0); 0 when not running.
  int port() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace awsgov::http
