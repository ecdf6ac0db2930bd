// The data a collector produces for one target: metric families with samples.
// A collector describes each metric once (MetricDesc, a static) and adds samples by label
// values in the order of the desc's label names, so label sets cannot drift between samples.
// Thread-safety: Result is not thread-safe; one collector run fills one Result.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace awsgov {

enum class MetricType { kGauge, kCounter };

struct MetricDesc {
  // For a counter, the name without "_total"; the sample is exposed as name + "_total".
  std::string_view name;
  std::string_view help;
  MetricType type;
  std::vector<std::string_view> label_names;
};

struct Sample {
  std::vector<std::string> label_values;  // same order as the desc's label_names
  double value = 0;
};

struct Family {
  const MetricDesc* desc = nullptr;
  std::vector<Sample> samples;
};

class Result {
 public:
  // Adds one sample. label_values.size() must equal desc.label_names.size(); a mismatch is a
  // programming error and throws std::logic_error (collectors' tests catch it).
  void Add(const MetricDesc& desc, std::vector<std::string> label_values, double value);

  const std::vector<Family>& families() const { return families_; }
  std::size_t sample_count() const;

 private:
  std::vector<Family> families_;
};

}  // namespace awsgov
