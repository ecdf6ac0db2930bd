#include "collectors/ipam/ec2_params.h"

namespace awsgov::ipam {

void QueryFilters::Add(const std::string& name, const std::vector<std::string>& values) {
  if (values.empty()) return;
  const std::string prefix = "Filter." + std::to_string(++count_) + ".";
  params_.emplace_back(prefix + "Name", name);
  for (std::size_t i = 0; i < values.size(); ++i) {
    params_.emplace_back(prefix + "Value." + std::to_string(i + 1), values[i]);
  }
}

aws::QueryParams QueryFilters::With(aws::QueryParams base) const {
  base.insert(base.end(), params_.begin(), params_.end());
  return base;
}

}  // namespace awsgov::ipam
