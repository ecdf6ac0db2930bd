// The collectors' only way to AWS. A Client is bound to one account's credentials (its assumed
// role) and one region; it signs (SigV4), sends (libcurl), retries (standard mode) and parses the
// service's wire protocol. Collectors never see HTTP, signing or credentials.
// Thread-safety: Client and ClientFactory implementations are thread-safe.
#pragma once

#include <functional>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "exporter/core/status.h"

namespace pugi {
class xml_document;
class xml_node;
}  // namespace pugi

namespace awsgov::aws {

// Query-protocol parameters, already flattened as AWS expects them
// ("Filter.1.Name", "Filter.1.Value.1", "MaxResults"). Order is irrelevant.
using QueryParams = std::vector<std::pair<std::string, std::string>>;

class Client {
 public:
  virtual ~Client() = default;
  virtual const std::string& account_id() const = 0;
  virtual const std::string& region() const = 0;

  // EC2, Auto Scaling, STS (query protocol): POST Action=<operation>&Version=<api version>&params.
  // `out` holds the parsed XML response (root element <OperationResponse>).
  virtual Status Query(std::string_view service, std::string_view operation,
                       const QueryParams& params, pugi::xml_document* out) = 0;

  // DynamoDB, CloudTrail, Organizations (JSON 1.0/1.1): POST with X-Amz-Target.
  virtual Status Json(std::string_view service, std::string_view operation,
                      const nlohmann::json& request, nlohmann::json* out) = 0;

  // RAM, Inspector2 (REST-JSON): `method` and `path` as the service model's http trait gives
  // them (e.g. "POST", "/listprincipals"); `body` may be null for no body.
  virtual Status RestJson(std::string_view service, std::string_view operation,
                          std::string_view method, std::string_view path, const QueryParams& query,
                          const nlohmann::json* body, nlohmann::json* out) = 0;
};

class ClientFactory {
 public:
  virtual ~ClientFactory() = default;
  // A client for `account_id` (assuming its configured role, cached) in `region`.
  virtual Status Get(const std::string& account_id, const std::string& region,
                     std::shared_ptr<Client>* out) = 0;
};

// Pagination helpers: they follow the token until it is absent or empty, never drop or repeat a
// page, and stop with an error when a token repeats (a server loop) or `max_pages` is reached.

// Query protocol: sets NextToken (EC2) or `token_param` between pages; `on_page` gets the
// response root element.
Status QueryAllPages(Client& client, std::string_view service, std::string_view operation,
                     QueryParams params,
                     const std::function<Status(const pugi::xml_node&)>& on_page,
                     std::string_view token_param = "NextToken",
                     std::string_view token_element = "nextToken", int max_pages = 100000);

// JSON protocols: copies response[`response_token`] into request[`request_token`] between pages
// (NextToken/nextToken; for DynamoDB Scan, LastEvaluatedKey -> ExclusiveStartKey).
Status JsonAllPages(Client& client, std::string_view service, std::string_view operation,
                    nlohmann::json request,
                    const std::function<Status(const nlohmann::json&)>& on_page,
                    std::string_view request_token = "NextToken",
                    std::string_view response_token = "NextToken", int max_pages = 100000);

}  // namespace awsgov::aws
