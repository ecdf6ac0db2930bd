#include "exporter/http/basic_auth.h"

#include <crypt.h>
#include <gtest/gtest.h>

#include <chrono>
#include <string>

namespace awsgov::http {
namespace {

// bcrypt at the lowest cost, so that the tests stay fast.
std::string Bcrypt(const std::string& password) {
  crypt_data data{};
  const char* hash = crypt_r(password.c_str(), "$2b$04$abcdefghijklmnopqrstuu", &data);
  return hash;
}

std::string BasicHeader(const std::string& base64) { return "Basic " + base64; }

TEST(BasicAuthTest, ParsesTheAuthorizationHeader) {
  std::string user, password;
  ASSERT_TRUE(ParseBasicAuthorization("Basic YWxpY2U6czNjcjN0", &user, &password));
  EXPECT_EQ(user, "alice");
  EXPECT_EQ(password, "s3cr3t");
  ASSERT_TRUE(ParseBasicAuthorization("basic YWxpY2U6YTpi", &user, &password));  // "alice:a:b"
  EXPECT_EQ(password, "a:b");
  ASSERT_TRUE(ParseBasicAuthorization("Basic YWxpY2U6", &user, &password));  // "alice:"
  EXPECT_EQ(password, "");
  EXPECT_FALSE(ParseBasicAuthorization("Bearer YWxpY2U6czNjcjN0", &user, &password));
  EXPECT_FALSE(ParseBasicAuthorization("Basic YWxpY2U", &user, &password));   // bad length
  EXPECT_FALSE(ParseBasicAuthorization("Basic YWxpY2U=", &user, &password));  // no colon
  EXPECT_FALSE(ParseBasicAuthorization("Basic YW*pY2U6czNjcjN0", &user, &password));
  EXPECT_FALSE(ParseBasicAuthorization("", &user, &password));
}

TEST(BasicAuthTest, AcceptsOnlyTheRightPasswordOfAKnownUser) {
  BasicAuth auth({{"alice", Bcrypt("s3cr3t")}, {"bob", Bcrypt("other")}});
  EXPECT_TRUE(auth.CheckCredentials("alice", "s3cr3t"));
  EXPECT_TRUE(auth.Check(BasicHeader("YWxpY2U6czNjcjN0")));
  EXPECT_FALSE(auth.CheckCredentials("alice", "wrong"));
  EXPECT_FALSE(auth.CheckCredentials("alice", "other"));  // bob's password
  EXPECT_FALSE(auth.CheckCredentials("mallory", "s3cr3t"));
  EXPECT_FALSE(auth.CheckCredentials("alice", std::string("s3cr3t\0x", 8)));  // NUL inside
  EXPECT_FALSE(auth.Check(""));
  EXPECT_FALSE(auth.Check("Basic !!!!"));
}

TEST(BasicAuthTest, CachesOnlySuccesses) {
  BasicAuth auth({{"alice", Bcrypt("s3cr3t")}});
  EXPECT_EQ(auth.cached(), 0u);
  EXPECT_FALSE(auth.CheckCredentials("alice", "wrong"));
  EXPECT_FALSE(auth.CheckCredentials("nobody", "s3cr3t"));
  EXPECT_EQ(auth.cached(), 0u);
  EXPECT_TRUE(auth.CheckCredentials("alice", "s3cr3t"));
  EXPECT_TRUE(auth.CheckCredentials("alice", "s3cr3t"));
  EXPECT_EQ(auth.cached(), 1u);
  EXPECT_FALSE(auth.CheckCredentials("alice", "s3cr3"));  // a cached success is not a prefix match
}

TEST(BasicAuthTest, UnknownUsersCostABcryptToo) {
  // The dummy hash has cost 10, far above the users' cost 4: an unknown user must take at least
  // as long as a real check, never answer at once.
  BasicAuth auth({{"alice", Bcrypt("s3cr3t")}});
  const auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(auth.CheckCredentials("mallory", "guess"));
  const auto unknown = std::chrono::steady_clock::now() - start;
  EXPECT_GT(unknown, std::chrono::milliseconds(5));
}

TEST(BasicAuthTest, AnEmptyUserListLetsNobodyIn) {
  BasicAuth auth({});
  EXPECT_FALSE(auth.CheckCredentials("", ""));
  EXPECT_FALSE(auth.CheckCredentials("alice", "s3cr3t"));
}

}  // namespace
}  // namespace awsgov::http
