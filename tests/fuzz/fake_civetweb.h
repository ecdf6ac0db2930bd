// A FAKE civetweb connection for fuzzing the exporter's request handling without sockets.
// fake_civetweb.cpp defines the mg_* functions that exporter/http/router.cpp and response.cpp
// call (mg_get_request_info, mg_get_header, mg_read, mg_write, mg_response_header_*,
// mg_{get,set}_user_connection_data); being in the executable, those definitions take precedence
// over libcivetweb's, so the real Router runs against a request parsed from the fuzz input.
//
// The request is parsed as civetweb hands it to a handler: method, the path URL-decoded (with
// civetweb's dot-segment removal reduced to what matters here: none, so "/a/../b" reaches the
// router as written, a harder case than civetweb's), the raw query, up to 64 headers and
// Content-Length. The response side checks what civetweb would send blindly: a status in
// 100..599, no CR or LF in a header name or value (response splitting), one header block,
// and a body of exactly the announced Content-Length. A violation aborts (a finding).
//
// Thread-safety: not thread-safe; one request at a time.
#pragma once

#include <civetweb.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

struct mg_connection {
  // Request, as civetweb parsed it; the strings below back the pointers in `info`.
  mg_request_info info{};
  std::string method, uri, local_uri, query, version;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::size_t body_read = 0;
  void* user_data = nullptr;
  // Response, as the handler sent it.
  int status = 0;
  bool headers_sent = false;
  bool head_request = false;
  std::vector<std::pair<std::string, std::string>> response_headers;
  std::string response_body;
};

namespace awsgov::fuzz {

// "METHOD URI VERSION\r\nName: value\r\n...\r\n\r\nbody" (LF alone is accepted too). Never
// fails: what is missing stays empty.
void ParseRequest(std::string_view text, mg_connection* conn);

// The checks of the response (see above); aborts on a violation.
void CheckResponse(const mg_connection& conn, int returned_status);

// True when the response carries each of `headers` with exactly its value.
bool HasHeaders(const mg_connection& conn,
                const std::vector<std::pair<std::string, std::string>>& headers);

}  // namespace awsgov::fuzz
