#include "exporter/http/response.h"

#include <civetweb.h>

#include <cctype>
#include <string>

namespace awsgov::http {
namespace {

bool SameName(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

bool Configured(const ConfiguredHeaders* configured, std::string_view name) {
  if (configured == nullptr) return false;
  for (const auto& [configured_name, value] : *configured) {
    if (SameName(configured_name, name)) return true;
  }
  return false;
}

}  // namespace

void SetConfiguredHeaders(mg_connection* conn, const ConfiguredHeaders* headers) {
  // civetweb's per-connection slot: the connection's handler thread is the only reader.
  mg_set_user_connection_data(conn, const_cast<ConfiguredHeaders*>(headers));
}

namespace {

// Status line, the handler's headers (those the operator configured replace theirs), the
// configured ones, Content-Length and X-Content-Type-Options. `each_header(fn)` calls
// fn(name, value) for every handler header.
template <typename EachHeader>
void SendHeaderBlock(mg_connection* conn, int status, const EachHeader& each_header,
                     std::size_t content_length) {
  const auto* configured = static_cast<const ConfiguredHeaders*>(mg_get_user_connection_data(conn));
  mg_response_header_start(conn, status);
  each_header([&](const char* name, std::string_view value) {
    if (Configured(configured, name)) return;
    mg_response_header_add(conn, name, value.data(), static_cast<int>(value.size()));
  });
  if (configured != nullptr) {
    for (const auto& [name, value] : *configured) {
      mg_response_header_add(conn, name.c_str(), value.data(), static_cast<int>(value.size()));
    }
  }
  const std::string length = std::to_string(content_length);
  mg_response_header_add(conn, "Content-Length", length.c_str(), -1);
  if (!Configured(configured, "X-Content-Type-Options")) {
    mg_response_header_add(conn, "X-Content-Type-Options", "nosniff", -1);
  }
  mg_response_header_send(conn);
}

}  // namespace

void SendHeaders(mg_connection* conn, int status, std::initializer_list<Header> headers,
                 std::size_t content_length) {
  SendHeaderBlock(
      conn, status,
      [&](const auto& add) {
        for (const Header& header : headers) add(header.name, header.value);
      },
      content_length);
}

void SendHeaders(mg_connection* conn, int status,
                 const std::vector<std::pair<std::string, std::string>>& headers,
                 std::size_t content_length) {
  SendHeaderBlock(
      conn, status,
      [&](const auto& add) {
        for (const auto& [name, value] : headers) add(name.c_str(), value);
      },
      content_length);
}

bool WriteBody(mg_connection* conn, std::string_view bytes) {
  // mg_write takes a size_t but returns int: write in chunks that the return value can report.
  constexpr std::size_t kChunk = 1 << 20;
  while (!bytes.empty()) {
    const std::size_t size = bytes.size() < kChunk ? bytes.size() : kChunk;
    if (mg_write(conn, bytes.data(), size) != static_cast<int>(size)) return false;
    bytes.remove_prefix(size);
  }
  return true;
}

void SendResponse(mg_connection* conn, int status, std::initializer_list<Header> headers,
                  std::string_view body, bool head_only) {
  SendHeaders(conn, status, headers, body.size());
  if (!head_only) WriteBody(conn, body);
}

void SendText(mg_connection* conn, int status, std::string_view text, bool head_only) {
  SendResponse(conn, status, {{"Content-Type", kTextPlain}, {"Cache-Control", "no-store"}}, text,
               head_only);
}

}  // namespace awsgov::http
