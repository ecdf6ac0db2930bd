#include "exporter/snapshot/store.h"

#include <gtest/gtest.h>
#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include "tests/unit/snapshot/exposition_test_util.h"

namespace awsgov {
namespace {

using testing::Labels;
using testing::ParsedExposition;
using testing::ParseExposition;

constexpr auto kText = ExpositionFormat::kText004;
constexpr auto kOm = ExpositionFormat::kOpenMetrics100;

const MetricDesc kSubnetUsage{"awsgov_subnet_ip_usage_ratio",
                              "Used share of the subnet's addresses.",
                              MetricType::kGauge,
                              {"account_id", "region", "subnet_id"}};
const MetricDesc kEvents{"awsgov_test_events", "Events.", MetricType::kCounter, {"kind"}};

const Target kIpamA{"ipam", "111111111111", "eu-west-1"};
const Target kIpamB{"ipam", "222222222222", "eu-west-1"};

Result Subnets(const Target& t, std::initializer_list<std::pair<const char*, double>> subnets) {
  Result r;
  for (const auto& [id, value] : subnets) r.Add(kSubnetUsage, {t.account_id, t.region, id}, value);
  return r;
}

Labels SubnetLabels(const Target& t, const char* subnet) {
  return {{"account_id", t.account_id}, {"region", t.region}, {"subnet_id", subnet}};
}
Labels HealthLabels(const Target& t) {
  return {{"collector", t.collector}, {"account_id", t.account_id}, {"region", t.region}};
}

ParsedExposition Scrape(SnapshotStore& store, ExpositionFormat format = kText) {
  ParsedExposition parsed = ParseExposition(testing::Body(store.Render(format, false)), format);
  EXPECT_TRUE(parsed.errors.empty()) << ::testing::PrintToString(parsed.errors);
  return parsed;
}

class StoreTest : public ::testing::Test {
 protected:
  testing::FakeClock clock_;
  SnapshotStore store_{clock_};
};

TEST_F(StoreTest, SuccessfulRunIsExposedWithHealth) {
  clock_.Set(1000.25);
  store_.Update(kIpamA, Status::Ok(), Subnets(kIpamA, {{"subnet-1", 0.5}, {"subnet-2", 0.75}}),
                1.5);
  ParsedExposition p = Scrape(store_);
  const auto* s1 = p.Find("awsgov_subnet_ip_usage_ratio", SubnetLabels(kIpamA, "subnet-1"));
  const auto* s2 = p.Find("awsgov_subnet_ip_usage_ratio", SubnetLabels(kIpamA, "subnet-2"));
  ASSERT_NE(s1, nullptr);
  ASSERT_NE(s2, nullptr);
  EXPECT_EQ(s1->value, 0.5);
  EXPECT_EQ(s2->value, 0.75);
  EXPECT_EQ(p.Find("awsgov_collector_success", HealthLabels(kIpamA))->value, 1);
  EXPECT_EQ(p.Find("awsgov_collector_duration_seconds", HealthLabels(kIpamA))->value, 1.5);
  EXPECT_EQ(p.Find("awsgov_collector_last_success_timestamp_seconds", HealthLabels(kIpamA))->value,
            1000.25);
  EXPECT_EQ(p.Find("awsgov_collector_samples", HealthLabels(kIpamA))->value, 2);
  ASSERT_EQ(p.Family("awsgov_collector_success")->type, "gauge");

  std::vector<TargetStatus> statuses = store_.Statuses();
  ASSERT_EQ(statuses.size(), 1u);
  EXPECT_TRUE(statuses[0].success);
  EXPECT_EQ(statuses[0].series, 2u);
  EXPECT_EQ(statuses[0].last_attempt_unix, 1000.25);
}

TEST_F(StoreTest, DeclaredIntervalsAreExposedOnceTheTargetHasRun) {
  store_.SetTargets({kIpamA, kIpamB}, {{kIpamA, 300}, {kIpamB, 60}});
  store_.Update(kIpamA, Status::Ok(), Subnets(kIpamA, {{"subnet-1", 0.5}}), 1);
  ParsedExposition p = Scrape(store_);
  EXPECT_EQ(p.Find("awsgov_collector_interval_seconds", HealthLabels(kIpamA))->value, 300);
  EXPECT_EQ(p.Find("awsgov_collector_interval_seconds", HealthLabels(kIpamB)), nullptr);  // not run
  EXPECT_EQ(store_.Statuses().at(1).interval_seconds, 60);

  // A reload that changes the interval changes the exposed value.
  store_.SetTargets({kIpamA, kIpamB}, {{kIpamA, 120}, {kIpamB, 60}});
  EXPECT_EQ(Scrape(store_).Find("awsgov_collector_interval_seconds", HealthLabels(kIpamA))->value,
            120);
  // Without intervals the family is absent, not 0.
  store_.SetTargets({kIpamA});
  EXPECT_EQ(Scrape(store_).Family("awsgov_collector_interval_seconds"), nullptr);
}

TEST_F(StoreTest, FailedRunKeepsLastGoodSamplesAndSetsSuccessZero) {
  clock_.Set(1000);
  store_.Update(kIpamA, Status::Ok(), Subnets(kIpamA, {{"subnet-1", 0.5}}), 2);
  clock_.Set(1300);
  // The partial result of a failed run must be ignored.
  store_.Update(kIpamA, Unavailable("ec2 DescribeSubnets: connection refused"),
                Subnets(kIpamA, {{"subnet-1", 0.9}, {"subnet-9", 0.1}}), 7);
  ParsedExposition p = Scrape(store_);
  EXPECT_EQ(p.Find("awsgov_subnet_ip_usage_ratio", SubnetLabels(kIpamA, "subnet-1"))->value, 0.5);
  EXPECT_EQ(p.Find("awsgov_subnet_ip_usage_ratio", SubnetLabels(kIpamA, "subnet-9")), nullptr);
  EXPECT_EQ(p.Find("awsgov_collector_success", HealthLabels(kIpamA))->value, 0);
  EXPECT_EQ(p.Find("awsgov_collector_duration_seconds", HealthLabels(kIpamA))->value, 7);
  EXPECT_EQ(p.Find("awsgov_collector_last_success_timestamp_seconds", HealthLabels(kIpamA))->value,
            1000);

  TargetStatus s = store_.Statuses().at(0);
  EXPECT_FALSE(s.success);
  EXPECT_EQ(s.last_success_unix, 1000);
  EXPECT_EQ(s.last_attempt_unix, 1300);
  EXPECT_EQ(s.series, 1u);
  EXPECT_NE(s.last_error.find("connection refused"), std::string::npos);
}

TEST_F(StoreTest, TargetThatNeverSucceededHasNoLastSuccessTimestamp) {
  store_.Update(kIpamA, Status(StatusCode::kPermissionDenied, "sts AssumeRole: AccessDenied"),
                Result(), 0.25);
  ParsedExposition p = Scrape(store_);
  EXPECT_EQ(p.Find("awsgov_collector_success", HealthLabels(kIpamA))->value, 0);
  EXPECT_EQ(p.Find("awsgov_collector_duration_seconds", HealthLabels(kIpamA))->value, 0.25);
  EXPECT_EQ(p.CountSamples("awsgov_collector_last_success_timestamp_seconds"), 0u);
  EXPECT_EQ(p.Family("awsgov_collector_last_success_timestamp_seconds"), nullptr);
}

TEST_F(StoreTest, DisappearedResourceIsGoneAfterNextSuccess) {
  store_.Update(kIpamA, Status::Ok(), Subnets(kIpamA, {{"subnet-1", 0.5}, {"subnet-2", 0.75}}), 1);
  store_.Update(kIpamA, Status::Ok(), Subnets(kIpamA, {{"subnet-1", 0.625}}), 1);
  ParsedExposition p = Scrape(store_);
  EXPECT_EQ(p.Find("awsgov_subnet_ip_usage_ratio", SubnetLabels(kIpamA, "subnet-1"))->value, 0.625);
  EXPECT_EQ(p.Find("awsgov_subnet_ip_usage_ratio", SubnetLabels(kIpamA, "subnet-2")), nullptr);
  EXPECT_EQ(store_.Statuses().at(0).series, 1u);
}

TEST_F(StoreTest, EmptySuccessfulResultRemovesAllSamplesAndTheFamily) {
  store_.Update(kIpamA, Status::Ok(), Subnets(kIpamA, {{"subnet-1", 0.5}}), 1);
  store_.Update(kIpamA, Status::Ok(), Result(), 1);
  ParsedExposition p = Scrape(store_);
  EXPECT_EQ(p.Family("awsgov_subnet_ip_usage_ratio"), nullptr);
  EXPECT_EQ(p.Find("awsgov_collector_success", HealthLabels(kIpamA))->value, 1);
}

TEST_F(StoreTest, SetTargetsDropsRemovedTargetsAndDeclaresNewOnes) {
  const Target declared{"tgw_shares", "333333333333", "global"};
  store_.Update(kIpamA, Status::Ok(), Subnets(kIpamA, {{"subnet-a", 0.5}}), 1);
  store_.Update(kIpamB, Status::Ok(), Subnets(kIpamB, {{"subnet-b", 0.5}}), 1);
  store_.SetTargets({kIpamA, declared});

  ParsedExposition p = Scrape(store_);
  EXPECT_NE(p.Find("awsgov_subnet_ip_usage_ratio", SubnetLabels(kIpamA, "subnet-a")), nullptr);
  EXPECT_EQ(p.Find("awsgov_subnet_ip_usage_ratio", SubnetLabels(kIpamB, "subnet-b")), nullptr);
  EXPECT_EQ(p.Find("awsgov_collector_success", HealthLabels(kIpamB)), nullptr);
  // Declared but not run yet: in Statuses, absent from the health families.
  EXPECT_EQ(p.Find("awsgov_collector_success", HealthLabels(declared)), nullptr);
  EXPECT_EQ(p.CountSamples("awsgov_collector_success"), 1u);
  std::vector<TargetStatus> statuses = store_.Statuses();
  ASSERT_EQ(statuses.size(), 2u);
  EXPECT_EQ(statuses[0].target, kIpamA);
  EXPECT_EQ(statuses[1].target, declared);
  EXPECT_FALSE(statuses[1].has_run);

  // A run of a removed target that finishes after the reload is not resurrected.
  store_.Update(kIpamB, Status::Ok(), Subnets(kIpamB, {{"subnet-b", 0.5}}), 1);
  EXPECT_EQ(Scrape(store_).Find("awsgov_collector_success", HealthLabels(kIpamB)), nullptr);
  EXPECT_EQ(store_.Statuses().size(), 2u);
}

TEST_F(StoreTest, SameSeriesFromTwoTargetsIsEmittedOnceFirstTargetWins) {
  const Target other{"inspector_coverage", "111111111111", "eu-west-1"};  // sorts after ipam
  Result mine = Subnets(kIpamA, {{"subnet-1", 0.25}, {"subnet-2", 0.5}});
  Result theirs = Subnets(kIpamA, {{"subnet-1", 0.75}, {"subnet-3", 1}});
  store_.Update(kIpamA, Status::Ok(), mine, 1);
  store_.Update(other, Status::Ok(), theirs, 1);

  ParsedExposition p = Scrape(store_);  // the parser rejects duplicate series itself
  EXPECT_EQ(p.CountSamples("awsgov_subnet_ip_usage_ratio"), 3u);
  // Target order: "inspector_coverage" < "ipam", so the inspector target's sample is first.
  EXPECT_EQ(p.Find("awsgov_subnet_ip_usage_ratio", SubnetLabels(kIpamA, "subnet-1"))->value, 0.75);
  EXPECT_EQ(store_.DuplicateSamplesDropped(), 1u);
  // Rendering another format of the same state does not count the drop again.
  Scrape(store_, kOm);
  EXPECT_EQ(store_.DuplicateSamplesDropped(), 1u);
}

TEST_F(StoreTest, SameSeriesTwiceInOneResultKeepsTheFirst) {
  Result r = Subnets(kIpamA, {{"subnet-1", 0.25}, {"subnet-2", 0.5}, {"subnet-1", 0.9}});
  store_.Update(kIpamA, Status::Ok(), r, 1);
  ParsedExposition p = Scrape(store_);
  EXPECT_EQ(p.CountSamples("awsgov_subnet_ip_usage_ratio"), 2u);
  EXPECT_EQ(p.Find("awsgov_subnet_ip_usage_ratio", SubnetLabels(kIpamA, "subnet-1"))->value, 0.25);
  EXPECT_EQ(store_.DuplicateSamplesDropped(), 1u);
  EXPECT_EQ(store_.Statuses().at(0).series, 2u);
}

TEST_F(StoreTest, InvalidNamesAreDroppedAndCounted) {
  const MetricDesc bad_name{"awsgov-bad", "x", MetricType::kGauge, {"a"}};
  const MetricDesc bad_label{"awsgov_bad_label", "x", MetricType::kGauge, {"ok", "0no"}};
  Result r = Subnets(kIpamA, {{"subnet-1", 0.5}});
  r.Add(bad_name, {"v"}, 1);
  r.Add(bad_name, {"w"}, 1);
  r.Add(bad_label, {"v", "w"}, 1);
  store_.Update(kIpamA, Status::Ok(), r, 1);
  ParsedExposition p = Scrape(store_);
  EXPECT_EQ(p.Family("awsgov_bad_label"), nullptr);
  EXPECT_EQ(p.CountSamples("awsgov_subnet_ip_usage_ratio"), 1u);
  EXPECT_EQ(store_.InvalidSamplesDropped(), 3u);
}

TEST_F(StoreTest, CounterNamingPerFormat) {
  Result r;
  r.Add(kEvents, {"x"}, 5);
  store_.Update(kIpamA, Status::Ok(), r, 1);

  ParsedExposition text = Scrape(store_, kText);
  ASSERT_NE(text.Family("awsgov_test_events_total"), nullptr);
  EXPECT_EQ(text.Family("awsgov_test_events_total")->type, "counter");
  EXPECT_EQ(text.Family("awsgov_test_events"), nullptr);
  EXPECT_EQ(text.Find("awsgov_test_events_total", {{"kind", "x"}})->value, 5);
  EXPECT_FALSE(text.has_eof);

  ParsedExposition om = Scrape(store_, kOm);
  ASSERT_NE(om.Family("awsgov_test_events"), nullptr);
  EXPECT_EQ(om.Family("awsgov_test_events")->type, "counter");
  EXPECT_EQ(om.Family("awsgov_test_events_total"), nullptr);
  EXPECT_EQ(om.Find("awsgov_test_events_total", {{"kind", "x"}})->value, 5);
  EXPECT_TRUE(om.has_eof);
}

TEST_F(StoreTest, EmptyStoreRendersEmptyTextAndBareOpenMetrics) {
  EXPECT_EQ(testing::Body(store_.Render(kText, false)), "");
  EXPECT_EQ(testing::Body(store_.Render(kOm, false)), "# EOF\n");
}

TEST_F(StoreTest, FamiliesSortedByNameAndTargetsInTargetOrder) {
  const MetricDesc zeta{"awsgov_a_zeta", "z", MetricType::kGauge, {"account_id"}};
  Result rb = Subnets(kIpamB, {{"subnet-b", 0.5}});
  rb.Add(zeta, {kIpamB.account_id}, 1);
  store_.Update(kIpamB, Status::Ok(), rb, 1);  // updated first, sorts second
  store_.Update(kIpamA, Status::Ok(), Subnets(kIpamA, {{"subnet-a", 0.5}}), 1);
  ParsedExposition p = Scrape(store_);
  std::vector<std::string> names;
  for (const auto& f : p.families) names.push_back(f.name);
  EXPECT_EQ(names, (std::vector<std::string>{"awsgov_a_zeta", "awsgov_collector_duration_seconds",
                                             "awsgov_collector_last_success_timestamp_seconds",
                                             "awsgov_collector_samples", "awsgov_collector_success",
                                             "awsgov_subnet_ip_usage_ratio"}));
  const auto& subnets = p.Family("awsgov_subnet_ip_usage_ratio")->samples;
  ASSERT_EQ(subnets.size(), 2u);
  EXPECT_EQ(subnets[0].labels.at("account_id"), kIpamA.account_id);
  EXPECT_EQ(subnets[1].labels.at("account_id"), kIpamB.account_id);
  // Deterministic: the same state renders the same bytes in a fresh store.
  SnapshotStore again(clock_);
  again.Update(kIpamA, Status::Ok(), Subnets(kIpamA, {{"subnet-a", 0.5}}), 1);
  again.Update(kIpamB, Status::Ok(), rb, 1);
  EXPECT_EQ(testing::Body(again.Render(kText, false)), testing::Body(store_.Render(kText, false)));
}

TEST_F(StoreTest, RenderedOncePerChange) {
  store_.Update(kIpamA, Status::Ok(), Subnets(kIpamA, {{"subnet-1", 0.5}}), 1);
  Exposition first = store_.Render(kText, false);
  Exposition second = store_.Render(kText, false);
  EXPECT_EQ(first.cached.get(), second.cached.get());  // the cached bytes, not a re-render
  Exposition om = store_.Render(kOm, false);
  EXPECT_NE(om.cached.get(), first.cached.get());
  store_.Update(kIpamA, Status::Ok(), Subnets(kIpamA, {{"subnet-1", 0.25}}), 1);
  Exposition third = store_.Render(kText, false);
  EXPECT_NE(third.cached.get(), first.cached.get());
  EXPECT_EQ(*first.cached, *second.cached);  // a served body stays valid after the change
  EXPECT_EQ(
      Scrape(store_).Find("awsgov_subnet_ip_usage_ratio", SubnetLabels(kIpamA, "subnet-1"))->value,
      0.25);
}

TEST_F(StoreTest, SelfMetricsAreRenderedFreshOnEveryScrape) {
  auto registry = std::make_shared<prometheus::Registry>();
  auto& requests = prometheus::BuildCounter()
                       .Name("awsgov_aws_requests_total")
                       .Help("AWS API requests by \"service\", operation and code.")
                       .Register(*registry);
  auto& ok = requests.Add({{"service", "ec2"}, {"operation", "DescribeVpcs"}, {"code", "200"}});
  prometheus::BuildGauge()
      .Name("awsgov_build_info")
      .Help("Build version and revision.")
      .Register(*registry)
      .Add({{"version", "0.1.0"}, {"revision", "abc\"def"}})
      .Set(1);
  auto& latency = prometheus::BuildHistogram()
                      .Name("awsgov_aws_request_duration_seconds")
                      .Help("AWS request latency.")
                      .Register(*registry)
                      .Add({{"service", "ec2"}}, prometheus::Histogram::BucketBoundaries{0.1, 1});
  latency.Observe(0.05);
  latency.Observe(0.5);
  latency.Observe(5);
  store_.SetSelfMetricsSource([registry] { return registry->Collect(); });
  store_.Update(kIpamA, Status::Ok(), Subnets(kIpamA, {{"subnet-1", 0.5}}), 1);

  ok.Increment(3);
  Exposition first = store_.Render(kOm, false);
  ParsedExposition p = ParseExposition(testing::Body(first), kOm);
  ASSERT_TRUE(p.errors.empty()) << ::testing::PrintToString(p.errors);
  ASSERT_NE(p.Family("awsgov_aws_requests"), nullptr);
  EXPECT_EQ(p.Family("awsgov_aws_requests")->type, "counter");
  EXPECT_EQ(p.Family("awsgov_aws_requests")->help,
            "AWS API requests by \"service\", operation and code.");
  const Labels req{{"service", "ec2"}, {"operation", "DescribeVpcs"}, {"code", "200"}};
  EXPECT_EQ(p.Find("awsgov_aws_requests_total", req)->value, 3);
  EXPECT_EQ(p.Find("awsgov_build_info", {{"version", "0.1.0"}, {"revision", "abc\"def"}})->value,
            1);
  const std::string h = "awsgov_aws_request_duration_seconds";
  EXPECT_EQ(p.Find(h + "_bucket", {{"service", "ec2"}, {"le", "0.1"}})->value, 1);
  EXPECT_EQ(p.Find(h + "_bucket", {{"service", "ec2"}, {"le", "1.0"}})->value, 2);
  EXPECT_EQ(p.Find(h + "_bucket", {{"service", "ec2"}, {"le", "+Inf"}})->value, 3);
  EXPECT_EQ(p.Find(h + "_count", {{"service", "ec2"}})->value, 3);
  EXPECT_DOUBLE_EQ(p.Find(h + "_sum", {{"service", "ec2"}})->value, 0.05 + 0.5 + 5);

  ok.Increment(2);
  Exposition second = store_.Render(kOm, false);
  EXPECT_EQ(second.cached.get(), first.cached.get());
  ParsedExposition p2 = ParseExposition(testing::Body(second), kOm);
  EXPECT_EQ(p2.Find("awsgov_aws_requests_total", req)->value, 5);

  ParsedExposition text = ParseExposition(testing::Body(store_.Render(kText, false)), kText);
  ASSERT_TRUE(text.errors.empty()) << ::testing::PrintToString(text.errors);
  EXPECT_EQ(text.Family("awsgov_aws_requests_total")->type, "counter");
  EXPECT_EQ(text.Find(h + "_bucket", {{"service", "ec2"}, {"le", "1"}})->value, 2);
}

TEST_F(StoreTest, SelfMetricFamilyAlsoExposedByACollectorIsDroppedFromTheTail) {
  const MetricDesc account_info{
      "awsgov_account_info", "Account names.", MetricType::kGauge, {"account_id", "account_name"}};
  Result r;
  r.Add(account_info, {"111111111111", "prod"}, 1);
  store_.Update(kIpamA, Status::Ok(), r, 1);
  store_.SetSelfMetricsSource([] {
    prometheus::MetricFamily clash;
    clash.name = "awsgov_account_info";
    clash.type = prometheus::MetricType::Gauge;
    clash.metric.resize(1);
    clash.metric[0].label = {{"account_id", "111111111111"}, {"account_name", "other"}};
    clash.metric[0].gauge.value = 1;
    prometheus::MetricFamily fine;
    fine.name = "awsgov_aws_retries_total";
    fine.type = prometheus::MetricType::Counter;
    fine.metric.resize(1);
    fine.metric[0].counter.value = 2;
    return std::vector<prometheus::MetricFamily>{clash, fine};
  });
  for (ExpositionFormat f : {kText, kOm}) {
    ParsedExposition p = Scrape(store_, f);  // the parser rejects a repeated family
    EXPECT_EQ(p.CountSamples("awsgov_account_info"), 1u);
    EXPECT_NE(
        p.Find("awsgov_account_info", {{"account_id", "111111111111"}, {"account_name", "prod"}}),
        nullptr);
    EXPECT_EQ(p.Find("awsgov_aws_retries_total", {})->value, 2);
  }
  EXPECT_EQ(store_.InvalidSamplesDropped(), 2u);  // once per scrape: the tail is fresh each time
}

}  // namespace
}  // namespace awsgov
