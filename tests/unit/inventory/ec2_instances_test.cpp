// DescribeInstances pages (EC2's XML as botocore's ec2 model names it) read into the inventory's
// instances, and the request: every page, terminated instances filtered out server-side, the
// largest page.
#include "exporter/inventory/ec2_instances.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace awsgov::inventory {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::Pair;

std::string Page(const std::string& reservations, const std::string& token) {
  return "<DescribeInstancesResponse><reservationSet>" + reservations + "</reservationSet>" +
         (token.empty() ? "" : "<nextToken>" + token + "</nextToken>") +
         "</DescribeInstancesResponse>";
}

std::string Instance(const std::string& id, const std::string& state, const std::string& tags = "",
                     const std::string& image_id = "") {
  std::string xml = "<item>";
  if (!id.empty()) xml += "<instanceId>" + id + "</instanceId>";
  if (!image_id.empty()) xml += "<imageId>" + image_id + "</imageId>";
  if (!state.empty())
    xml += "<instanceState><code>16</code><name>" + state + "</name></instanceState>";
  return xml + "<tagSet>" + tags + "</tagSet></item>";
}

std::string Tag(const std::string& key, const std::string& value) {
  return "<item><key>" + key + "</key><value>" + value + "</value></item>";
}

std::string Reservation(const std::string& instances) {
  return "<item><instancesSet>" + instances + "</instancesSet></item>";
}

// Serves DescribeInstances pages in order and records each request's parameters.
class ScriptedEc2Client final : public aws::Client {
 public:
  explicit ScriptedEc2Client(std::vector<std::string> pages) : pages_(std::move(pages)) {}
  const std::vector<aws::QueryParams>& requests() const { return requests_; }
  const std::string& account_id() const override { return account_; }
  const std::string& region() const override { return region_; }
  Status Query(std::string_view service, std::string_view operation, const aws::QueryParams& params,
               pugi::xml_document* out) override {
    requests_.push_back(params);
    if (service != "ec2" || operation != "DescribeInstances") return Internal("unexpected call");
    if (requests_.size() > pages_.size()) return Internal("no more pages");
    if (!out->load_string(pages_[requests_.size() - 1].c_str())) return Internal("bad XML");
    return Status::Ok();
  }
  Status Json(std::string_view, std::string_view, const nlohmann::json&, nlohmann::json*) override {
    return Internal("not JSON");
  }
  Status RestJson(std::string_view, std::string_view, std::string_view, std::string_view,
                  const aws::QueryParams&, const nlohmann::json*, nlohmann::json*) override {
    return Internal("not REST-JSON");
  }

 private:
  std::vector<std::string> pages_;
  std::vector<aws::QueryParams> requests_;
  std::string account_ = "111111111111";
  std::string region_ = "eu-west-1";
};

TEST(Ec2InstancesTest, ReadsEveryPageWithStatesTagsAndImages) {
  ScriptedEc2Client client({
      Page(Reservation(
               Instance("i-1", "running", Tag("Name", "web") + Tag("team", "a"), "ami-0aaa") +
               Instance("i-2", "stopped")),
           "page2"),
      Page(Reservation(Instance("", "running")) +                 // no id: skipped
               Reservation(Instance("i-3", "", "", "ami-0bbb") +  // no state: "unknown"
                           Instance("i-4", "terminated")),        // a server ignoring the filter
           ""),
  });
  CollectContext ctx;
  ctx.target = Target{"inspector_coverage", "111111111111", "eu-west-1"};
  InstanceList instances;
  Status status = ListEc2Instances(client, ctx, &instances);
  ASSERT_TRUE(status.ok()) << status.ToString();
  ASSERT_EQ(instances.size(), 3u);
  EXPECT_EQ(instances[0].id, "i-1");
  EXPECT_EQ(instances[0].state, "running");
  EXPECT_THAT(instances[0].tags, ElementsAre(Pair("Name", "web"), Pair("team", "a")));
  EXPECT_EQ(instances[0].image_id, "ami-0aaa");
  EXPECT_EQ(instances[1].id, "i-2");
  EXPECT_EQ(instances[1].state, "stopped");
  EXPECT_EQ(instances[1].image_id, "");
  EXPECT_EQ(instances[2].id, "i-3");
  EXPECT_EQ(instances[2].state, "unknown");
  EXPECT_EQ(instances[2].image_id, "ami-0bbb");

  ASSERT_EQ(client.requests().size(), 2u);
  const aws::QueryParams& first = client.requests()[0];
  EXPECT_THAT(first, Contains(Pair("MaxResults", "1000")));
  EXPECT_THAT(first, Contains(Pair("Filter.1.Name", "instance-state-name")));
  for (const auto& [name, value] : first) EXPECT_NE(value, "terminated") << name;
  EXPECT_THAT(client.requests()[1], Contains(Pair("NextToken", "page2")));
}

}  // namespace
}  // namespace awsgov::inventory
