// Shared helpers for the sg_changes tests: changes with known fields and temporary directories.
// Thread-safety: not thread-safe.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "collectors/sg_changes/sg_change.h"

namespace awsgov::sg::testing {

inline SgRuleChange MakeChange(const std::string& id, const std::string& account = "222222222222",
                               const std::string& region = "eu-west-1",
                               const std::string& source = "10.0.0.0/8",
                               std::int64_t event_time = 1795169730) {
  SgRuleChange c;
  c.id = id;
  c.event_id = id.substr(0, id.find('/'));
  c.event_name = "AuthorizeSecurityGroupIngress";
  c.event_time = event_time;
  c.account_id = account;
  c.region = region;
  c.group_id = "sg-0abc";
  c.actor = "arn:aws:iam::" + account + ":user/alice";
  c.direction = "ingress";
  c.protocol = "tcp";
  c.port_range = "22";
  c.source = source;
  c.source_kind = "ipv4";
  c.rule_id = "sgr-" + c.event_id;
  c.is_public = source == "0.0.0.0/0";
  return c;
}

// A fresh directory under the test temp dir, removed with the object.
class TempDir {
 public:
  TempDir() {
    std::string pattern = ::testing::TempDir() + "awsgov-sg-XXXXXX";
    char* made = ::mkdtemp(pattern.data());
    EXPECT_NE(made, nullptr);
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  const std::string& path() const { return path_; }
  std::string File(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

}  // namespace awsgov::sg::testing
