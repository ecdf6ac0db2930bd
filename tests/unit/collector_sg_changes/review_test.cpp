// The review endpoints called as the exporter's server calls them (HttpRequest → HttpReply),
// over a real SQLite store with known changes: authentication, cross-site refusal, the page,
// the JSON list, and decisions (state, reviewer, time, revert request) written to the store.
#include "collectors/sg_changes/review.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>

#include "collectors/sg_changes/sqlite_store.h"
#include "tests/unit/collector_sg_changes/sg_test_util.h"

namespace awsgov::sg {
namespace {

using nlohmann::json;
using testing::MakeChange;
using testing::TempDir;

constexpr const char* kToken = "s3cret-review-token";

class FixedClock final : public Clock {
 public:
  time_point Now() const override { return {}; }
  double UnixSeconds() const override { return 1795170000; }
};

std::string Basic(const std::string& user, const std::string& password) {
  const std::string plain = user + ":" + password;
  std::string out(4 * ((plain.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(plain.data()),
                                static_cast<int>(plain.size()));
  out.resize(static_cast<std::size_t>(n));
  return "Basic " + out;
}

class ReviewTest : public ::testing::Test {
 protected:
  void SetUp() override { Build(/*revert_on_deny=*/false); }

  void Build(bool revert_on_deny) {
    std::unique_ptr<SqliteStore> store;
    ASSERT_TRUE(SqliteStore::Open(dir_.File("state.db"), &store).ok());
    store_ = std::move(store);
    int added = 0;
    ASSERT_TRUE(store_
                    ->AddNew({MakeChange("ev-open/0", "222222222222", "eu-west-1", "0.0.0.0/0"),
                              MakeChange("ev-priv/0", "333333333333", "us-east-1", "10.0.0.0/8"),
                              MakeChange("ev-<b>/0", "222222222222", "eu-west-1", "10.1.0.0/16")},
                             100, &added)
                    .ok());
    review_ = std::make_unique<ReviewService>(
        store_, ReviewAuth(std::string(kToken), {}, "form-key"), revert_on_deny, &clock_);
  }

  HttpRequest Request(const std::string& method, const std::string& path,
                      const std::string& authorization = Basic("alice", kToken)) {
    HttpRequest request;
    request.method = method;
    request.path = path;
    request.headers["host"] = "exporter.example:9912";
    if (!authorization.empty()) request.headers["authorization"] = authorization;
    return request;
  }

  HttpReply ApiDecide(const std::string& decision, const std::string& id,
                      const std::string& authorization = "Bearer " + std::string(kToken)) {
    HttpRequest request = Request("POST", "/api/v1/sg_changes/changes/" + decision, authorization);
    request.headers["content-type"] = "application/json";
    request.body = json{{"id", id}}.dump();
    return review_->Handle(request);
  }

  StoredChange Get(const std::string& id) {
    StoredChange change;
    EXPECT_TRUE(store_->Get(id, &change).ok()) << id;
    return change;
  }

  static std::string HeaderOf(const HttpReply& reply, const std::string& name) {
    for (const auto& [key, value] : reply.headers) {
      if (key == name) return value;
    }
    return "";
  }

  TempDir dir_;
  FixedClock clock_;
  std::shared_ptr<ChangeStore> store_;
  std::unique_ptr<ReviewService> review_;
};

TEST_F(ReviewTest, EveryEndpointNeedsTheTokenElse401WithABasicChallenge) {
  const std::vector<std::pair<std::string, std::string>> endpoints = {
      {"GET", "/sg_changes/review"},
      {"POST", "/sg_changes/review"},
      {"GET", "/api/v1/sg_changes/changes"},
      {"POST", "/api/v1/sg_changes/changes/approve"},
      {"POST", "/api/v1/sg_changes/changes/deny"}};
  for (const auto& [method, path] : endpoints) {
    for (const std::string& authorization :
         {std::string(), std::string("Bearer wrong"), Basic("alice", "wrong"), Basic("", kToken),
          std::string("Basic !!!!"), "Token " + std::string(kToken)}) {
      HttpReply reply = review_->Handle(Request(method, path, authorization));
      EXPECT_EQ(reply.status, 401) << method << " " << path << " with '" << authorization << "'";
      EXPECT_EQ(HeaderOf(reply, "WWW-Authenticate"),
                "Basic realm=\"awsgov sg_changes review\", charset=\"UTF-8\"");
      EXPECT_EQ(reply.body.find(kToken), std::string::npos);
    }
  }
  EXPECT_EQ(ApiDecide("approve", "ev-open/0", "Bearer wrong").status, 401);
  EXPECT_EQ(Get("ev-open/0").state, ChangeState::kPending);  // nothing decided
}

TEST_F(ReviewTest, CrossSiteRequestsAreRefusedAndChangeNothing) {
  auto cross = [&](const std::string& header, const std::string& value) {
    HttpRequest request = Request("POST", "/api/v1/sg_changes/changes/approve");
    request.headers["content-type"] = "application/json";
    request.body = R"({"id": "ev-open/0"})";
    request.headers[header] = value;
    return review_->Handle(request).status;
  };
  EXPECT_EQ(cross("origin", "https://evil.example"), 403);
  EXPECT_EQ(cross("origin", "http://exporter.example:9913"), 403);
  EXPECT_EQ(cross("origin", "null"), 403);  // an opaque origin (sandboxed frame, data: page)
  EXPECT_EQ(cross("sec-fetch-site", "cross-site"), 403);
  EXPECT_EQ(cross("sec-fetch-site", "same-site"), 403);
  // A form another site posts (it cannot set JSON without a preflight): refused too.
  HttpRequest form = Request("POST", "/api/v1/sg_changes/changes/approve");
  form.headers["content-type"] = "application/x-www-form-urlencoded";
  form.body = "id=ev-open%2F0";
  EXPECT_EQ(review_->Handle(form).status, 415);
  // The page's form without its token, or with another reviewer's.
  HttpRequest page_form = Request("POST", "/sg_changes/review");
  page_form.headers["content-type"] = "application/x-www-form-urlencoded";
  page_form.body = "id=ev-open%2F0&decision=approve";
  EXPECT_EQ(review_->Handle(page_form).status, 403);
  page_form.body +=
      "&form_token=" + ReviewAuth(std::string(kToken), {}, "form-key").FormToken("mallory");
  EXPECT_EQ(review_->Handle(page_form).status, 403);
  // GET never decides.
  EXPECT_EQ(review_->Handle(Request("GET", "/api/v1/sg_changes/changes/approve")).status, 405);
  EXPECT_EQ(Get("ev-open/0").state, ChangeState::kPending);
  // The same request from the same origin goes through.
  EXPECT_EQ(cross("origin", "http://exporter.example:9912"), 200);
  EXPECT_EQ(Get("ev-open/0").state, ChangeState::kApproved);
}

TEST_F(ReviewTest, ApiApprovesAndDeniesOnceRecordingWhoAndWhen) {
  HttpReply approved = ApiDecide("approve", "ev-open/0", Basic("alice", kToken));
  ASSERT_EQ(approved.status, 200) << approved.body;
  EXPECT_EQ(approved.content_type, "application/json");
  json body = json::parse(approved.body);
  EXPECT_EQ(body["change"]["state"], "approved");
  EXPECT_EQ(body["change"]["decided_by"], "alice");
  StoredChange open = Get("ev-open/0");
  EXPECT_EQ(open.state, ChangeState::kApproved);
  EXPECT_EQ(open.decided_by, "alice");
  EXPECT_EQ(open.decided_at, 1795170000);
  EXPECT_FALSE(open.revert_requested);

  // A second decision on a decided change: 409, state unchanged.
  HttpReply again = ApiDecide("deny", "ev-open/0");
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(json::parse(again.body)["change"]["state"], "approved");
  EXPECT_EQ(Get("ev-open/0").state, ChangeState::kApproved);

  HttpReply denied = ApiDecide("deny", "ev-priv/0");
  ASSERT_EQ(denied.status, 200);
  StoredChange priv = Get("ev-priv/0");
  EXPECT_EQ(priv.state, ChangeState::kDenied);
  EXPECT_EQ(priv.decided_by, "api-token");
  EXPECT_FALSE(priv.revert_requested);  // revert is off

  EXPECT_EQ(ApiDecide("approve", "ev-unknown/0").status, 404);
  HttpRequest bad = Request("POST", "/api/v1/sg_changes/changes/approve");
  bad.headers["content-type"] = "application/json";
  bad.body = "[1]";
  EXPECT_EQ(review_->Handle(bad).status, 400);
}

TEST_F(ReviewTest, DenyAsksForARevertWhenRevertIsOn) {
  Build(/*revert_on_deny=*/true);
  ASSERT_EQ(ApiDecide("deny", "ev-open/0").status, 200);
  StoredChange open = Get("ev-open/0");
  EXPECT_EQ(open.state, ChangeState::kDenied);
  EXPECT_TRUE(open.revert_requested);
  ASSERT_EQ(ApiDecide("approve", "ev-priv/0").status, 200);
  EXPECT_FALSE(Get("ev-priv/0").revert_requested);
}

TEST_F(ReviewTest, ListFiltersByStateAccountAndRegion) {
  ASSERT_EQ(ApiDecide("approve", "ev-priv/0").status, 200);
  auto ids = [&](const std::string& query) {
    HttpRequest request = Request("GET", "/api/v1/sg_changes/changes");
    request.query = query;
    HttpReply reply = review_->Handle(request);
    EXPECT_EQ(reply.status, 200) << reply.body;
    std::set<std::string> out;
    const json body = json::parse(reply.body);
    for (const json& change : body["changes"]) out.insert(change["id"]);
    return out;
  };
  EXPECT_EQ(ids(""), (std::set<std::string>{"ev-open/0", "ev-priv/0", "ev-<b>/0"}));
  EXPECT_EQ(ids("state=pending"), (std::set<std::string>{"ev-open/0", "ev-<b>/0"}));
  EXPECT_EQ(ids("state=approved"), (std::set<std::string>{"ev-priv/0"}));
  EXPECT_EQ(ids("account_id=333333333333&region=us-east-1"), (std::set<std::string>{"ev-priv/0"}));
  HttpRequest bad = Request("GET", "/api/v1/sg_changes/changes");
  bad.query = "state=maybe";
  EXPECT_EQ(review_->Handle(bad).status, 400);

  HttpRequest one = Request("GET", "/api/v1/sg_changes/changes");
  one.query = "state=pending&account_id=222222222222";
  json open = json::parse(review_->Handle(one).body)["changes"];
  ASSERT_EQ(open.size(), 2u);
  const json& first = open[0]["id"] == "ev-open/0" ? open[0] : open[1];
  EXPECT_EQ(first["source"], "0.0.0.0/0");
  EXPECT_EQ(first["public"], true);
  EXPECT_EQ(first["port_range"], "22");
  EXPECT_EQ(first["event_time"], "2026-11-20T10:15:30Z");  // MakeChange's 1795169730
}

TEST_F(ReviewTest, PageListsPendingChangesEscapedAndItsFormsDecide) {
  HttpReply page = review_->Handle(Request("GET", "/sg_changes/review"));
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(page.content_type, "text/html; charset=utf-8");
  // Chromium sends "Origin: null" on form posts from a no-referrer page: the page's own forms
  // would be refused as cross-site (found by the headless-browser test).
  EXPECT_EQ(HeaderOf(page, "Referrer-Policy"), "same-origin");
  EXPECT_NE(HeaderOf(page, "Content-Security-Policy").find("form-action 'self'"),
            std::string::npos);
  EXPECT_EQ(HeaderOf(page, "X-Frame-Options"), "DENY");
  EXPECT_NE(page.body.find("Reviewing as alice. 3 pending."), std::string::npos) << page.body;
  EXPECT_NE(page.body.find("0.0.0.0/0 <strong>(internet)</strong>"), std::string::npos);
  EXPECT_EQ(page.body.find("ev-<b>"), std::string::npos);  // escaped
  EXPECT_NE(page.body.find("ev-&lt;b&gt;/0"), std::string::npos);
  std::smatch token;
  ASSERT_TRUE(std::regex_search(page.body, token,
                                std::regex("name=\"form_token\" value=\"([0-9a-f]{64})\"")));

  // Submitting the Deny form of ev-open as the browser would.
  HttpRequest submit = Request("POST", "/sg_changes/review");
  submit.headers["content-type"] = "application/x-www-form-urlencoded";
  submit.headers["origin"] = "http://exporter.example:9912";
  submit.body = "id=ev-open%2F0&decision=deny&form_token=" + token[1].str() + "&deny=";
  HttpReply done = review_->Handle(submit);
  EXPECT_EQ(done.status, 303) << done.body;
  EXPECT_EQ(HeaderOf(done, "Location"), "/sg_changes/review");
  StoredChange open = Get("ev-open/0");
  EXPECT_EQ(open.state, ChangeState::kDenied);
  EXPECT_EQ(open.decided_by, "alice");

  HttpReply after = review_->Handle(Request("GET", "/sg_changes/review"));
  EXPECT_NE(after.body.find("2 pending."), std::string::npos);
  EXPECT_EQ(after.body.find("change-ev-open/0"), std::string::npos);
}

// With the web config's users, the server has already checked the password: the request reviews
// as that user (its Authorization header is the web password, not the token), the allow-list
// refuses others with 403, and without a token nothing else gets in.
TEST_F(ReviewTest, WebConfigUsersReviewAsThemselvesWithinTheAllowList) {
  review_ = std::make_unique<ReviewService>(
      store_, ReviewAuth(std::nullopt, {"alice", "bob"}, "form-key"), false, &clock_);
  auto as = [&](const std::string& web_user, HttpRequest request) {
    request.web_user = web_user;
    return request;
  };
  HttpReply page = review_->Handle(
      as("bob", Request("GET", "/sg_changes/review", Basic("bob", "bob's web password"))));
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_NE(page.body.find("Reviewing as bob. 3 pending."), std::string::npos);

  HttpRequest deny = as("bob", Request("POST", "/api/v1/sg_changes/changes/deny",
                                       Basic("bob", "bob's web password")));
  deny.headers["content-type"] = "application/json";
  deny.body = R"({"id": "ev-priv/0"})";
  HttpReply reply = review_->Handle(deny);
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(json::parse(reply.body)["change"]["decided_by"], "bob");
  EXPECT_EQ(Get("ev-priv/0").state, ChangeState::kDenied);
  EXPECT_EQ(Get("ev-priv/0").decided_by, "bob");

  // Authenticated by the server but not a reviewer: 403, nothing decided.
  HttpRequest mallory = deny;
  mallory.web_user = "mallory";
  mallory.body = R"({"id": "ev-open/0"})";
  reply = review_->Handle(mallory);
  EXPECT_EQ(reply.status, 403);
  EXPECT_EQ(reply.body, "forbidden: mallory is not in the sg_changes reviewers list\n");
  EXPECT_EQ(Get("ev-open/0").state, ChangeState::kPending);

  // No web user and no token configured: 401, whatever the header says.
  reply = review_->Handle(
      Request("GET", "/api/v1/sg_changes/changes", "Bearer " + std::string(kToken)));
  EXPECT_EQ(reply.status, 401);
  EXPECT_NE(reply.body.find("no review credentials are configured"), std::string::npos);
}

// The allow-list applies to token users too (their names are claimed, not proven: the token is
// shared), and "api-token" is the bearer's name.
TEST_F(ReviewTest, TheAllowListAppliesToNamesSentWithTheToken) {
  review_ = std::make_unique<ReviewService>(
      store_, ReviewAuth(std::string(kToken), {"alice"}, "form-key"), false, &clock_);
  EXPECT_EQ(review_->Handle(Request("GET", "/sg_changes/review", Basic("alice", kToken))).status,
            200);
  EXPECT_EQ(review_->Handle(Request("GET", "/sg_changes/review", Basic("eve", kToken))).status,
            403);
  EXPECT_EQ(review_->Handle(Request("GET", "/sg_changes/review", Basic("alice", "wrong"))).status,
            401);
  EXPECT_EQ(ApiDecide("approve", "ev-open/0").status, 403);  // Bearer: "api-token"
}

TEST(ReviewAuthTest, TokenFileIsTrimmedAndEmptyOrMissingFilesAreErrorsNamingTheFile) {
  TempDir dir;
  std::string token, error;
  std::ofstream(dir.File("token")) << "  abc123\n";
  ASSERT_TRUE(ReadSecretFile(dir.File("token"), "review token", &token, &error)) << error;
  EXPECT_EQ(token, "abc123");
  std::ofstream(dir.File("empty")) << "\n";
  EXPECT_FALSE(ReadSecretFile(dir.File("empty"), "review token", &token, &error));
  EXPECT_EQ(error, "the review token file " + dir.File("empty") + " is empty");
  EXPECT_FALSE(ReadSecretFile(dir.File("missing"), "review token", &token, &error));
  EXPECT_NE(error.find(dir.File("missing")), std::string::npos);
}

}  // namespace
}  // namespace awsgov::sg
