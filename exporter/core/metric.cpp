#include "exporter/core/metric.h"

#include <stdexcept>

namespace awsgov {

void Result::Add(const MetricDesc& desc, std::vector<std::string> label_values, double value) {
  if (label_values.size() != desc.label_names.size()) {
    throw std::logic_error("metric " + std::string(desc.name) + ": " +
                           std::to_string(label_values.size()) + " label values for " +
                           std::to_string(desc.label_names.size()) + " label names");
  }
  // Collectors add family by family, so the last family is almost always the one wanted.
  Family* family = nullptr;
  for (auto it = families_.rbegin(); it != families_.rend(); ++it) {
    if (it->desc == &desc) {
      family = &*it;
      break;
    }
  }
  if (family == nullptr) {
    families_.push_back(Family{&desc, {}});
    family = &families_.back();
  }
  family->samples.push_back(Sample{std::move(label_values), value});
}

std::size_t Result::sample_count() const {
  std::size_t n = 0;
  for (const auto& f : families_) n += f.samples.size();
  return n;
}

}  // namespace awsgov
