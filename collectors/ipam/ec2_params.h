// Building EC2 query parameters: MaxResults and server-side filters ("Filter.1.Name",
// "Filter.1.Value.1"), as botocore's ec2 model serializes them.
// Thread-safety: QueryFilters is a value type, not shared between threads.
#pragma once

#include <string>
#include <vector>

#include "exporter/aws/client.h"

namespace awsgov::ipam {

// Every paginated EC2 call here asks for the largest page the model allows, which keeps calls
// (and the shared EC2 request-token bucket) to a minimum.
inline constexpr const char* kMaxResults = "1000";

class QueryFilters {
 public:
  // Adds Filter.N with these values; nothing when `values` is empty.
  void Add(const std::string& name, const std::vector<std::string>& values);
  // The filters plus `base`.
  aws::QueryParams With(aws::QueryParams base) const;

 private:
  aws::QueryParams params_;
  int count_ = 0;
};

}  // namespace awsgov::ipam
