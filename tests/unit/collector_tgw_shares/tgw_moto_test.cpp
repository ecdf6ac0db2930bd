// The collector end to end against moto_server: the real AWS client (SigV4, AssumeRole, EC2 XML,
// RAM REST-JSON, DynamoDB and Organizations JSON) on data seeded by
// tests/fakes/tgw_shares_moto_seed.py (see its docstring for the scenario). moto cannot attach
// another account's VPC to the hub's gateway, so every principal here is unattached; attached
// principals and attachment states are tested against tests/fakes/tgw_shares_fake.py.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "collectors/tgw_shares/inventory.h"
#include "collectors/tgw_shares/tgw_metrics.h"
#include "tests/support/subprocess.h"
#include "tests/unit/collector_tgw_shares/tgw_test_env.h"

namespace awsgov::tgw {
namespace {

using testing::CollectTarget;
using testing::MakeCollector;
using testing::MakeEnv;
using testing::Samples;
using testing::SamplesOf;

constexpr const char* kHub = "111111111111";
constexpr const char* kWest = "eu-west-1";
constexpr const char* kEast = "us-east-1";

constexpr const char* kOptions = R"(
hub_account_ids: ["111111111111"]
inventory:
  dynamodb_table: dynamodb-tgw-table
  region: eu-west-1
  scan_page_size: 2
)";

// Counts calls on the way to a real client.
class CountingClient final : public aws::Client {
 public:
  explicit CountingClient(std::shared_ptr<aws::Client> inner) : inner_(std::move(inner)) {}
  const std::string& account_id() const override { return inner_->account_id(); }
  const std::string& region() const override { return inner_->region(); }
  Status Query(std::string_view service, std::string_view operation, const aws::QueryParams& params,
               pugi::xml_document* out) override {
    ++calls;
    return inner_->Query(service, operation, params, out);
  }
  Status Json(std::string_view service, std::string_view operation, const nlohmann::json& request,
              nlohmann::json* out) override {
    ++calls;
    return inner_->Json(service, operation, request, out);
  }
  Status RestJson(std::string_view service, std::string_view operation, std::string_view method,
                  std::string_view path, const aws::QueryParams& query, const nlohmann::json* body,
                  nlohmann::json* out) override {
    ++calls;
    return inner_->RestJson(service, operation, method, path, query, body, out);
  }
  int calls = 0;

 private:
  std::shared_ptr<aws::Client> inner_;
};

class TgwMotoTest : public awsgov::testing::MotoSuite<TgwMotoTest> {
 protected:
  static void SetUpTestSuite() {
    MotoSuite::SetUpTestSuite();
    if (!moto_->ready()) return;
    const std::string out = testing::CommandOutput(
        "python3 " AWSGOV_SOURCE_DIR "/tests/fakes/tgw_shares_moto_seed.py --endpoint " +
        moto_->endpoint());
    seeded_ = new nlohmann::json(nlohmann::json::parse(out, nullptr, false));
  }
  static void TearDownTestSuite() {
    delete seeded_;
    seeded_ = nullptr;
    MotoSuite::TearDownTestSuite();
  }

  void SetUp() override {
    ASSERT_TRUE(moto_->ready()) << "moto_server did not start";
    ASSERT_TRUE(seeded_ != nullptr && seeded_->is_object()) << "seeding failed";
    env_ = MakeEnv(moto_->endpoint(),
                   {{kHub, "arn:aws:iam::111111111111:role/awsgov-exporter"},
                    {"222222222222", "arn:aws:iam::222222222222:role/awsgov-exporter"}},
                   {kWest, kEast});
    collector_ = MakeCollector(kOptions);
    ASSERT_NE(collector_, nullptr);
  }

  std::string Seeded(const char* key) const { return (*seeded_)[key].get<std::string>(); }

  static nlohmann::json* seeded_;
  testing::TestEnv env_;
  std::unique_ptr<Collector> collector_;
};

nlohmann::json* TgwMotoTest::seeded_ = nullptr;

TEST_F(TgwMotoTest, PrincipalsOfEachGatewaysOwnShareWithTheOuExpanded) {
  Result result;
  Status status = CollectTarget(*collector_, env_, kHub, kWest, &result);
  ASSERT_TRUE(status.ok()) << status.ToString();

  const std::string a = Seeded("tgw_a"), b = Seeded("tgw_b");
  const std::string share_a = Seeded("share_a"), share_b = Seeded("share_b");
  const auto ou = (*seeded_)["ou_accounts"].get<std::vector<std::string>>();
  ASSERT_EQ(ou.size(), 2u);
  // Nobody but the hub could attach in moto: every principal is unattached. The subnet share's
  // principal 999999999999 is not a TGW principal; tgw-b's principal only appears under tgw-b.
  Samples expected = {
      {{kHub, kWest, a, share_a, "222222222222", "ASSOCIATED"}, 0},
      {{kHub, kWest, a, share_a, "333333333333", "ASSOCIATED"}, 0},
      {{kHub, kWest, a, share_a, ou[0], "ASSOCIATED"}, 0},
      {{kHub, kWest, a, share_a, ou[1], "ASSOCIATED"}, 0},
      {{kHub, kWest, b, share_b, "444444444444", "ASSOCIATED"}, 0},
  };
  EXPECT_EQ(SamplesOf(result, kSharePrincipalAttached), expected);
}

TEST_F(TgwMotoTest, AttachmentsCountedPerGateway) {
  Result result;
  ASSERT_TRUE(CollectTarget(*collector_, env_, kHub, kWest, &result).ok());
  Samples expected = {
      {{kHub, kWest, Seeded("tgw_a"), kHub, "vpc", "available"}, 2},
      {{kHub, kWest, Seeded("tgw_b"), kHub, "vpc", "available"}, 1},
  };
  EXPECT_EQ(SamplesOf(result, kAttachments), expected);
}

TEST_F(TgwMotoTest, InventoryFromEveryScanPageComparedPerGateway) {
  Result result;
  ASSERT_TRUE(CollectTarget(*collector_, env_, kHub, kWest, &result).ok());
  const std::string a = Seeded("tgw_a"), b = Seeded("tgw_b");
  Samples expected = {
      // tgw-a: the hub item's VPC is attached and the vpn item expects no VPC.
      {{kHub, kWest, a, "missing_attachment", "vpc-0missing222", "222222222222"}, 1},
      {{kHub, kWest, a, "missing_attachment", "vpc-0555", "555555555555"}, 1},
      {{kHub, kWest, a, "missing_share", "", "555555555555"}, 1},
      {{kHub, kWest, a, "unexpected_attachment", Seeded("extra_vpc"), kHub}, 1},
      // tgw-b has no inventory items at all: its attached VPC is unexpected.
      {{kHub, kWest, b, "unexpected_attachment", Seeded("b_vpc"), kHub}, 1},
      // tgw-0gone exists in none of the hub's regions: nothing it expects is there.
      {{kHub, kWest, "tgw-0gone", "missing_attachment", "vpc-0gone", "222222222222"}, 1},
      {{kHub, kWest, "tgw-0gone", "missing_share", "", "222222222222"}, 1},
  };
  EXPECT_EQ(SamplesOf(result, kInventoryMismatch), expected);
}

TEST_F(TgwMotoTest, ScanFollowsLastEvaluatedKeyOverSeveralPages) {
  std::shared_ptr<aws::Client> client;
  ASSERT_TRUE(env_.factory->Get(kHub, kWest, &client).ok());
  CountingClient counting(client);
  std::vector<InventoryItem> items;
  Status status = ScanInventoryTable(counting, "dynamodb-tgw-table", 2, &items);
  ASSERT_TRUE(status.ok()) << status.ToString();
  EXPECT_EQ(items.size(), 5u);
  EXPECT_GE(counting.calls, 3);  // 5 items, 2 per page
  int hub_items = 0;
  for (const auto& item : items) {
    if (item.resource_type == "hub") {
      ++hub_items;
      EXPECT_EQ(item.account, kHub);
      EXPECT_EQ(item.resource_id, Seeded("hub_vpc"));
      EXPECT_EQ(item.cidr, "10.0.0.0/16");
    }
  }
  EXPECT_EQ(hub_items, 1);
}

TEST_F(TgwMotoTest, OtherRegionAndOtherAccountsReportNothing) {
  Result east;
  Status status = CollectTarget(*collector_, env_, kHub, kEast, &east);
  ASSERT_TRUE(status.ok()) << status.ToString();
  EXPECT_EQ(east.sample_count(), 0u);  // no gateway there; orphans belong to eu-west-1

  Result workload;
  status = CollectTarget(*collector_, env_, "222222222222", kWest, &workload);
  ASSERT_TRUE(status.ok()) << status.ToString();
  EXPECT_EQ(workload.sample_count(), 0u);
}

TEST_F(TgwMotoTest, MissingTableNamesTableAccountAndRegion) {
  auto collector = MakeCollector(R"(
hub_account_ids: ["111111111111"]
inventory: {dynamodb_table: no-such-table, region: eu-west-1}
)");
  Result result;
  Status status = CollectTarget(*collector, env_, kHub, kWest, &result);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find("dynamodb Scan no-such-table in account 111111111111, region "
                                  "eu-west-1"),
            std::string::npos)
      << status.message();
}

}  // namespace
}  // namespace awsgov::tgw
