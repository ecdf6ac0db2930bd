// Test support: the samples of one metric family in a collector's Result, looked up by the
// family's MetricDesc. Thread-safety: pure functions over a Result the caller owns.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "exporter/core/metric.h"

namespace awsgov::testing {

// The family of `desc` in `result`; nullptr when it has none.
inline const Family* FindFamily(const Result& result, const MetricDesc& desc) {
  for (const Family& family : result.families()) {
    if (family.desc == &desc) return &family;
  }
  return nullptr;
}

// The value of the sample of `desc` with exactly these label values; nullopt when absent.
inline std::optional<double> SampleValue(const Result& result, const MetricDesc& desc,
                                         const std::vector<std::string>& labels) {
  const Family* family = FindFamily(result, desc);
  if (family == nullptr) return std::nullopt;
  for (const Sample& sample : family->samples) {
    if (sample.label_values == labels) return sample.value;
  }
  return std::nullopt;
}

// How many samples `desc` has (0 without a family).
inline std::size_t SampleCount(const Result& result, const MetricDesc& desc) {
  const Family* family = FindFamily(result, desc);
  return family == nullptr ? 0 : family->samples.size();
}

// The label values of every sample of `desc`, in the family's order.
inline std::vector<std::vector<std::string>> SampleLabels(const Result& result,
                                                          const MetricDesc& desc) {
  std::vector<std::vector<std::string>> out;
  if (const Family* family = FindFamily(result, desc)) {
    for (const Sample& sample : family->samples) out.push_back(sample.label_values);
  }
  return out;
}

}  // namespace awsgov::testing
