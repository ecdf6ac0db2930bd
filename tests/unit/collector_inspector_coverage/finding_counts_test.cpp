// ListFindingAggregations (ACCOUNT) request and parsing, from responses written out here in the
// shape of botocore's inspector2 model.
#include "collectors/inspector_coverage/finding_counts.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace awsgov::inspector {
namespace {

using nlohmann::json;

TEST(FindingCountsTest, AsksForTheAccountsAggregation) {
  EXPECT_EQ(FindingAggregationsRequest("222222222222", ""), json::parse(R"({
      "aggregationType": "ACCOUNT",
      "accountIds": [{"comparison": "EQUALS", "value": "222222222222"}]})"));
  EXPECT_EQ(FindingAggregationsRequest("222222222222", "t2")["nextToken"], "t2");
}

TEST(FindingCountsTest, OtherIsTheTotalLessCriticalHighAndMedium) {
  const json page = json::parse(R"({"aggregationType": "ACCOUNT", "responses": [
      {"accountAggregation": {"accountId": "111111111111",
                              "severityCounts": {"all": 1, "critical": 1}}},
      {"accountAggregation": {"accountId": "222222222222", "exploitAvailableCount": 4,
                              "severityCounts": {"all": 20, "critical": 2, "high": 3,
                                                 "medium": 6}}}]})");
  std::optional<FindingCounts> counts = FindingCountsFromPage(page, "222222222222");
  ASSERT_TRUE(counts.has_value());
  EXPECT_EQ(counts->critical, 2);
  EXPECT_EQ(counts->high, 3);
  EXPECT_EQ(counts->medium, 6);
  EXPECT_EQ(counts->other, 20 - 2 - 3 - 6);
  // Absent counts are 0; the rest never goes below 0, whatever the server says.
  counts = FindingCountsFromPage(page, "111111111111");
  ASSERT_TRUE(counts.has_value());
  EXPECT_EQ(counts->critical, 1);
  EXPECT_EQ(counts->high + counts->medium + counts->other, 0);
  const json odd = json::parse(R"({"responses": [{"accountAggregation": {
      "accountId": "3", "severityCounts": {"all": 1, "high": 5, "medium": "many"}}}]})");
  counts = FindingCountsFromPage(odd, "3");
  ASSERT_TRUE(counts.has_value());
  EXPECT_EQ(counts->high, 5);
  EXPECT_EQ(counts->medium, 0);
  EXPECT_EQ(counts->other, 0);
  EXPECT_FALSE(FindingCountsFromPage(page, "333333333333").has_value());
  EXPECT_FALSE(FindingCountsFromPage(json::parse(R"({"responses": 3})"), "3").has_value());
}

}  // namespace
}  // namespace awsgov::inspector
