#include "exporter/aws/sigv4.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <ctime>
#include <map>
#include <utility>
#include <vector>

#include "exporter/aws/url.h"

namespace awsgov::aws {
namespace {

// Headers botocore never signs: hop-by-hop headers and ones proxies or clients rewrite.
constexpr std::array<std::string_view, 11> kUnsignedHeaders = {"connection",
                                                               "expect",
                                                               "keep-alive",
                                                               "proxy-authenticate",
                                                               "proxy-authorization",
                                                               "te",
                                                               "trailer",
                                                               "transfer-encoding",
                                                               "upgrade",
                                                               "user-agent",
                                                               "x-amzn-trace-id"};

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && Lower(a) == Lower(b);
}

std::string Hex(const unsigned char* data, std::size_t size) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(size * 2, '0');
  for (std::size_t i = 0; i < size; ++i) {
    out[2 * i] = kHex[data[i] >> 4];
    out[2 * i + 1] = kHex[data[i] & 0xF];
  }
  return out;
}

// Python's str.split() whitespace, restricted to ASCII (header values are ASCII on the wire).
bool IsPythonSpace(unsigned char c) {
  return c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1c && c <= 0x1f);
}

// ' '.join(value.split()): trims and folds every run of whitespace (incl. line folds) to a space.
std::string FoldWhitespace(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  bool pending_space = false;
  for (char ch : value) {
    if (IsPythonSpace(static_cast<unsigned char>(ch))) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.push_back(ch);
  }
  return out;
}

// RFC 3986 remove_dot_segments, plus dropping empty segments, as botocore's normalize_url_path.
std::string NormalizePath(std::string_view path) {
  if (path.empty()) return "/";
  std::vector<std::string_view> segments;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    std::string_view segment = path.substr(start, slash - start);
    if (segment == "..") {
      if (!segments.empty()) segments.pop_back();
    } else if (!segment.empty() && segment != ".") {
      segments.push_back(segment);
    }
    start = slash + 1;
  }
  std::string out = path.front() == '/' ? "/" : "";
  for (std::size_t i = 0; i < segments.size(); ++i) {
    if (i > 0) out.push_back('/');
    out.append(segments[i]);
  }
  if (path.back() == '/' && !segments.empty()) out.push_back('/');
  return out;
}

std::string CanonicalQuery(std::string_view query) {
  if (query.empty()) return "";
  std::vector<std::pair<std::string_view, std::string_view>> pairs;
  std::size_t start = 0;
  while (start <= query.size()) {
    std::size_t amp = query.find('&', start);
    if (amp == std::string_view::npos) amp = query.size();
    std::string_view pair = query.substr(start, amp - start);
    std::size_t eq = pair.find('=');
    if (eq == std::string_view::npos) {
      pairs.emplace_back(pair, std::string_view());
    } else {
      pairs.emplace_back(pair.substr(0, eq), pair.substr(eq + 1));
    }
    start = amp + 1;
  }
  std::sort(pairs.begin(), pairs.end());
  std::string out;
  for (const auto& [key, value] : pairs) {
    if (!out.empty()) out.push_back('&');
    out.append(key).append("=").append(value);
  }
  return out;
}

struct SignedHeaderSet {
  std::string canonical;  // "name:value\n" lines
  std::string names;      // "host;x-amz-date"
};

SignedHeaderSet CanonicalHeaders(const HttpRequest& request) {
  // Values of repeated names are joined with ',' in the order they appear.
  std::map<std::string, std::vector<std::string>> headers;
  for (const auto& [name, value] : request.headers) {
    std::string lower = Lower(name);
    if (std::find(kUnsignedHeaders.begin(), kUnsignedHeaders.end(), lower) !=
        kUnsignedHeaders.end()) {
      continue;
    }
    headers[lower].push_back(FoldWhitespace(value));
  }
  if (headers.find("host") == headers.end()) {
    headers["host"].push_back(HostHeaderFromUrl(request.url));
  }
  SignedHeaderSet out;
  for (const auto& [name, values] : headers) {
    out.canonical.append(name).push_back(':');
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (i > 0) out.canonical.push_back(',');
      out.canonical.append(values[i]);
    }
    out.canonical.push_back('\n');
    if (!out.names.empty()) out.names.push_back(';');
    out.names.append(name);
  }
  return out;
}

const std::string* FindHeader(const HttpRequest& request, std::string_view name) {
  for (const auto& [key, value] : request.headers) {
    if (EqualsIgnoreCase(key, name)) return &value;
  }
  return nullptr;
}

void RemoveHeader(HttpRequest* request, std::string_view name) {
  std::erase_if(request->headers, [&](const auto& h) { return EqualsIgnoreCase(h.first, name); });
}

std::string FormatTime(std::chrono::system_clock::time_point now, const char* format) {
  std::time_t t = std::chrono::system_clock::to_time_t(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[64];
  std::size_t n = std::strftime(buffer, sizeof buffer, format, &tm);
  return std::string(buffer, n);
}

std::string CanonicalRequestWithHeaders(const HttpRequest& request,
                                        const SignedHeaderSet& headers) {
  UrlParts url = SplitUrl(request.url);
  std::string out = request.method;
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  out.push_back('\n');
  out.append(PercentEncode(NormalizePath(url.path), "/~")).push_back('\n');
  out.append(CanonicalQuery(url.query)).push_back('\n');
  out.append(headers.canonical).push_back('\n');
  out.append(headers.names).push_back('\n');
  if (const std::string* sha = FindHeader(request, "x-amz-content-sha256")) {
    out.append(*sha);
  } else {
    out.append(Sha256Hex(request.body));
  }
  return out;
}

}  // namespace

std::string Sha256Hex(std::string_view data) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest);
  return Hex(digest, sizeof digest);
}

std::string HmacSha256(std::string_view key, std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest, &size);
  return std::string(reinterpret_cast<const char*>(digest), size);
}

std::string CanonicalRequest(const HttpRequest& request) {
  return CanonicalRequestWithHeaders(request, CanonicalHeaders(request));
}

void SignV4(HttpRequest* request, const Credentials& credentials, std::string_view region,
            std::string_view service, std::chrono::system_clock::time_point now,
            bool add_content_sha256) {
  const std::string timestamp = FormatTime(now, "%Y%m%dT%H%M%SZ");
  const std::string date = timestamp.substr(0, 8);

  RemoveHeader(request, "authorization");
  if (FindHeader(*request, "date") != nullptr) {
    // botocore keeps a caller's Date header (rewritten to the signing time) instead of X-Amz-Date.
    RemoveHeader(request, "date");
    request->headers.emplace_back("Date", FormatTime(now, "%a, %d %b %Y %H:%M:%S -0000"));
    RemoveHeader(request, "x-amz-date");
  } else {
    RemoveHeader(request, "x-amz-date");
    request->headers.emplace_back("X-Amz-Date", timestamp);
  }
  if (!credentials.session_token.empty()) {
    RemoveHeader(request, "x-amz-security-token");
    request->headers.emplace_back("X-Amz-Security-Token", credentials.session_token);
  }
  if (add_content_sha256) {
    RemoveHeader(request, "x-amz-content-sha256");
    request->headers.emplace_back("X-Amz-Content-Sha256", Sha256Hex(request->body));
  }

  SignedHeaderSet headers = CanonicalHeaders(*request);
  std::string scope = date;
  scope.append("/").append(region).append("/").append(service).append("/aws4_request");
  std::string string_to_sign = "AWS4-HMAC-SHA256\n" + timestamp + "\n" + scope + "\n" +
                               Sha256Hex(CanonicalRequestWithHeaders(*request, headers));
  std::string key = HmacSha256("AWS4" + credentials.secret_access_key, date);
  key = HmacSha256(key, region);
  key = HmacSha256(key, service);
  key = HmacSha256(key, "aws4_request");
  std::string mac = HmacSha256(key, string_to_sign);
  std::string signature = Hex(reinterpret_cast<const unsigned char*>(mac.data()), mac.size());

  request->headers.emplace_back(
      "Authorization", "AWS4-HMAC-SHA256 Credential=" + credentials.access_key_id + "/" + scope +
                           ", SignedHeaders=" + headers.names + ", Signature=" + signature);
}

}  // namespace awsgov::aws
