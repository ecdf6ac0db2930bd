// CurlTransport against a local scripted server: headers, bodies, connection reuse, timeouts,
// refused connections, the size cap and the proxy environment variables.
#include <gtest/gtest.h>

#include <cstdlib>
#include <nlohmann/json.hpp>

#include "exporter/aws/http_curl.h"
#include "tests/support/fake_http_server.h"

namespace awsgov::aws {
namespace {

using nlohmann::json;
using testing::FakeHttpServer;

std::vector<json> Parsed(const FakeHttpServer& server) {
  std::vector<json> out;
  for (const auto& line : server.RequestLog()) out.push_back(json::parse(line));
  return out;
}

// Sets an environment variable for one scope (tests in a binary run one at a time).
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const std::string& value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    ::setenv(name, value.c_str(), 1);
  }
  ~ScopedEnv() {
    if (old_) {
      ::setenv(name_, old_->c_str(), 1);
    } else {
      ::unsetenv(name_);
    }
  }

 private:
  const char* name_;
  std::optional<std::string> old_;
};

TEST(TransportTest, SendsMethodHeadersAndBodyAndLowerCasesResponseHeaders) {
  FakeHttpServer server(json::array({json{{"status", 418},
                                          {"body", "short and stout"},
                                          {"headers", {{"X-Amzn-RequestId", "abc-123"}}}}})
                            .dump());
  ASSERT_TRUE(server.ready());
  CurlTransport transport;
  HttpRequest request;
  request.method = "PUT";
  request.url = server.endpoint() + "/teapot?x=1";
  request.headers = {{"X-Custom", "v1"}, {"Content-Type", "text/plain"}};
  request.body = "brew";
  HttpResponse response;
  Status s = transport.Send(request, &response);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(response.status, 418);
  EXPECT_EQ(response.body, "short and stout");
  EXPECT_EQ(response.Header("x-amzn-requestid"), "abc-123");
  EXPECT_EQ(response.Header("content-length"), "15");
  auto requests = Parsed(server);
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0]["method"], "PUT");
  EXPECT_EQ(requests[0]["path"], "/teapot?x=1");
  EXPECT_EQ(requests[0]["body"], "brew");
  bool custom = false;
  for (const auto& h : requests[0]["headers"])
    custom = custom || (h[0] == "X-Custom" && h[1] == "v1");
  EXPECT_TRUE(custom);
}

TEST(TransportTest, ReusesTheConnectionBetweenRequests) {
  FakeHttpServer server(json::array({json{{"status", 200}, {"body", "ok"}}}).dump());
  ASSERT_TRUE(server.ready());
  CurlTransport transport;
  for (int i = 0; i < 3; ++i) {
    HttpRequest request;
    request.url = server.endpoint() + "/";
    HttpResponse response;
    ASSERT_TRUE(transport.Send(request, &response).ok());
  }
  auto requests = Parsed(server);
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(requests[0]["client_port"], requests[1]["client_port"]);
  EXPECT_EQ(requests[1]["client_port"], requests[2]["client_port"]);
}

TEST(TransportTest, TimeoutIsDeadlineExceededNamingTheHost) {
  FakeHttpServer server(json::array({json{{"status", 200}, {"delay", 3.0}}}).dump());
  ASSERT_TRUE(server.ready());
  HttpOptions options;
  options.total_timeout = std::chrono::milliseconds(200);
  CurlTransport transport(options);
  HttpRequest request;
  request.url = server.endpoint() + "/";
  HttpResponse response;
  Status s = transport.Send(request, &response);
  EXPECT_EQ(s.code(), StatusCode::kDeadlineExceeded);
  EXPECT_NE(s.message().find("127.0.0.1:" + std::to_string(server.port())), std::string::npos)
      << s.message();
}

TEST(TransportTest, RefusedConnectionIsUnavailableNamingTheHost) {
  int port = testing::FreeLoopbackPort();
  CurlTransport transport;
  HttpRequest request;
  request.url = "http://127.0.0.1:" + std::to_string(port) + "/";
  HttpResponse response;
  Status s = transport.Send(request, &response);
  EXPECT_EQ(s.code(), StatusCode::kUnavailable);
  EXPECT_NE(s.message().find("127.0.0.1:" + std::to_string(port)), std::string::npos)
      << s.message();
}

TEST(TransportTest, ResponseLargerThanTheCapIsAnError) {
  FakeHttpServer server(json::array({json{{"status", 200}, {"body_size", 50000}}}).dump());
  ASSERT_TRUE(server.ready());
  HttpOptions options;
  options.max_response_bytes = 10000;
  CurlTransport transport(options);
  HttpRequest request;
  request.url = server.endpoint() + "/";
  HttpResponse response;
  Status s = transport.Send(request, &response);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("10000-byte size cap"), std::string::npos) << s.message();
  // The same size under the cap is fine.
  options.max_response_bytes = 50000;
  CurlTransport roomy(options);
  ASSERT_TRUE(roomy.Send(request, &response).ok());
  EXPECT_EQ(response.body.size(), 50000u);
}

TEST(TransportTest, HttpProxyFromEnvironmentIsUsed) {
  // The fake server plays the proxy: it receives the absolute URL of a host that does not exist.
  FakeHttpServer proxy(json::array({json{{"status", 200}, {"body", "via proxy"}}}).dump());
  ASSERT_TRUE(proxy.ready());
  ScopedEnv http_proxy("http_proxy", proxy.endpoint());
  ScopedEnv no_proxy("NO_PROXY", "");
  ScopedEnv no_proxy_lower("no_proxy", "");
  CurlTransport transport;
  HttpRequest request;
  request.url = "http://ec2.nowhere.invalid/";
  HttpResponse response;
  Status s = transport.Send(request, &response);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(response.body, "via proxy");
  auto requests = Parsed(proxy);
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0]["path"], "http://ec2.nowhere.invalid/");
}

TEST(TransportTest, NoProxyBypassesTheProxy) {
  FakeHttpServer target(json::array({json{{"status", 200}, {"body", "direct"}}}).dump());
  ASSERT_TRUE(target.ready());
  const int dead_proxy_port = testing::FreeLoopbackPort();
  ScopedEnv http_proxy("http_proxy", "http://127.0.0.1:" + std::to_string(dead_proxy_port));
  ScopedEnv no_proxy("NO_PROXY", "localhost,127.0.0.1");
  CurlTransport transport;
  HttpRequest request;
  request.url = target.endpoint() + "/";
  HttpResponse response;
  Status s = transport.Send(request, &response);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(response.body, "direct");
}

}  // namespace
}  // namespace awsgov::aws
