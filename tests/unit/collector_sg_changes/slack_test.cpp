// Slack's interactive endpoint: the v0 signature against Slack's own published example and
// against HMACs computed here from the inputs, stale timestamps, bad signatures and replays
// refused, payloads of both interaction types parsed (and malformed ones refused with a clear
// 400), and button clicks deciding changes in a real SQLite store, recorded as the Slack user.
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <nlohmann/json.hpp>

#include "collectors/sg_changes/review.h"
#include "collectors/sg_changes/slack_actions.h"
#include "collectors/sg_changes/slack_signature.h"
#include "collectors/sg_changes/sqlite_store.h"
#include "tests/unit/collector_sg_changes/sg_test_util.h"

namespace awsgov::sg {
namespace {

using nlohmann::json;
using testing::MakeChange;
using testing::TempDir;

constexpr const char* kSecret = "slack-signing-secret-for-tests";
constexpr std::int64_t kNow = 1795170000;

class SettableClock final : public Clock {
 public:
  time_point Now() const override { return {}; }
  double UnixSeconds() const override { return static_cast<double>(now); }
  std::int64_t now = kNow;
};

// The HMAC computed here, independently of the verifier's code path: hex of HMAC-SHA256.
std::string HmacHex(const std::string& key, const std::string& message) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), mac, &size);
  std::string hex;
  char byte[3];
  for (unsigned int i = 0; i < size; ++i) {
    std::snprintf(byte, sizeof byte, "%02x", mac[i]);
    hex += byte;
  }
  return hex;
}

std::string FormEncode(const std::string& text) {
  std::string out;
  char escaped[4];
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      std::snprintf(escaped, sizeof escaped, "%%%02X", c);
      out += escaped;
    }
  }
  return out;
}

TEST(SlackSignatureTest, MatchesSlacksPublishedExample) {
  // From Slack's "Verifying requests from Slack" documentation.
  const std::string body =
      "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id="
      "G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-"
      "collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%"
      "2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121."
      "803a0bc887a14d10d2c447fce8b6703c";
  EXPECT_EQ(SlackSignatureVerifier::Sign("8f742231b10e8888abcd99yyyzzz85a5", "1531420618", body),
            "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503");
  SettableClock clock;
  clock.now = 1531420618 + 299;
  SlackSignatureVerifier verifier("8f742231b10e8888abcd99yyyzzz85a5", &clock);
  EXPECT_EQ(
      verifier.Verify("1531420618",
                      "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503", body),
      SlackSignatureResult::kValid);
}

TEST(SlackSignatureTest, SignatureIsTheHmacOfVersionTimestampAndBody) {
  const std::string body = "payload=%7B%7D";
  const std::string timestamp = std::to_string(kNow);
  EXPECT_EQ(SlackSignatureVerifier::Sign(kSecret, timestamp, body),
            "v0=" + HmacHex(kSecret, "v0:" + timestamp + ":" + body));
  // Another body or timestamp, another signature.
  EXPECT_NE(SlackSignatureVerifier::Sign(kSecret, timestamp, body + "x"),
            SlackSignatureVerifier::Sign(kSecret, timestamp, body));
  EXPECT_NE(SlackSignatureVerifier::Sign(kSecret, std::to_string(kNow + 1), body),
            SlackSignatureVerifier::Sign(kSecret, timestamp, body));
}

TEST(SlackSignatureTest, StaleBadMissingAndReplayedRequestsAreRefused) {
  SettableClock clock;
  SlackSignatureVerifier verifier(kSecret, &clock);
  const std::string body = "payload=%7B%7D";
  auto sign = [&](std::int64_t when) {
    return "v0=" + HmacHex(kSecret, "v0:" + std::to_string(when) + ":" + body);
  };
  // Five minutes is the limit, in both directions.
  EXPECT_EQ(verifier.Verify(std::to_string(kNow - 301), sign(kNow - 301), body),
            SlackSignatureResult::kStale);
  EXPECT_EQ(verifier.Verify(std::to_string(kNow + 301), sign(kNow + 301), body),
            SlackSignatureResult::kStale);
  EXPECT_EQ(verifier.Verify("12x", sign(kNow), body), SlackSignatureResult::kStale);
  EXPECT_EQ(verifier.Verify("", sign(kNow), body), SlackSignatureResult::kMissingHeaders);
  EXPECT_EQ(verifier.Verify(std::to_string(kNow), "", body), SlackSignatureResult::kMissingHeaders);
  // Signed with another secret, over another body, or truncated.
  EXPECT_EQ(
      verifier.Verify(std::to_string(kNow),
                      "v0=" + HmacHex("other", "v0:" + std::to_string(kNow) + ":" + body), body),
      SlackSignatureResult::kBadSignature);
  EXPECT_EQ(verifier.Verify(std::to_string(kNow), sign(kNow), body + "&x=1"),
            SlackSignatureResult::kBadSignature);
  EXPECT_EQ(verifier.Verify(std::to_string(kNow), sign(kNow).substr(0, 40), body),
            SlackSignatureResult::kBadSignature);
  // Valid once (300 s old is still in the window), then a replay.
  EXPECT_EQ(verifier.Verify(std::to_string(kNow - 300), sign(kNow - 300), body),
            SlackSignatureResult::kValid);
  EXPECT_EQ(verifier.Verify(std::to_string(kNow), sign(kNow), body), SlackSignatureResult::kValid);
  EXPECT_EQ(verifier.Verify(std::to_string(kNow), sign(kNow), body),
            SlackSignatureResult::kReplayed);
  // Once out of the window, the same request is stale rather than remembered.
  clock.now = kNow + 301;
  EXPECT_EQ(verifier.Verify(std::to_string(kNow), sign(kNow), body), SlackSignatureResult::kStale);
}

std::string BlockActions(const std::string& value, const std::string& user_id = "U0ALICE") {
  json payload = {
      {"type", "block_actions"},
      {"user", {{"id", user_id}, {"username", "alice"}, {"team_id", "T0TEAM"}}},
      {"actions",
       {{{"action_id", "sg-decision"}, {"block_id", "b1"}, {"type", "button"}, {"value", value}}}},
      {"response_url", "https://hooks.slack.com/actions/T0TEAM/1/abc"}};
  return "payload=" + FormEncode(payload.dump());
}

TEST(SlackPayloadTest, ParsesBlockActionsAndAlertmanagersInteractiveMessages) {
  SlackAction action;
  std::string error;
  ASSERT_TRUE(ParseSlackAction(BlockActions("deny:ev-open/0"), &action, &error)) << error;
  EXPECT_EQ(action.type, "block_actions");
  EXPECT_EQ(action.user_id, "U0ALICE");
  EXPECT_EQ(action.user_name, "alice");
  EXPECT_FALSE(action.approve);
  EXPECT_EQ(action.target, "ev-open/0");

  json legacy = {
      {"type", "interactive_message"},
      {"callback_id", "sg"},
      {"user", {{"id", "U0BOB"}, {"name", "bob"}}},
      {"actions", {{{"name", "approve"}, {"type", "button"}, {"value", "approve:ev-9"}}}}};
  ASSERT_TRUE(ParseSlackAction("payload=" + FormEncode(legacy.dump()), &action, &error)) << error;
  EXPECT_EQ(action.type, "interactive_message");
  EXPECT_EQ(action.user_id, "U0BOB");
  EXPECT_EQ(action.user_name, "bob");
  EXPECT_TRUE(action.approve);
  EXPECT_EQ(action.target, "ev-9");
}

TEST(SlackPayloadTest, MalformedPayloadsNameTheProblem) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"text=hello", "no form field \"payload\" (Slack posts payload=<JSON>, form-encoded)"},
      {"payload=%7Bnot-json", "payload is not a JSON object"},
      {"payload=" + FormEncode(R"({"type":"view_submission","user":{"id":"U1"}})"),
       "payload type \"view_submission\" is not block_actions or interactive_message"},
      {"payload=" + FormEncode(R"({"type":"block_actions","actions":[]})"),
       "payload has no user.id"},
      {"payload=" + FormEncode(R"({"type":"block_actions","user":{"id":"U1"},"actions":[]})"),
       "payload has no actions"},
      {BlockActions("revert:ev-1/0"),
       "the action's value must be \"approve:<id>\" or \"deny:<id>\""},
      {BlockActions("deny:"), "the action's value must be \"approve:<id>\" or \"deny:<id>\""},
  };
  for (const auto& [body, expected] : cases) {
    SlackAction action;
    std::string error;
    EXPECT_FALSE(ParseSlackAction(body, &action, &error)) << body;
    EXPECT_EQ(error, expected) << body;
  }
}

class SlackEndpointTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::unique_ptr<SqliteStore> store;
    ASSERT_TRUE(SqliteStore::Open(dir_.File("state.db"), &store).ok());
    store_ = std::move(store);
    int added = 0;
    ASSERT_TRUE(
        store_
            ->AddNew({MakeChange("ev-open/0", "222222222222", "eu-west-1", "0.0.0.0/0"),
                      MakeChange("ev-two/0"), MakeChange("ev-two/1"), MakeChange("ev-priv/0")},
                     100, &added)
            .ok());
    ASSERT_EQ(added, 4);
    Build({});
  }

  void Build(std::vector<std::string> user_ids) {
    review_ = std::make_unique<ReviewService>(
        store_, ReviewAuth(std::string("token"), {}, "form-key"),
        /*revert_on_deny=*/false, &clock_, SlackSettings{kSecret, std::move(user_ids)});
  }

  HttpRequest Signed(const std::string& body, std::int64_t when = kNow) {
    HttpRequest request;
    request.method = "POST";
    request.path = kSlackActionsPath;
    request.headers["content-type"] = "application/x-www-form-urlencoded";
    request.headers["x-slack-request-timestamp"] = std::to_string(when);
    request.headers["x-slack-signature"] =
        "v0=" + HmacHex(kSecret, "v0:" + std::to_string(when) + ":" + body);
    request.body = body;
    return request;
  }

  HttpReply Send(const HttpRequest& request) {
    for (const HttpRoute& route : review_->Routes()) {
      if (route.Owns(request.path)) return route.handle(request);
    }
    ADD_FAILURE() << "no route owns " << request.path;
    return {};
  }

  StoredChange Get(const std::string& id) {
    StoredChange change;
    EXPECT_TRUE(store_->Get(id, &change).ok()) << id;
    return change;
  }

  TempDir dir_;
  SettableClock clock_;
  std::shared_ptr<ChangeStore> store_;
  std::unique_ptr<ReviewService> review_;
};

TEST_F(SlackEndpointTest, TheSlackRouteComesFirstAndVerifiesItself) {
  const std::vector<HttpRoute> routes = review_->Routes();
  ASSERT_EQ(routes.size(), 3u);
  EXPECT_EQ(routes[0].path_prefix, "/sg_changes/slack/actions");
  EXPECT_TRUE(routes[0].verifies_itself);
  EXPECT_EQ(routes[1].path_prefix, "/sg_changes");
  EXPECT_FALSE(routes[1].verifies_itself);
  EXPECT_FALSE(routes[2].verifies_itself);
}

TEST_F(SlackEndpointTest, ADenyClickDecidesTheChangeAsTheSlackUser) {
  HttpReply reply = Send(Signed(BlockActions("deny:ev-open/0")));
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(reply.content_type, "application/json");
  EXPECT_EQ(json::parse(reply.body), (json{{"response_type", "ephemeral"},
                                           {"replace_original", false},
                                           {"text", "change ev-open/0 denied (by <@U0ALICE>)"}}));
  const StoredChange denied = Get("ev-open/0");
  EXPECT_EQ(denied.state, ChangeState::kDenied);
  EXPECT_EQ(denied.decided_by, "slack:U0ALICE (alice)");
  EXPECT_EQ(denied.decided_at, kNow);
  EXPECT_EQ(Get("ev-priv/0").state, ChangeState::kPending);

  // A second click (another request, so another signature): the first decision stands.
  HttpReply again = Send(Signed(BlockActions("approve:ev-open/0"), kNow + 1));
  ASSERT_EQ(again.status, 200);
  EXPECT_EQ(json::parse(again.body)["text"], "change ev-open/0 is already denied (by <@U0ALICE>)");
  EXPECT_EQ(Get("ev-open/0").state, ChangeState::kDenied);
}

TEST_F(SlackEndpointTest, AnEventIdApprovesEveryPendingChangeOfThatEvent) {
  HttpReply reply = Send(Signed(BlockActions("approve:ev-two")));
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(json::parse(reply.body)["text"],
            "change ev-two/0 approved\nchange ev-two/1 approved (by <@U0ALICE>)");
  EXPECT_EQ(Get("ev-two/0").state, ChangeState::kApproved);
  EXPECT_EQ(Get("ev-two/1").state, ChangeState::kApproved);
  EXPECT_EQ(Get("ev-two/1").decided_by, "slack:U0ALICE (alice)");
  HttpReply none = Send(Signed(BlockActions("approve:ev-nothing")));
  EXPECT_EQ(json::parse(none.body)["text"], "no pending change of event ev-nothing");
}

TEST_F(SlackEndpointTest, UnsignedStaleReplayedOrMalformedRequestsDecideNothing) {
  const std::string body = BlockActions("deny:ev-priv/0");
  HttpRequest unsigned_request = Signed(body);
  unsigned_request.headers.erase("x-slack-signature");
  HttpReply reply = Send(unsigned_request);
  EXPECT_EQ(reply.status, 401);
  EXPECT_EQ(json::parse(reply.body)["error"],
            "Slack signature: missing X-Slack-Request-Timestamp or X-Slack-Signature");

  HttpRequest wrong = Signed(body);
  wrong.body = BlockActions("approve:ev-priv/0");  // the signature is over the deny
  reply = Send(wrong);
  EXPECT_EQ(reply.status, 401);
  EXPECT_EQ(json::parse(reply.body)["error"],
            "Slack signature: X-Slack-Signature does not match the request");

  reply = Send(Signed(body, kNow - 6 * 60));
  EXPECT_EQ(reply.status, 401);
  EXPECT_EQ(json::parse(reply.body)["error"],
            "Slack signature: X-Slack-Request-Timestamp is not within five minutes of now");
  EXPECT_EQ(Get("ev-priv/0").state, ChangeState::kPending);

  // Malformed but signed: 400 naming the problem.
  reply = Send(Signed("payload=" + FormEncode(R"({"type":"block_actions"})")));
  EXPECT_EQ(reply.status, 400);
  EXPECT_EQ(json::parse(reply.body)["error"],
            "malformed Slack interaction: payload has no user.id");

  const HttpRequest good = Signed(body, kNow + 2);
  EXPECT_EQ(Send(good).status, 200);
  EXPECT_EQ(Get("ev-priv/0").state, ChangeState::kDenied);
  reply = Send(good);
  EXPECT_EQ(reply.status, 401);
  EXPECT_EQ(json::parse(reply.body)["error"],
            "Slack signature: this signed request was already received (replay)");

  HttpRequest get = Signed(body);
  get.method = "GET";
  EXPECT_EQ(Send(get).status, 405);
}

TEST_F(SlackEndpointTest, UsersOutsideTheAllowListAreToldAndDecideNothing) {
  Build({"U0BOB"});
  HttpReply reply = Send(Signed(BlockActions("deny:ev-open/0", "U0MALLORY")));
  ASSERT_EQ(reply.status, 200);
  EXPECT_EQ(json::parse(reply.body)["text"],
            "<@U0MALLORY> is not allowed to review security-group changes");
  EXPECT_EQ(Get("ev-open/0").state, ChangeState::kPending);
  reply = Send(Signed(BlockActions("deny:ev-open/0", "U0BOB"), kNow + 1));
  EXPECT_EQ(json::parse(reply.body)["text"], "change ev-open/0 denied (by <@U0BOB>)");
  EXPECT_EQ(Get("ev-open/0").decided_by, "slack:U0BOB (alice)");
}

}  // namespace
}  // namespace awsgov::sg
