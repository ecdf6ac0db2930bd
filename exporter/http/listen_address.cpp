#include "exporter/http/listen_address.h"

#include <arpa/inet.h>

#include <charconv>

namespace awsgov::http {
namespace {

Status Invalid(std::string_view text, std::string_view why) {
  return InvalidArgument("listen address \"" + std::string(text) + "\": " + std::string(why));
}

bool ParsePort(std::string_view digits, int* port) {
  if (digits.empty() || digits.size() > 5) return false;
  for (char c : digits) {
    if (c < '0' || c > '9') return false;
  }
  int value = 0;
  std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (value > 65535) return false;
  *port = value;
  return true;
}

}  // namespace

Status ParseListenAddress(std::string_view text, ListenAddress* out) {
  ListenAddress result;
  std::string_view port_text;
  if (!text.empty() && text.front() == '[') {
    const std::size_t close = text.find(']');
    if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':') {
      return Invalid(text, "expected [ipv6-address]:port");
    }
    result.host = std::string(text.substr(1, close - 1));
    result.ipv6 = true;
    in6_addr ignored{};
    if (inet_pton(AF_INET6, result.host.c_str(), &ignored) != 1) {
      return Invalid(text, "\"" + result.host + "\" is not an IPv6 address");
    }
    port_text = text.substr(close + 2);
  } else {
    const std::size_t colon = text.rfind(':');
    if (colon == std::string_view::npos) return Invalid(text, "expected [host]:port");
    result.host = std::string(text.substr(0, colon));
    port_text = text.substr(colon + 1);
    if (result.host == "localhost") result.host = "127.0.0.1";
    if (!result.host.empty()) {
      in_addr ignored{};
      if (inet_pton(AF_INET, result.host.c_str(), &ignored) != 1) {
        return Invalid(text,
                       "host must be empty (all interfaces), localhost, an IPv4 address or "
                       "a bracketed IPv6 address");
      }
    }
  }
  if (!ParsePort(port_text, &result.port)) {
    return Invalid(text, "port must be a number from 0 to 65535");
  }
  const std::string port = std::to_string(result.port);
  if (result.host.empty()) {
    result.civetweb_spec = port;
  } else if (result.ipv6) {
    result.civetweb_spec = "[" + result.host + "]:" + port;
  } else {
    result.civetweb_spec = result.host + ":" + port;
  }
  *out = std::move(result);
  return Status::Ok();
}

}  // namespace awsgov::http
