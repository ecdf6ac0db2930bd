#include "exporter/http/server.h"

#include <arpa/inet.h>
#include <civetweb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <future>
#include <string>

#include "exporter/core/log.h"
#include "exporter/http/civetweb_library.h"
#include "exporter/http/router.h"
#include "exporter/http/tls_context.h"
#include "exporter/http/web_config.h"

namespace awsgov::http {
namespace {

constexpr int kMaxThreads = 64;

// civetweb reports why it could not start (e.g. "cannot bind to ...: 98 (Address already in
// use)") only through log_message, on the thread that calls mg_start2; while Start() runs, those
// messages are collected here to become the Status text.
thread_local std::string* start_messages = nullptr;

int LogCivetwebMessage(const mg_connection* /*conn*/, const char* message) {
  if (start_messages != nullptr) {
    if (!start_messages->empty()) *start_messages += "; ";
    *start_messages += message;
  } else {
    log::Warn("civetweb", {{"message", message}});
  }
  return 1;  // handled: civetweb must not print to stderr itself
}

// civetweb's init_ssl: we configure the whole SSL_CTX (returning 1 tells civetweb not to load
// certificates itself).
int InitSsl(void* ssl_ctx, void* tls_context) {
  Status status =
      static_cast<TlsContext*>(tls_context)->ConfigureContext(static_cast<SSL_CTX*>(ssl_ctx));
  if (status.ok()) return 1;
  if (start_messages != nullptr) {
    if (!start_messages->empty()) *start_messages += "; ";
    *start_messages += status.message();
  }
  return -1;
}

int HandleRequest(mg_connection* conn, void* router) {
  return static_cast<Router*>(router)->Handle(conn);
}

// Opens and closes one TCP connection to the listener. civetweb 1.15's accept loop waits in
// poll() for up to 2 s (its compiled-in SOCKET_TIMEOUT_QUANTUM) before it notices mg_stop; a
// connection ends that wait at once.
void PokeListener(const ListenAddress& address, int port) {
  const int family = address.ipv6 ? AF_INET6 : AF_INET;
  const int fd = socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return;
  sockaddr_storage storage{};
  socklen_t length = 0;
  if (address.ipv6) {
    auto* in6 = reinterpret_cast<sockaddr_in6*>(&storage);
    in6->sin6_family = AF_INET6;
    in6->sin6_port = htons(static_cast<uint16_t>(port));
    inet_pton(AF_INET6, address.host.c_str(), &in6->sin6_addr);
    length = sizeof *in6;
  } else {
    auto* in4 = reinterpret_cast<sockaddr_in*>(&storage);
    in4->sin_family = AF_INET;
    in4->sin_port = htons(static_cast<uint16_t>(port));
    // All interfaces (empty or 0.0.0.0) include loopback.
    const bool any = address.host.empty() || address.host == "0.0.0.0";
    inet_pton(AF_INET, any ? "127.0.0.1" : address.host.c_str(), &in4->sin_addr);
    length = sizeof *in4;
  }
  connect(fd, reinterpret_cast<sockaddr*>(&storage), length);
  close(fd);
}

Status ValidateTelemetryPath(const std::string& path) {
  if (path.size() < 2 || path.front() != '/') {
    return InvalidArgument("telemetry path \"" + path + "\" must start with / and not be /");
  }
  if (path == "/-" || path.rfind("/-/", 0) == 0) {
    return InvalidArgument("telemetry path \"" + path + "\" collides with the /-/ endpoints");
  }
  for (char c : path) {
    if (static_cast<unsigned char>(c) <= ' ' || c == '?' || c == '#' || c == 0x7f) {
      return InvalidArgument("telemetry path \"" + path +
                             "\" contains a space, control "
                             "character, ? or #");
    }
  }
  return Status::Ok();
}

}  // namespace

struct HttpServer::Impl {
  ServerOptions options;
  HttpHandlers handlers;
  std::unique_ptr<Router> router;
  std::unique_ptr<TlsContext> tls;  // null without TLS; outlives the context (handshakes use it)
  CivetwebLibrary library;
  ListenAddress address;
  mg_context* context = nullptr;
  int port = 0;
};

HttpServer::HttpServer(ServerOptions options, HttpHandlers handlers) : impl_(new Impl) {
  impl_->options = std::move(options);
  impl_->handlers = std::move(handlers);
}

HttpServer::~HttpServer() { Stop(); }

Status HttpServer::Start() {
  const ServerOptions& options = impl_->options;
  const std::string where = "http server on " + options.listen_address;
  if (impl_->context != nullptr) return Internal(where + ": already started");
  if (!impl_->handlers.metrics) return InvalidArgument(where + ": no metrics handler");
  if (options.num_threads < 1 || options.num_threads > kMaxThreads) {
    return InvalidArgument(where + ": num_threads must be 1.." + std::to_string(kMaxThreads));
  }
  if (options.request_timeout.count() <= 0) {
    return InvalidArgument(where + ": request timeout must be positive");
  }
  if (Status status = ValidateTelemetryPath(options.telemetry_path); !status.ok()) return status;
  ListenAddress address;
  if (Status status = ParseListenAddress(options.listen_address, &address); !status.ok()) {
    return status;
  }
  if (address.ipv6 && mg_check_feature(MG_FEATURES_IPV6) == 0) {
    return InvalidArgument("listen address \"" + options.listen_address +
                           "\": this civetweb build has no IPv6 support");
  }
  const bool tls = options.web_config && options.web_config->tls.enabled;
  std::unique_ptr<TlsContext> tls_context;
  if (tls) {
    if (Status status = TlsContext::Create(options.web_config->tls, &tls_context); !status.ok()) {
      return status.WithContext(where + ": " + options.web_config->file);
    }
  }
  // With TLS, refuse to start when civetweb cannot load OpenSSL rather than fail per connection.
  if (Status status = CivetwebLibrary::Acquire(tls ? MG_FEATURES_TLS : 0, &impl_->library);
      !status.ok()) {
    return status.WithContext(where);
  }
  // "s": civetweb's TLS port; the spec is built from validated parts (listen_address.h).
  const std::string listening_ports = address.civetweb_spec + (tls ? "s" : "");

  const std::string threads = std::to_string(options.num_threads);
  const std::string timeout = std::to_string(options.request_timeout.count());
  // document_root is deliberately absent (see server.h). Keep-alive is off so that an idle
  // scraper connection never pins one of the few workers.
  const char* civetweb_options[] = {"listening_ports",
                                    listening_ports.c_str(),
                                    "num_threads",
                                    threads.c_str(),
                                    "request_timeout_ms",
                                    timeout.c_str(),
                                    "enable_keep_alive",
                                    "no",
                                    nullptr};
  mg_callbacks callbacks{};
  callbacks.log_message = LogCivetwebMessage;
  if (tls) callbacks.init_ssl = InitSsl;
  mg_init_data init{&callbacks, tls_context.get(), civetweb_options};
  char error_text[256] = "";
  unsigned error_code = 0;
  mg_error_data error{&error_code, error_text, sizeof error_text};

  std::string messages;
  start_messages = &messages;
  mg_context* context = mg_start2(&init, &error);
  start_messages = nullptr;
  if (context == nullptr) {
    impl_->library.Release();
    std::string detail = messages;
    if (error_text[0] != '\0' && detail.find(error_text) == std::string::npos) {
      detail += detail.empty() ? "" : "; ";
      detail += error_text;
    }
    return Unavailable("cannot listen on " + options.listen_address + ": " + detail);
  }
  impl_->tls = std::move(tls_context);
  impl_->router = std::make_unique<Router>(options, impl_->handlers);
  mg_set_request_handler(context, "/", HandleRequest, impl_->router.get());
  impl_->context = context;
  impl_->address = address;

  mg_server_port ports[4] = {};
  const int count = mg_get_server_ports(context, 4, ports);
  impl_->port = count > 0 ? ports[0].port : 0;
  const bool auth = options.web_config && options.web_config->basic_auth_users.has_value();
  log::Info("http server listening", {{"address", options.listen_address},
                                      {"port", std::to_string(impl_->port)},
                                      {"telemetry_path", options.telemetry_path},
                                      {"tls", tls ? "true" : "false"},
                                      {"basic_auth", auth ? "true" : "false"}});
  return Status::Ok();
}

void HttpServer::Stop() {
  if (impl_->context == nullptr) return;
  // mg_stop joins the workers, so no request uses the router afterwards. It runs on a helper
  // thread so that this one can wake civetweb's accept loop until it has noticed the stop.
  mg_context* context = impl_->context;
  std::future<void> stopped = std::async(std::launch::async, [context] { mg_stop(context); });
  while (stopped.wait_for(std::chrono::milliseconds(20)) != std::future_status::ready) {
    if (impl_->port > 0) PokeListener(impl_->address, impl_->port);
  }
  impl_->context = nullptr;
  impl_->router.reset();
  impl_->tls.reset();
  impl_->port = 0;
  impl_->library.Release();
}

bool HttpServer::running() const { return impl_->context != nullptr; }

int HttpServer::port() const { return impl_->port; }

}  // namespace awsgov::http
