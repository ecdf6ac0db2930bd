#include "exporter/aws/arn.h"

#include <algorithm>

namespace awsgov::aws {

bool SplitArn(std::string_view arn, ArnParts* out) {
  if (!arn.starts_with("arn:")) return false;
  arn.remove_prefix(4);
  std::string_view fields[4];
  for (std::string_view& field : fields) {
    const std::size_t colon = arn.find(':');
    if (colon == std::string_view::npos) return false;
    field = arn.substr(0, colon);
    arn.remove_prefix(colon + 1);
  }
  const std::string_view partition = fields[0];
  if (partition.empty() || !std::all_of(partition.begin(), partition.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || c == '-';
      })) {
    return false;
  }
  *out = {fields[0], fields[1], fields[2], fields[3], arn};
  return true;
}

std::string AccountIdOfArn(std::string_view arn) {
  ArnParts parts;
  return SplitArn(arn, &parts) ? std::string(parts.account) : "";
}

}  // namespace awsgov::aws
