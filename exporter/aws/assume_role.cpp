#include "exporter/aws/assume_role.h"

#include <pugixml.hpp>

#include "exporter/aws/credentials_refreshing.h"
#include "exporter/aws/credentials_sts.h"

namespace awsgov::aws {

Status AssumeRoleOnce(Client& sts, const AssumeRoleOptions& options, Credentials* out) {
  QueryParams params = {{"RoleArn", options.role_arn},
                        {"RoleSessionName", options.session_name},
                        {"DurationSeconds", std::to_string(options.duration.count())}};
  if (!options.external_id.empty()) params.emplace_back("ExternalId", options.external_id);
  pugi::xml_document doc;
  if (Status s = sts.Query("sts", "AssumeRole", params, &doc); !s.ok()) {
    return s.WithContext("assume role " + options.role_arn);
  }
  return CredentialsFromStsXml(doc.document_element(), "AssumeRole", out)
      .WithContext("assume role " + options.role_arn);
}

std::shared_ptr<CredentialsProvider> MakeAssumeRoleProvider(std::shared_ptr<Client> sts,
                                                            AssumeRoleOptions options,
                                                            std::string source) {
  if (source.empty()) source = "assume_role:" + options.role_arn;
  const Clock* clock = options.clock;
  return std::make_shared<RefreshingCredentialsProvider>(
      std::move(source),
      [sts = std::move(sts), options = std::move(options)](Credentials* out) {
        return AssumeRoleOnce(*sts, options, out);
      },
      clock);
}

}  // namespace awsgov::aws
