// QueryAllPages / JsonAllPages (client.h): follow the service's token until it is absent, and
// refuse to go round in circles when a server hands out a token it already gave.
#include <nlohmann/json.hpp>
#include <pugixml.hpp>
#include <set>
#include <string>

#include "exporter/aws/client.h"

namespace awsgov::aws {
namespace {

// EC2 puts the token under the root (<DescribeVpcsResponse><nextToken>); the query protocol one
// level down (<DescribeAutoScalingGroupsResponse><DescribeAutoScalingGroupsResult><NextToken>).
std::string FindToken(const pugi::xml_node& root, std::string_view element) {
  std::string name(element);
  if (pugi::xml_node token = root.child(name.c_str())) return token.text().get();
  for (pugi::xml_node child : root.children()) {
    if (pugi::xml_node token = child.child(name.c_str())) return token.text().get();
  }
  return "";
}

Status RepeatedToken(std::string_view service, std::string_view operation, int page) {
  return Internal(std::string(service) + " " + std::string(operation) + ": page " +
                  std::to_string(page) +
                  " returned a pagination token already seen (the server is looping)");
}

Status TooManyPages(std::string_view service, std::string_view operation, int max_pages) {
  return Internal(std::string(service) + " " + std::string(operation) + ": more than " +
                  std::to_string(max_pages) + " pages, stopped");
}

bool IsAbsentToken(const nlohmann::json* token) {
  return token == nullptr || token->is_null() || (token->is_string() && token->empty()) ||
         (token->is_object() && token->empty());
}

}  // namespace

Status QueryAllPages(Client& client, std::string_view service, std::string_view operation,
                     QueryParams params,
                     const std::function<Status(const pugi::xml_node&)>& on_page,
                     std::string_view token_param, std::string_view token_element, int max_pages) {
  std::set<std::string> seen;
  const std::size_t base_size = params.size();
  for (int page = 1;; ++page) {
    pugi::xml_document doc;
    if (Status s = client.Query(service, operation, params, &doc); !s.ok()) return s;
    pugi::xml_node root = doc.document_element();
    if (Status s = on_page(root); !s.ok()) return s;
    std::string token = FindToken(root, token_element);
    if (token.empty()) return Status::Ok();
    if (!seen.insert(token).second) return RepeatedToken(service, operation, page);
    if (page >= max_pages) return TooManyPages(service, operation, max_pages);
    params.resize(base_size);
    params.emplace_back(std::string(token_param), token);
  }
}

Status JsonAllPages(Client& client, std::string_view service, std::string_view operation,
                    nlohmann::json request,
                    const std::function<Status(const nlohmann::json&)>& on_page,
                    std::string_view request_token, std::string_view response_token,
                    int max_pages) {
  std::set<std::string> seen;
  const std::string request_key(request_token);
  const std::string response_key(response_token);
  if (request.is_null()) request = nlohmann::json::object();
  for (int page = 1;; ++page) {
    nlohmann::json response;
    if (Status s = client.Json(service, operation, request, &response); !s.ok()) return s;
    if (Status s = on_page(response); !s.ok()) return s;
    auto it = response.find(response_key);
    const nlohmann::json* token = it == response.end() ? nullptr : &*it;
    if (IsAbsentToken(token)) return Status::Ok();
    if (!seen.insert(token->dump()).second) return RepeatedToken(service, operation, page);
    if (page >= max_pages) return TooManyPages(service, operation, max_pages);
    request[request_key] = *token;
  }
}

}  // namespace awsgov::aws
