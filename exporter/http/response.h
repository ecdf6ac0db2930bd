// Writing HTTP responses on a civetweb connection, with the headers every response carries.
// Thread-safety: each call touches only its own connection; call from that connection's handler.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

struct mg_connection;

namespace awsgov::http {

struct Header {
  const char* name;  // a literal
  std::string_view value;
};

inline constexpr std::string_view kTextPlain = "text/plain; charset=utf-8";
inline constexpr std::string_view kTextHtml = "text/html; charset=utf-8";

// Headers the operator configured (web config http_server_config.headers) for every response on
// `conn`; they replace a handler's header of the same name. `headers` must outlive the request.
using ConfiguredHeaders = std::vector<std::pair<std::string, std::string>>;
void SetConfiguredHeaders(mg_connection* conn, const ConfiguredHeaders* headers);

// Status line, `headers`, the configured headers, Content-Length and X-Content-Type-Options:
// nosniff. The body is written
// separately so that one response can be sent from several buffers without joining them.
void SendHeaders(mg_connection* conn, int status, std::initializer_list<Header> headers,
                 std::size_t content_length);
// Same, for headers made at run time (a collector route's reply).
void SendHeaders(mg_connection* conn, int status,
                 const std::vector<std::pair<std::string, std::string>>& headers,
                 std::size_t content_length);
// False when the client went away; there is nobody left to tell, so callers only log it.
bool WriteBody(mg_connection* conn, std::string_view bytes);

// A whole response; for HEAD the headers (with the Content-Length of `body`) but no body.
void SendResponse(mg_connection* conn, int status, std::initializer_list<Header> headers,
                  std::string_view body, bool head_only);
void SendText(mg_connection* conn, int status, std::string_view text, bool head_only = false);

}  // namespace awsgov::http
