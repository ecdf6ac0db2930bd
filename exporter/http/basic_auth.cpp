#include "exporter/http/basic_auth.h"

#include <crypt.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <cstring>
#include <stdexcept>

namespace awsgov::http {
namespace {

// bcrypt (cost 10, as exporter-toolkit's) of a password nobody is given: checking an unknown
// user against it takes as long as checking a known one.
constexpr const char* kDummyHash = "$2y$10$QOauhQNbBCuQDKes6eFzPeMqBSjb7Mr5DUmpZ/VcEd00UAV/LDeSi";

// Bounded: each entry is a success, so only holders of valid credentials can fill it; when full
// it is emptied rather than tracked (the next checks simply pay bcrypt again).
constexpr std::size_t kMaxCacheEntries = 256;

int Base64Value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

// Standard base64 with padding, as RFC 7617 uses; false on anything else.
bool DecodeBase64(std::string_view in, std::string* out) {
  if (in.size() % 4 != 0) return false;
  out->clear();
  for (std::size_t i = 0; i < in.size(); i += 4) {
    int v[4];
    int pad = 0;
    for (int j = 0; j < 4; ++j) {
      const char c = in[i + j];
      if (c == '=' && i + 4 == in.size() && j >= 2) {
        v[j] = 0;
        ++pad;
        continue;
      }
      if (pad > 0) return false;  // data after padding
      v[j] = Base64Value(c);
      if (v[j] < 0) return false;
    }
    const unsigned triple =
        (unsigned(v[0]) << 18) | (unsigned(v[1]) << 12) | (unsigned(v[2]) << 6) | unsigned(v[3]);
    out->push_back(static_cast<char>((triple >> 16) & 0xff));
    if (pad < 2) out->push_back(static_cast<char>((triple >> 8) & 0xff));
    if (pad < 1) out->push_back(static_cast<char>(triple & 0xff));
  }
  return true;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

}  // namespace

bool ParseBasicAuthorization(std::string_view header, std::string* user, std::string* password) {
  constexpr std::string_view kScheme = "basic ";
  if (header.size() < kScheme.size() || !EqualsIgnoreCase(header.substr(0, 6), kScheme)) {
    return false;
  }
  std::string_view encoded = header.substr(kScheme.size());
  while (!encoded.empty() && encoded.front() == ' ') encoded.remove_prefix(1);
  while (!encoded.empty() && encoded.back() == ' ') encoded.remove_suffix(1);
  std::string decoded;
  if (!DecodeBase64(encoded, &decoded)) return false;
  const std::size_t colon = decoded.find(':');
  if (colon == std::string::npos) return false;
  *user = decoded.substr(0, colon);
  *password = decoded.substr(colon + 1);
  OPENSSL_cleanse(decoded.data(), decoded.size());
  return true;
}

BasicAuth::BasicAuth(std::map<std::string, std::string> users)
    : users_(std::move(users)), crypt_data_(std::make_unique<crypt_data>()) {
  if (RAND_bytes(hmac_key_.data(), static_cast<int>(hmac_key_.size())) != 1) {
    throw std::runtime_error("basic auth: no random bytes for the cache key");
  }
}

BasicAuth::~BasicAuth() { OPENSSL_cleanse(hmac_key_.data(), hmac_key_.size()); }

bool BasicAuth::Check(std::string_view authorization, std::string* authenticated_user) {
  std::string user, password;
  if (!ParseBasicAuthorization(authorization, &user, &password)) return false;
  const bool ok = CheckCredentials(user, password);
  OPENSSL_cleanse(password.data(), password.size());
  if (ok && authenticated_user != nullptr) *authenticated_user = std::move(user);
  return ok;
}

bool BasicAuth::CheckCredentials(std::string_view user, std::string_view password) {
  auto it = users_.find(std::string(user));
  const bool known = it != users_.end();
  const std::string& hash = known ? it->second : std::string(kDummyHash);
  // crypt_r takes a C string: a NUL inside the password would silently shorten it.
  const bool usable = password.find('\0') == std::string_view::npos;
  const Digest key = CacheKey(user, hash, password);
  if (known && usable) {
    std::lock_guard lock(cache_mu_);
    if (cache_.count(key) != 0) return true;
  }
  // The dummy check runs for unknown users and unusable passwords too: same time, same answer.
  const bool match = Verify(usable ? password : std::string_view(), hash) && known && usable;
  if (match) {
    std::lock_guard lock(cache_mu_);
    if (cache_.size() >= kMaxCacheEntries) cache_.clear();
    cache_.insert(key);
  }
  return match;
}

std::size_t BasicAuth::cached() const {
  std::lock_guard lock(cache_mu_);
  return cache_.size();
}

BasicAuth::Digest BasicAuth::CacheKey(std::string_view user, std::string_view hash,
                                      std::string_view password) const {
  // Length-prefixed fields, so that ("ab","c") and ("a","bc") differ.
  std::string message;
  for (std::string_view field : {user, hash, password}) {
    message += std::to_string(field.size());
    message += ':';
    message += field;
  }
  Digest digest{};
  unsigned int length = 0;
  HMAC(EVP_sha256(), hmac_key_.data(), static_cast<int>(hmac_key_.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), digest.data(),
       &length);
  OPENSSL_cleanse(message.data(), message.size());
  return digest;
}

bool BasicAuth::Verify(std::string_view password, const std::string& hash) {
  std::string text(password);
  std::lock_guard lock(crypt_mu_);
  std::memset(crypt_data_.get(), 0, sizeof(crypt_data));
  const char* result = crypt_r(text.c_str(), hash.c_str(), crypt_data_.get());
  bool ok = false;
  // On failure libcrypt returns null or a string starting with '*' that never equals a hash.
  if (result != nullptr && result[0] != '*' && std::strlen(result) == hash.size()) {
    ok = CRYPTO_memcmp(result, hash.data(), hash.size()) == 0;
  }
  std::memset(crypt_data_.get(), 0, sizeof(crypt_data));
  OPENSSL_cleanse(text.data(), text.size());
  return ok;
}

}  // namespace awsgov::http
