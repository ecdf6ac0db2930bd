// The collector end to end against tests/fakes/tgw_shares_fake.py (its built-in scenario, 2
// items per page): what the hub sees that moto cannot show, i.e. other accounts' attachments in
// every state and invitations not yet accepted. The scenario (see the fake's DEFAULT_SCENARIO):
//   tgw-0aaa, share A: 222 ASSOCIATED with a deleted attachment only, 333 ASSOCIATED with a
//     pendingAcceptance one, 444 ASSOCIATING with none, 555 ASSOCIATED with an available and a
//     rejected one; the hub's own VPC and VPN attachments;
//   tgw-0bbb, share B: 666 ASSOCIATED with an available and a failed one, 777 DISASSOCIATED;
//   tgw-0old (deleted), tgw-0east (us-east-1), tgw-0other (owned by 999999999999).
#include <gtest/gtest.h>

#include <string>

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
constexpr const char* kTgwA = "tgw-0aaa";
constexpr const char* kTgwB = "tgw-0bbb";
constexpr const char* kShareA = "arn:aws:ram:eu-west-1:111111111111:resource-share/aaaa-1111";
constexpr const char* kShareB = "arn:aws:ram:eu-west-1:111111111111:resource-share/bbbb-2222";

class TgwFakeServerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    port_ = awsgov::testing::FreeLoopbackPort();
    fake_ = new awsgov::testing::Subprocess(
        {"python3", AWSGOV_SOURCE_DIR "/tests/fakes/tgw_shares_fake.py", "--port",
         std::to_string(port_)},
        "/tmp/awsgov-test-tgw-fake-" + std::to_string(port_) + ".log");
    ready_ = awsgov::testing::WaitForPort(port_, std::chrono::seconds(30));
  }
  static void TearDownTestSuite() {
    delete fake_;
    fake_ = nullptr;
  }

  void SetUp() override {
    ASSERT_TRUE(ready_) << "tgw_shares_fake.py did not start";
    // The hub uses the exporter's own credentials: the fake has no STS.
    env_ = MakeEnv("http://127.0.0.1:" + std::to_string(port_), {{kHub, ""}}, {kWest, kEast});
  }

  Result Collect(const std::string& options, const std::string& region) {
    auto collector = MakeCollector(options);
    Result result;
    if (collector == nullptr) {
      ADD_FAILURE() << "bad options";
      return result;
    }
    Status status = CollectTarget(*collector, env_, kHub, region, &result);
    EXPECT_TRUE(status.ok()) << status.ToString();
    return result;
  }

  static int port_;
  static bool ready_;
  static awsgov::testing::Subprocess* fake_;
  testing::TestEnv env_;
};

int TgwFakeServerTest::port_ = 0;
bool TgwFakeServerTest::ready_ = false;
awsgov::testing::Subprocess* TgwFakeServerTest::fake_ = nullptr;

TEST_F(TgwFakeServerTest, PrincipalAttachedOnlyThroughALiveAttachment) {
  Result result = Collect("{}", kWest);
  Samples expected = {
      // A deleted attachment only: unattached.
      {{kHub, kWest, kTgwA, kShareA, "222222222222", "ASSOCIATED"}, 0},
      // pendingAcceptance is on its way to connecting: attached.
      {{kHub, kWest, kTgwA, kShareA, "333333333333", "ASSOCIATED"}, 1},
      // The invitation is not accepted yet and nothing is attached.
      {{kHub, kWest, kTgwA, kShareA, "444444444444", "ASSOCIATING"}, 0},
      // One available and one rejected attachment: the available one counts.
      {{kHub, kWest, kTgwA, kShareA, "555555555555", "ASSOCIATED"}, 1},
      // tgw-0bbb's own share; 777777777777 is DISASSOCIATED (history) and left out.
      {{kHub, kWest, kTgwB, kShareB, "666666666666", "ASSOCIATED"}, 1},
  };
  EXPECT_EQ(SamplesOf(result, kSharePrincipalAttached), expected);
}

TEST_F(TgwFakeServerTest, AttachmentsOfEveryOwnerAndStateOverAllPages) {
  Result result = Collect("{}", kWest);
  // 8 attachments at 2 per page; deleted gateways, other regions and other owners left out.
  Samples expected = {
      {{kHub, kWest, kTgwA, "222222222222", "vpc", "deleted"}, 1},
      {{kHub, kWest, kTgwA, "333333333333", "vpc", "pendingAcceptance"}, 1},
      {{kHub, kWest, kTgwA, "555555555555", "vpc", "available"}, 1},
      {{kHub, kWest, kTgwA, "555555555555", "vpc", "rejected"}, 1},
      {{kHub, kWest, kTgwA, kHub, "vpc", "available"}, 1},
      {{kHub, kWest, kTgwA, kHub, "vpn", "available"}, 1},
      {{kHub, kWest, kTgwB, "666666666666", "vpc", "available"}, 1},
      {{kHub, kWest, kTgwB, "666666666666", "vpc", "failed"}, 1},
  };
  EXPECT_EQ(SamplesOf(result, kAttachments), expected);
  EXPECT_TRUE(SamplesOf(result, kInventoryMismatch).empty());  // no inventory configured
}

TEST_F(TgwFakeServerTest, ConfiguredGatewayAndShareSelection) {
  Result only_b = Collect("transit_gateway_ids: [tgw-0bbb]", kWest);
  Samples principals_b = {{{kHub, kWest, kTgwB, kShareB, "666666666666", "ASSOCIATED"}, 1}};
  EXPECT_EQ(SamplesOf(only_b, kSharePrincipalAttached), principals_b);
  EXPECT_EQ(SamplesOf(only_b, kAttachments).size(), 2u);

  // Share A is not selected: tgw-0aaa has no principals, its attachments still count.
  Result share_b = Collect("share_names: [tgw-b-share]", kWest);
  EXPECT_EQ(SamplesOf(share_b, kSharePrincipalAttached), principals_b);
  EXPECT_EQ(SamplesOf(share_b, kAttachments).size(), 8u);
}

TEST_F(TgwFakeServerTest, EachRegionReportsItsOwnGateways) {
  Result east = Collect("{}", kEast);
  // tgw-0east has no attachments and no share in us-east-1: nothing to report, and nothing of
  // eu-west-1's gateways leaks in.
  EXPECT_EQ(east.sample_count(), 0u);
}

TEST_F(TgwFakeServerTest, StaticInventoryMismatchesPerGateway) {
  Result result = Collect(R"(
inventory:
  items:
    - {transit_gateway_id: tgw-0aaa, resource_type: hub, account: "111111111111", resource_id: vpc-0hub, cidr: 10.0.0.0/16}
    - {transit_gateway_id: tgw-0aaa, resource_type: vpn, account: "111111111111", resource_id: vpn-0abc, cidr: 192.168.0.0/30}
    - {transit_gateway_id: tgw-0aaa, resource_type: vpc, account: "222222222222", resource_id: vpc-0222}
    - {transit_gateway_id: tgw-0aaa, resource_type: vpc, account: "333333333333", resource_id: vpc-0333}
    - {transit_gateway_id: tgw-0aaa, resource_type: vpc, account: "444444444444", resource_id: vpc-0444}
    - {transit_gateway_id: tgw-0aaa, resource_type: vpc, account: "888888888888", resource_id: vpc-0888}
    - {transit_gateway_id: tgw-0bbb, resource_type: vpc, account: "666666666666", resource_id: vpc-0666}
    - {transit_gateway_id: tgw-0bbb, resource_type: vpc, account: "777777777777", resource_id: vpc-0777}
)",
                          kWest);
  Samples expected = {
      // vpc-0222's only attachment is deleted; vpc-0444 was never attached.
      {{kHub, kWest, kTgwA, "missing_attachment", "vpc-0222", "222222222222"}, 1},
      {{kHub, kWest, kTgwA, "missing_attachment", "vpc-0444", "444444444444"}, 1},
      {{kHub, kWest, kTgwA, "missing_attachment", "vpc-0888", "888888888888"}, 1},
      // 888888888888 is in no share (444444444444's pending invitation counts as a share).
      {{kHub, kWest, kTgwA, "missing_share", "", "888888888888"}, 1},
      // vpc-0555 is attached (available) but not listed; its rejected vpc-0556 does not count.
      {{kHub, kWest, kTgwA, "unexpected_attachment", "vpc-0555", "555555555555"}, 1},
      // tgw-0bbb: 777777777777 left share B (DISASSOCIATED) and never attached.
      {{kHub, kWest, kTgwB, "missing_attachment", "vpc-0777", "777777777777"}, 1},
      {{kHub, kWest, kTgwB, "missing_share", "", "777777777777"}, 1},
  };
  EXPECT_EQ(SamplesOf(result, kInventoryMismatch), expected);
}

}  // namespace
}  // namespace awsgov::tgw
