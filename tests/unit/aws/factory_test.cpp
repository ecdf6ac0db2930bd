// The ClientFactory's role cache with an in-process transport and a fake clock: one AssumeRole per
// account shared by concurrent callers, refresh inside the margin, the STS region and parameters.
#include <gtest/gtest.h>

#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "exporter/aws/client_factory.h"
#include "exporter/aws/credentials_common.h"
#include "exporter/aws/rate_limiter.h"
#include "exporter/aws/request_slots.h"
#include "exporter/aws/retry.h"
#include "tests/unit/aws/credentials_fakes.h"

namespace awsgov::aws {
namespace {

using credtest::FakeClock;
using credtest::FakeTransport;
using credtest::MapEnv;
using credtest::Unix;

constexpr long long kStart = 1714564800;  // 2024-05-01T12:00:00Z
constexpr char kSts[] = "http://sts.fake.test/";

class FactoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    cfg_ = std::make_shared<config::Config>();
    config::Config* cfg = cfg_.get();
    cfg->regions = {"eu-west-1", "eu-west-2"};
    cfg->aws.role_arn_template = "arn:aws:iam::{account_id}:role/reader";
    cfg->aws.external_id = "org-ext";
    cfg->aws.sts_region = "eu-central-1";
    cfg->aws.service_endpoint_urls = {{"sts", "http://sts.fake.test"}};
    config::Account a;
    a.id = "111111111111";
    a.role_arn = "arn:aws:iam::111111111111:role/special";
    a.external_id = "ext-a";
    cfg->accounts.push_back(a);
    http_ = std::make_shared<FakeTransport>();
    http_->On(
        "POST", kSts, 200,
        credtest::StsCredentialsXml("AssumeRole", "ASIAONE", "s1", "t1", "2024-05-01T13:00:00Z"));
    http_->On(
        "POST", kSts, 200,
        credtest::StsCredentialsXml("AssumeRole", "ASIATWO", "s2", "t2", "2024-05-01T14:00:00Z"));
    Rebuild();
  }

  // A new factory over cfg_ (after a test changed it), recording the sleeps it asks for.
  void Rebuild() {
    ClientFactoryOptions o;
    o.config = cfg_;
    o.transport = http_;
    o.base_credentials = std::make_shared<StaticCredentialsProvider>(
        Credentials{"AKIDBASE", "basesecret", "", {}}, "test");
    o.getenv = MapEnv({});
    o.clock = &clock_;
    o.sleep = [this](std::chrono::milliseconds d) {
      std::lock_guard lock(sleeps_mu_);
      sleeps_.push_back(d);
      if (during_sleep) during_sleep();
    };
    factory_ = std::make_unique<AwsClientFactory>(o);
  }

  std::vector<std::chrono::milliseconds> Sleeps() {
    std::lock_guard lock(sleeps_mu_);
    return sleeps_;
  }

  std::string AccessKeyFor(const std::string& account) {
    std::shared_ptr<CredentialsProvider> p;
    EXPECT_TRUE(factory_->CredentialsFor(account, &p).ok());
    Credentials c;
    Status s = p->Get(&c);
    EXPECT_TRUE(s.ok()) << s.ToString();
    return c.access_key_id;
  }

  std::shared_ptr<config::Config> cfg_;
  FakeClock clock_{static_cast<double>(kStart)};
  std::shared_ptr<FakeTransport> http_;
  std::function<void()> during_sleep;  // set before use
  std::mutex sleeps_mu_;
  std::vector<std::chrono::milliseconds> sleeps_;
  std::unique_ptr<AwsClientFactory> factory_;
};

TEST_F(FactoryTest, AssumeRoleRequestCarriesRoleExternalIdDurationAndStsRegion) {
  EXPECT_EQ(AccessKeyFor("111111111111"), "ASIAONE");
  auto requests = http_->requests();
  ASSERT_EQ(requests.size(), 1u);
  const std::string& body = requests[0].body;
  EXPECT_NE(body.find("Action=AssumeRole&"), std::string::npos) << body;
  EXPECT_NE(body.find("RoleArn=arn%3Aaws%3Aiam%3A%3A111111111111%3Arole%2Fspecial"),
            std::string::npos)
      << body;
  EXPECT_NE(body.find("ExternalId=ext-a"), std::string::npos) << body;
  EXPECT_NE(body.find("DurationSeconds=3600"), std::string::npos) << body;
  EXPECT_NE(body.find("RoleSessionName=awsgov-exporter"), std::string::npos) << body;
  std::string auth = FakeTransport::HeaderOf(requests[0], "Authorization");
  EXPECT_NE(auth.find("Credential=AKIDBASE/20240501/eu-central-1/sts/aws4_request"),
            std::string::npos)
      << auth;
}

TEST_F(FactoryTest, DiscoveredAccountUsesTheTemplateAndGlobalExternalId) {
  EXPECT_EQ(AccessKeyFor("222222222222"), "ASIAONE");
  const std::string body = http_->requests().at(0).body;
  EXPECT_NE(body.find("RoleArn=arn%3Aaws%3Aiam%3A%3A222222222222%3Arole%2Freader"),
            std::string::npos)
      << body;
  EXPECT_NE(body.find("ExternalId=org-ext"), std::string::npos) << body;
}

TEST_F(FactoryTest, OneProviderPerAccountOneClientPerRegion) {
  std::shared_ptr<Client> w1, w2, w1_again, other;
  ASSERT_TRUE(factory_->Get("111111111111", "eu-west-1", &w1).ok());
  ASSERT_TRUE(factory_->Get("111111111111", "eu-west-2", &w2).ok());
  ASSERT_TRUE(factory_->Get("111111111111", "eu-west-1", &w1_again).ok());
  ASSERT_TRUE(factory_->Get("222222222222", "eu-west-1", &other).ok());
  EXPECT_EQ(w1.get(), w1_again.get());
  EXPECT_NE(w1.get(), w2.get());
  EXPECT_EQ(w2->region(), "eu-west-2");
  std::shared_ptr<CredentialsProvider> p1, p1_again, p2;
  ASSERT_TRUE(factory_->CredentialsFor("111111111111", &p1).ok());
  ASSERT_TRUE(factory_->CredentialsFor("111111111111", &p1_again).ok());
  ASSERT_TRUE(factory_->CredentialsFor("222222222222", &p2).ok());
  EXPECT_EQ(p1.get(), p1_again.get());
  EXPECT_NE(p1.get(), p2.get());
  EXPECT_TRUE(http_->requests().empty());  // roles are assumed on first use, not on Get
}

TEST_F(FactoryTest, ConcurrentCallersWaitForOneAssumeRole) {
  constexpr int kThreads = 6;
  std::atomic<int> entered{0};
  http_->before_send = [&] {
    while (entered.load() < kThreads) std::this_thread::yield();
  };
  std::vector<std::string> keys(kThreads);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      std::shared_ptr<CredentialsProvider> p;
      ASSERT_TRUE(factory_->CredentialsFor("111111111111", &p).ok());
      ++entered;
      Credentials c;
      if (p->Get(&c).ok()) keys[i] = c.access_key_id;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(http_->requests().size(), 1u);
  for (const auto& k : keys) EXPECT_EQ(k, "ASIAONE");
}

TEST_F(FactoryTest, RoleIsRefreshedInsideTheMarginOnly) {
  EXPECT_EQ(AccessKeyFor("111111111111"), "ASIAONE");
  clock_.Set(kStart + 3600 - 361);  // 1 h session: margin 6 min (10% < 15 min)
  EXPECT_EQ(AccessKeyFor("111111111111"), "ASIAONE");
  EXPECT_EQ(http_->requests().size(), 1u);
  clock_.Set(kStart + 3600 - 360);
  EXPECT_EQ(AccessKeyFor("111111111111"), "ASIATWO");
  EXPECT_EQ(http_->requests().size(), 2u);
}

TEST_F(FactoryTest, SharedRetryStateAndMetricsAreExposed) {
  EXPECT_EQ(factory_->metrics(), nullptr);  // no registry given
  EXPECT_EQ(factory_->retry_quota().available(), RetryQuota::kInitialCapacity);
  EXPECT_DOUBLE_EQ(factory_->rate_limiter().CurrentRate("k"), 10.0);
  EXPECT_DOUBLE_EQ(factory_->sts_rate_limiter().CurrentRate("k"), 50.0);
  EXPECT_EQ(factory_->request_slots().max_in_flight(), 0);
}

// The clock stands still, so a bucket of rate r lets one request through and makes the next wait
// 1/r seconds: which limit paced the second AssumeRole shows in the sleep it asked for.
TEST_F(FactoryTest, AssumeRolesArePacedByTheStsLimitNotThePerApiLimit) {
  cfg_->aws.requests_per_second = 1000;
  cfg_->aws.sts_requests_per_second = 1;
  Rebuild();
  EXPECT_EQ(AccessKeyFor("111111111111"), "ASIAONE");
  EXPECT_EQ(AccessKeyFor("222222222222"), "ASIATWO");
  ASSERT_EQ(Sleeps().size(), 1u);
  EXPECT_EQ(Sleeps()[0], std::chrono::milliseconds(1000));

  cfg_->aws.requests_per_second = 1;
  cfg_->aws.sts_requests_per_second = 1000;
  sleeps_.clear();
  Rebuild();
  EXPECT_EQ(AccessKeyFor("111111111111"), "ASIATWO");
  EXPECT_EQ(AccessKeyFor("222222222222"), "ASIATWO");
  EXPECT_TRUE(Sleeps().empty());
}

// A request holds its slot while on the wire only: the retry backoff after a throttle waits
// without one, so other requests can use it.
TEST_F(FactoryTest, RequestSlotIsHeldOnTheWireNotDuringBackoff) {
  cfg_->aws.max_concurrent_requests = 1;
  Rebuild();
  http_->Clear();
  http_->On("POST", kSts, 400,
            "<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code>"
            "<Message>Rate exceeded</Message></Error><RequestId>r1</RequestId></ErrorResponse>");
  http_->On(
      "POST", kSts, 200,
      credtest::StsCredentialsXml("AssumeRole", "ASIAONE", "s1", "t1", "2024-05-01T13:00:00Z"));
  std::vector<int> in_flight_on_the_wire, in_flight_in_backoff;
  http_->before_send = [&] {
    in_flight_on_the_wire.push_back(factory_->request_slots().in_flight());
  };
  during_sleep = [&] { in_flight_in_backoff.push_back(factory_->request_slots().in_flight()); };
  EXPECT_EQ(AccessKeyFor("111111111111"), "ASIAONE");
  EXPECT_EQ(in_flight_on_the_wire, (std::vector<int>{1, 1}));
  EXPECT_EQ(in_flight_in_backoff, (std::vector<int>{0}));
  EXPECT_EQ(factory_->request_slots().in_flight(), 0);
}

}  // namespace
}  // namespace awsgov::aws
