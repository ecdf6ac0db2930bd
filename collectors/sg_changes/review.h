// The review endpoints of sg_changes on the exporter's server (routes /sg_changes and
// /api/v1/sg_changes):
//   GET  /sg_changes/review                 HTML page: pending changes with Approve / Deny buttons
//   POST /sg_changes/review                 the page's forms (id, decision, form token) → 303
//   GET  /api/v1/sg_changes/changes         JSON list (?state=pending|approved|...; all by default)
//   POST /api/v1/sg_changes/changes/approve JSON {"id": "..."} → the change after the decision
//   POST /api/v1/sg_changes/changes/deny    same; with `revert: true` the next run revokes the rule
//   POST /sg_changes/slack/actions          Slack's button clicks, when a signing secret is set
//                                           (slack_actions.h: Slack's signature instead of a user)
// Every other request needs a reviewer (review_auth.h: a web-config user or the review token):
// 401 otherwise, 403 for one not in the reviewers' allow-list. Cross-site requests
// are refused (403); the API takes only Content-Type application/json (which another site cannot
// send without a CORS preflight this server never allows), the page's forms a per-reviewer token.
// A decision is durable when the reply is sent; the metrics follow at the next collection.
// Thread-safety: thread-safe (the store is; the rest is immutable).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "collectors/sg_changes/change_store.h"
#include "collectors/sg_changes/review_auth.h"
#include "collectors/sg_changes/sg_options.h"
#include "collectors/sg_changes/slack_actions.h"
#include "exporter/core/clock.h"
#include "exporter/core/http_route.h"

namespace awsgov::sg {

// The Slack endpoint's settings (the collector's `slack` options, the secret read from its file).
struct SlackSettings {
  std::string signing_secret;
  std::vector<std::string> user_ids;  // empty: any user
};

class ReviewService {
 public:
  // `clock` must outlive the service. No `slack`: no Slack endpoint.
  ReviewService(std::shared_ptr<ChangeStore> store, ReviewAuth auth, bool revert_on_deny,
                const Clock* clock, std::optional<SlackSettings> slack = std::nullopt);
  ReviewService(const ReviewService&) = delete;  // routes and the Slack endpoint point to it
  ReviewService& operator=(const ReviewService&) = delete;

  HttpReply Handle(const HttpRequest& request) const;
  std::vector<HttpRoute> Routes() const;

  // Applies one decision (pending → approved / denied by `reviewer`); the HTTP status (200,
  // 409 already decided, 404 unknown, 400 no id, 500) with a message, and the change after it.
  int Decide(const std::string& id, bool approve, const std::string& reviewer, std::string* message,
             StoredChange* after) const;

 private:
  HttpReply Page(const std::string& reviewer) const;
  HttpReply PageDecision(const HttpRequest& request, const std::string& reviewer) const;
  HttpReply List(const HttpRequest& request) const;
  HttpReply ApiDecision(const HttpRequest& request, const std::string& reviewer,
                        bool approve) const;

  const std::shared_ptr<ChangeStore> store_;
  const ReviewAuth auth_;
  const bool revert_on_deny_;
  const Clock* const clock_;
  std::unique_ptr<const SlackActions> slack_;  // null: no Slack endpoint
};

// Reads the secrets `options` name: the review token file and Slack's signing secret file. False
// with an error at `path`.<key> naming the file (never its content).
bool ReadReviewSecrets(const SgOptions& options, const std::string& path, config::ErrorList* errors,
                       std::optional<std::string>* token, std::optional<SlackSettings>* slack);

}  // namespace awsgov::sg
