#include "collectors/sg_changes/slack_actions.h"

#include <nlohmann/json.hpp>

#include "collectors/sg_changes/review_form.h"
#include "exporter/core/log.h"

namespace awsgov::sg {
namespace {

using nlohmann::json;

HttpReply JsonReply(int status, const json& body) {
  HttpReply reply;
  reply.status = status;
  reply.content_type = "application/json";
  reply.body = body.dump() + "\n";
  reply.headers = {{"Cache-Control", "no-store"}};
  return reply;
}

HttpReply Error(int status, const std::string& message) {
  return JsonReply(status, {{"error", message}});
}

// What Slack shows the user who clicked (only to them: the alert message stays as it is).
HttpReply SlackMessage(const std::string& text) {
  return JsonReply(200,
                   {{"response_type", "ephemeral"}, {"replace_original", false}, {"text", text}});
}

std::string StringAt(const json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

}  // namespace

bool ParseSlackAction(const std::string& body, SlackAction* action, std::string* error) {
  const auto form = ParseForm(body);
  auto field = form.find("payload");
  if (field == form.end() || field->second.empty()) {
    *error = "no form field \"payload\" (Slack posts payload=<JSON>, form-encoded)";
    return false;
  }
  const json payload = json::parse(field->second, nullptr, /*allow_exceptions=*/false);
  if (!payload.is_object()) {
    *error = "payload is not a JSON object";
    return false;
  }
  action->type = StringAt(payload, "type");
  if (action->type != "block_actions" && action->type != "interactive_message") {
    *error = "payload type \"" + action->type + "\" is not block_actions or interactive_message";
    return false;
  }
  auto user = payload.find("user");
  if (user == payload.end() || !user->is_object() || StringAt(*user, "id").empty()) {
    *error = "payload has no user.id";
    return false;
  }
  action->user_id = StringAt(*user, "id");
  action->user_name = StringAt(*user, "username");
  if (action->user_name.empty()) action->user_name = StringAt(*user, "name");
  auto actions = payload.find("actions");
  if (actions == payload.end() || !actions->is_array() || actions->empty() ||
      !(*actions)[0].is_object()) {
    *error = "payload has no actions";
    return false;
  }
  const std::string value = StringAt((*actions)[0], "value");
  const std::size_t colon = value.find(':');
  const std::string verb = value.substr(0, colon);
  if (colon == std::string::npos || (verb != "approve" && verb != "deny") ||
      colon + 1 == value.size()) {
    *error = "the action's value must be \"approve:<id>\" or \"deny:<id>\"";
    return false;
  }
  action->approve = verb == "approve";
  action->target = value.substr(colon + 1);
  return true;
}

SlackActions::SlackActions(std::string signing_secret, std::vector<std::string> user_ids,
                           std::shared_ptr<ChangeStore> store, const Clock* clock, Decide decide)
    : verifier_(std::move(signing_secret), clock),
      user_ids_(user_ids.begin(), user_ids.end()),
      store_(std::move(store)),
      decide_(std::move(decide)) {}

HttpRoute SlackActions::Route() const {
  HttpRoute route;
  route.path_prefix = kSlackActionsPath;
  route.handle = [this](const HttpRequest& request) { return Handle(request); };
  route.verifies_itself = true;
  return route;
}

std::vector<std::string> SlackActions::Resolve(const std::string& target,
                                               std::string* problem) const {
  if (target.find('/') != std::string::npos) return {target};
  std::vector<StoredChange> pending;
  ChangeFilter filter;
  filter.state = ChangeState::kPending;
  if (!store_->List(filter, &pending).ok()) {
    *problem = "the review state could not be read";
    return {};
  }
  std::vector<std::string> ids;
  for (const StoredChange& stored : pending) {
    if (stored.change.event_id == target) ids.push_back(stored.change.id);
  }
  if (ids.empty()) *problem = "no pending change of event " + target;
  return ids;
}

HttpReply SlackActions::Handle(const HttpRequest& request) const {
  if (request.path != kSlackActionsPath) return Error(404, "404 page not found");
  if (request.method != "POST") {
    HttpReply reply = Error(405, "method not allowed");
    reply.headers.push_back({"Allow", "POST"});
    return reply;
  }
  const SlackSignatureResult verdict =
      verifier_.Verify(request.Header("x-slack-request-timestamp"),
                       request.Header("x-slack-signature"), request.body);
  if (verdict != SlackSignatureResult::kValid) {
    log::Warn("sg_changes: Slack request refused", {{"reason", SlackSignatureProblem(verdict)}});
    return Error(401, std::string("Slack signature: ") + SlackSignatureProblem(verdict));
  }
  if (request.Header("content-type").rfind("application/x-www-form-urlencoded", 0) != 0) {
    return Error(415, "want Content-Type application/x-www-form-urlencoded");
  }
  SlackAction action;
  std::string error;
  if (!ParseSlackAction(request.body, &action, &error)) {
    log::Warn("sg_changes: malformed Slack interaction", {{"error", error}});
    return Error(400, "malformed Slack interaction: " + error);
  }
  const std::string who = "<@" + action.user_id + ">";
  if (!user_ids_.empty() && user_ids_.count(action.user_id) == 0) {
    log::Warn("sg_changes: Slack user not allowed to review", {{"user_id", action.user_id}});
    return SlackMessage(who + " is not allowed to review security-group changes");
  }
  const std::string decided_by =
      "slack:" + action.user_id + (action.user_name.empty() ? "" : " (" + action.user_name + ")");
  std::string problem;
  const std::vector<std::string> ids = Resolve(action.target, &problem);
  if (ids.empty()) return SlackMessage(problem);
  std::string text;
  for (const std::string& id : ids) {
    std::string message;
    decide_(id, action.approve, decided_by, &message);
    text += (text.empty() ? "" : "\n") + message;
  }
  return SlackMessage(text + " (by " + who + ")");
}

}  // namespace awsgov::sg
