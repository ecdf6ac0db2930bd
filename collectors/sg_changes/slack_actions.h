// The Slack interactive endpoint of sg_changes: POST /sg_changes/slack/actions, the "Request
// URL" of a Slack app's interactivity. Slack posts `payload=<JSON>` (form-encoded) when someone
// clicks a button, either of a Block Kit message (`type: block_actions`) or of a legacy
// attachment (`type: interactive_message`, what Alertmanager's slack_configs `actions` make).
// The button's value says what to do: "approve:<id>" or "deny:<id>", where <id> is a change id
// ("<event id>/<n>") or a CloudTrail event id (every pending change of that event: the alerts'
// `event_id` label). The decision goes through the same path as the review API, recorded as
// decided by "slack:<user id> (<user name>)".
//
// Only requests carrying Slack's valid v0 signature get in (slack_signature.h); the web config's
// basic auth is not asked for (Slack cannot log in). An optional allow-list of Slack user ids
// restricts who may decide. The reply is the JSON message Slack shows the clicking user.
// Thread-safety: thread-safe (the verifier is; the rest is immutable).
#pragma once

#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "collectors/sg_changes/change_store.h"
#include "collectors/sg_changes/slack_signature.h"
#include "exporter/core/clock.h"
#include "exporter/core/http_route.h"

namespace awsgov::sg {

inline constexpr const char* kSlackActionsPath = "/sg_changes/slack/actions";

// One button click.
struct SlackAction {
  std::string type;       // block_actions or interactive_message
  std::string user_id;    // U…
  std::string user_name;  // may be empty
  bool approve = false;
  std::string target;  // a change id or an event id
};

// Parses the form-encoded body Slack posts. False with `error` saying what is wrong.
bool ParseSlackAction(const std::string& body, SlackAction* action, std::string* error);

class SlackActions {
 public:
  // Applies one decision as the review API does: the HTTP status it would answer (200 done,
  // 409 already decided, 404 unknown, 400/500) and a message.
  using Decide = std::function<int(const std::string& change_id, bool approve,
                                   const std::string& decided_by, std::string* message)>;

  // `signing_secret` is never logged. `user_ids`: who may decide; empty = any Slack user of the
  // workspace whose app signs the requests. `store` resolves event ids to their pending changes.
  // `clock` must outlive this.
  SlackActions(std::string signing_secret, std::vector<std::string> user_ids,
               std::shared_ptr<ChangeStore> store, const Clock* clock, Decide decide);

  HttpReply Handle(const HttpRequest& request) const;
  HttpRoute Route() const;

 private:
  // The change ids `target` stands for: itself when it is a change id, else the pending changes
  // of that event.
  std::vector<std::string> Resolve(const std::string& target, std::string* problem) const;

  mutable SlackSignatureVerifier verifier_;
  const std::set<std::string> user_ids_;
  const std::shared_ptr<ChangeStore> store_;
  const Decide decide_;
};

}  // namespace awsgov::sg
