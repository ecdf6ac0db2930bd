#include "exporter/aws/http.h"

namespace awsgov::aws {

std::string HttpResponse::Header(const std::string& lower_name) const {
  for (const auto& [name, value] : headers) {
    if (name == lower_name) return value;
  }
  return "";
}

}  // namespace awsgov::aws
