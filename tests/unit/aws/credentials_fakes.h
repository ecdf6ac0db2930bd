// Test doubles for the credential tests: a settable clock, a scripted in-process HttpTransport,
// a fake STS Client answering AssumeRole, a map environment and temporary files.
// Thread-safety: FakeClock, FakeTransport and FakeStsClient are thread-safe; the rest are not.
#pragma once

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>
#include <string>
#include <vector>

#include "exporter/aws/client.h"
#include "exporter/aws/credentials.h"
#include "exporter/aws/http.h"
#include "exporter/core/clock.h"

namespace awsgov::aws::credtest {

class FakeClock final : public Clock {
 public:
  explicit FakeClock(double unix_seconds) : unix_(unix_seconds) {}
  time_point Now() const override {
    return time_point(
        std::chrono::duration_cast<duration>(std::chrono::duration<double>(unix_.load())));
  }
  double UnixSeconds() const override { return unix_.load(); }
  void Advance(std::chrono::seconds by) { unix_.store(unix_.load() + by.count()); }
  void Set(double unix_seconds) { unix_.store(unix_seconds); }

 private:
  std::atomic<double> unix_;
};

inline std::chrono::system_clock::time_point Unix(long long seconds) {
  return std::chrono::system_clock::time_point(std::chrono::seconds(seconds));
}

// Answers "METHOD URL" from a queue of responses (the last one repeats) and records requests.
class FakeTransport final : public HttpTransport {
 public:
  void On(const std::string& method, const std::string& url, long status, std::string body) {
    std::lock_guard lock(mu_);
    HttpResponse r;
    r.status = status;
    r.body = std::move(body);
    routes_[method + " " + url].push_back(std::move(r));
  }
  void Clear() {
    std::lock_guard lock(mu_);
    routes_.clear();
  }
  Status Send(const HttpRequest& request, HttpResponse* response) override {
    if (before_send) before_send();
    std::lock_guard lock(mu_);
    requests_.push_back(request);
    auto it = routes_.find(request.method + " " + request.url);
    if (it == routes_.end() || it->second.empty()) {
      return Unavailable("fake transport: connection refused to " + request.url);
    }
    *response = it->second.front();
    if (it->second.size() > 1) it->second.pop_front();
    return Status::Ok();
  }
  std::vector<HttpRequest> requests() const {
    std::lock_guard lock(mu_);
    return requests_;
  }
  std::function<void()> before_send;  // set before use; runs outside the lock

  static std::string HeaderOf(const HttpRequest& r, const std::string& name) {
    for (const auto& [k, v] : r.headers) {
      if (k == name) return v;
    }
    return "";
  }

 private:
  mutable std::mutex mu_;
  std::map<std::string, std::deque<HttpResponse>> routes_;
  std::vector<HttpRequest> requests_;
};

// The XML an STS query call answers for `operation`, with the given values.
inline std::string StsCredentialsXml(const std::string& operation, const std::string& key,
                                     const std::string& secret, const std::string& token,
                                     const std::string& expiration) {
  return "<" + operation + "Response xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><" +
         operation + "Result><Credentials><AccessKeyId>" + key + "</AccessKeyId><SecretAccessKey>" +
         secret + "</SecretAccessKey><SessionToken>" + token + "</SessionToken><Expiration>" +
         expiration + "</Expiration></Credentials></" + operation + "Result></" + operation +
         "Response>";
}

// An STS Client: each AssumeRole call answers "ASIA<n>"/"secret-<n>"/"token-<n>", expiring
// `lifetime` after the fake clock's time; records the params and the base credentials used.
class FakeStsClient final : public Client {
 public:
  FakeStsClient(std::shared_ptr<CredentialsProvider> base, std::string region, const Clock* clock,
                std::chrono::seconds lifetime = std::chrono::hours(1))
      : base_(std::move(base)), region_(std::move(region)), clock_(clock), lifetime_(lifetime) {}

  const std::string& account_id() const override { return account_; }
  const std::string& region() const override { return region_; }

  Status Query(std::string_view service, std::string_view operation, const QueryParams& params,
               pugi::xml_document* out) override {
    if (before_call) before_call();
    std::lock_guard lock(mu_);
    if (service != "sts" || operation != "AssumeRole") return Internal("unexpected call");
    Credentials base;
    if (base_) {
      if (Status s = base_->Get(&base); !s.ok()) return s;
    }
    calls.push_back({params, base});
    if (!fail_with.ok()) return fail_with;
    int n = static_cast<int>(calls.size());
    long long expires = static_cast<long long>(clock_->UnixSeconds()) + lifetime_.count();
    std::time_t t = expires;
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    std::string xml =
        StsCredentialsXml("AssumeRole", "ASIA" + std::to_string(n), "secret-" + std::to_string(n),
                          "token-" + std::to_string(n), buf);
    out->load_string(xml.c_str());
    return Status::Ok();
  }
  Status Json(std::string_view, std::string_view, const nlohmann::json&, nlohmann::json*) override {
    return Internal("unexpected Json call");
  }
  Status RestJson(std::string_view, std::string_view, std::string_view, std::string_view,
                  const QueryParams&, const nlohmann::json*, nlohmann::json*) override {
    return Internal("unexpected RestJson call");
  }

  struct Call {
    QueryParams params;
    Credentials base;
  };
  std::string Param(std::size_t call, const std::string& name) {
    std::lock_guard lock(mu_);
    for (const auto& [k, v] : calls.at(call).params) {
      if (k == name) return v;
    }
    return "";
  }
  std::size_t call_count() {
    std::lock_guard lock(mu_);
    return calls.size();
  }

  std::vector<Call> calls;
  Status fail_with;
  std::function<void()> before_call;

 private:
  std::mutex mu_;
  std::shared_ptr<CredentialsProvider> base_;
  std::string account_;
  std::string region_;
  const Clock* clock_;
  std::chrono::seconds lifetime_;
};

inline Getenv MapEnv(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](const std::string& name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

// A fresh directory under /tmp, removed with its contents on destruction.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = "/tmp/awsgov-creds-XXXXXX";
    path_ = ::mkdtemp(tmpl.data());
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  std::string Write(const std::string& name, const std::string& content) const {
    std::string p = path_ + "/" + name;
    std::ofstream(p, std::ios::binary) << content;
    return p;
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Captures log lines for the duration of a test.
class LogCapture {
 public:
  LogCapture();
  ~LogCapture();
  std::vector<std::string> lines() const;
};

}  // namespace awsgov::aws::credtest
