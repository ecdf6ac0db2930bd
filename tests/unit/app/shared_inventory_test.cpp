// inspector_coverage and ami_references on the same account x region, built from their config
// sections as the exporter builds them and run with the generation's shared EC2 instance
// inventory as App::RunTarget runs them: one DescribeInstances for both, both results complete.
// The AWS side is an in-memory fake (named as such): canned responses per operation, counted.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>
#include <string>
#include <thread>
#include <vector>

#include "exporter/app/generation.h"
#include "exporter/config/errors.h"
#include "exporter/core/collector.h"

namespace awsgov {
namespace {

constexpr const char* kAccount = "111111111111";
constexpr const char* kOwner = "999999999999";
constexpr const char* kRegion = "eu-west-1";

// Fake AWS: every client answers the operations below from canned bodies and counts the calls
// per "account/operation". Thread-safe.
class CannedAws final : public aws::ClientFactory {
 public:
  class Client final : public aws::Client {
   public:
    Client(CannedAws* aws, std::string account, std::string region)
        : aws_(aws), account_(std::move(account)), region_(std::move(region)) {}
    const std::string& account_id() const override { return account_; }
    const std::string& region() const override { return region_; }
    Status Query(std::string_view, std::string_view operation, const aws::QueryParams&,
                 pugi::xml_document* out) override {
      std::string body;
      if (Status s = aws_->Answer(account_, operation, &body); !s.ok()) return s;
      return out->load_string(body.c_str()) ? Status::Ok() : Internal("bad XML");
    }
    Status Json(std::string_view, std::string_view, const nlohmann::json&,
                nlohmann::json*) override {
      return Internal("not used");
    }
    Status RestJson(std::string_view, std::string_view operation, std::string_view,
                    std::string_view, const aws::QueryParams&, const nlohmann::json*,
                    nlohmann::json* out) override {
      std::string body;
      if (Status s = aws_->Answer(account_, operation, &body); !s.ok()) return s;
      *out = nlohmann::json::parse(body);
      return Status::Ok();
    }

   private:
    CannedAws* aws_;
    std::string account_, region_;
  };

  CannedAws() {
    bodies_["DescribeInstances"] =
        "<DescribeInstancesResponse><reservationSet><item><instancesSet>"
        "<item><instanceId>i-1</instanceId><imageId>ami-0aaa</imageId>"
        "<instanceState><name>running</name></instanceState></item>"
        "<item><instanceId>i-2</instanceId><imageId>ami-0aaa</imageId>"
        "<instanceState><name>stopped</name></instanceState></item>"
        "</instancesSet></item></reservationSet></DescribeInstancesResponse>";
    bodies_["DescribeLaunchTemplateVersions"] =
        "<DescribeLaunchTemplateVersionsResponse><launchTemplateVersionSet/>"
        "</DescribeLaunchTemplateVersionsResponse>";
    bodies_["DescribeLaunchConfigurations"] =
        "<DescribeLaunchConfigurationsResponse><DescribeLaunchConfigurationsResult>"
        "<LaunchConfigurations/></DescribeLaunchConfigurationsResult>"
        "</DescribeLaunchConfigurationsResponse>";
    bodies_["DescribeImages"] =
        "<DescribeImagesResponse><imagesSet><item><imageId>ami-0aaa</imageId>"
        "<imageState>available</imageState><isPublic>true</isPublic></item></imagesSet>"
        "</DescribeImagesResponse>";
    bodies_["BatchGetAccountStatus"] = nlohmann::json{
        {"accounts",
         {{{"accountId", kAccount},
           {"state", {{"status", "ENABLED"}}},
           {"resourceState",
            {{"ec2", {{"status", "ENABLED"}}}, {"ecr", {{"status", "ENABLED"}}}}}}}},
        {"failedAccounts",
         nlohmann::json::array()}}.dump();
    bodies_["ListCoverage"] =
        nlohmann::json{{"coveredResources",
                        {{{"resourceId", "i-1"},
                          {"resourceType", "AWS_EC2_INSTANCE"},
                          {"accountId", kAccount},
                          {"scanType", "PACKAGE"},
                          {"scanStatus", {{"statusCode", "ACTIVE"}, {"reason", "SUCCESSFUL"}}}}}}}
            .dump();
  }

  Status Get(const std::string& account_id, const std::string& region,
             std::shared_ptr<aws::Client>* out) override {
    *out = std::make_shared<Client>(this, account_id, region);
    return Status::Ok();
  }

  Status Answer(const std::string& account, std::string_view operation, std::string* body) {
    std::lock_guard<std::mutex> lock(mu_);
    ++calls_[account + "/" + std::string(operation)];
    if (operation == "DescribeInstances" && !describe_instances_failure_.ok()) {
      return describe_instances_failure_;
    }
    auto it = bodies_.find(std::string(operation));
    if (it == bodies_.end()) return Internal("the fake does not answer " + std::string(operation));
    *body = it->second;
    return Status::Ok();
  }
  int calls(const std::string& account, const std::string& operation) {
    std::lock_guard<std::mutex> lock(mu_);
    return calls_[account + "/" + operation];
  }
  void FailDescribeInstances(Status status) {
    std::lock_guard<std::mutex> lock(mu_);
    describe_instances_failure_ = std::move(status);
  }

 private:
  std::mutex mu_;
  std::map<std::string, std::string> bodies_;
  std::map<std::string, int> calls_;
  Status describe_instances_failure_;
};

std::unique_ptr<Collector> Build(const std::string& name, const std::string& options_yaml) {
  config::CollectorConfig section;
  section.name = name;
  section.options = YAML::Load(options_yaml);
  section.file = "config.yml";
  section.path = "collectors." + name + ".options";
  config::ErrorList errors("config.yml");
  std::unique_ptr<Collector> collector = FindCollector(name)->create(section, &errors);
  EXPECT_TRUE(errors.empty()) << errors.ToString();
  return collector;
}

// "label=value,... = value" for every sample of the family named `metric`, sorted.
std::vector<std::string> Lines(const Result& result, std::string_view metric) {
  std::vector<std::string> lines;
  for (const Family& family : result.families()) {
    if (family.desc->name != metric) continue;
    for (const Sample& sample : family.samples) {
      std::string line;
      for (std::size_t i = 0; i < sample.label_values.size(); ++i) {
        line += (i ? "," : "") + std::string(family.desc->label_names[i]) + "=" +
                sample.label_values[i];
      }
      lines.push_back(line + " = " + std::to_string(static_cast<int>(sample.value)));
    }
  }
  std::sort(lines.begin(), lines.end());
  return lines;
}

class SharedInventoryTest : public ::testing::Test {
 protected:
  SharedInventoryTest()
      : inspector_(Build("inspector_coverage", "{}")),
        ami_(Build("ami_references", std::string("{owner_accounts: ['") + kOwner + "']}")) {
    config_.regions = {kRegion};
    config::Account account;
    account.id = kAccount;
    config_.accounts = {account};
  }

  Status Run(Collector& collector, const std::string& name, Result* out) {
    CollectContext ctx;  // as App::RunTarget builds it
    ctx.target = Target{name, kAccount, kRegion};
    ctx.deadline = std::chrono::steady_clock::now() + std::chrono::minutes(1);
    ctx.aws = &aws_;
    ctx.config = &config_;
    ctx.instances = generation_.instances.get();
    return collector.Collect(ctx, out);
  }

  void ExpectCompleteResults(const Result& inspector, const Result& ami) {
    EXPECT_EQ(
        Lines(inspector, "awsgov_inspector_ec2_instances"),
        (std::vector<std::string>{"account_id=111111111111,region=eu-west-1,instance_state=running,"
                                  "scan_status=ACTIVE = 1",
                                  "account_id=111111111111,region=eu-west-1,instance_state=stopped,"
                                  "scan_status=not_covered = 1"}));
    EXPECT_EQ(Lines(ami, "awsgov_ami_references"),
              (std::vector<std::string>{
                  "owner_account_id=999999999999,image_id=ami-0aaa,"
                  "consumer_account_id=111111111111,region=eu-west-1,resource_type=instance,"
                  "image_status=available = 2"}));
  }

  CannedAws aws_;
  config::Config config_;
  Generation generation_;  // holds the shared inventory, as each loaded configuration does
  std::unique_ptr<Collector> inspector_;
  std::unique_ptr<Collector> ami_;
};

TEST_F(SharedInventoryTest, BothCollectorsOfOneTargetMakeOneDescribeInstances) {
  ASSERT_NE(generation_.instances, nullptr);
  Result inspector, ami;
  Status status = Run(*inspector_, "inspector_coverage", &inspector);
  ASSERT_TRUE(status.ok()) << status.ToString();
  status = Run(*ami_, "ami_references", &ami);
  ASSERT_TRUE(status.ok()) << status.ToString();
  EXPECT_EQ(aws_.calls(kAccount, "DescribeInstances"), 1);
  ExpectCompleteResults(inspector, ami);
}

TEST_F(SharedInventoryTest, ConcurrentRunsMakeOneDescribeInstances) {
  Result inspector, ami;
  Status inspector_status, ami_status;
  std::thread a([&] { inspector_status = Run(*inspector_, "inspector_coverage", &inspector); });
  std::thread b([&] { ami_status = Run(*ami_, "ami_references", &ami); });
  a.join();
  b.join();
  ASSERT_TRUE(inspector_status.ok()) << inspector_status.ToString();
  ASSERT_TRUE(ami_status.ok()) << ami_status.ToString();
  EXPECT_EQ(aws_.calls(kAccount, "DescribeInstances"), 1);
  ExpectCompleteResults(inspector, ami);
}

TEST_F(SharedInventoryTest, FailedListingFailsEachCollectorInItsOwnWords) {
  aws_.FailDescribeInstances(Status(StatusCode::kPermissionDenied, "UnauthorizedOperation"));
  Result inspector, ami;
  Status inspector_status = Run(*inspector_, "inspector_coverage", &inspector);
  Status ami_status = Run(*ami_, "ami_references", &ami);
  EXPECT_EQ(inspector_status.code(), StatusCode::kPermissionDenied);
  EXPECT_NE(inspector_status.ToString().find("ec2 DescribeInstances"), std::string::npos)
      << inspector_status.ToString();
  EXPECT_EQ(ami_status.code(), StatusCode::kPermissionDenied);
  EXPECT_NE(ami_status.ToString().find("ec2 DescribeInstances"), std::string::npos)
      << ami_status.ToString();
  // Run one after the other, the second did not wait for the first's failed listing: the
  // failure was not cached, so it listed (and failed) on its own.
  EXPECT_EQ(aws_.calls(kAccount, "DescribeInstances"), 2);

  aws_.FailDescribeInstances(Status::Ok());
  Result inspector2, ami2;
  ASSERT_TRUE(Run(*inspector_, "inspector_coverage", &inspector2).ok());
  ASSERT_TRUE(Run(*ami_, "ami_references", &ami2).ok());
  EXPECT_EQ(aws_.calls(kAccount, "DescribeInstances"), 3);
  ExpectCompleteResults(inspector2, ami2);
}

}  // namespace
}  // namespace awsgov
