// The collector registry as a whole: every collector is listed once, in name order, and every
// metric it can emit is documented in docs/metrics.md (the metric contract's reference).
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "exporter/core/collector.h"

namespace awsgov {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

TEST(RegistryTest, CollectorsAreUniqueSortedAndFindable) {
  const auto& all = AllCollectors();
  ASSERT_GE(all.size(), 2u);  // exporter and ipam at least
  std::set<std::string_view> names;
  for (std::size_t i = 0; i < all.size(); ++i) {
    EXPECT_TRUE(names.insert(all[i].name).second) << all[i].name << " registered twice";
    if (i > 0) {
      EXPECT_LT(all[i - 1].name, all[i].name);
    }
    EXPECT_EQ(FindCollector(all[i].name), &all[i]);
    EXPECT_TRUE(all[i].create) << all[i].name << " has no factory";
    EXPECT_FALSE(all[i].description.empty()) << all[i].name;
  }
  EXPECT_NE(FindCollector("ipam"), nullptr);
  EXPECT_EQ(FindCollector("no_such_collector"), nullptr);
}

TEST(RegistryTest, EveryMetricAndLabelIsDocumented) {
  std::string docs = ReadFile(std::string(AWSGOV_SOURCE_DIR) + "/docs/metrics.md");
  ASSERT_FALSE(docs.empty());
  for (const auto& collector : AllCollectors()) {
    for (const MetricDesc* desc : collector.metrics) {
      std::string name = "`" + std::string(desc->name) + "`";
      EXPECT_NE(docs.find(name), std::string::npos)
          << collector.name << ": " << desc->name << " is not in docs/metrics.md";
      for (std::string_view label : desc->label_names) {
        EXPECT_NE(docs.find(std::string(label)), std::string::npos)
            << desc->name << ": label " << label << " is not in docs/metrics.md";
      }
    }
  }
}

}  // namespace
}  // namespace awsgov
