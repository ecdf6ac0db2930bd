// Verifies Slack's request signatures (version v0), as Slack documents them: the header
// `X-Slack-Signature` is "v0=" + hex(HMAC-SHA256(signing secret,
// "v0:" + X-Slack-Request-Timestamp + ":" + raw body)). A request is accepted when the signature
// matches (compared in constant time), its timestamp is within five minutes of this clock, and
// the same signature has not been accepted before within that window (a replayed request).
// Thread-safety: thread-safe (the replay memory is guarded by a mutex).
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>

#include "exporter/core/clock.h"

namespace awsgov::sg {

enum class SlackSignatureResult {
  kValid,
  kMissingHeaders,  // no timestamp or signature header
  kStale,           // timestamp malformed or more than five minutes off
  kBadSignature,    // does not match the body and timestamp
  kReplayed,        // a signature already accepted
};

// What went wrong, for the reply and the log (never the secret, the signature or the body).
const char* SlackSignatureProblem(SlackSignatureResult result);

class SlackSignatureVerifier {
 public:
  static constexpr std::int64_t kMaxAgeSeconds = 5 * 60;

  // `signing_secret`: the Slack app's signing secret (never logged). `clock` must outlive this.
  SlackSignatureVerifier(std::string signing_secret, const Clock* clock);

  SlackSignatureResult Verify(const std::string& timestamp, const std::string& signature,
                              const std::string& body);

  // "v0=" + the lower-case hex HMAC Slack would send for this timestamp and body.
  static std::string Sign(const std::string& signing_secret, const std::string& timestamp,
                          const std::string& body);

 private:
  const std::string signing_secret_;
  const Clock* const clock_;
  std::mutex mu_;
  // Accepted signatures → their timestamp; forgotten once older than the window (a replay of an
  // older one is stale anyway). Only requests signed with the secret get in, so this stays as
  // small as Slack's traffic.
  std::map<std::string, std::int64_t> accepted_;
};

}  // namespace awsgov::sg
