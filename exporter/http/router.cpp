#include "exporter/http/router.h"

#include <civetweb.h>

#include <cctype>
#include <exception>
#include <string_view>

#include "exporter/core/log.h"
#include "exporter/http/response.h"
#include "exporter/http/web_config.h"

namespace awsgov::http {
namespace {

// Allows no scripts, no external resources, no framing, no forms: the page is static HTML.
constexpr std::string_view kContentSecurityPolicy =
    "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

std::string_view HeaderOrEmpty(const mg_connection* conn, const char* name) {
  const char* value = mg_get_header(conn, name);
  return value == nullptr ? std::string_view() : std::string_view(value);
}

int MethodNotAllowed(mg_connection* conn, std::string_view allow) {
  constexpr std::string_view kBody = "method not allowed\n";
  SendResponse(conn, 405,
               {{"Content-Type", kTextPlain}, {"Cache-Control", "no-store"}, {"Allow", allow}},
               kBody, false);
  return 405;
}

std::string ExceptionText(std::exception_ptr error) {
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& e) {
    return e.what();
  } catch (...) {
    return "unknown exception";
  }
}

}  // namespace

Router::Router(const ServerOptions& options, HttpHandlers handlers)
    : telemetry_path_(options.telemetry_path),
      max_request_body_bytes_(options.max_request_body_bytes),
      handlers_(std::move(handlers)) {
  landing_.version = options.version;
  landing_.revision = options.revision;
  landing_.telemetry_path = options.telemetry_path;
  landing_.collectors = options.collectors;
  if (options.web_config) {
    configured_headers_ = options.web_config->headers;
    if (options.web_config->basic_auth_users) {
      basic_auth_ = std::make_unique<BasicAuth>(*options.web_config->basic_auth_users);
    }
  }
}

int Router::Handle(mg_connection* conn) {
  const mg_request_info* request = mg_get_request_info(conn);
  const std::string_view method = request->request_method ? request->request_method : "";
  const std::string_view path = request->local_uri ? request->local_uri : "";
  const bool head = method == "HEAD";
  const bool get_or_head = method == "GET" || head;

  SetConfiguredHeaders(conn, configured_headers_.empty() ? nullptr : &configured_headers_);
  std::string web_user;
  if (basic_auth_ && !basic_auth_->Check(HeaderOrEmpty(conn, "Authorization"), &web_user)) {
    const bool verifies_itself = !IsOwnPath(path) && handlers_.route_verifies_itself &&
                                 handlers_.route_verifies_itself(std::string(path));
    if (!verifies_itself) return Unauthorized(conn, head);
    web_user.clear();
  }

  // No handler reads a body, and keep-alive is off, so an unread (e.g. chunked) body is dropped
  // with the connection; a declared length over the cap is refused before any work is done.
  if (request->content_length > 0 &&
      static_cast<unsigned long long>(request->content_length) > max_request_body_bytes_) {
    SendText(conn, 413, "request body too large\n", head);
    return 413;
  }
  try {
    if (path == telemetry_path_) {
      return get_or_head ? Metrics(conn, head) : MethodNotAllowed(conn, "GET, HEAD");
    }
    if (path == "/") return get_or_head ? Landing(conn, head) : MethodNotAllowed(conn, "GET, HEAD");
    if (path == "/-/healthy") {
      if (!get_or_head) return MethodNotAllowed(conn, "GET, HEAD");
      SendText(conn, 200, "OK\n", head);
      return 200;
    }
    if (path == "/-/ready")
      return get_or_head ? Ready(conn, head) : MethodNotAllowed(conn, "GET, HEAD");
    if (path == "/-/reload")
      return method == "POST" ? Reload(conn) : MethodNotAllowed(conn, "POST");
    return Route(conn, head, web_user);
  } catch (...) {
    // A handler failed before sending anything (sending itself does not throw).
    log::Error("http handler failed",
               {{"path", path}, {"error", ExceptionText(std::current_exception())}});
    SendText(conn, 500, "internal server error\n", head);
    return 500;
  }
}

int Router::Unauthorized(mg_connection* conn, bool head) {
  // Neither the user name nor anything of the credentials is logged: a mistyped password often
  // lands in the user field.
  log::Debug("request refused: missing or invalid basic auth credentials");
  SendResponse(
      conn, 401,
      {{"Content-Type", kTextPlain}, {"WWW-Authenticate", "Basic"}, {"Cache-Control", "no-store"}},
      "Unauthorized\n", head);
  return 401;
}

int Router::Metrics(mg_connection* conn, bool head) {
  const ExpositionFormat format = NegotiateFormat(HeaderOrEmpty(conn, "Accept"));
  const bool gzip = AcceptsGzip(HeaderOrEmpty(conn, "Accept-Encoding"));
  Exposition exposition;
  try {
    exposition = handlers_.metrics(format, gzip);
  } catch (...) {
    // The detail goes to the log only: an error text could carry more than a scraper should see.
    log::Error("rendering metrics failed", {{"error", ExceptionText(std::current_exception())}});
    SendText(conn, 500, "error rendering metrics\n", head);
    return 500;
  }
  if (exposition.cached == nullptr) {
    log::Error("rendering metrics failed", {{"error", "exposition without cached bytes"}});
    SendText(conn, 500, "error rendering metrics\n", head);
    return 500;
  }
  const std::string_view content_type =
      exposition.content_type.empty() ? ContentType(format) : exposition.content_type;
  const std::size_t length = exposition.cached->size() + exposition.tail.size();
  // The format follows Accept and the encoding Accept-Encoding: caches must key on both.
  constexpr std::string_view kVary = "Accept, Accept-Encoding";
  if (exposition.gzip) {
    SendHeaders(conn, 200,
                {{"Content-Type", content_type}, {"Content-Encoding", "gzip"}, {"Vary", kVary}},
                length);
  } else {
    SendHeaders(conn, 200, {{"Content-Type", content_type}, {"Vary", kVary}}, length);
  }
  if (!head && !(WriteBody(conn, *exposition.cached) && WriteBody(conn, exposition.tail))) {
    log::Debug("metrics client went away before the body was sent");
  }
  return 200;
}

int Router::Landing(mg_connection* conn, bool head) {
  std::vector<TargetStatus> targets;
  if (handlers_.targets) targets = handlers_.targets();
  const std::string html = RenderLandingPage(landing_, targets);
  SendResponse(conn, 200,
               {{"Content-Type", kTextHtml},
                {"Content-Security-Policy", kContentSecurityPolicy},
                {"X-Frame-Options", "DENY"},
                {"Referrer-Policy", "no-referrer"},
                {"Cache-Control", "no-store"}},
               html, head);
  return 200;
}

int Router::Ready(mg_connection* conn, bool head) {
  const bool ready = !handlers_.ready || handlers_.ready();
  if (ready) {
    SendText(conn, 200, "OK\n", head);
    return 200;
  }
  SendText(conn, 503, "not ready\n", head);
  return 503;
}

bool Router::IsOwnPath(std::string_view path) const {
  return path == telemetry_path_ || path == "/" || path.rfind("/-/", 0) == 0;
}

int Router::Route(mg_connection* conn, bool head, const std::string& web_user) {
  if (!handlers_.routes) {
    SendText(conn, 404, "404 page not found\n", head);
    return 404;
  }
  const mg_request_info* info = mg_get_request_info(conn);
  HttpRequest request;
  request.method = info->request_method ? info->request_method : "";
  request.path = info->local_uri ? info->local_uri : "";
  request.query = info->query_string ? info->query_string : "";
  request.web_user = web_user;
  for (int i = 0; i < info->num_headers; ++i) {
    std::string name = info->http_headers[i].name ? info->http_headers[i].name : "";
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    request.headers[name] = info->http_headers[i].value ? info->http_headers[i].value : "";
  }
  // The declared length is within the cap (checked above); a chunked body is read up to it.
  char buffer[4096];
  int n;
  while ((n = mg_read(conn, buffer, sizeof buffer)) > 0) {
    request.body.append(buffer, static_cast<std::size_t>(n));
    if (request.body.size() > max_request_body_bytes_) {
      SendText(conn, 413, "request body too large\n", head);
      return 413;
    }
  }
  HttpReply reply;
  if (!handlers_.routes(request, &reply)) {
    SendText(conn, 404, "404 page not found\n", head);
    return 404;
  }
  // Through SendHeaders like every other response, so that the web config's headers are on
  // the collectors' pages too.
  std::vector<std::pair<std::string, std::string>> headers;
  headers.reserve(reply.headers.size() + 1);
  headers.emplace_back("Content-Type", reply.content_type);
  headers.insert(headers.end(), reply.headers.begin(), reply.headers.end());
  SendHeaders(conn, reply.status, headers, reply.body.size());
  if (!head) WriteBody(conn, reply.body);
  return reply.status;
}

int Router::Reload(mg_connection* conn) {
  if (!handlers_.reload) {
    SendText(conn, 501, "reload is not supported\n");
    return 501;
  }
  Status status;
  {
    std::lock_guard<std::mutex> lock(reload_mutex_);
    status = handlers_.reload();
  }
  if (status.ok()) {
    SendText(conn, 200, "OK\n");
    return 200;
  }
  log::Error("reload failed", {{"error", status.ToString()}});
  SendText(conn, 500, "reload failed: " + status.ToString() + "\n");
  return 500;
}

}  // namespace awsgov::http
