#include "exporter/http/server.h"

#include <civetweb.h>
#include <gtest/gtest.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "tests/unit/http/http_test_client.h"

namespace awsgov::http {
namespace {

using testing::Fetch;
using testing::HttpResult;

constexpr const char* kPrometheusAccept =
    "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;"
    "q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

// Distinct bodies per format, so that a test sees which format the server asked for.
std::string CachedPart(ExpositionFormat format) {
  return format == ExpositionFormat::kOpenMetrics100
             ? "# TYPE awsgov_build_info gauge\nawsgov_build_info{version=\"om\"} 1\n"
             : "# TYPE awsgov_build_info gauge\nawsgov_build_info{version=\"text\"} 1\n";
}
std::string TailPart(ExpositionFormat format) {
  return format == ExpositionFormat::kOpenMetrics100 ? "# EOF\n" : "awsgov_scrapes_total 7\n";
}
std::string PlainBody(ExpositionFormat format) { return CachedPart(format) + TailPart(format); }

class FakeExporter {
 public:
  HttpHandlers Handlers() {
    HttpHandlers handlers;
    handlers.metrics = [this](ExpositionFormat format, bool gzip) {
      metrics_calls++;
      if (metrics_throw) throw std::runtime_error("secret detail of the failure");
      Exposition exposition;
      exposition.content_type = ContentType(format);
      exposition.gzip = gzip;
      exposition.cached = std::make_shared<const std::string>(
          gzip ? testing::GzipMember(CachedPart(format)) : CachedPart(format));
      exposition.tail = gzip ? testing::GzipMember(TailPart(format)) : TailPart(format);
      return exposition;
    };
    handlers.targets = [this] {
      std::lock_guard<std::mutex> lock(mutex);
      return targets;
    };
    handlers.reload = [this] {
      reload_calls++;
      std::lock_guard<std::mutex> lock(mutex);
      return reload_result;
    };
    handlers.ready = [this] { return ready.load(); };
    // One collector route, as the app builds them from a generation's collectors.
    handlers.routes = [this](const HttpRequest& request, HttpReply* reply) {
      const HttpRoute route{"/collector_x", [this](const HttpRequest& r) {
                              std::lock_guard<std::mutex> lock(mutex);
                              routed.push_back(r);
                              HttpReply out;
                              out.status = 201;
                              out.content_type = "application/json";
                              out.headers = {{"X-Route", "collector_x"}};
                              out.body = "{\"got\": \"" + r.body + "\"}";
                              return out;
                            }};
      if (!route.Owns(request.path)) return false;
      *reply = route.handle(request);
      return true;
    };
    return handlers;
  }

  std::atomic<int> metrics_calls{0};
  std::atomic<bool> metrics_throw{false};
  std::atomic<int> reload_calls{0};
  std::atomic<bool> ready{true};
  std::mutex mutex;
  Status reload_result;
  std::vector<TargetStatus> targets;
  std::vector<HttpRequest> routed;  // requests the route got
};

class HttpServerTest : public ::testing::Test {
 protected:
  void StartServer(ServerOptions options = {}) {
    if (options.listen_address == kDefaultListenAddress) options.listen_address = "127.0.0.1:0";
    options.version = "9.8.7";
    options.revision = "rev123";
    options.collectors = {"ipam", "sg_changes"};
    server_ = std::make_unique<HttpServer>(options, fake_.Handlers());
    const Status status = server_->Start();
    ASSERT_TRUE(status.ok()) << status.ToString();
    ASSERT_GT(server_->port(), 0);
    base_ = "http://127.0.0.1:" + std::to_string(server_->port());
  }

  void SetUp() override { StartServer(); }

  FakeExporter fake_;
  std::unique_ptr<HttpServer> server_;
  std::string base_;
};

TEST_F(HttpServerTest, MetricsDefaultToText004) {
  const HttpResult r = Fetch("GET", base_ + "/metrics");
  ASSERT_EQ(r.status, 200) << r.error;
  EXPECT_EQ(r.Header("content-type"), ContentType(ExpositionFormat::kText004));
  EXPECT_EQ(r.body, PlainBody(ExpositionFormat::kText004));
  EXPECT_EQ(r.Header("content-length"), std::to_string(r.body.size()));
  EXPECT_EQ(r.Header("content-encoding"), "");
  EXPECT_NE(r.Header("vary").find("Accept-Encoding"), std::string::npos);
}

TEST_F(HttpServerTest, MetricsNegotiateOpenMetricsFromPrometheusAccept) {
  const HttpResult r =
      Fetch("GET", base_ + "/metrics", {std::string("Accept: ") + kPrometheusAccept});
  ASSERT_EQ(r.status, 200) << r.error;
  EXPECT_EQ(r.Header("content-type"), ContentType(ExpositionFormat::kOpenMetrics100));
  EXPECT_EQ(r.body, PlainBody(ExpositionFormat::kOpenMetrics100));
}

TEST_F(HttpServerTest, GzipBodyGunzipsToThePlainBody) {
  const HttpResult plain = Fetch("GET", base_ + "/metrics");
  const HttpResult zipped =
      Fetch("GET", base_ + "/metrics", {"Accept-Encoding: gzip, deflate, br"});
  ASSERT_EQ(zipped.status, 200) << zipped.error;
  EXPECT_EQ(zipped.Header("content-encoding"), "gzip");
  EXPECT_EQ(zipped.Header("content-length"), std::to_string(zipped.body.size()));
  EXPECT_NE(zipped.body, plain.body);
  EXPECT_EQ(testing::Gunzip(zipped.body), plain.body);
}

TEST_F(HttpServerTest, HeadSendsHeadersWithoutBody) {
  const std::string response = testing::RawExchange(
      server_->port(), "HEAD /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  ASSERT_EQ(response.rfind("HTTP/1.1 200", 0), 0u) << response;
  const std::string expected_length =
      "Content-Length: " + std::to_string(PlainBody(ExpositionFormat::kText004).size()) + "\r\n";
  EXPECT_NE(response.find(expected_length), std::string::npos) << response;
  const auto end_of_headers = response.find("\r\n\r\n");
  ASSERT_NE(end_of_headers, std::string::npos);
  EXPECT_EQ(response.substr(end_of_headers + 4), "");
}

TEST_F(HttpServerTest, MetricsRefuseOtherMethodsWithAllow) {
  for (const char* method : {"POST", "PUT", "DELETE"}) {
    const HttpResult r = Fetch(method, base_ + "/metrics", {}, "x");
    EXPECT_EQ(r.status, 405) << method << " " << r.error;
    EXPECT_EQ(r.Header("allow"), "GET, HEAD") << method;
  }
  EXPECT_EQ(fake_.metrics_calls.load(), 0);
}

TEST_F(HttpServerTest, MetricsCallbackExceptionGives500WithoutDetail) {
  fake_.metrics_throw = true;
  const HttpResult r = Fetch("GET", base_ + "/metrics");
  EXPECT_EQ(r.status, 500) << r.error;
  EXPECT_EQ(r.body, "error rendering metrics\n");
}

TEST_F(HttpServerTest, ReloadCallsTheCallbackOncePerPost) {
  HttpResult r = Fetch("POST", base_ + "/-/reload");
  EXPECT_EQ(r.status, 200) << r.error;
  EXPECT_EQ(r.body, "OK\n");
  EXPECT_EQ(fake_.reload_calls.load(), 1);
  r = Fetch("POST", base_ + "/-/reload");
  EXPECT_EQ(r.status, 200) << r.error;
  EXPECT_EQ(fake_.reload_calls.load(), 2);
}

TEST_F(HttpServerTest, ReloadRefusesGetWithAllowPost) {
  const HttpResult r = Fetch("GET", base_ + "/-/reload");
  EXPECT_EQ(r.status, 405) << r.error;
  EXPECT_EQ(r.Header("allow"), "POST");
  EXPECT_EQ(fake_.reload_calls.load(), 0);
}

TEST_F(HttpServerTest, ReloadErrorIs500WithTheErrorText) {
  {
    std::lock_guard<std::mutex> lock(fake_.mutex);
    fake_.reload_result = InvalidArgument("config.yml line 3: unknown key \"colector\"");
  }
  const HttpResult r = Fetch("POST", base_ + "/-/reload");
  EXPECT_EQ(r.status, 500) << r.error;
  EXPECT_NE(r.body.find("config.yml line 3: unknown key \"colector\""), std::string::npos)
      << r.body;
  EXPECT_EQ(fake_.reload_calls.load(), 1);
}

TEST_F(HttpServerTest, OversizedBodyIsRefusedBeforeTheCallback) {
  const HttpResult r = Fetch("POST", base_ + "/-/reload", {}, std::string(5000, 'a'));
  EXPECT_EQ(r.status, 413) << r.error;
  EXPECT_EQ(fake_.reload_calls.load(), 0);
}

// Found by fuzz_http_request: the 413 for a declared length over the cap wrote its text even
// for HEAD, so the bytes after the headers were not a response a client expected.
TEST_F(HttpServerTest, HeadWithAnOversizedDeclaredBodyGets413WithoutABody) {
  for (const std::string path : {"/metrics", "/collector_x/a"}) {
    // The body is sent too, so that the server need not wait for it to drain the connection.
    const std::string response =
        testing::RawExchange(server_->port(), "HEAD " + path +
                                                  " HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n"
                                                  "Connection: close\r\n\r\n" +
                                                  std::string(5000, 'a'));
    ASSERT_EQ(response.rfind("HTTP/1.1 413", 0), 0u) << path << ": " << response;
    const auto end_of_headers = response.find("\r\n\r\n");
    ASSERT_NE(end_of_headers, std::string::npos) << path;
    EXPECT_EQ(response.substr(end_of_headers + 4), "") << path;
  }
}

TEST_F(HttpServerTest, CollectorRoutesGetTheRequestAndAnswerAsTheyChoose) {
  const HttpResult r = Fetch("POST", base_ + "/collector_x/api/thing?state=pending",
                             {"Content-Type: application/json", "X-Custom-Header: Value"}, "abc");
  EXPECT_EQ(r.status, 201) << r.error;
  EXPECT_EQ(r.body, "{\"got\": \"abc\"}");
  EXPECT_EQ(r.Header("content-type"), "application/json");
  EXPECT_EQ(r.Header("x-route"), "collector_x");
  EXPECT_EQ(r.Header("x-content-type-options"), "nosniff");
  std::lock_guard<std::mutex> lock(fake_.mutex);
  ASSERT_EQ(fake_.routed.size(), 1u);
  const HttpRequest& got = fake_.routed[0];
  EXPECT_EQ(got.method, "POST");
  EXPECT_EQ(got.path, "/collector_x/api/thing");
  EXPECT_EQ(got.query, "state=pending");
  EXPECT_EQ(got.Header("content-type"), "application/json");
  EXPECT_EQ(got.Header("x-custom-header"), "Value");
  EXPECT_EQ(got.body, "abc");
}

TEST_F(HttpServerTest, RoutesOwnTheirPrefixOnlyAndBodiesStayCapped) {
  EXPECT_EQ(Fetch("GET", base_ + "/collector_x").status, 201);
  EXPECT_EQ(Fetch("GET", base_ + "/collector_xy").status, 404);
  EXPECT_EQ(Fetch("GET", base_ + "/collector").status, 404);
  EXPECT_EQ(Fetch("POST", base_ + "/collector_x/a", {}, std::string(5000, 'a')).status, 413);
  std::lock_guard<std::mutex> lock(fake_.mutex);
  EXPECT_EQ(fake_.routed.size(), 1u);
}

TEST_F(HttpServerTest, ReadyFollowsTheCallback) {
  fake_.ready = false;
  HttpResult r = Fetch("GET", base_ + "/-/ready");
  EXPECT_EQ(r.status, 503) << r.error;
  fake_.ready = true;
  r = Fetch("GET", base_ + "/-/ready");
  EXPECT_EQ(r.status, 200) << r.error;
  EXPECT_EQ(r.body, "OK\n");
}

TEST_F(HttpServerTest, HealthyIsAlwaysOk) {
  fake_.ready = false;
  const HttpResult r = Fetch("GET", base_ + "/-/healthy");
  EXPECT_EQ(r.status, 200) << r.error;
  EXPECT_EQ(r.body, "OK\n");
  EXPECT_EQ(r.Header("x-content-type-options"), "nosniff");
}

TEST_F(HttpServerTest, UnknownPathsAre404) {
  for (const char* path : {"/nope", "/metrics/extra", "/metricsx", "/-/", "/-/healthyx",
                           "/index.html", "/favicon.ico", "/../etc/passwd"}) {
    const HttpResult r = Fetch("GET", base_ + path);
    EXPECT_EQ(r.status, 404) << path << " " << r.error;
  }
  EXPECT_EQ(fake_.metrics_calls.load(), 0);
}

TEST_F(HttpServerTest, LandingPageListsTargetsAndEscapesHtml) {
  TargetStatus failed;
  failed.target = {"sg_changes", "123456789012", "eu-central-1"};
  failed.has_run = true;
  failed.success = false;
  failed.last_success_unix = 1700000000;  // 2023-11-14T22:13:20Z
  failed.duration_seconds = 2.5;
  failed.last_error = "<script>alert('x')</script>";
  {
    std::lock_guard<std::mutex> lock(fake_.mutex);
    fake_.targets = {failed};
  }
  const HttpResult r = Fetch("GET", base_ + "/");
  ASSERT_EQ(r.status, 200) << r.error;
  EXPECT_EQ(r.Header("content-type"), "text/html; charset=utf-8");
  EXPECT_EQ(r.Header("x-content-type-options"), "nosniff");
  EXPECT_NE(r.Header("content-security-policy").find("default-src 'none'"), std::string::npos);
  EXPECT_NE(r.body.find("<td>sg_changes</td><td>123456789012</td><td>eu-central-1</td><td>no</td>"
                        "<td>2023-11-14T22:13:20Z</td><td>2.500 s</td>"),
            std::string::npos)
      << r.body;
  EXPECT_EQ(r.body.find("<script>"), std::string::npos);
  EXPECT_NE(r.body.find("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(r.body.find("9.8.7"), std::string::npos);
  EXPECT_NE(r.body.find("rev123"), std::string::npos);
  EXPECT_NE(r.body.find("href=\"./metrics\""), std::string::npos);
}

TEST_F(HttpServerTest, ConcurrentScrapesAllSucceed) {
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      for (int j = 0; j < 10; ++j) {
        const HttpResult r = Fetch("GET", base_ + "/metrics");
        if (r.status == 200 && r.body == PlainBody(ExpositionFormat::kText004)) ok++;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(ok.load(), 80);
  EXPECT_EQ(fake_.metrics_calls.load(), 80);
}

TEST_F(HttpServerTest, CustomTelemetryPath) {
  server_.reset();
  ServerOptions options;
  options.telemetry_path = "/probe/metrics";
  StartServer(options);
  HttpResult r = Fetch("GET", base_ + "/probe/metrics");
  EXPECT_EQ(r.status, 200) << r.error;
  EXPECT_EQ(r.body, PlainBody(ExpositionFormat::kText004));
  r = Fetch("GET", base_ + "/metrics");
  EXPECT_EQ(r.status, 404) << r.error;
  r = Fetch("GET", base_ + "/");
  EXPECT_NE(r.body.find("href=\"./probe/metrics\""), std::string::npos) << r.body;
}

TEST_F(HttpServerTest, PortInUseIsAClearError) {
  const std::string address = "127.0.0.1:" + std::to_string(server_->port());
  ServerOptions options;
  options.listen_address = address;
  HttpServer second(options, fake_.Handlers());
  const Status status = second.Start();
  EXPECT_EQ(status.code(), StatusCode::kUnavailable);
  EXPECT_NE(status.message().find(address), std::string::npos) << status.message();
  EXPECT_NE(status.message().find(std::strerror(EADDRINUSE)), std::string::npos)
      << status.message();
  EXPECT_FALSE(second.running());
  EXPECT_EQ(second.port(), 0);
}

TEST_F(HttpServerTest, StopReleasesThePortAndIsIdempotent) {
  const int port = server_->port();
  server_->Stop();
  server_->Stop();
  EXPECT_FALSE(server_->running());
  EXPECT_EQ(server_->port(), 0);
  EXPECT_NE(Fetch("GET", base_ + "/-/healthy").error, "");

  ServerOptions options;
  options.listen_address = "127.0.0.1:" + std::to_string(port);
  HttpServer again(options, fake_.Handlers());
  const Status status = again.Start();
  ASSERT_TRUE(status.ok()) << status.ToString();
  EXPECT_EQ(again.port(), port);
  EXPECT_EQ(Fetch("GET", base_ + "/-/healthy").status, 200);
}

TEST(HttpServerTimeoutTest, StalledClientDoesNotHoldTheOnlyWorker) {
  FakeExporter fake;
  ServerOptions options;
  options.listen_address = "127.0.0.1:0";
  options.num_threads = 1;
  options.request_timeout = std::chrono::milliseconds(300);
  HttpServer server(options, fake.Handlers());
  ASSERT_TRUE(server.Start().ok());
  testing::StalledConnection stalled(server.port(), "GET /metrics HTTP/1.1\r\nHost: x\r\n");
  // With the stalled request holding the single worker forever, this would fail on the client's
  // own 30 s timeout; the request timeout frees the worker.
  const HttpResult r =
      Fetch("GET", "http://127.0.0.1:" + std::to_string(server.port()) + "/-/healthy");
  EXPECT_EQ(r.status, 200) << r.error;
  stalled.ReadUntilClosed();
  EXPECT_TRUE(stalled.closed_by_server());
  EXPECT_EQ(fake.metrics_calls.load(), 0);
}

TEST(HttpServerOptionsTest, InvalidOptionsAreRefused) {
  FakeExporter fake;
  struct Case {
    ServerOptions options;
    std::string expected_fragment;
  };
  std::vector<Case> cases(5);
  cases[0].options.listen_address = "127.0.0.1";
  cases[0].expected_fragment = "\"127.0.0.1\"";
  cases[1].options.listen_address = "127.0.0.1:0";
  cases[1].options.telemetry_path = "/-/metrics";
  cases[1].expected_fragment = "/-/metrics";
  cases[2].options.listen_address = "127.0.0.1:0";
  cases[2].options.telemetry_path = "metrics";
  cases[2].expected_fragment = "\"metrics\"";
  cases[3].options.listen_address = "127.0.0.1:0";
  cases[3].options.telemetry_path = "/";
  cases[3].expected_fragment = "telemetry path";
  cases[4].options.listen_address = "127.0.0.1:0";
  cases[4].options.num_threads = 0;
  cases[4].expected_fragment = "num_threads";
  for (const Case& c : cases) {
    HttpServer server(c.options, fake.Handlers());
    const Status status = server.Start();
    EXPECT_EQ(status.code(), StatusCode::kInvalidArgument) << c.expected_fragment;
    EXPECT_NE(status.message().find(c.expected_fragment), std::string::npos) << status.message();
    EXPECT_FALSE(server.running());
  }
}

TEST(HttpServerOptionsTest, MetricsHandlerIsRequired) {
  ServerOptions options;
  options.listen_address = "127.0.0.1:0";
  HttpServer server(options, HttpHandlers{});
  EXPECT_EQ(server.Start().code(), StatusCode::kInvalidArgument);
}

TEST(HttpServerOptionsTest, UnsetOptionalHandlersHaveDocumentedDefaults) {
  HttpHandlers handlers;
  handlers.metrics = [](ExpositionFormat, bool) {
    Exposition exposition;
    exposition.cached = std::make_shared<const std::string>("up 1\n");
    return exposition;
  };
  ServerOptions options;
  options.listen_address = "127.0.0.1:0";
  HttpServer server(options, handlers);
  ASSERT_TRUE(server.Start().ok());
  const std::string base = "http://127.0.0.1:" + std::to_string(server.port());
  EXPECT_EQ(Fetch("GET", base + "/-/ready").status, 200);
  EXPECT_EQ(Fetch("POST", base + "/-/reload").status, 501);
  EXPECT_EQ(Fetch("GET", base + "/").status, 200);
  // An exposition without its own content type gets the negotiated format's.
  const HttpResult r = Fetch("GET", base + "/metrics");
  EXPECT_EQ(r.Header("content-type"), ContentType(ExpositionFormat::kText004));
  EXPECT_EQ(r.body, "up 1\n");
}

TEST(HttpServerOptionsTest, Ipv6ListenAddressStartsOrSaysWhyNot) {
  FakeExporter fake;
  ServerOptions options;
  options.listen_address = "[::1]:0";
  HttpServer server(options, fake.Handlers());
  const Status status = server.Start();
  // Debian's civetweb 1.15 is built without IPv6: the refusal must say so, not fail obscurely.
  if (mg_check_feature(MG_FEATURES_IPV6) == 0) {
    EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
    EXPECT_NE(status.message().find("IPv6"), std::string::npos) << status.message();
  } else {
    ASSERT_TRUE(status.ok()) << status.ToString();
    EXPECT_GT(server.port(), 0);
  }
}

}  // namespace
}  // namespace awsgov::http
