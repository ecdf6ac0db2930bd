// HTTP basic authentication against exporter-toolkit's basic_auth_users (bcrypt hashes).
//
// Verification goes through libcrypt's crypt_r. bcrypt is deliberately slow (tens of ms at cost
// 10), so, as exporter-toolkit does, calls are serialised (a flood of bad passwords costs one core,
// not all) and successful checks are cached; the cache key is an HMAC (random per-process key) of
// user, stored hash and password, so that memory never holds a password or a fast hash of it
// that could be brute-forced offline. An unknown user is checked against a fixed dummy hash, so
// the time taken does not reveal which users exist. Passwords never reach a log or an error.
//
// Thread-safety: thread-safe; Check() may be called from every HTTP worker at once.
#pragma once

#include <array>
#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <string_view>

struct crypt_data;

namespace awsgov::http {

class BasicAuth {
 public:
  explicit BasicAuth(std::map<std::string, std::string> users);
  ~BasicAuth();
  BasicAuth(const BasicAuth&) = delete;
  BasicAuth& operator=(const BasicAuth&) = delete;

  // `authorization`: the Authorization header's value (empty when absent). True when it carries
  // Basic credentials of a configured user with the right password; `user` (optional) then gets
  // that user's name.
  bool Check(std::string_view authorization, std::string* user = nullptr);
  // Same, for already decoded credentials.
  bool CheckCredentials(std::string_view user, std::string_view password);

  // Number of cached successful checks (for tests).
  std::size_t cached() const;

 private:
  using Digest = std::array<unsigned char, 32>;
  Digest CacheKey(std::string_view user, std::string_view hash, std::string_view password) const;
  bool Verify(std::string_view password, const std::string& hash);

  const std::map<std::string, std::string> users_;
  std::array<unsigned char, 32> hmac_key_{};

  mutable std::mutex cache_mu_;
  std::set<Digest> cache_;

  std::mutex crypt_mu_;  // one bcrypt at a time; guards crypt_data_
  std::unique_ptr<crypt_data> crypt_data_;
};

// Decodes "Basic <base64(user:password)>" (scheme case-insensitive). False when malformed.
bool ParseBasicAuthorization(std::string_view header, std::string* user, std::string* password);

}  // namespace awsgov::http
