// Support for the fuzz targets that feed AWS responses to the real client and the collectors:
// a fuzz input is a script of HTTP responses, served in order by a transport that never touches
// the network, to clients made by MakeClient (SigV4, retries, protocol parsing, pagination all
// real). Only the transport and the credentials are fakes.
//
// Script format (text, so that seeds stay readable and libFuzzer's mutations keep it valid):
//
//   <driver name>                 first line: what the target runs (see each target)
//   --- <status>                  a response: HTTP status...
//   > <header>: <value>           ...optional headers, one per line...
//   <body>                        ...then the body, up to the next line starting with "--- "
//
// Thread-safety: not thread-safe; one fuzz iteration at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "exporter/aws/aws_client.h"
#include "exporter/aws/client.h"
#include "exporter/aws/http.h"

namespace awsgov::fuzz {

struct ResponseScript {
  std::string driver;  // the first line, trimmed
  std::vector<aws::HttpResponse> responses;
};

// Never fails: bytes that follow no "--- " line are ignored, a missing or bad status is 200.
// At most `max_responses` responses are kept, so one input cannot make a run arbitrarily long.
ResponseScript ParseResponseScript(std::string_view text, std::size_t max_responses = 64);

// Serves the script's responses in order, whatever is asked; then a transport error
// (Unavailable), which ends every pagination loop.
class ScriptedTransport final : public aws::HttpTransport {
 public:
  explicit ScriptedTransport(std::vector<aws::HttpResponse> responses)
      : responses_(std::move(responses)) {}
  Status Send(const aws::HttpRequest& request, aws::HttpResponse* response) override;

 private:
  std::vector<aws::HttpResponse> responses_;
  std::size_t next_ = 0;
};

// Real clients (MakeClient) over one ScriptedTransport, for any account and region, with fixed
// fake credentials, two attempts per call and no backoff sleep.
class ScriptedClientFactory final : public aws::ClientFactory {
 public:
  explicit ScriptedClientFactory(std::vector<aws::HttpResponse> responses);
  Status Get(const std::string& account_id, const std::string& region,
             std::shared_ptr<aws::Client>* out) override;
  aws::HttpTransport& transport() { return transport_; }

 private:
  ScriptedTransport transport_;
  aws::EndpointResolver endpoints_;
  std::shared_ptr<aws::CredentialsProvider> credentials_;
};

// The input as text (libFuzzer's bytes are not NUL-terminated).
inline std::string_view AsText(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

}  // namespace awsgov::fuzz
