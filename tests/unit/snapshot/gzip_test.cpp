#include "exporter/snapshot/gzip.h"

#include <gtest/gtest.h>
#include <prometheus/counter.h>
#include <prometheus/registry.h>

#include "exporter/snapshot/store.h"
#include "tests/unit/snapshot/exposition_test_util.h"

namespace awsgov {
namespace {

// Text larger than the sink's staging buffer, with some variety so deflate has real work.
std::string LargeText() {
  std::string s;
  for (int i = 0; i < 20000; ++i) {
    s += "awsgov_subnet_ip_usage_ratio{subnet_id=\"subnet-" + std::to_string(i * 7919 % 100003) +
         "\"} " + std::to_string(i % 97) + "\n";
  }
  return s;
}

TEST(GzipTest, RoundTripsSmallEmptyAndLargeInputs) {
  for (const std::string& plain : {std::string(), std::string("a\n"), LargeText()}) {
    std::string gz = snapshot::GzipCompress(plain);
    ASSERT_GE(gz.size(), 18u);  // header + trailer at least
    EXPECT_EQ(static_cast<unsigned char>(gz[0]), 0x1f);
    EXPECT_EQ(static_cast<unsigned char>(gz[1]), 0x8b);
    std::string back;
    ASSERT_TRUE(testing::Gunzip(gz, &back));
    EXPECT_EQ(back, plain);
  }
}

TEST(GzipTest, SinkAcceptsManySmallAndSomeHugeAppends) {
  const std::string large = LargeText();
  std::string gz;
  snapshot::GzipSink sink(&gz);
  std::string expected;
  for (int i = 0; i < 5000; ++i) {
    std::string piece = "# piece " + std::to_string(i) + "\n";
    sink.Append(piece);
    expected += piece;
    if (i % 1000 == 0) {
      sink.Append(large);
      expected += large;
    }
  }
  sink.Finish();
  std::string back;
  ASSERT_TRUE(testing::Gunzip(gz, &back));
  EXPECT_EQ(back, expected);
  EXPECT_LT(gz.size(), expected.size() / 3);
}

TEST(GzipTest, ConcatenatedMembersInflateToTheConcatenation) {
  std::string two = snapshot::GzipCompress("first\n") + snapshot::GzipCompress("second\n");
  std::string back;
  ASSERT_TRUE(testing::Gunzip(two, &back));
  EXPECT_EQ(back, "first\nsecond\n");
  std::string truncated;
  EXPECT_FALSE(testing::Gunzip(two.substr(0, two.size() - 3), &truncated));
}

TEST(GzipTest, StoreGzipBodyInflatesToThePlainBody) {
  const MetricDesc desc{"awsgov_test_ratio", "Ratio.", MetricType::kGauge, {"id"}};
  Result r;
  for (int i = 0; i < 3000; ++i) r.Add(desc, {"id-" + std::to_string(i)}, i / 7.0);
  SnapshotStore store;
  store.Update(Target{"ipam", "111111111111", "eu-west-1"}, Status::Ok(), r, 1);
  auto registry = std::make_shared<prometheus::Registry>();
  prometheus::BuildCounter()
      .Name("awsgov_aws_requests_total")
      .Help("Requests.")
      .Register(*registry)
      .Add({{"code", "200"}})
      .Increment(9);
  store.SetSelfMetricsSource([registry] { return registry->Collect(); });

  for (ExpositionFormat f : {ExpositionFormat::kText004, ExpositionFormat::kOpenMetrics100}) {
    Exposition plain = store.Render(f, false);
    Exposition gz = store.Render(f, true);
    EXPECT_TRUE(gz.gzip);
    EXPECT_FALSE(plain.gzip);
    // Each part is a complete member on its own...
    std::string cached_only, tail_only;
    ASSERT_TRUE(testing::Gunzip(*gz.cached, &cached_only));
    ASSERT_TRUE(testing::Gunzip(gz.tail, &tail_only));
    EXPECT_EQ(cached_only, *plain.cached);
    EXPECT_EQ(tail_only, plain.tail);
    // ...and the concatenation, as sent, gunzips to the plain body.
    std::string whole;
    ASSERT_TRUE(testing::Gunzip(*gz.cached + gz.tail, &whole));
    EXPECT_EQ(whole, *plain.cached + plain.tail);
    testing::ParsedExposition p = testing::ParseExposition(whole, f);
    EXPECT_TRUE(p.errors.empty()) << ::testing::PrintToString(p.errors);
    EXPECT_EQ(p.Find("awsgov_test_ratio", {{"id", "id-2999"}})->value, 2999 / 7.0);
    EXPECT_EQ(p.Find("awsgov_aws_requests_total", {{"code", "200"}})->value, 9);
  }
}

}  // namespace
}  // namespace awsgov
