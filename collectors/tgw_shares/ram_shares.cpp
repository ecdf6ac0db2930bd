#include "collectors/tgw_shares/ram_shares.h"

#include <functional>
#include <nlohmann/json.hpp>
#include <set>

namespace awsgov::tgw {
namespace {

constexpr int kMaxResults = 500;  // the model's maximum for both operations
constexpr int kMaxPages = 10000;

std::string StringField(const nlohmann::json& object, const char* name) {
  auto it = object.find(name);
  return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

// REST-JSON pagination: nextToken in the response goes back in the next request's body.
Status AllPages(aws::Client& ram, const std::string& operation, const std::string& path,
                nlohmann::json request, const char* list_name,
                const std::function<void(const nlohmann::json& item)>& on_item) {
  std::set<std::string> seen_tokens;
  request["maxResults"] = kMaxResults;
  for (int page = 1; page <= kMaxPages; ++page) {
    nlohmann::json response;
    Status status = ram.RestJson("ram", operation, "POST", path, {}, &request, &response);
    if (!status.ok()) return status;
    auto list = response.find(list_name);
    if (list != response.end() && !list->is_null()) {
      if (!list->is_array()) return ParseError(std::string(list_name) + " is not a list");
      for (const nlohmann::json& item : *list) {
        if (item.is_object()) on_item(item);
      }
    }
    const std::string token = StringField(response, "nextToken");
    if (token.empty()) return Status::Ok();
    if (!seen_tokens.insert(token).second) {
      return Internal("page " + std::to_string(page) +
                      " returned a nextToken already seen (the server is looping)");
    }
    request["nextToken"] = token;
  }
  return Internal("more than " + std::to_string(kMaxPages) + " pages, stopped");
}

std::string Where(const aws::Client& ram) {
  return " in account " + ram.account_id() + ", region " + ram.region();
}

}  // namespace

Status ListOwnedShares(aws::Client& ram, std::map<std::string, std::string>* arn_to_name) {
  nlohmann::json request = {{"resourceOwner", "SELF"}, {"resourceShareStatus", "ACTIVE"}};
  Status status = AllPages(ram, "GetResourceShares", "/getresourceshares", request,
                           "resourceShares", [&](const nlohmann::json& share) {
                             // Checked again: a share being deleted is no longer an invitation.
                             if (StringField(share, "status") != "ACTIVE") return;
                             const std::string arn = StringField(share, "resourceShareArn");
                             if (!arn.empty()) (*arn_to_name)[arn] = StringField(share, "name");
                           });
  return status.WithContext("ram GetResourceShares" + Where(ram));
}

Status ListSharesHolding(aws::Client& ram, const std::string& resource_arn,
                         std::vector<std::string>* share_arns) {
  nlohmann::json request = {{"associationType", "RESOURCE"}, {"resourceArn", resource_arn}};
  std::set<std::string> found;
  Status status = AllPages(ram, "GetResourceShareAssociations", "/getresourceshareassociations",
                           request, "resourceShareAssociations", [&](const nlohmann::json& a) {
                             if (StringField(a, "associatedEntity") != resource_arn) return;
                             if (StringField(a, "status") != "ASSOCIATED") return;
                             const std::string share = StringField(a, "resourceShareArn");
                             if (!share.empty() && found.insert(share).second) {
                               share_arns->push_back(share);
                             }
                           });
  return status.WithContext("ram GetResourceShareAssociations (resource " + resource_arn + ")" +
                            Where(ram));
}

Status ListPrincipalAssociations(aws::Client& ram, const std::vector<std::string>& share_arns,
                                 std::vector<PrincipalAssociation>* out) {
  if (share_arns.empty()) return Status::Ok();
  nlohmann::json request = {{"associationType", "PRINCIPAL"}, {"resourceShareArns", share_arns}};
  const std::set<std::string> wanted(share_arns.begin(), share_arns.end());
  Status status =
      AllPages(ram, "GetResourceShareAssociations", "/getresourceshareassociations", request,
               "resourceShareAssociations", [&](const nlohmann::json& a) {
                 PrincipalAssociation association{StringField(a, "resourceShareArn"),
                                                  StringField(a, "associatedEntity"),
                                                  StringField(a, "status")};
                 if (!wanted.contains(association.share_arn) || association.principal.empty() ||
                     association.status == "DISASSOCIATED") {
                   return;
                 }
                 out->push_back(std::move(association));
               });
  return status.WithContext("ram GetResourceShareAssociations (principals)" + Where(ram));
}

}  // namespace awsgov::tgw
