// Who may review: the bearer token of the review token file, sent either as
// `Authorization: Bearer <token>` (API clients) or as the password of HTTP basic auth with the
// reviewer's name as user (browsers prompt for it). And cross-site protection: state changes only
// by POST, refused when the browser says the request comes from another site (Origin, or
// Sec-Fetch-Site), and each form carries a token bound to the reviewer that another site cannot
// read.
// Thread-safety: ReviewAuth is immutable after construction; its methods are thread-safe.
#pragma once

#include <optional>
#include <string>

#include "exporter/core/http_route.h"

namespace awsgov::sg {

class ReviewAuth {
 public:
  // `token` is the secret itself (never logged). `form_key` signs form tokens; a process keeps
  // one (FormKey()) so that pages stay valid across config reloads.
  ReviewAuth(std::string token, std::string form_key);

  // The reviewer's name when the request carries the token: the basic-auth user, or "api-token"
  // for a bearer token; nullopt otherwise. Compared in constant time.
  std::optional<std::string> Reviewer(const HttpRequest& request) const;

  // False when a browser marks the request as coming from another site: an Origin that is not
  // this server's (scheme and Host), or Sec-Fetch-Site "cross-site" / "same-site".
  static bool SameOrigin(const HttpRequest& request);

  // The token a review form carries for `reviewer`, and its check.
  std::string FormToken(const std::string& reviewer) const;
  bool ValidFormToken(const std::string& reviewer, const std::string& token) const;

  // 32 random bytes made once per process.
  static const std::string& FormKey();

 private:
  const std::string token_digest_;  // SHA-256 of the token
  const std::string form_key_;
};

// Reads the token file: its content without surrounding whitespace. Errors name the file, never
// the content; an empty token is an error.
bool ReadTokenFile(const std::string& path, std::string* token, std::string* error);

}  // namespace awsgov::sg
