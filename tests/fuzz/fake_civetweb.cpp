// FAKE civetweb (see fake_civetweb.h): the mg_* functions the router uses, over mg_connection
// as defined there.
#include "tests/fuzz/fake_civetweb.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace awsgov::fuzz {
namespace {

[[noreturn]] void Fail(const char* what, std::string_view detail = {}) {
  std::fprintf(stderr, "fake civetweb: %s: %.*s\n", what, static_cast<int>(detail.size()),
               detail.data());
  std::abort();
}

std::string_view TakeLine(std::string_view* rest) {
  const std::size_t end = rest->find('\n');
  std::string_view line = rest->substr(0, end);
  rest->remove_prefix(end == std::string_view::npos ? rest->size() : end + 1);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// As civetweb's mg_url_decode for paths: %XX decoded, '+' kept.
std::string UrlDecode(std::string_view in) {
  std::string out;
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '%' && i + 2 < in.size() && HexValue(in[i + 1]) >= 0 && HexValue(in[i + 2]) >= 0) {
      out.push_back(static_cast<char>(HexValue(in[i + 1]) * 16 + HexValue(in[i + 2])));
      i += 2;
    } else {
      out.push_back(in[i]);
    }
  }
  // civetweb's strings are C strings: a decoded NUL ends the path.
  if (std::size_t nul = out.find('\0'); nul != std::string::npos) out.resize(nul);
  return out;
}

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

// The response's header `name`, or nullptr.
const std::string* ResponseHeader(const mg_connection& conn, std::string_view name) {
  for (const auto& [n, v] : conn.response_headers) {
    if (SameName(n, name)) return &v;
  }
  return nullptr;
}

}  // namespace

void ParseRequest(std::string_view text, mg_connection* conn) {
  // civetweb's strings are NUL-terminated: nothing after a NUL in the head reaches a handler.
  std::string_view rest = text;
  std::string_view request_line = TakeLine(&rest);
  if (std::size_t nul = request_line.find('\0'); nul != std::string_view::npos) {
    request_line = request_line.substr(0, nul);
  }
  const std::size_t sp1 = request_line.find(' ');
  conn->method = std::string(request_line.substr(0, sp1));
  std::string_view after = sp1 == std::string_view::npos ? "" : request_line.substr(sp1 + 1);
  const std::size_t sp2 = after.find(' ');
  conn->uri = std::string(after.substr(0, sp2));
  conn->version = sp2 == std::string_view::npos ? "1.1" : std::string(after.substr(sp2 + 1));
  const std::size_t question = conn->uri.find('?');
  conn->local_uri = UrlDecode(std::string_view(conn->uri).substr(0, question));
  const bool has_query = question != std::string::npos;
  if (has_query) conn->query = conn->uri.substr(question + 1);

  while (!rest.empty()) {
    std::string_view line = TakeLine(&rest);
    if (line.empty()) break;
    if (std::size_t nul = line.find('\0'); nul != std::string_view::npos)
      line = line.substr(0, nul);
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos || conn->headers.size() >= MG_MAX_HEADERS) continue;
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
      value.remove_prefix(1);
    conn->headers.emplace_back(std::string(line.substr(0, colon)), std::string(value));
  }
  conn->body = std::string(rest);

  mg_request_info& info = conn->info;
  info.request_method = conn->method.c_str();
  info.request_uri = conn->uri.c_str();
  info.local_uri_raw = conn->local_uri.c_str();
  info.local_uri = conn->local_uri.c_str();
  info.http_version = conn->version.c_str();
  info.query_string = has_query ? conn->query.c_str() : nullptr;
  std::strcpy(info.remote_addr, "127.0.0.1");
  info.content_length = -1;
  info.num_headers = static_cast<int>(conn->headers.size());
  for (std::size_t i = 0; i < conn->headers.size(); ++i) {
    info.http_headers[i].name = conn->headers[i].first.c_str();
    info.http_headers[i].value = conn->headers[i].second.c_str();
    if (SameName(conn->headers[i].first, "Content-Length")) {
      const std::string& v = conn->headers[i].second;
      long long length = -1;
      auto [end, error] = std::from_chars(v.data(), v.data() + v.size(), length);
      // civetweb answers 400 itself to a malformed or negative length: no handler sees it.
      if (error == std::errc() && end == v.data() + v.size() && length >= 0) {
        info.content_length = length;
      }
    }
  }
  conn->head_request = conn->method == "HEAD";
}

void CheckResponse(const mg_connection& conn, int returned_status) {
  if (!conn.headers_sent) Fail("handler returned without sending headers");
  if (conn.status < 100 || conn.status > 599) Fail("status out of range");
  if (returned_status != conn.status) Fail("handler returned a status other than the one sent");
  for (const auto& [name, value] : conn.response_headers) {
    if (name.empty()) Fail("empty header name");
    if (name.find_first_of("\r\n:") != std::string::npos) Fail("bad header name", name);
    if (value.find_first_of("\r\n") != std::string::npos) Fail("CR/LF in header value", name);
    if (value.find('\0') != std::string::npos) Fail("NUL in header value", name);
  }
  const std::string* length = ResponseHeader(conn, "Content-Length");
  if (length == nullptr) Fail("no Content-Length");
  if (!conn.head_request && *length != std::to_string(conn.response_body.size())) {
    Fail("Content-Length differs from the body sent", *length);
  }
  if (conn.head_request && !conn.response_body.empty()) Fail("body sent for HEAD");
}

bool HasHeaders(const mg_connection& conn,
                const std::vector<std::pair<std::string, std::string>>& headers) {
  for (const auto& [name, value] : headers) {
    const std::string* got = ResponseHeader(conn, name);
    if (got == nullptr || *got != value) return false;
  }
  return true;
}

}  // namespace awsgov::fuzz

// The civetweb API, as far as the router uses it.
extern "C" {

const mg_request_info* mg_get_request_info(const mg_connection* conn) { return &conn->info; }

const char* mg_get_header(const mg_connection* conn, const char* name) {
  for (const auto& [n, v] : conn->headers) {
    if (awsgov::fuzz::SameName(n, name)) return v.c_str();
  }
  return nullptr;
}

int mg_read(mg_connection* conn, void* buf, size_t len) {
  // A body is readable up to Content-Length, or (chunked) to its end; else there is none.
  std::size_t available = 0;
  if (conn->info.content_length >= 0) {
    available = std::min<std::size_t>(static_cast<std::size_t>(conn->info.content_length),
                                      conn->body.size());
  } else if (const char* te = mg_get_header(conn, "Transfer-Encoding");
             te != nullptr && awsgov::fuzz::SameName(te, "chunked")) {
    available = conn->body.size();
  }
  if (conn->body_read >= available) return 0;
  const std::size_t n = std::min(len, available - conn->body_read);
  std::memcpy(buf, conn->body.data() + conn->body_read, n);
  conn->body_read += n;
  return static_cast<int>(n);
}

int mg_write(mg_connection* conn, const void* buf, size_t len) {
  if (!conn->headers_sent) awsgov::fuzz::Fail("body written before the headers");
  conn->response_body.append(static_cast<const char*>(buf), len);
  return static_cast<int>(len);
}

int mg_response_header_start(mg_connection* conn, int status) {
  if (conn->status != 0) awsgov::fuzz::Fail("a second response started");
  conn->status = status;
  return 0;
}

int mg_response_header_add(mg_connection* conn, const char* header, const char* value,
                           int value_len) {
  if (conn->status == 0 || conn->headers_sent) awsgov::fuzz::Fail("header outside a header block");
  conn->response_headers.emplace_back(
      header, value_len < 0 ? std::string(value) : std::string(value, value_len));
  return 0;
}

int mg_response_header_send(mg_connection* conn) {
  if (conn->status == 0 || conn->headers_sent) awsgov::fuzz::Fail("header block sent twice");
  conn->headers_sent = true;
  return 0;
}

void mg_set_user_connection_data(const mg_connection* conn, void* data) {
  const_cast<mg_connection*>(conn)->user_data = data;
}

void* mg_get_user_connection_data(const mg_connection* conn) { return conn->user_data; }

}  // extern "C"
