#include "exporter/aws/url.h"

#include <cctype>

namespace awsgov::aws {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool IsUnreserved(unsigned char c) {
  return std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~';
}

}  // namespace

UrlParts SplitUrl(std::string_view url) {
  UrlParts parts;
  std::string_view rest = url;
  if (auto colon = rest.find("://"); colon != std::string_view::npos) {
    parts.scheme = Lower(rest.substr(0, colon));
    rest.remove_prefix(colon + 3);
  }
  if (auto hash = rest.find('#'); hash != std::string_view::npos) rest = rest.substr(0, hash);
  std::size_t authority_end = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, authority_end);
  rest = authority_end == std::string_view::npos ? std::string_view() : rest.substr(authority_end);
  if (auto at = authority.rfind('@'); at != std::string_view::npos) authority.remove_prefix(at + 1);
  std::string_view port_text;
  if (!authority.empty() && authority.front() == '[') {
    auto close = authority.find(']');
    parts.ipv6 = true;
    parts.hostname = Lower(
        authority.substr(1, close == std::string_view::npos ? authority.size() - 1 : close - 1));
    if (close != std::string_view::npos && close + 1 < authority.size() &&
        authority[close + 1] == ':') {
      port_text = authority.substr(close + 2);
    }
  } else if (auto colon = authority.rfind(':'); colon != std::string_view::npos) {
    parts.hostname = Lower(authority.substr(0, colon));
    port_text = authority.substr(colon + 1);
  } else {
    parts.hostname = Lower(authority);
  }
  if (!port_text.empty()) {
    int port = 0;
    for (char c : port_text) {
      if (c < '0' || c > '9' || port > 65535) {
        port = -1;
        break;
      }
      port = port * 10 + (c - '0');
    }
    parts.port = port;
  }
  auto question = rest.find('?');
  parts.path = std::string(rest.substr(0, question));
  if (question != std::string_view::npos) parts.query = std::string(rest.substr(question + 1));
  return parts;
}

std::string HostHeaderFromUrl(std::string_view url) {
  UrlParts parts = SplitUrl(url);
  std::string host = parts.ipv6 ? "[" + parts.hostname + "]" : parts.hostname;
  int default_port = parts.scheme == "https" ? 443 : parts.scheme == "http" ? 80 : -1;
  if (parts.port >= 0 && parts.port != default_port) host += ":" + std::to_string(parts.port);
  return host;
}

std::string PercentEncode(std::string_view text, std::string_view safe) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size() + text.size() / 4);
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    if (IsUnreserved(c) || safe.find(ch) != std::string_view::npos) {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xF]);
    }
  }
  return out;
}

}  // namespace awsgov::aws
