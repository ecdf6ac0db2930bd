// Fuzz target: one HTTP request through the exporter's own request handling, as far as it goes
// without sockets. civetweb parses the request line and headers in front of us; from there the
// real Router (exporter/http/router.cpp) runs on a FAKE civetweb connection (fake_civetweb.h):
// routing, method checks, body limits, content negotiation for /metrics, the landing page, the
// configured web-config headers, and the sg_changes review page and API (review token, cross-site
// checks, form tokens, JSON bodies, decisions in an in-memory SQLite store), plus the basic-auth
// header decoder. The input is the request as text ("GET /metrics HTTP/1.1\r\nAccept: ...").
// A crash, a sanitizer report, an exception escaping, or a malformed response (fake_civetweb.h:
// CR/LF in a header, wrong Content-Length, a missing configured header, a body for HEAD) is a
// finding.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "collectors/sg_changes/review.h"
#include "collectors/sg_changes/review_auth.h"
#include "collectors/sg_changes/sqlite_store.h"
#include "exporter/core/clock.h"
#include "exporter/http/basic_auth.h"
#include "exporter/http/router.h"
#include "exporter/http/server.h"
#include "exporter/http/web_config.h"
#include "tests/fuzz/fake_civetweb.h"
#include "tests/fuzz/fuzz_log.h"

namespace awsgov::fuzz {
namespace {

// The bearer token the seeds use, so that the fuzzer starts past the review authentication.
constexpr const char* kReviewToken = "fuzz-review-token";

const std::vector<std::pair<std::string, std::string>> kConfiguredHeaders = {
    {"Strict-Transport-Security", "max-age=31536000"}, {"X-Frame-Options", "deny"}};

class FixedClock final : public Clock {
 public:
  time_point Now() const override { return time_point(std::chrono::seconds(1000)); }
  double UnixSeconds() const override { return 1'763'640'000; }  // 2025-11-20
};

sg::SgRuleChange Change(const std::string& event_id, const std::string& source) {
  sg::SgRuleChange change;
  change.id = event_id + "/0";
  change.event_id = event_id;
  change.event_name = "AuthorizeSecurityGroupIngress";
  change.event_time = 1'763'630'000;
  change.account_id = "111111111111";
  change.region = "eu-west-1";
  change.group_id = "sg-0123456789abcdef0";
  change.actor = "arn:aws:iam::111111111111:user/<alice>";
  change.direction = "ingress";
  change.protocol = "tcp";
  change.port_range = "22";
  change.source = source;
  change.source_kind = "ipv4";
  change.rule_id = "sgr-0123456789abcdef0";
  change.is_public = source == "0.0.0.0/0";
  return change;
}

// The collector routes: a review service over a fresh in-memory store holding two pending
// changes, made only for requests that reach a route (it costs an SQLite database).
bool Routes(const HttpRequest& request, HttpReply* reply) {
  static const FixedClock clock;
  std::unique_ptr<sg::SqliteStore> store;
  if (!sg::SqliteStore::Open(":memory:", &store).ok()) std::abort();
  int added = 0;
  if (!store
           ->AddNew({Change("e-1", "0.0.0.0/0"), Change("e-2", "10.0.0.0/8")}, 1'763'635'000,
                    &added)
           .ok()) {
    std::abort();
  }
  sg::ReviewService review(std::move(store),
                           sg::ReviewAuth(std::string(kReviewToken), {}, "fuzz-form-key"),
                           /*revert_on_deny=*/true, &clock);
  for (const HttpRoute& route : review.Routes()) {
    if (route.Owns(request.path)) {
      *reply = route.handle(request);
      return true;
    }
  }
  return false;
}

http::Router& TheRouter() {
  static http::Router* router = [] {
    http::ServerOptions options;
    options.version = "0.0.0-fuzz";
    options.revision = "fuzz";
    options.collectors = {"ipam", "sg_changes"};
    auto web_config = std::make_shared<http::WebConfig>();
    web_config->headers = kConfiguredHeaders;
    options.web_config = web_config;
    http::HttpHandlers handlers;
    handlers.metrics = [](ExpositionFormat format, bool gzip) {
      static const auto text = std::make_shared<const std::string>(
          "# HELP awsgov_up Whether the exporter is up.\n# TYPE awsgov_up gauge\nawsgov_up 1\n");
      (void)format;
      (void)gzip;  // the bytes are the store's job; the router only frames them
      return Exposition{.content_type = {}, .gzip = false, .cached = text, .tail = "# EOF\n"};
    };
    handlers.targets = [] {
      TargetStatus failed;
      failed.target = Target{"ipam", "111111111111", "eu-west-1"};
      failed.has_run = true;
      failed.last_error = "AccessDenied: <script>alert(1)</script> & \"quotes\"";
      return std::vector<TargetStatus>{failed};
    };
    handlers.reload = [] { return InvalidArgument("fuzz.yml:1:1: bad\r\nX-Injected: yes"); };
    handlers.ready = [] { return true; };
    handlers.routes = Routes;
    return new http::Router(options, std::move(handlers));
  }();
  return *router;
}

}  // namespace
}  // namespace awsgov::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace awsgov;
  fuzz::ConfigureLogging(size);
  mg_connection conn;
  fuzz::ParseRequest(std::string_view(reinterpret_cast<const char*>(data), size), &conn);
  const int status = fuzz::TheRouter().Handle(&conn);
  fuzz::CheckResponse(conn, status);
  if (!fuzz::HasHeaders(conn, fuzz::kConfiguredHeaders)) {
    std::fprintf(stderr, "response %d to %s lacks the configured web-config headers\n", status,
                 conn.local_uri.c_str());
    std::abort();
  }
  // The basic-auth decoder on whatever Authorization header came.
  if (const char* authorization = mg_get_header(&conn, "Authorization")) {
    std::string user, password;
    (void)http::ParseBasicAuthorization(authorization, &user, &password);
  }
  return 0;
}
