// MakeClient: one account's and region's Client. Every call goes through Execute, which owns the
// retry loop (standard mode), the rate limit, signing, metrics and the per-request debug log.
#include "exporter/aws/aws_client.h"

#include <atomic>
#include <cmath>
#include <mutex>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>
#include <random>
#include <thread>

#include "exporter/aws/aws_metrics.h"
#include "exporter/aws/call_record_for_tests.h"
#include "exporter/aws/protocol_common.h"
#include "exporter/aws/protocol_json.h"
#include "exporter/aws/protocol_query.h"
#include "exporter/aws/rate_limiter.h"
#include "exporter/aws/request_slots.h"
#include "exporter/aws/retry.h"
#include "exporter/core/log.h"
#include "exporter/core/version.h"

namespace awsgov::aws {
namespace {

// A Date this far from our signing time means our clock is off (AWS allows 5 minutes).
constexpr std::chrono::minutes kSkewThreshold{4};

using ParseSuccess = std::function<Status(const HttpResponse&)>;
using ParseFailure = AwsError (*)(const HttpResponse&);

std::string TransportErrorName(const Status& status) {
  switch (status.code()) {
    case StatusCode::kDeadlineExceeded:
      return "timeout";
    case StatusCode::kUnavailable:
      return "connection_error";
    default:
      return "transport_error";
  }
}

// Thread-safety: thread-safe; the only mutable state is the clock offset (atomic) and the PRNG
// (behind a mutex).
class AwsClient final : public Client {
 public:
  explicit AwsClient(ClientOptions options) : options_(std::move(options)) {
    if (options_.clock == nullptr) options_.clock = &SystemClock::Instance();
    if (!options_.sleep) {
      options_.sleep = [](std::chrono::milliseconds d) { std::this_thread::sleep_for(d); };
    }
    if (!options_.random) {
      options_.random = [this] {
        std::lock_guard<std::mutex> lock(random_mu_);
        return std::uniform_real_distribution<double>(0.0, 1.0)(random_engine_);
      };
    }
  }

  const std::string& account_id() const override { return options_.account_id; }
  const std::string& region() const override { return options_.region; }

  Status Query(std::string_view service_id, std::string_view operation, const QueryParams& params,
               pugi::xml_document* out) override {
    const ServiceInfo* service = nullptr;
    if (Status s = Lookup(service_id, operation, {Protocol::kEc2Query, Protocol::kQuery}, &service);
        !s.ok()) {
      return s;
    }
    HttpRequest request = BuildQueryRequest(*service, Endpoint(*service), operation, params);
    return Execute(
        *service, operation, std::move(request),
        [&](const HttpResponse& r) { return ParseQueryResponse(operation, r, out); },
        &ParseQueryError);
  }

  Status Json(std::string_view service_id, std::string_view operation,
              const nlohmann::json& request_body, nlohmann::json* out) override {
    const ServiceInfo* service = nullptr;
    if (Status s = Lookup(service_id, operation, {Protocol::kJson, Protocol::kJson}, &service);
        !s.ok()) {
      return s;
    }
    HttpRequest request = BuildJsonRequest(*service, Endpoint(*service), operation, request_body);
    return Execute(
        *service, operation, std::move(request),
        [&](const HttpResponse& r) { return ParseJsonResponse(r, out); }, &ParseJsonError);
  }

  Status RestJson(std::string_view service_id, std::string_view operation, std::string_view method,
                  std::string_view path, const QueryParams& query, const nlohmann::json* body,
                  nlohmann::json* out) override {
    const ServiceInfo* service = nullptr;
    if (Status s =
            Lookup(service_id, operation, {Protocol::kRestJson, Protocol::kRestJson}, &service);
        !s.ok()) {
      return s;
    }
    HttpRequest request = BuildRestJsonRequest(Endpoint(*service), method, path, query, body);
    return Execute(
        *service, operation, std::move(request),
        [&](const HttpResponse& r) { return ParseJsonResponse(r, out); }, &ParseJsonError);
  }

 private:
  Status Lookup(std::string_view service_id, std::string_view operation,
                std::pair<Protocol, Protocol> protocols, const ServiceInfo** out) const {
    const ServiceInfo* service = FindService(service_id);
    if (service == nullptr) {
      return InvalidArgument("unknown AWS service \"" + std::string(service_id) + "\" for " +
                             std::string(operation));
    }
    if (service->protocol != protocols.first && service->protocol != protocols.second) {
      return InvalidArgument(std::string(service_id) + " " + std::string(operation) +
                             ": wrong protocol call for this service");
    }
    if (options_.transport == nullptr || options_.endpoints == nullptr || !options_.credentials) {
      return Internal(std::string(service_id) + " " + std::string(operation) +
                      ": client built without transport, endpoints or credentials");
    }
    *out = service;
    return Status::Ok();
  }

  std::string Endpoint(const ServiceInfo& service) const {
    return options_.endpoints->Resolve(service, options_.region);
  }

  std::string Where(const ServiceInfo& service, std::string_view operation) const {
    // The STS client that assumes roles is signed with the base credentials and belongs to no
    // target account: its errors name only the region (the role ARN is in the caller's message).
    std::string where = std::string(service.id) + " " + std::string(operation) + " (";
    if (!options_.account_id.empty()) where += "account " + options_.account_id + ", ";
    return where + "region " + options_.region + ")";
  }

  std::chrono::system_clock::time_point SigningTime() const {
    auto now = std::chrono::system_clock::time_point(
        std::chrono::duration_cast<std::chrono::system_clock::duration>(
            std::chrono::duration<double>(options_.clock->UnixSeconds())));
    return now + std::chrono::milliseconds(clock_offset_ms_.load());
  }

  // True (and the signing clock corrected) when the response's Date shows our clock is off.
  bool CorrectClockSkew(const HttpResponse& response,
                        std::chrono::system_clock::time_point signed_at) {
    auto server_time = ParseHttpDate(response.Header("date"));
    if (!server_time) return false;
    auto skew = *server_time - signed_at;
    if (skew < kSkewThreshold && skew > -kSkewThreshold) return false;
    clock_offset_ms_ += std::chrono::duration_cast<std::chrono::milliseconds>(skew).count();
    log::Warn("AWS reports a clock skew; adjusting the signing clock",
              {{"skew_seconds",
                std::to_string(std::chrono::duration_cast<std::chrono::seconds>(skew).count())}});
    return true;
  }

  Status Execute(const ServiceInfo& service, std::string_view operation, HttpRequest request,
                 const ParseSuccess& parse_success, ParseFailure parse_failure) {
    request.headers.emplace_back("User-Agent", std::string("awsgov-exporter/") + kVersion);
    const std::string signing_region = options_.endpoints->SigningRegion(service, options_.region);
    const std::string limiter_key =
        RateLimiter::Key(options_.account_id, options_.region, service.id, operation);
    const int max_attempts = std::max(1, options_.retry.max_attempts);
    int last_quota_cost = 0;
    RecordCallForTests(service.signing_name, operation);  // test-only hook, off by default
    bool refreshed_expired_credentials = false;

    for (int attempt = 1;; ++attempt) {
      if (options_.rate_limiter != nullptr) {
        auto wait = options_.rate_limiter->Reserve(limiter_key);
        if (wait.count() > 0) options_.sleep(wait);
      }
      Credentials credentials;
      if (Status s = options_.credentials->Get(&credentials); !s.ok()) {
        return s.WithContext(Where(service, operation) + ": credentials");
      }
      HttpRequest signed_request = request;
      const auto signed_at = SigningTime();
      SignV4(&signed_request, credentials, signing_region, service.signing_name, signed_at);

      HttpResponse response;
      Status transport;
      double seconds = 0;
      {
        // Waiting for a slot is not the request's latency: the clock starts once it is held.
        RequestSlots::Slot slot;
        if (options_.request_slots != nullptr) slot = options_.request_slots->Acquire();
        const auto started = options_.clock->Now();
        transport = options_.transport->Send(signed_request, &response);
        seconds = std::chrono::duration<double>(options_.clock->Now() - started).count();
      }

      AttemptOutcome outcome{transport, transport.ok() ? response.status : 0, ""};
      AwsError error;
      std::string code_label;
      if (!transport.ok()) {
        code_label = TransportErrorName(transport);
      } else if (response.status >= 200 && response.status < 300) {
        code_label = std::to_string(response.status);
      } else {
        error = parse_failure(response);
        outcome.error_code = error.code;
        code_label = error.code.empty() ? std::to_string(response.status) : error.code;
      }
      std::string request_id = transport.ok() ? RequestIdFromHeaders(response) : "";
      if (request_id.empty()) request_id = error.request_id;
      if (options_.metrics != nullptr) {
        options_.metrics->ObserveRequest(service.id, operation, code_label, seconds);
      }
      log::Debug("aws request", {{"service", service.id},
                                 {"operation", operation},
                                 {"account", options_.account_id},
                                 {"region", options_.region},
                                 {"status", code_label},
                                 {"attempt", std::to_string(attempt)},
                                 {"request_id", request_id}});

      if (transport.ok() && response.status >= 200 && response.status < 300) {
        if (options_.retry_quota != nullptr) {
          options_.retry_quota->Release(last_quota_cost > 0 ? last_quota_cost
                                                            : RetryQuota::kNoRetryIncrement);
        }
        if (options_.rate_limiter != nullptr) options_.rate_limiter->OnSuccess(limiter_key);
        Status parsed = parse_success(response);
        if (!parsed.ok()) {
          if (request_id.empty()) request_id = RequestIdFromXmlText(response.body);
          return Status(StatusCode::kParseError,
                        Where(service, operation) + ": " + parsed.message() + " (request id " +
                            (request_id.empty() ? "unknown" : request_id) + ")");
        }
        return Status::Ok();
      }

      RetryReason reason = ClassifyAttempt(outcome);
      if (reason == RetryReason::kClockSkew && !CorrectClockSkew(response, signed_at)) {
        reason = RetryReason::kNone;
      }
      if (reason == RetryReason::kExpiredCredentials) {
        // The next Get fetches new credentials (e.g. assumes the role again). One such retry per
        // call: new credentials that are rejected too will not be helped by a third set.
        options_.credentials->Invalidate(credentials);
        if (refreshed_expired_credentials) reason = RetryReason::kNone;
        refreshed_expired_credentials = true;
      }
      if (reason == RetryReason::kThrottling && options_.rate_limiter != nullptr) {
        options_.rate_limiter->OnThrottled(limiter_key);
      }
      std::string gave_up;
      if (reason == RetryReason::kNone) {
        gave_up = attempt > 1 ? "not retryable, attempt " + std::to_string(attempt) : "";
      } else if (attempt >= max_attempts) {
        gave_up = "gave up after " + std::to_string(attempt) + " attempts";
      } else {
        const int cost = reason == RetryReason::kTimeout ? RetryQuota::kTimeoutRetryCost
                                                         : RetryQuota::kRetryCost;
        if (options_.retry_quota != nullptr && !options_.retry_quota->Acquire(cost)) {
          gave_up = "retry quota exhausted after " + std::to_string(attempt) + " attempts";
        } else {
          last_quota_cost = cost;
        }
      }
      if (!gave_up.empty() || reason == RetryReason::kNone) {
        return FinalError(service, operation, transport, error, gave_up);
      }
      if (options_.metrics != nullptr) {
        options_.metrics->CountRetry(service.id, operation, RetryReasonName(reason));
      }
      if (reason != RetryReason::kClockSkew && reason != RetryReason::kExpiredCredentials) {
        options_.sleep(BackoffDelay(attempt, options_.retry, options_.random()));
      }
    }
  }

  Status FinalError(const ServiceInfo& service, std::string_view operation, const Status& transport,
                    const AwsError& error, const std::string& gave_up) const {
    std::string suffix = gave_up.empty() ? "" : " (" + gave_up + ")";
    if (!transport.ok()) {
      return Status(transport.code(),
                    Where(service, operation) + ": " + transport.message() + suffix);
    }
    std::string message = Where(service, operation) + ": AWS error " +
                          (error.code.empty() ? "(no code)" : error.code) + " (HTTP " +
                          std::to_string(error.http_status) + ", request id " +
                          (error.request_id.empty() ? "unknown" : error.request_id) + ")";
    if (!error.message.empty()) message += ": " + error.message;
    return Status(StatusCodeForAwsError(error), message + suffix);
  }

  ClientOptions options_;
  std::atomic<long long> clock_offset_ms_{0};
  std::mutex random_mu_;
  std::mt19937_64 random_engine_{std::random_device{}()};
};

}  // namespace

std::shared_ptr<Client> MakeClient(ClientOptions options) {
  return std::make_shared<AwsClient>(std::move(options));
}

}  // namespace awsgov::aws
