// URL pieces and percent-encoding as the AWS SDKs use them (RFC 3986 unreserved characters are
// never encoded). Thread-safety: free functions, thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace awsgov::aws {

struct UrlParts {
  std::string scheme;    // lower-cased: "https"
  std::string hostname;  // lower-cased, without brackets for IPv6
  int port = -1;         // -1 when the URL names none
  std::string path;      // raw, as in the URL ("" when absent)
  std::string query;     // raw, without '?'
  bool ipv6 = false;
};

// Splits scheme://[userinfo@]host[:port][/path][?query][#fragment] like Python's urlsplit.
UrlParts SplitUrl(std::string_view url);

// The Host header value botocore derives from a URL: host, plus ":port" unless the default.
std::string HostHeaderFromUrl(std::string_view url);

// Percent-encodes every byte except A-Z a-z 0-9 - _ . ~ and those in `safe`.
std::string PercentEncode(std::string_view text, std::string_view safe = "");

}  // namespace awsgov::aws
