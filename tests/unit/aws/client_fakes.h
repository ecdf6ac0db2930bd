// Test doubles for the AWS client tests: static credentials, a settable clock, a sleep that
// records instead of sleeping, and a log sink that keeps lines.
// Thread-safety: StaticCredentialsProvider and SettableClock are thread-safe; the rest are not.
#pragma once

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "exporter/aws/aws_client.h"
#include "exporter/aws/credentials.h"
#include "exporter/core/clock.h"
#include "exporter/core/log.h"

namespace awsgov::aws::clienttest {

class StaticCredentialsProvider final : public CredentialsProvider {
 public:
  explicit StaticCredentialsProvider(Credentials credentials)
      : credentials_(std::move(credentials)) {}
  Status Get(Credentials* out) override {
    *out = credentials_;
    return Status::Ok();
  }
  std::string Source() const override { return "static"; }

 private:
  const Credentials credentials_;
};

class SettableClock final : public Clock {
 public:
  explicit SettableClock(double unix_seconds) : unix_(unix_seconds) {}
  time_point Now() const override {
    return time_point(
        std::chrono::duration_cast<duration>(std::chrono::duration<double>(unix_.load())));
  }
  double UnixSeconds() const override { return unix_.load(); }
  void Advance(double seconds) { unix_.store(unix_.load() + seconds); }

 private:
  std::atomic<double> unix_;
};

struct RecordedSleeps {
  std::vector<std::chrono::milliseconds> delays;
  std::function<void(std::chrono::milliseconds)> Recorder() {
    return [this](std::chrono::milliseconds d) { delays.push_back(d); };
  }
};

// Captures log lines while alive (log's sink is a plain function pointer, hence the global).
class CapturedLog {
 public:
  CapturedLog() {
    Lines().clear();
    log::Configure(log::Level::kDebug, log::Format::kLogfmt);
    log::SetSinkForTesting(&Sink);
  }
  ~CapturedLog() {
    log::SetSinkForTesting(nullptr);
    log::Configure(log::Level::kInfo, log::Format::kLogfmt);
  }
  std::string Joined() const {
    std::lock_guard<std::mutex> lock(Mutex());
    std::string out;
    for (const auto& line : Lines()) out += line + "\n";
    return out;
  }

 private:
  static std::vector<std::string>& Lines() {
    static std::vector<std::string> lines;
    return lines;
  }
  static std::mutex& Mutex() {
    static std::mutex mu;
    return mu;
  }
  static void Sink(std::string_view line) {
    std::lock_guard<std::mutex> lock(Mutex());
    Lines().emplace_back(line);
  }
};

inline std::shared_ptr<CredentialsProvider> TestCredentials(std::string token = "") {
  return std::make_shared<StaticCredentialsProvider>(
      Credentials{"AKIDCLIENTTEST", "client-test-secret-key", std::move(token), {}});
}

}  // namespace awsgov::aws::clienttest
