// Request routing and the endpoints of HttpServer (see server.h for what each one serves).
// Only exact paths are served: civetweb's own prefix matching would also answer "/metrics/x".
// With a web config, every path (as in exporter-toolkit) first gets the configured headers and,
// when basic_auth_users is set, must carry valid credentials: 401 with WWW-Authenticate: Basic
// otherwise. The one exception is a collector's route that verifies its requests itself (a
// signed webhook; HttpRoute::verifies_itself).
// Thread-safety: Handle() is thread-safe when the HttpHandlers callbacks are; the router is
// immutable after construction except for the mutex that serialises reloads.
#pragma once

#include <memory>
#include <mutex>

#include "exporter/http/basic_auth.h"
#include "exporter/http/landing_page.h"
#include "exporter/http/response.h"
#include "exporter/http/server.h"

struct mg_connection;

namespace awsgov::http {

class Router {
 public:
  Router(const ServerOptions& options, HttpHandlers handlers);

  // Answers one request; returns the HTTP status sent (civetweb's "handled" convention).
  int Handle(mg_connection* conn);

 private:
  int Metrics(mg_connection* conn, bool head);
  int Landing(mg_connection* conn, bool head);
  int Ready(mg_connection* conn, bool head);
  int Reload(mg_connection* conn);
  // A path none of the above serves: a collector's route, or 404. `web_user`: who basic auth
  // authenticated ("" when not asked).
  int Route(mg_connection* conn, bool head, const std::string& web_user);
  // True for the paths the server serves itself (never left to a collector's route).
  bool IsOwnPath(std::string_view path) const;
  int Unauthorized(mg_connection* conn, bool head);

  std::string telemetry_path_;
  std::size_t max_request_body_bytes_;
  LandingPageInfo landing_;
  HttpHandlers handlers_;
  ConfiguredHeaders configured_headers_;
  std::unique_ptr<BasicAuth> basic_auth_;  // null: no authentication
  std::mutex reload_mutex_;
};

}  // namespace awsgov::http
