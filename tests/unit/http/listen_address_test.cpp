#include "exporter/http/listen_address.h"

#include <gtest/gtest.h>

namespace awsgov::http {
namespace {

TEST(ListenAddressTest, EmptyHostMeansAllInterfaces) {
  ListenAddress address;
  ASSERT_TRUE(ParseListenAddress(":9955", &address).ok());
  EXPECT_EQ(address.host, "");
  EXPECT_EQ(address.port, 9955);
  EXPECT_FALSE(address.ipv6);
  EXPECT_EQ(address.civetweb_spec, "9955");
}

TEST(ListenAddressTest, DefaultAddressIsPort9955OnAllInterfaces) {
  ListenAddress address;
  ASSERT_TRUE(ParseListenAddress(kDefaultListenAddress, &address).ok());
  EXPECT_EQ(address.port, kDefaultPort);
  EXPECT_EQ(address.host, "");
}

TEST(ListenAddressTest, Ipv4Literals) {
  ListenAddress address;
  ASSERT_TRUE(ParseListenAddress("127.0.0.1:8080", &address).ok());
  EXPECT_EQ(address.host, "127.0.0.1");
  EXPECT_EQ(address.port, 8080);
  EXPECT_EQ(address.civetweb_spec, "127.0.0.1:8080");
  ASSERT_TRUE(ParseListenAddress("0.0.0.0:9955", &address).ok());
  EXPECT_EQ(address.civetweb_spec, "0.0.0.0:9955");
}

TEST(ListenAddressTest, LocalhostIsLoopback) {
  ListenAddress address;
  ASSERT_TRUE(ParseListenAddress("localhost:1234", &address).ok());
  EXPECT_EQ(address.civetweb_spec, "127.0.0.1:1234");
}

TEST(ListenAddressTest, BracketedIpv6) {
  ListenAddress address;
  ASSERT_TRUE(ParseListenAddress("[::1]:9955", &address).ok());
  EXPECT_TRUE(address.ipv6);
  EXPECT_EQ(address.host, "::1");
  EXPECT_EQ(address.civetweb_spec, "[::1]:9955");
}

TEST(ListenAddressTest, PortZeroAndMaximum) {
  ListenAddress address;
  ASSERT_TRUE(ParseListenAddress("127.0.0.1:0", &address).ok());
  EXPECT_EQ(address.port, 0);
  ASSERT_TRUE(ParseListenAddress(":65535", &address).ok());
  EXPECT_EQ(address.port, 65535);
}

TEST(ListenAddressTest, RejectsMalformedAddressesNamingThem) {
  for (const char* text :
       {"9955", ":", ":65536", ":-1", ":99a", "127.0.0.1:9955s", ":9955,8080", "example.com:9955",
        "1.2.3:9955", "[::1]9955", "[::1:9955", "[nonsense]:9955", "[::1]:", ""}) {
    ListenAddress address;
    const Status status = ParseListenAddress(text, &address);
    EXPECT_EQ(status.code(), StatusCode::kInvalidArgument) << text;
    EXPECT_NE(status.message().find("\"" + std::string(text) + "\""), std::string::npos)
        << status.message();
  }
}

}  // namespace
}  // namespace awsgov::http
