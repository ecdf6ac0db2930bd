// The examples in docs/configuration.md must stay valid configs.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "exporter/config/config.h"

namespace awsgov::config {
namespace {

// The first ```yaml block after `heading`.
std::string YamlBlockAfter(const std::string& doc, const std::string& heading) {
  const std::size_t at = doc.find("\n" + heading + "\n");
  if (at == std::string::npos) return {};
  const std::string open = "```yaml\n";
  const std::size_t begin = doc.find(open, at);
  if (begin == std::string::npos) return {};
  const std::size_t end = doc.find("```", begin + open.size());
  return doc.substr(begin + open.size(), end - begin - open.size());
}

class DocsExampleTest : public testing::Test {
 protected:
  void SetUp() override {
    std::ifstream in(std::string(AWSGOV_SOURCE_DIR) + "/docs/configuration.md");
    std::ostringstream text;
    text << in.rdbuf();
    doc_ = text.str();
    ASSERT_FALSE(doc_.empty());
  }
  std::string doc_;
  const std::vector<std::string> known_ = {"ami_references", "exporter",   "inspector_coverage",
                                           "ipam",           "sg_changes", "tgw_shares"};
};

TEST_F(DocsExampleTest, MinimalExampleParses) {
  const std::string yaml = YamlBlockAfter(doc_, "## Minimal example");
  ASSERT_FALSE(yaml.empty());
  ErrorList errors;
  const auto config = Parse(yaml, "minimal", known_, &errors);
  ASSERT_TRUE(config.has_value()) << errors.ToString();
  ASSERT_EQ(config->accounts.size(), 1u);
  EXPECT_EQ(config->accounts[0].role_arn, "");
}

TEST_F(DocsExampleTest, FullExampleParsesLikeTheFixture) {
  const std::string yaml = YamlBlockAfter(doc_, "## Full example");
  ASSERT_FALSE(yaml.empty());
  ErrorList errors;
  const auto config = Parse(yaml, "full", known_, &errors);
  ASSERT_TRUE(config.has_value()) << errors.ToString();
  EXPECT_EQ(config->accounts.size(), 4u);
  EXPECT_EQ(config->accounts[0].role_arn, "arn:aws:iam::111111111111:role/awsgov-exporter");
  EXPECT_TRUE(config->discovery.enabled);
  EXPECT_EQ(config->collectors.at("ipam").interval, std::chrono::seconds(900));
}

}  // namespace
}  // namespace awsgov::config
