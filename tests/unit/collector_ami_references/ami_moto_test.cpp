// End to end against moto_server: the real AWS client (SigV4, AssumeRole into each account, EC2
// and Auto Scaling XML, Organizations JSON), images shared, unshared and deregistered by an
// owner account, and the references each consumer holds.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "collectors/ami_references/ami_collector.h"
#include "collectors/ami_references/ami_metrics.h"
#include "tests/support/subprocess.h"
#include "tests/unit/collector_ami_references/ami_test_env.h"

namespace awsgov::ami {
namespace {

using testing::CollectTarget;
using testing::MakeAmiCollector;
using testing::MakeFactory;
using testing::Samples;
using testing::SampleValue;
using testing::Seeder;

constexpr const char* kWest = "eu-west-1";

// moto keeps state for the whole suite: each test uses its own accounts.
class AmiMotoTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { moto_ = new awsgov::testing::MotoServer(); }
  static void TearDownTestSuite() {
    delete moto_;
    moto_ = nullptr;
  }
  void SetUp() override { ASSERT_TRUE(moto_->ready()) << "moto_server did not start"; }

  // Earlier factories stay alive: a Seeder made from one keeps using its clients.
  void Use(const std::vector<std::string>& accounts) {
    if (factory_) retired_.push_back(std::move(factory_));
    factory_ = MakeFactory(moto_->endpoint(), accounts, {kWest});
  }

  // An image of `owner`, made from an instance of one of moto's public images.
  std::string MakeImage(const std::string& owner, const std::string& name) {
    Seeder ec2(*factory_, owner, kWest);
    const std::string instance = ec2.Call(
        "RunInstances", {{"ImageId", PublicImage(owner)}, {"MinCount", "1"}, {"MaxCount", "1"}},
        {"instancesSet", "item", "instanceId"});
    return ec2.Call("CreateImage", {{"InstanceId", instance}, {"Name", name}}, {"imageId"});
  }
  std::string PublicImage(const std::string& account) {
    return Seeder(*factory_, account, kWest)
        .Call("DescribeImages", {{"Owner.1", "amazon"}}, {"imagesSet", "item", "imageId"});
  }
  void Permission(const std::string& owner, const std::string& image, const std::string& action,
                  const std::string& kind, const std::string& value) {
    Seeder(*factory_, owner, kWest)
        .Call("ModifyImageAttribute",
              {{"ImageId", image}, {"LaunchPermission." + action + ".1." + kind, value}});
  }
  std::string RunInstance(const std::string& account, const std::string& image) {
    return Seeder(*factory_, account, kWest)
        .Call("RunInstances", {{"ImageId", image}, {"MinCount", "1"}, {"MaxCount", "1"}},
              {"instancesSet", "item", "instanceId"});
  }
  Result Collect(Collector& collector, const std::string& account) {
    Result result;
    Status status = CollectTarget(collector, *factory_, account, kWest, &result);
    EXPECT_TRUE(status.ok()) << status.ToString();
    return result;
  }

  static awsgov::testing::MotoServer* moto_;
  std::unique_ptr<aws::AwsClientFactory> factory_;
  std::vector<std::unique_ptr<aws::AwsClientFactory>> retired_;
};

awsgov::testing::MotoServer* AmiMotoTest::moto_ = nullptr;

std::vector<std::string> Dangling(const std::string& owner, const std::string& image,
                                  const std::string& consumer, const std::string& type,
                                  const std::string& id, const std::string& status,
                                  const std::string& version = "") {
  return {owner, image, consumer, kWest, type, id, status, version};
}

TEST_F(AmiMotoTest, DeregisteredImageNamesEveryLiveReference) {
  const std::string owner = "100000000001";
  const std::string consumer = "200000000001";
  Use({owner, consumer});
  const std::string image = MakeImage(owner, "golden-1");
  const std::string other = PublicImage(consumer);
  Permission(owner, image, "Add", "UserId", consumer);

  Seeder ec2(*factory_, consumer, kWest);
  const std::string running = RunInstance(consumer, image);
  const std::string stopped = RunInstance(consumer, image);
  ec2.Call("StopInstances", {{"InstanceId.1", stopped}});
  const std::string terminated = RunInstance(consumer, image);
  ec2.Call("TerminateInstances", {{"InstanceId.1", terminated}});
  // Version 1 (the default) uses the image, version 2 (the latest) does not.
  const std::string tmpl =
      ec2.Call("CreateLaunchTemplate",
               {{"LaunchTemplateName", "web-1"}, {"LaunchTemplateData.ImageId", image}},
               {"launchTemplate", "launchTemplateId"});
  ec2.Call("CreateLaunchTemplateVersion",
           {{"LaunchTemplateId", tmpl}, {"LaunchTemplateData.ImageId", other}});
  ec2.Call(
      "CreateLaunchConfiguration",
      {{"LaunchConfigurationName", "web-lc-1"}, {"ImageId", image}, {"InstanceType", "t3.micro"}},
      {}, "autoscaling");

  auto collector = MakeAmiCollector("owner_accounts: [\"" + owner + "\"]\n");
  ASSERT_NE(collector, nullptr);
  const Result owner_result = Collect(*collector, owner);
  // The owner's own instance is not one of its images; the image itself is counted.
  EXPECT_EQ(SampleValue(owner_result, kAmiImages, {owner, kWest, "available"}), 1);

  Result before = Collect(*collector, consumer);
  EXPECT_EQ(
      SampleValue(before, kAmiReferences, {owner, image, consumer, kWest, "instance", "available"}),
      2);  // running and stopped; the terminated one is gone
  EXPECT_EQ(SampleValue(before, kAmiReferences,
                        {owner, image, consumer, kWest, "launch_template", "available"}),
            1);
  EXPECT_EQ(SampleValue(before, kAmiReferences,
                        {owner, image, consumer, kWest, "launch_configuration", "available"}),
            1);
  EXPECT_TRUE(Samples(before, kAmiDanglingReferenceInfo).empty());
  EXPECT_EQ(Samples(before, kAmiReferences).size(), 3u);  // moto's public image is not counted

  Seeder(*factory_, owner, kWest).Call("DeregisterImage", {{"ImageId", image}});
  Result after = Collect(*collector, consumer);
  EXPECT_EQ(SampleValue(after, kAmiReferences,
                        {owner, image, consumer, kWest, "instance", "deregistered"}),
            2);
  const std::vector<std::vector<std::string>> expected = {
      Dangling(owner, image, consumer, "instance", running, "deregistered"),
      Dangling(owner, image, consumer, "instance", stopped, "deregistered"),
      Dangling(owner, image, consumer, "launch_configuration", "web-lc-1", "deregistered"),
      Dangling(owner, image, consumer, "launch_template", tmpl, "deregistered", "1"),
  };
  std::vector<std::vector<std::string>> actual = Samples(after, kAmiDanglingReferenceInfo);
  std::sort(actual.begin(), actual.end());
  std::vector<std::vector<std::string>> sorted = expected;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(actual, sorted);
  EXPECT_EQ(SampleValue(Collect(*collector, owner), kAmiImages, {owner, kWest, "available"}),
            std::nullopt);

  // A collector started after the deregistration never saw the image: without
  // unresolved_images_owner the references are not attributed, with it they are.
  auto fresh = MakeAmiCollector("owner_accounts: [\"" + owner + "\"]\n");
  EXPECT_TRUE(Samples(Collect(*fresh, consumer), kAmiReferences).empty());
  auto attributing = MakeAmiCollector("owner_accounts: [\"" + owner +
                                      "\"]\nunresolved_images_owner: \"" + owner + "\"\n");
  Result attributed = Collect(*attributing, consumer);
  EXPECT_EQ(SampleValue(attributed, kAmiReferences,
                        {owner, image, consumer, kWest, "launch_configuration", "deregistered"}),
            1);
  EXPECT_EQ(Samples(attributed, kAmiDanglingReferenceInfo).size(), expected.size());
}

TEST_F(AmiMotoTest, UnsharedFromOneAccountButNotAnotherAndPublicImages) {
  const std::string owner = "100000000002";
  const std::string kept = "200000000002";
  const std::string dropped = "300000000002";
  Use({owner, kept, dropped});
  const std::string image = MakeImage(owner, "golden-2");
  const std::string public_image = MakeImage(owner, "golden-2-public");
  Permission(owner, image, "Add", "UserId", kept);
  Permission(owner, image, "Add", "UserId", dropped);
  Permission(owner, public_image, "Add", "Group", "all");
  const std::string kept_instance = RunInstance(kept, image);
  const std::string dropped_instance = RunInstance(dropped, image);
  RunInstance(dropped, public_image);
  RunInstance(owner, image);  // the owner's own use of its image needs no permission

  Permission(owner, image, "Remove", "UserId", dropped);
  auto collector = MakeAmiCollector("owner_accounts: [\"" + owner + "\"]\n");
  const auto* ami = dynamic_cast<AmiReferencesCollector*>(collector.get());
  ASSERT_NE(ami, nullptr);

  Result kept_result = Collect(*collector, kept);
  EXPECT_EQ(SampleValue(kept_result, kAmiReferences,
                        {owner, image, kept, kWest, "instance", "available"}),
            1);
  EXPECT_TRUE(Samples(kept_result, kAmiDanglingReferenceInfo).empty());

  Result dropped_result = Collect(*collector, dropped);
  EXPECT_EQ(SampleValue(dropped_result, kAmiReferences,
                        {owner, image, dropped, kWest, "instance", "unshared"}),
            1);
  EXPECT_EQ(SampleValue(dropped_result, kAmiReferences,
                        {owner, public_image, dropped, kWest, "instance", "available"}),
            1);
  EXPECT_EQ(Samples(dropped_result, kAmiDanglingReferenceInfo),
            (std::vector<std::vector<std::string>>{
                Dangling(owner, image, dropped, "instance", dropped_instance, "unshared")}));

  Result owner_result = Collect(*collector, owner);
  EXPECT_EQ(SampleValue(owner_result, kAmiReferences,
                        {owner, image, owner, kWest, "instance", "available"}),
            1);
  EXPECT_EQ(SampleValue(owner_result, kAmiImages, {owner, kWest, "available"}), 2);
  // One lookup per consumer run for the shared image (the list, and with it the memo, is
  // refreshed every run here); none for the public image or the owner's own use.
  EXPECT_EQ(ami->cache().permission_lookups(), 2);
  (void)kept_instance;
}

TEST_F(AmiMotoTest, SharedThroughAnOrganizationalUnit) {
  const std::string owner = "100000000003";  // also the organisation's management account
  Use({owner});
  Seeder org(*factory_, owner, kWest);
  org.Json("organizations", "CreateOrganization", {{"FeatureSet", "ALL"}});
  const std::string root =
      org.Json("organizations", "ListRoots", nlohmann::json::object())["Roots"][0]["Id"];
  const nlohmann::json ou_a = org.Json("organizations", "CreateOrganizationalUnit",
                                       {{"ParentId", root}, {"Name", "workloads"}});
  const nlohmann::json ou_b =
      org.Json("organizations", "CreateOrganizationalUnit",
               {{"ParentId", ou_a["OrganizationalUnit"]["Id"]}, {"Name", "prod"}});
  const std::string member =
      org.Json("organizations", "CreateAccount",
               {{"AccountName", "prod-app"},
                {"Email", "prod-app@example.com"}})["CreateAccountStatus"]["AccountId"];
  const std::string outsider = "400000000003";
  // The member sits in prod, a child OU of workloads.
  org.Json("organizations", "MoveAccount",
           {{"AccountId", member},
            {"SourceParentId", root},
            {"DestinationParentId", ou_b["OrganizationalUnit"]["Id"]}});
  Use({owner, member, outsider});

  const std::string image = MakeImage(owner, "golden-3");
  Permission(owner, image, "Add", "OrganizationalUnitArn", ou_a["OrganizationalUnit"]["Arn"]);
  RunInstance(member, image);
  RunInstance(outsider, image);
  const std::string options =
      "owner_accounts: [\"" + owner + "\"]\norganizations_account_id: \"" + owner + "\"\n";
  auto collector = MakeAmiCollector(options);

  EXPECT_EQ(SampleValue(Collect(*collector, member), kAmiReferences,
                        {owner, image, member, kWest, "instance", "available"}),
            1);
  EXPECT_EQ(SampleValue(Collect(*collector, outsider), kAmiReferences,
                        {owner, image, outsider, kWest, "instance", "unshared"}),
            1);

  // Shared with a sibling OU only: the member loses it.
  const nlohmann::json sibling = org.Json("organizations", "CreateOrganizationalUnit",
                                          {{"ParentId", root}, {"Name", "sandbox"}});
  Permission(owner, image, "Remove", "OrganizationalUnitArn", ou_a["OrganizationalUnit"]["Arn"]);
  Permission(owner, image, "Add", "OrganizationalUnitArn", sibling["OrganizationalUnit"]["Arn"]);
  EXPECT_EQ(SampleValue(Collect(*collector, member), kAmiReferences,
                        {owner, image, member, kWest, "instance", "unshared"}),
            1);

  // Shared with the whole organisation: members have it, the outsider still does not.
  const std::string org_arn = org.Json("organizations", "DescribeOrganization",
                                       nlohmann::json::object())["Organization"]["Arn"];
  Permission(owner, image, "Add", "OrganizationArn", org_arn);
  EXPECT_EQ(SampleValue(Collect(*collector, member), kAmiReferences,
                        {owner, image, member, kWest, "instance", "available"}),
            1);
  EXPECT_EQ(SampleValue(Collect(*collector, outsider), kAmiReferences,
                        {owner, image, outsider, kWest, "instance", "unshared"}),
            1);
}

TEST_F(AmiMotoTest, ImagesOfUnmonitoredOwnersCountOnlyWhenAsked) {
  const std::string owner = "100000000004";
  const std::string consumer = "200000000004";
  Use({owner, consumer});
  const std::string amazon_image = PublicImage(consumer);
  const std::string amazon_owner = Seeder(*factory_, consumer, kWest)
                                       .Call("DescribeImages", {{"ImageId.1", amazon_image}},
                                             {"imagesSet", "item", "imageOwnerId"});
  ASSERT_FALSE(amazon_owner.empty());
  const std::string instance = RunInstance(consumer, amazon_image);

  auto quiet = MakeAmiCollector("owner_accounts: [\"" + owner + "\"]\n");
  EXPECT_TRUE(Samples(Collect(*quiet, consumer), kAmiReferences).empty());

  auto counting =
      MakeAmiCollector("owner_accounts: [\"" + owner + "\"]\ninclude_unknown_owners: true\n");
  Result result = Collect(*counting, consumer);
  EXPECT_EQ(SampleValue(result, kAmiReferences,
                        {amazon_owner, amazon_image, consumer, kWest, "instance", "unknown"}),
            1);
  EXPECT_TRUE(Samples(result, kAmiDanglingReferenceInfo).empty());
  (void)instance;
}

}  // namespace
}  // namespace awsgov::ami
