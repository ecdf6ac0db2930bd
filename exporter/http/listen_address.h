// Parsing of --web.listen-address ("[host]:port") into civetweb's listening_ports syntax.
// Thread-safety: free functions, thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "exporter/core/status.h"

namespace awsgov::http {

inline constexpr int kDefaultPort = 9955;
inline constexpr const char* kDefaultListenAddress = ":9955";

struct ListenAddress {
  std::string host;  // empty = all interfaces; otherwise an IPv4 or IPv6 literal
  int port = 0;      // 0 = any free port (tests)
  bool ipv6 = false;
  // civetweb's listening_ports value: "9955", "127.0.0.1:9955" or "[::1]:9955". Built only from
  // validated parts, so a flag value cannot smuggle in civetweb's extra syntax (",", "s", "r").
  std::string civetweb_spec;
};

// Accepts ":9955", "0.0.0.0:9955", "127.0.0.1:9955", "localhost:9955" (as 127.0.0.1) and
// "[::1]:9955". Other host names are refused rather than resolved, so that the socket the exporter
// binds never depends on DNS at start-up.
Status ParseListenAddress(std::string_view text, ListenAddress* out);

}  // namespace awsgov::http
