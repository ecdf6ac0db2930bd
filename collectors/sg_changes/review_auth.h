// Who may review, and cross-site protection.
//
// Who: a request the exporter's server authenticated with the web config's basic_auth_users
// (HttpRequest::web_user) reviews as that user: the web layer owns the Authorization header then,
// and the review token is not consulted. Otherwise (a web config without users) the review
// token file's token, sent as `Authorization: Bearer <token>` (API clients; reviewer
// "api-token") or as the password of HTTP basic auth with the reviewer's name as user (browsers
// prompt for it). With neither web users nor a token nobody is let in. An optional allow-list of
// reviewer names (`reviewers`) then answers 403 for anyone else.
//
// Cross-site: state changes only by POST, refused when the browser says the request comes from
// another site (Origin, or Sec-Fetch-Site), and each form carries a token bound to the reviewer
// that another site cannot read.
// Thread-safety: ReviewAuth is immutable after construction; its methods are thread-safe.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "exporter/core/http_route.h"

namespace awsgov::sg {

// The outcome of ReviewAuth::Check.
struct ReviewerCheck {
  enum class Outcome {
    kReviewer,         // `reviewer` may decide
    kUnauthenticated,  // 401: no valid credentials
    kNotAReviewer,     // 403: authenticated as `reviewer`, who is not in the allow-list
  };
  Outcome outcome = Outcome::kUnauthenticated;
  std::string reviewer;
};

class ReviewAuth {
 public:
  // `token` is the secret itself (never logged); nullopt: no token (only web users get in).
  // `reviewers`: the names allowed to decide; empty: everyone authenticated. `form_key` signs
  // form tokens; a process keeps one (FormKey()) so that pages stay valid across config reloads.
  ReviewAuth(std::optional<std::string> token, std::vector<std::string> reviewers,
             std::string form_key);

  // Who the request reviews as (see the file comment). The token is compared in constant time.
  ReviewerCheck Check(const HttpRequest& request) const;
  bool has_token() const { return token_digest_.has_value(); }

  // False when a browser marks the request as coming from another site: an Origin that is not
  // this server's (scheme and Host), or Sec-Fetch-Site "cross-site" / "same-site".
  static bool SameOrigin(const HttpRequest& request);

  // The token a review form carries for `reviewer`, and its check.
  std::string FormToken(const std::string& reviewer) const;
  bool ValidFormToken(const std::string& reviewer, const std::string& token) const;

  // 32 random bytes made once per process.
  static const std::string& FormKey();

 private:
  // The name the request's credentials prove, or nullopt.
  std::optional<std::string> Authenticate(const HttpRequest& request) const;

  const std::optional<std::string> token_digest_;  // SHA-256 of the token
  const std::set<std::string> reviewers_;
  const std::string form_key_;
};

// Reads a secret file (`what`: "review token", "Slack signing secret"): its content without
// surrounding whitespace. Errors name the file, never the content; an empty file is an error.
bool ReadSecretFile(const std::string& path, const std::string& what, std::string* secret,
                    std::string* error);

}  // namespace awsgov::sg
