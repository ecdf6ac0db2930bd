// HttpServer with a web config: basic auth, configured headers and TLS (client certificates,
// certificate reload), talked to with libcurl (plain HTTP) and a small OpenSSL client (TLS).
#include <arpa/inet.h>
#include <crypt.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "exporter/http/server.h"
#include "exporter/http/web_config.h"
#include "tests/unit/http/http_test_client.h"

namespace awsgov::http {
namespace {

using testing::Fetch;
using testing::HttpResult;

HttpHandlers Handlers() {
  HttpHandlers handlers;
  handlers.metrics = [](ExpositionFormat format, bool) {
    Exposition exposition;
    exposition.content_type = ContentType(format);
    exposition.cached = std::make_shared<const std::string>("awsgov_up 1\n");
    return exposition;
  };
  // Collector routes: /review trusts the web user, /signed verifies requests itself, /collector
  // (such as the sg_changes review page) sets headers of its own. The server is (wrongly) told
  // that its own paths verify themselves too: that must not open them.
  handlers.routes = [](const HttpRequest& request, HttpReply* reply) {
    if (request.path == "/review" || request.path == "/signed") {
      reply->body = request.path + " web_user=" + request.web_user;
      return true;
    }
    if (request.path.rfind("/collector", 0) != 0) return false;
    reply->content_type = "text/html; charset=utf-8";
    reply->headers = {{"X-Frame-Options", "DENY"}, {"Cache-Control", "no-store"}};
    reply->body = "route\n";
    return true;
  };
  handlers.route_verifies_itself = [](const std::string& path) {
    return path == "/signed" || path == "/metrics" || path == "/-/reload" || path == "/";
  };
  return handlers;
}

std::string Bcrypt(const std::string& password) {
  crypt_data data{};
  return crypt_r(password.c_str(), "$2b$04$abcdefghijklmnopqrstuu", &data);
}

class WebServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("awsgov-web-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override {
    server_.reset();
    std::filesystem::remove_all(dir_);
  }

  // Parses `yaml` as <dir>/web.yml (so relative paths land in dir_) and starts the server.
  void Start(const std::string& yaml) {
    const std::string file = (dir_ / "web.yml").string();
    config::ErrorList errors(file);
    std::optional<WebConfig> web = ParseWebConfig(yaml, file, &errors);
    ASSERT_TRUE(web) << errors.ToString();
    ServerOptions options;
    options.listen_address = "127.0.0.1:0";
    options.web_config = std::make_shared<const WebConfig>(std::move(*web));
    server_ = std::make_unique<HttpServer>(options, Handlers());
    const Status status = server_->Start();
    ASSERT_TRUE(status.ok()) << status.ToString();
    base_ = "http://127.0.0.1:" + std::to_string(server_->port());
  }

  void Openssl(const std::string& args) {
    const std::string command =
        "cd '" + dir_.string() + "' && openssl " + args + " >/dev/null 2>&1";
    ASSERT_EQ(std::system(command.c_str()), 0) << command;
  }

  // A CA, server certificates "server" and "server2" for CN localhost, a client certificate
  // "client" signed by the CA and a self-signed "rogue" one.
  void MakePki() {
    const std::string ec = "-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes";
    Openssl("req -x509 " + ec + " -keyout ca.key -out ca.crt -days 2 -subj /CN=ca");
    for (const char* name : {"server", "server2", "client"}) {
      const std::string n = name;
      Openssl("req " + ec + " -keyout " + n + ".key -out " + n + ".csr -subj /CN=" + n);
      Openssl("x509 -req -in " + n + ".csr -CA ca.crt -CAkey ca.key -CAcreateserial -out " + n +
              ".crt -days 2");
    }
    Openssl("req -x509 " + ec + " -keyout rogue.key -out rogue.crt -days 2 -subj /CN=rogue");
  }

  struct TlsResult {
    bool handshake = false;
    std::string response;  // empty when the server closed without answering
    std::string peer_cn;
  };

  // One HTTPS GET of /metrics; `client` names a certificate to present ("" for none).
  TlsResult Get(const std::string& client = "", int max_version = 0) {
    TlsResult result;
    SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
    SSL_CTX_load_verify_locations(ctx, (dir_ / "ca.crt").c_str(), nullptr);
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, nullptr);
    if (max_version != 0) SSL_CTX_set_max_proto_version(ctx, max_version);
    if (!client.empty()) {
      SSL_CTX_use_certificate_file(ctx, (dir_ / (client + ".crt")).c_str(), SSL_FILETYPE_PEM);
      SSL_CTX_use_PrivateKey_file(ctx, (dir_ / (client + ".key")).c_str(), SSL_FILETYPE_PEM);
    }
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(server_->port()));
    inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
    if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) {
      SSL* ssl = SSL_new(ctx);
      SSL_set_fd(ssl, fd);
      if (SSL_connect(ssl) == 1) {
        result.handshake = true;
        if (X509* peer = SSL_get1_peer_certificate(ssl)) {
          char cn[256] = "";
          X509_NAME_get_text_by_NID(X509_get_subject_name(peer), NID_commonName, cn, sizeof cn);
          result.peer_cn = cn;
          X509_free(peer);
        }
        const std::string request = "GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
        SSL_write(ssl, request.data(), static_cast<int>(request.size()));
        char buffer[4096];
        int n = 0;
        while ((n = SSL_read(ssl, buffer, sizeof buffer)) > 0) result.response.append(buffer, n);
      }
      SSL_free(ssl);
    }
    close(fd);
    SSL_CTX_free(ctx);
    ERR_clear_error();
    return result;
  }

  static bool Ok(const TlsResult& r) { return r.response.rfind("HTTP/1.1 200", 0) == 0; }

  std::filesystem::path dir_;
  std::unique_ptr<HttpServer> server_;
  std::string base_;
};

TEST_F(WebServerTest, BasicAuthGuardsEveryPathAndHeadersAreOnEveryResponse) {
  Start(
      "http_server_config:\n  headers:\n    X-Frame-Options: sameorigin\n"
      "    Strict-Transport-Security: max-age=60\n"
      "basic_auth_users:\n  alice: '" +
      Bcrypt("s3cr3t") + "'\n");
  for (const char* path : {"/metrics", "/", "/-/healthy", "/-/ready", "/nothing"}) {
    const HttpResult r = Fetch("GET", base_ + path);
    EXPECT_EQ(r.status, 401) << path << r.error;
    EXPECT_EQ(r.Header("www-authenticate"), "Basic") << path;
    EXPECT_EQ(r.Header("x-frame-options"), "sameorigin") << path;
    EXPECT_EQ(r.body, "Unauthorized\n") << path;
  }
  // "alice:wrong", "bob:s3cr3t", "alice:s3cr3t"
  EXPECT_EQ(Fetch("GET", base_ + "/metrics", {"Authorization: Basic YWxpY2U6d3Jvbmc="}).status,
            401);
  EXPECT_EQ(Fetch("GET", base_ + "/metrics", {"Authorization: Basic Ym9iOnMzY3IzdA=="}).status,
            401);
  const HttpResult ok = Fetch("GET", base_ + "/metrics", {"Authorization: Basic YWxpY2U6czNjcjN0"});
  EXPECT_EQ(ok.status, 200) << ok.error;
  EXPECT_EQ(ok.body, "awsgov_up 1\n");
  EXPECT_EQ(ok.Header("strict-transport-security"), "max-age=60");
  EXPECT_EQ(ok.Header("x-content-type-options"), "nosniff");
  const HttpResult landing = Fetch("GET", base_ + "/", {"Authorization: Basic YWxpY2U6czNjcjN0"});
  EXPECT_EQ(landing.status, 200);
  EXPECT_EQ(landing.Header("x-frame-options"), "sameorigin");  // replaces the page's own DENY
}

TEST_F(WebServerTest, RoutesGetTheAuthenticatedUserAndOnlySelfVerifyingOnesPassWithout) {
  Start("basic_auth_users:\n  alice: '" + Bcrypt("s3cr3t") + "'\n");
  const std::string alice = "Authorization: Basic YWxpY2U6czNjcjN0";  // alice:s3cr3t
  const std::string wrong = "Authorization: Basic YWxpY2U6d3Jvbmc=";  // alice:wrong
  EXPECT_EQ(Fetch("GET", base_ + "/review").status, 401);
  EXPECT_EQ(Fetch("GET", base_ + "/review", {wrong}).status, 401);
  HttpResult r = Fetch("GET", base_ + "/review", {alice});
  EXPECT_EQ(r.status, 200) << r.error;
  EXPECT_EQ(r.body, "/review web_user=alice");
  // The signed route is reached without credentials, and never with a user.
  r = Fetch("POST", base_ + "/signed", {}, "x");
  EXPECT_EQ(r.status, 200) << r.error;
  EXPECT_EQ(r.body, "/signed web_user=");
  r = Fetch("POST", base_ + "/signed", {wrong}, "x");
  EXPECT_EQ(r.body, "/signed web_user=");
  // The server's own paths stay behind basic auth whatever the routes claim.
  for (const char* path : {"/metrics", "/-/reload", "/"}) {
    EXPECT_EQ(Fetch("GET", base_ + path).status, 401) << path;
  }
}

// Found by fuzz_http_request: collectors' routes were sent without the configured headers.
TEST_F(WebServerTest, ConfiguredHeadersAreOnCollectorRoutesToo) {
  Start(
      "http_server_config:\n  headers:\n    X-Frame-Options: sameorigin\n"
      "    Strict-Transport-Security: max-age=60\n");
  const HttpResult r = Fetch("GET", base_ + "/collector/page");
  EXPECT_EQ(r.status, 200) << r.error;
  EXPECT_EQ(r.body, "route\n");
  EXPECT_EQ(r.Header("strict-transport-security"), "max-age=60");
  EXPECT_EQ(r.Header("x-frame-options"), "sameorigin");  // replaces the route's own DENY
  EXPECT_EQ(r.Header("cache-control"), "no-store");      // the route's other headers stay
  EXPECT_EQ(r.Header("content-type"), "text/html; charset=utf-8");
  EXPECT_EQ(r.Header("x-content-type-options"), "nosniff");
  const HttpResult head = Fetch("HEAD", base_ + "/collector/page");
  EXPECT_EQ(head.status, 200) << head.error;
  EXPECT_EQ(head.Header("strict-transport-security"), "max-age=60");
  EXPECT_EQ(head.Header("content-length"), "6");
  EXPECT_EQ(head.body, "");
}

TEST_F(WebServerTest, ServesTlsAndRefusesPlainHttp) {
  MakePki();
  Start("tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n");
  const TlsResult r = Get();
  EXPECT_TRUE(r.handshake);
  EXPECT_TRUE(Ok(r)) << r.response;
  EXPECT_EQ(r.peer_cn, "server");
  EXPECT_NE(Fetch("GET", base_ + "/metrics").status, 200);
}

TEST_F(WebServerTest, MinVersionTls13RefusesTls12Clients) {
  MakePki();
  Start(
      "tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n"
      "  min_version: TLS13\n");
  EXPECT_FALSE(Get("", TLS1_2_VERSION).handshake);
  EXPECT_TRUE(Ok(Get()));
}

TEST_F(WebServerTest, RequireAndVerifyClientCert) {
  MakePki();
  Start(
      "tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n"
      "  client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: ca.crt\n");
  EXPECT_FALSE(Ok(Get()));
  EXPECT_FALSE(Ok(Get("rogue")));
  EXPECT_TRUE(Ok(Get("client")));
}

TEST_F(WebServerTest, RequestClientCertAcceptsAnyOrNone) {
  MakePki();
  Start(
      "tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n"
      "  client_auth_type: RequestClientCert\n");
  EXPECT_TRUE(Ok(Get()));
  EXPECT_TRUE(Ok(Get("rogue")));
}

TEST_F(WebServerTest, ReplacedCertificateIsServedToNewConnections) {
  MakePki();
  Start("tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n");
  EXPECT_EQ(Get().peer_cn, "server");
  // A half-done renewal (new certificate, old key) keeps the previous pair in service.
  std::filesystem::copy_file(dir_ / "server2.crt", dir_ / "new.crt");
  std::filesystem::rename(dir_ / "new.crt", dir_ / "server.crt");
  const TlsResult during = Get();
  EXPECT_TRUE(Ok(during));
  EXPECT_EQ(during.peer_cn, "server");
  std::filesystem::copy_file(dir_ / "server2.key", dir_ / "new.key");
  std::filesystem::rename(dir_ / "new.key", dir_ / "server.key");
  const TlsResult after = Get();
  EXPECT_TRUE(Ok(after));
  EXPECT_EQ(after.peer_cn, "server2");
}

TEST_F(WebServerTest, StartFailsWhenTheCertificateDoesNotLoad) {
  MakePki();
  const std::string file = (dir_ / "web.yml").string();
  config::ErrorList errors(file);
  std::optional<WebConfig> web = ParseWebConfig(
      "tls_server_config:\n  cert_file: missing.crt\n  key_file: server.key\n", file, &errors);
  ASSERT_TRUE(web);
  ServerOptions options;
  options.listen_address = "127.0.0.1:0";
  options.web_config = std::make_shared<const WebConfig>(std::move(*web));
  HttpServer server(options, Handlers());
  const Status status = server.Start();
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(
      status.message().find("tls_server_config.cert_file: cannot read \"" +
                            (dir_ / "missing.crt").string() + "\": No such file or directory"),
      std::string::npos)
      << status.message();
}

}  // namespace
}  // namespace awsgov::http
