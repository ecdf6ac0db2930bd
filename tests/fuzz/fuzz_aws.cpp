#include "tests/fuzz/fuzz_aws.h"

#include <charconv>
#include <optional>

#include "exporter/aws/credentials_common.h"

namespace awsgov::fuzz {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

// Splits off the line at the front of `rest` (without its '\n').
std::string_view TakeLine(std::string_view* rest) {
  const std::size_t end = rest->find('\n');
  std::string_view line = rest->substr(0, end);
  rest->remove_prefix(end == std::string_view::npos ? rest->size() : end + 1);
  return line;
}

long StatusOf(std::string_view text) {
  long status = 200;
  text = Trim(text);
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), status);
  (void)end;
  if (error != std::errc() || status < 100 || status > 599) return 200;
  return status;
}

aws::HttpResponse ParseBlock(std::string_view status_line, std::string_view rest) {
  aws::HttpResponse response;
  response.status = StatusOf(status_line);
  while (rest.substr(0, 2) == "> ") {
    std::string_view line = TakeLine(&rest).substr(2);
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string name(Trim(line.substr(0, colon)));
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    response.headers.emplace_back(std::move(name), std::string(Trim(line.substr(colon + 1))));
  }
  response.body = std::string(rest);
  return response;
}

}  // namespace

ResponseScript ParseResponseScript(std::string_view text, std::size_t max_responses) {
  ResponseScript script;
  std::string_view rest = text;
  script.driver = std::string(Trim(TakeLine(&rest)));
  // Each block runs from a line starting with "--- " to the next one (or the end).
  constexpr std::string_view kMarker = "--- ";
  std::optional<std::size_t> block;
  if (rest.substr(0, kMarker.size()) == kMarker) {
    block = 0;
  } else if (std::size_t at = rest.find("\n--- "); at != std::string_view::npos) {
    block = at + 1;
  }
  while (block && script.responses.size() < max_responses) {
    std::string_view from = rest.substr(*block + kMarker.size());
    const std::size_t next = from.find("\n--- ");
    std::string_view content = from.substr(0, next);
    std::string_view status_line = TakeLine(&content);
    script.responses.push_back(ParseBlock(status_line, content));
    if (next == std::string_view::npos) break;
    block = (*block + kMarker.size()) + next + 1;
  }
  return script;
}

Status ScriptedTransport::Send(const aws::HttpRequest& request, aws::HttpResponse* response) {
  (void)request;
  if (next_ >= responses_.size()) return Unavailable("fuzz: no scripted response left");
  *response = responses_[next_++];
  return Status::Ok();
}

ScriptedClientFactory::ScriptedClientFactory(std::vector<aws::HttpResponse> responses)
    : transport_(std::move(responses)),
      endpoints_([](const std::string&) { return std::optional<std::string>(); },
                 "http://fuzz.invalid", {}),
      credentials_(std::make_shared<aws::StaticCredentialsProvider>(
          aws::Credentials{"AKIDFUZZ", "fuzz-secret-key", "fuzz-session-token", {}}, "fuzz")) {}

Status ScriptedClientFactory::Get(const std::string& account_id, const std::string& region,
                                  std::shared_ptr<aws::Client>* out) {
  aws::ClientOptions options;
  options.account_id = account_id;
  options.region = region;
  options.credentials = credentials_;
  options.transport = &transport_;
  options.endpoints = &endpoints_;
  options.retry.max_attempts = 2;  // exercises the retry path without doubling every error
  options.sleep = [](std::chrono::milliseconds) {};
  options.random = [] { return 0.0; };
  *out = aws::MakeClient(std::move(options));
  return Status::Ok();
}

}  // namespace awsgov::fuzz
