// The review endpoints of sg_changes on the exporter's server (routes /sg_changes and
// /api/v1/sg_changes):
//   GET  /sg_changes/review                 HTML page: pending changes with Approve / Deny buttons
//   POST /sg_changes/review                 the page's forms (id, decision, form token) → 303
//   GET  /api/v1/sg_changes/changes         JSON list (?state=pending|approved|...; all by default)
//   POST /api/v1/sg_changes/changes/approve JSON {"id": "..."} → the change after the decision
//   POST /api/v1/sg_changes/changes/deny    same; with `revert: true` the next run revokes the rule
// Every request needs the review token (see review_auth.h): 401 otherwise. Cross-site requests
// are refused (403); the API takes only Content-Type application/json (which another site cannot
// send without a CORS preflight this server never allows), the page's forms a per-reviewer token.
// A decision is durable when the reply is sent; the metrics follow at the next collection.
// Thread-safety: thread-safe (the store is; the rest is immutable).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "collectors/sg_changes/change_store.h"
#include "collectors/sg_changes/review_auth.h"
#include "exporter/core/clock.h"
#include "exporter/core/http_route.h"

namespace awsgov::sg {

class ReviewService {
 public:
  // `clock` must outlive the service.
  ReviewService(std::shared_ptr<ChangeStore> store, ReviewAuth auth, bool revert_on_deny,
                const Clock* clock);

  HttpReply Handle(const HttpRequest& request) const;
  std::vector<HttpRoute> Routes() const;

 private:
  HttpReply Page(const std::string& reviewer) const;
  HttpReply PageDecision(const HttpRequest& request, const std::string& reviewer) const;
  HttpReply List(const HttpRequest& request) const;
  HttpReply ApiDecision(const HttpRequest& request, const std::string& reviewer,
                        bool approve) const;
  // Applies one decision; the HTTP status and a message for the reply.
  int Decide(const std::string& id, bool approve, const std::string& reviewer, std::string* message,
             StoredChange* after) const;

  const std::shared_ptr<ChangeStore> store_;
  const ReviewAuth auth_;
  const bool revert_on_deny_;
  const Clock* const clock_;
};

}  // namespace awsgov::sg
