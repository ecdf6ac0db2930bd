#include "collectors/sg_changes/review_auth.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace awsgov::sg {
namespace {

std::string Sha256(const std::string& data) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest);
  return std::string(reinterpret_cast<const char*>(digest), sizeof digest);
}

bool EqualDigests(const std::string& a, const std::string& b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::optional<std::string> Base64Decode(const std::string& text) {
  if (text.empty() || text.size() % 4 != 0 || text.size() > 4096) return std::nullopt;
  std::string out(text.size() / 4 * 3, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(text.data()),
                                static_cast<int>(text.size()));
  if (n < 0) return std::nullopt;
  std::size_t size = static_cast<std::size_t>(n);
  // EVP_DecodeBlock counts the padding as zero bytes.
  if (text.back() == '=') --size;
  if (text.size() >= 2 && text[text.size() - 2] == '=') --size;
  out.resize(size);
  return out;
}

std::string Hex(const unsigned char* data, unsigned int size) {
  static const char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < size; ++i) {
    out += kDigits[data[i] >> 4];
    out += kDigits[data[i] & 15];
  }
  return out;
}

std::string Trim(const std::string& text) {
  const char* space = " \t\r\n";
  const std::size_t first = text.find_first_not_of(space);
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(space) - first + 1);
}

}  // namespace

ReviewAuth::ReviewAuth(std::optional<std::string> token, std::vector<std::string> reviewers,
                       std::string form_key)
    : token_digest_(token ? std::optional<std::string>(Sha256(*token)) : std::nullopt),
      reviewers_(reviewers.begin(), reviewers.end()),
      form_key_(std::move(form_key)) {}

ReviewerCheck ReviewAuth::Check(const HttpRequest& request) const {
  std::optional<std::string> name = Authenticate(request);
  if (!name) return {ReviewerCheck::Outcome::kUnauthenticated, ""};
  if (!reviewers_.empty() && reviewers_.count(*name) == 0) {
    return {ReviewerCheck::Outcome::kNotAReviewer, std::move(*name)};
  }
  return {ReviewerCheck::Outcome::kReviewer, std::move(*name)};
}

std::optional<std::string> ReviewAuth::Authenticate(const HttpRequest& request) const {
  // The web layer checked the user's password; its Authorization header is not the token's.
  if (!request.web_user.empty()) return request.web_user;
  if (!token_digest_) return std::nullopt;
  const std::string header = request.Header("authorization");
  if (header.rfind("Bearer ", 0) == 0) {
    if (EqualDigests(Sha256(Trim(header.substr(7))), *token_digest_)) return "api-token";
    return std::nullopt;
  }
  if (header.rfind("Basic ", 0) == 0) {
    std::optional<std::string> decoded = Base64Decode(Trim(header.substr(6)));
    if (!decoded) return std::nullopt;
    const std::size_t colon = decoded->find(':');
    if (colon == std::string::npos || colon == 0) return std::nullopt;
    // The digest is compared whatever the user name, so timing does not tell names apart.
    if (!EqualDigests(Sha256(decoded->substr(colon + 1)), *token_digest_)) return std::nullopt;
    return decoded->substr(0, colon);
  }
  return std::nullopt;
}

bool ReviewAuth::SameOrigin(const HttpRequest& request) {
  const std::string fetch_site = request.Header("sec-fetch-site");
  if (fetch_site == "cross-site" || fetch_site == "same-site") return false;
  const std::string origin = request.Header("origin");
  if (origin.empty()) return true;  // not a browser, or one that sends no Origin for this
  const std::string host = request.Header("host");
  return !host.empty() && (origin == "http://" + host || origin == "https://" + host);
}

std::string ReviewAuth::FormToken(const std::string& reviewer) const {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  const std::string message = "sg_changes review form\n" + reviewer;
  HMAC(EVP_sha256(), form_key_.data(), static_cast<int>(form_key_.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), mac, &size);
  return Hex(mac, size);
}

bool ReviewAuth::ValidFormToken(const std::string& reviewer, const std::string& token) const {
  const std::string expected = FormToken(reviewer);
  return token.size() == expected.size() &&
         CRYPTO_memcmp(token.data(), expected.data(), token.size()) == 0;
}

const std::string& ReviewAuth::FormKey() {
  static const std::string key = [] {
    std::string bytes(32, '\0');
    if (RAND_bytes(reinterpret_cast<unsigned char*>(bytes.data()), 32) != 1) {
      throw std::runtime_error("sg_changes: no random bytes for the review form key");
    }
    return bytes;
  }();
  return key;
}

bool ReadSecretFile(const std::string& path, const std::string& what, std::string* secret,
                    std::string* error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *error = "cannot read the " + what + " file " + path + ": " + std::strerror(errno);
    return false;
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  *secret = Trim(buffer.str());
  if (secret->empty()) {
    *error = "the " + what + " file " + path + " is empty";
    return false;
  }
  return true;
}

}  // namespace awsgov::sg
