#include "collectors/sg_changes/review.h"

#include <cstdlib>
#include <nlohmann/json.hpp>

#include "collectors/sg_changes/cloudtrail_event.h"
#include "collectors/sg_changes/review_form.h"
#include "exporter/config/errors.h"
#include "exporter/core/html_escape.h"
#include "exporter/core/log.h"

namespace awsgov::sg {
namespace {

using nlohmann::json;

constexpr const char* kPagePrefix = "/sg_changes";
constexpr const char* kApiPrefix = "/api/v1/sg_changes";  // DESIGN.md: review APIs under /api/v1
constexpr const char* kPagePath = "/sg_changes/review";
constexpr const char* kListPath = "/api/v1/sg_changes/changes";
constexpr const char* kApprovePath = "/api/v1/sg_changes/changes/approve";
constexpr const char* kDenyPath = "/api/v1/sg_changes/changes/deny";
constexpr const char* kJson = "application/json";

HttpReply Text(int status, const std::string& text) {
  HttpReply reply;
  reply.status = status;
  reply.body = text + "\n";
  reply.headers = {{"Cache-Control", "no-store"}};
  return reply;
}

HttpReply JsonReply(int status, const json& body) {
  HttpReply reply;
  reply.status = status;
  reply.content_type = kJson;
  reply.body = body.dump() + "\n";
  reply.headers = {{"Cache-Control", "no-store"}};
  return reply;
}

HttpReply Unauthorized(bool has_token) {
  HttpReply reply = Text(401, has_token ? "unauthorized: send the review token (basic auth "
                                          "password, or Bearer)"
                                        : "unauthorized: no review credentials are configured "
                                          "(basic_auth_users in the web config, or the "
                                          "sg_changes option review_token_file)");
  reply.headers.push_back(
      {"WWW-Authenticate", "Basic realm=\"awsgov sg_changes review\", charset=\"UTF-8\""});
  return reply;
}

HttpReply MethodNotAllowed(const char* allow) {
  HttpReply reply = Text(405, "method not allowed");
  reply.headers.push_back({"Allow", allow});
  return reply;
}

bool IsJson(const HttpRequest& request) {
  const std::string type = request.Header("content-type");
  return type == kJson || type.rfind(std::string(kJson) + ";", 0) == 0;
}

json ChangeJson(const StoredChange& stored) {
  const SgRuleChange& c = stored.change;
  return {{"id", c.id},
          {"event_id", c.event_id},
          {"event_name", c.event_name},
          {"event_time", FormatIsoTime(c.event_time)},
          {"account_id", c.account_id},
          {"region", c.region},
          {"group_id", c.group_id},
          {"actor", c.actor},
          {"direction", c.direction},
          {"protocol", c.protocol},
          {"port_range", c.port_range},
          {"source", c.source},
          {"source_kind", c.source_kind},
          {"rule_id", c.rule_id},
          {"public", c.is_public},
          {"state", std::string(StateName(stored.state))},
          {"decided_by", stored.decided_by},
          {"decided_at", stored.decided_at == 0 ? "" : FormatIsoTime(stored.decided_at)},
          {"revert_requested", stored.revert_requested},
          {"detail", stored.detail}};
}

}  // namespace

ReviewService::ReviewService(std::shared_ptr<ChangeStore> store, ReviewAuth auth,
                             bool revert_on_deny, const Clock* clock,
                             std::optional<SlackSettings> slack)
    : store_(std::move(store)),
      auth_(std::move(auth)),
      revert_on_deny_(revert_on_deny),
      clock_(clock) {
  if (slack) {
    slack_ = std::make_unique<const SlackActions>(
        std::move(slack->signing_secret), std::move(slack->user_ids), store_, clock_,
        [this](const std::string& id, bool approve, const std::string& by, std::string* message) {
          StoredChange after;
          return Decide(id, approve, by, message, &after);
        });
  }
}

std::vector<HttpRoute> ReviewService::Routes() const {
  auto handle = [this](const HttpRequest& request) { return Handle(request); };
  std::vector<HttpRoute> routes;
  // First: the first route owning a path serves it, and /sg_changes owns the Slack path too.
  if (slack_) routes.push_back(slack_->Route());
  routes.push_back({kPagePrefix, handle, false});
  routes.push_back({kApiPrefix, handle, false});
  return routes;
}

HttpReply ReviewService::Handle(const HttpRequest& request) const {
  const ReviewerCheck check = auth_.Check(request);
  if (check.outcome == ReviewerCheck::Outcome::kUnauthenticated) {
    return Unauthorized(auth_.has_token());
  }
  if (check.outcome == ReviewerCheck::Outcome::kNotAReviewer) {
    log::Warn("sg_changes: review refused, not in the reviewers list",
              {{"user", check.reviewer}, {"path", request.path}});
    return Text(403, "forbidden: " + check.reviewer + " is not in the sg_changes reviewers list");
  }
  const std::string* reviewer = &check.reviewer;
  const bool get = request.method == "GET" || request.method == "HEAD";
  const bool post = request.method == "POST";
  if (post && !ReviewAuth::SameOrigin(request)) {
    log::Warn("sg_changes: cross-site review request refused",
              {{"path", request.path}, {"origin", request.Header("origin")}});
    return Text(403, "cross-site request refused");
  }
  if (request.path == kPagePath) {
    if (get) return Page(*reviewer);
    if (post) return PageDecision(request, *reviewer);
    return MethodNotAllowed("GET, HEAD, POST");
  }
  if (request.path == kListPath) {
    return get ? List(request) : MethodNotAllowed("GET, HEAD");
  }
  if (request.path == kApprovePath || request.path == kDenyPath) {
    if (!post) return MethodNotAllowed("POST");
    return ApiDecision(request, *reviewer, request.path == kApprovePath);
  }
  return Text(404, "404 page not found");
}

int ReviewService::Decide(const std::string& id, bool approve, const std::string& reviewer,
                          std::string* message, StoredChange* after) const {
  if (id.empty()) {
    *message = "no change id";
    return 400;
  }
  const auto now = static_cast<std::int64_t>(clock_->UnixSeconds());
  const ChangeState to = approve ? ChangeState::kApproved : ChangeState::kDenied;
  bool applied = false;
  Status status = store_->Transition(id, ChangeState::kPending, to, reviewer, now,
                                     !approve && revert_on_deny_, "", &applied);
  if (status.code() == StatusCode::kNotFound) {
    *message = "no change " + id;
    return 404;
  }
  if (!status.ok()) {
    log::Error("sg_changes: recording a decision failed", {{"error", status.message()}});
    *message = "the decision could not be stored";
    return 500;
  }
  status = store_->Get(id, after);
  if (!status.ok()) {
    *message = "the decision could not be read back";
    return 500;
  }
  if (!applied) {
    *message = "change " + id + " is already " + std::string(StateName(after->state));
    return 409;
  }
  log::Info("sg_changes: change decided",
            {{"change", id}, {"state", StateName(to)}, {"by", reviewer}});
  *message = "change " + id + " " + std::string(StateName(to));
  return 200;
}

HttpReply ReviewService::ApiDecision(const HttpRequest& request, const std::string& reviewer,
                                     bool approve) const {
  if (!IsJson(request)) return Text(415, "want Content-Type application/json");
  const json body = json::parse(request.body, nullptr, /*allow_exceptions=*/false);
  if (!body.is_object() || !body.contains("id") || !body["id"].is_string()) {
    return JsonReply(400, {{"error", "want a JSON object with a string \"id\""}});
  }
  std::string message;
  StoredChange after;
  const int status = Decide(body["id"].get<std::string>(), approve, reviewer, &message, &after);
  if (status == 200 || status == 409) {
    return JsonReply(status, {{"message", message}, {"change", ChangeJson(after)}});
  }
  return JsonReply(status, {{"error", message}});
}

HttpReply ReviewService::List(const HttpRequest& request) const {
  ChangeFilter filter;
  const auto query = ParseForm(request.query);
  if (auto it = query.find("state"); it != query.end() && !it->second.empty()) {
    ChangeState state;
    if (!ParseState(it->second, &state)) return JsonReply(400, {{"error", "unknown state"}});
    filter.state = state;
  }
  if (auto it = query.find("account_id"); it != query.end()) filter.account_id = it->second;
  if (auto it = query.find("region"); it != query.end()) filter.region = it->second;
  std::vector<StoredChange> changes;
  Status status = store_->List(filter, &changes);
  if (!status.ok()) return JsonReply(500, {{"error", "the store could not be read"}});
  json list = json::array();
  for (const StoredChange& stored : changes) list.push_back(ChangeJson(stored));
  return JsonReply(200, {{"changes", list}});
}

HttpReply ReviewService::PageDecision(const HttpRequest& request,
                                      const std::string& reviewer) const {
  if (request.Header("content-type").rfind("application/x-www-form-urlencoded", 0) != 0) {
    return Text(415, "want a form");
  }
  const auto form = ParseForm(request.body);
  auto field = [&](const char* name) {
    auto it = form.find(name);
    return it == form.end() ? std::string() : it->second;
  };
  if (!auth_.ValidFormToken(reviewer, field("form_token"))) {
    return Text(403, "the form token is missing or stale: reload the review page");
  }
  const std::string decision = field("decision");
  if (decision != "approve" && decision != "deny")
    return Text(400, "decision must be approve or deny");
  std::string message;
  StoredChange after;
  const int status = Decide(field("id"), decision == "approve", reviewer, &message, &after);
  if (status != 200 && status != 409) return Text(status, message);
  HttpReply reply = Text(303, message);
  reply.headers.push_back({"Location", kPagePath});
  return reply;
}

HttpReply ReviewService::Page(const std::string& reviewer) const {
  std::vector<StoredChange> pending;
  Status status = store_->List({"", "", ChangeState::kPending, 0}, &pending);
  if (!status.ok()) return Text(500, "the store could not be read");
  const std::string token = auth_.FormToken(reviewer);
  std::string html =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<title>Security-group changes pending review</title></head><body>\n"
      "<h1>Security-group changes pending review</h1>\n<p>Reviewing as " +
      HtmlEscape(reviewer) + ". " + std::to_string(pending.size()) + " pending." +
      (revert_on_deny_ ? " Deny revokes the rule at the next collection." : "") +
      "</p>\n<table>\n<tr><th>event time</th><th>account</th><th>region</th><th>group</th>"
      "<th>actor</th><th>direction</th><th>protocol</th><th>ports</th><th>source</th>"
      "<th>rule</th><th>decision</th></tr>\n";
  for (const StoredChange& stored : pending) {
    const SgRuleChange& c = stored.change;
    auto form = [&](const char* decision, const char* label) {
      return "<form method=\"post\" action=\"" + std::string(kPagePath) +
             "\"><input type=\"hidden\" name=\"id\" value=\"" + HtmlEscape(c.id) +
             "\"><input type=\"hidden\" name=\"decision\" value=\"" + decision +
             "\"><input type=\"hidden\" name=\"form_token\" value=\"" + token +
             "\"><button type=\"submit\" name=\"" + decision + "\" id=\"" + decision + "-" +
             HtmlEscape(c.id) + "\">" + label + "</button></form>";
    };
    html += "<tr id=\"change-" + HtmlEscape(c.id) + "\"><td>" + FormatIsoTime(c.event_time) +
            "</td><td>" + HtmlEscape(c.account_id) + "</td><td>" + HtmlEscape(c.region) +
            "</td><td>" + HtmlEscape(c.group_id) + "</td><td>" + HtmlEscape(c.actor) + "</td><td>" +
            HtmlEscape(c.direction) + "</td><td>" + HtmlEscape(c.protocol) + "</td><td>" +
            HtmlEscape(c.port_range) + "</td><td>" + HtmlEscape(c.source) +
            (c.is_public ? " <strong>(internet)</strong>" : "") + "</td><td>" +
            HtmlEscape(c.rule_id) + "</td><td>" + form("approve", "Approve") +
            form("deny", "Deny") + "</td></tr>\n";
  }
  html += "</table>\n</body></html>\n";
  HttpReply reply;
  reply.content_type = "text/html; charset=utf-8";
  reply.body = std::move(html);
  reply.headers = {
      {"Cache-Control", "no-store"},
      {"Content-Security-Policy",
       "default-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"},
      {"X-Frame-Options", "DENY"},
      // Not no-referrer: with it Chromium sends "Origin: null" on the page's own form posts, which
      // the cross-site check must refuse. same-origin keeps the URL from other sites all the same.
      {"Referrer-Policy", "same-origin"}};
  return reply;
}

bool ReadReviewSecrets(const SgOptions& options, const std::string& path, config::ErrorList* errors,
                       std::optional<std::string>* token, std::optional<SlackSettings>* slack) {
  std::string error;
  if (!options.review_token_file.empty()) {
    std::string value;
    if (!ReadSecretFile(options.review_token_file, "review token", &value, &error)) {
      errors->Add(0, 0, path + ".review_token_file", error);
      return false;
    }
    *token = std::move(value);
  }
  if (!options.slack_signing_secret_file.empty()) {
    SlackSettings settings;
    if (!ReadSecretFile(options.slack_signing_secret_file, "Slack signing secret",
                        &settings.signing_secret, &error)) {
      errors->Add(0, 0, path + ".slack.signing_secret_file", error);
      return false;
    }
    settings.user_ids = options.slack_user_ids;
    *slack = std::move(settings);
  }
  return true;
}

}  // namespace awsgov::sg
