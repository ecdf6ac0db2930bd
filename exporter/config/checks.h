// Ready-made StringChecks for MapReader::String / StringList, shared by the config parser and the
// collectors' options parsers so that the same mistake reads the same everywhere.
// Thread-safety: the returned functions are stateless, except UniqueCheck (one list at a time).
#pragma once

#include <memory>
#include <set>
#include <string>

#include "exporter/config/yaml_reader.h"

namespace awsgov::config {

StringCheck AccountIdCheck();           // exactly 12 digits
StringCheck RegionCheck();              // eu-west-1, us-gov-west-1, ...
StringCheck RoleArnCheck();             // arn:aws:iam::123456789012:role/name
StringCheck UrlCheck();                 // http:// or https:// and a host
StringCheck OrganizationalUnitCheck();  // ou-xxxx-xxxxxxxx, or a root r-xxxx
StringCheck ServiceIdCheck();           // ec2, dynamodb, resource-groups-tagging-api
StringCheck NonEmptyCheck();
// Runs `check` (when set) and then rejects a value seen before through the same returned check:
// "duplicate <what> "x"".
StringCheck UniqueCheck(const std::string& what, StringCheck check = {});

}  // namespace awsgov::config
