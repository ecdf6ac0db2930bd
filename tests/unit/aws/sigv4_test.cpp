// SigV4 against (a) the AWS SigV4 test suite and (b) botocore's SigV4Auth on generated requests.
//
// The suite's seven "*-unnormalized" cases expect the path signed as written (normalize: false, the
// S3 rule); botocore normalizes every non-S3 path, and so does the exporter, so those cases are
// compared with botocore's signature instead. post-sts-header-after expects the session token to
// be added after signing (omit_session_token: true); botocore always signs it, so that case too
// is compared with botocore. The suite's query-signing (presigned URL) files are not used: the
// exporter only signs with headers.
#include "exporter/aws/sigv4.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <ctime>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

namespace awsgov::aws {
namespace {

const std::string kSuiteDir =
    std::string(AWSGOV_SHARED_DIR) + "/testdata/aws-signing-test-suite/v4";
const std::string kScript = std::string(AWSGOV_SOURCE_DIR) + "/tests/fakes/sigv4_botocore.py";

std::string RunCommand(const std::string& command) {
  std::string out;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return out;
  char buffer[65536];
  std::size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
  int rc = ::pclose(pipe);
  EXPECT_EQ(rc, 0) << command;
  return out;
}

nlohmann::json RunBotocore(const std::string& args) {
  std::string out = RunCommand("python3 " + kScript + " " + args);
  return nlohmann::json::parse(out);
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::chrono::system_clock::time_point ParseAmzDate(const std::string& text) {
  std::tm tm{};
  strptime(text.c_str(), "%Y%m%dT%H%M%SZ", &tm);
  return std::chrono::system_clock::from_time_t(timegm(&tm));
}

HttpRequest RequestFrom(const nlohmann::json& entry) {
  HttpRequest request;
  request.method = entry["method"];
  request.url = entry["url"];
  for (const auto& header : entry["headers"]) request.headers.emplace_back(header[0], header[1]);
  request.body = entry["body"];
  return request;
}

Credentials CredentialsFrom(const nlohmann::json& entry) {
  return Credentials{entry["access_key"], entry["secret_key"], entry["token"], {}};
}

std::string HeaderValue(const HttpRequest& request, const std::string& lower_name) {
  std::string found;
  int count = 0;
  for (const auto& [name, value] : request.headers) {
    std::string lower = name;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower == lower_name) {
      found = value;
      ++count;
    }
  }
  EXPECT_LE(count, 1) << lower_name << " appears " << count << " times";
  return found;
}

HttpRequest Sign(const nlohmann::json& entry) {
  HttpRequest request = RequestFrom(entry);
  SignV4(&request, CredentialsFrom(entry), entry["region"].get<std::string>(),
         entry["service"].get<std::string>(), ParseAmzDate(entry["timestamp"]),
         entry.value("add_content_sha256", false));
  return request;
}

std::string ExpectedSuiteLine(const std::string& case_name, const std::string& prefix) {
  std::istringstream in(ReadFile(kSuiteDir + "/" + case_name + "/header-signed-request.txt"));
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(prefix, 0) == 0) return line.substr(prefix.size());
  }
  return "";
}

TEST(Sigv4Test, Sha256AndHmacMatchPublishedVectors) {
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  // RFC 4231, test case 2.
  std::string mac = HmacSha256("Jefe", "what do ya want for nothing?");
  std::string hex;
  for (unsigned char c : mac) {
    static constexpr char kHex[] = "0123456789abcdef";
    hex.push_back(kHex[c >> 4]);
    hex.push_back(kHex[c & 0xF]);
  }
  EXPECT_EQ(hex, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(Sigv4Test, AwsTestSuiteHeaderSigning) {
  nlohmann::json cases = RunBotocore("suite " + kSuiteDir);
  ASSERT_EQ(cases.size(), 38u);
  int compared_with_suite = 0;
  int compared_with_botocore_only = 0;
  for (const auto& entry : cases) {
    const std::string name = entry["name"];
    SCOPED_TRACE(name);
    HttpRequest signed_request = Sign(entry);
    const std::string authorization = HeaderValue(signed_request, "authorization");
    EXPECT_EQ(authorization, entry["botocore"]["authorization"].get<std::string>());
    const bool botocore_differs =
        !entry["normalize"].get<bool>() || entry["omit_session_token"].get<bool>();
    if (botocore_differs) {
      ++compared_with_botocore_only;
      continue;
    }
    ++compared_with_suite;
    EXPECT_EQ(authorization, ExpectedSuiteLine(name, "Authorization:"));
    HttpRequest unsigned_copy = signed_request;
    std::erase_if(unsigned_copy.headers, [](const auto& h) { return h.first == "Authorization"; });
    EXPECT_EQ(CanonicalRequest(unsigned_copy),
              ReadFile(kSuiteDir + "/" + name + "/header-canonical-request.txt"));
  }
  EXPECT_EQ(compared_with_suite, 30);
  EXPECT_EQ(compared_with_botocore_only, 8);
}

TEST(Sigv4Test, GeneratedRequestsMatchBotocoreByteForByte) {
  nlohmann::json cases = RunBotocore("generate 20261123 1200");
  ASSERT_EQ(cases.size(), 1200u);
  int with_token = 0, with_body = 0, with_query = 0;
  for (const auto& entry : cases) {
    SCOPED_TRACE(entry["name"].get<std::string>() + " " + entry["url"].get<std::string>());
    HttpRequest signed_request = Sign(entry);
    const auto& expected = entry["botocore"];
    ASSERT_EQ(HeaderValue(signed_request, "authorization"),
              expected["authorization"].get<std::string>());
    EXPECT_EQ(HeaderValue(signed_request, "x-amz-date"), expected.value("x-amz-date", ""));
    EXPECT_EQ(HeaderValue(signed_request, "date"), expected.value("date", ""));
    EXPECT_EQ(HeaderValue(signed_request, "x-amz-security-token"),
              expected.value("x-amz-security-token", ""));
    with_token += !entry["token"].get<std::string>().empty();
    with_body += !entry["body"].get<std::string>().empty();
    with_query += entry["url"].get<std::string>().find('?') != std::string::npos;
  }
  // The generator covers the variations it is meant to.
  EXPECT_GT(with_token, 300);
  EXPECT_GT(with_body, 600);
  EXPECT_GT(with_query, 600);
}

TEST(Sigv4Test, ResigningReplacesEarlierSignatureHeaders) {
  HttpRequest request;
  request.method = "POST";
  request.url = "https://sts.us-east-1.amazonaws.com/";
  request.body = "Action=GetCallerIdentity&Version=2011-06-15";
  Credentials credentials{"AKIDEXAMPLE", "secret", "token-1", {}};
  auto t0 = ParseAmzDate("20240101T000000Z");
  SignV4(&request, credentials, "us-east-1", "sts", t0);
  const std::string first = HeaderValue(request, "authorization");
  credentials.session_token = "token-2";
  SignV4(&request, credentials, "us-east-1", "sts", t0 + std::chrono::seconds(1));
  EXPECT_EQ(HeaderValue(request, "x-amz-security-token"), "token-2");
  EXPECT_EQ(HeaderValue(request, "x-amz-date"), "20240101T000001Z");
  EXPECT_NE(HeaderValue(request, "authorization"), first);
  EXPECT_EQ(request.headers.size(), 3u);
}

}  // namespace
}  // namespace awsgov::aws
