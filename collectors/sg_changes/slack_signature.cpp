#include "collectors/sg_changes/slack_signature.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <charconv>
#include <cmath>

namespace awsgov::sg {
namespace {

std::string Hex(const unsigned char* data, unsigned int size) {
  static const char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < size; ++i) {
    out += kDigits[data[i] >> 4];
    out += kDigits[data[i] & 15];
  }
  return out;
}

// Whole decimal seconds only (Slack sends e.g. "1531420618").
bool ParseTimestamp(const std::string& text, std::int64_t* out) {
  if (text.empty() || text.size() > 12) return false;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), *out);
  return error == std::errc() && end == text.data() + text.size() && *out > 0;
}

}  // namespace

const char* SlackSignatureProblem(SlackSignatureResult result) {
  switch (result) {
    case SlackSignatureResult::kValid:
      return "valid";
    case SlackSignatureResult::kMissingHeaders:
      return "missing X-Slack-Request-Timestamp or X-Slack-Signature";
    case SlackSignatureResult::kStale:
      return "X-Slack-Request-Timestamp is not within five minutes of now";
    case SlackSignatureResult::kBadSignature:
      return "X-Slack-Signature does not match the request";
    case SlackSignatureResult::kReplayed:
      return "this signed request was already received (replay)";
  }
  return "unknown";
}

SlackSignatureVerifier::SlackSignatureVerifier(std::string signing_secret, const Clock* clock)
    : signing_secret_(std::move(signing_secret)), clock_(clock) {}

std::string SlackSignatureVerifier::Sign(const std::string& signing_secret,
                                         const std::string& timestamp, const std::string& body) {
  const std::string base = "v0:" + timestamp + ":" + body;
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  HMAC(EVP_sha256(), signing_secret.data(), static_cast<int>(signing_secret.size()),
       reinterpret_cast<const unsigned char*>(base.data()), base.size(), mac, &size);
  return "v0=" + Hex(mac, size);
}

SlackSignatureResult SlackSignatureVerifier::Verify(const std::string& timestamp,
                                                    const std::string& signature,
                                                    const std::string& body) {
  if (timestamp.empty() || signature.empty()) return SlackSignatureResult::kMissingHeaders;
  std::int64_t sent = 0;
  const auto now = static_cast<std::int64_t>(std::floor(clock_->UnixSeconds()));
  if (!ParseTimestamp(timestamp, &sent) || sent < now - kMaxAgeSeconds ||
      sent > now + kMaxAgeSeconds) {
    return SlackSignatureResult::kStale;
  }
  const std::string expected = Sign(signing_secret_, timestamp, body);
  if (signature.size() != expected.size() ||
      CRYPTO_memcmp(signature.data(), expected.data(), expected.size()) != 0) {
    return SlackSignatureResult::kBadSignature;
  }
  std::lock_guard lock(mu_);
  for (auto it = accepted_.begin(); it != accepted_.end();) {
    it = it->second < now - kMaxAgeSeconds ? accepted_.erase(it) : std::next(it);
  }
  if (!accepted_.emplace(expected, sent).second) return SlackSignatureResult::kReplayed;
  return SlackSignatureResult::kValid;
}

}  // namespace awsgov::sg
