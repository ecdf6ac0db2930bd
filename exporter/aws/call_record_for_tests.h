// TEST-ONLY HOOK, off by default: when the environment variable AWSGOV_TEST_RECORD_AWS_CALLS
// names a file, every AWS request the client makes appends one line "<signing name>:<Operation>"
// to it (ec2:DescribeSubnets, inspector2:ListCoverage). ctest sets it for the tests that run
// collectors, and the final test iam.policy_covers_calls checks that every recorded call is an
// action of --print-iam-policy. Production never sets it; nothing else reads the file.
// Thread-safety: thread-safe; each line is one write() to a file opened with O_APPEND, so lines
// from concurrent threads and processes do not interleave.
#pragma once

#include <string_view>

namespace awsgov::aws {

inline constexpr const char* kRecordAwsCallsEnv = "AWSGOV_TEST_RECORD_AWS_CALLS";

void RecordCallForTests(std::string_view signing_name, std::string_view operation);

// While one lives on a thread, that thread's calls are not recorded: for tests that seed moto
// through the exporter's own client (CreateVpc, PutItem), which are set-up, not the exporter's
// calls. Nests. Thread-safety: affects only the constructing thread.
class PauseCallRecordForTests {
 public:
  PauseCallRecordForTests();
  ~PauseCallRecordForTests();
  PauseCallRecordForTests(const PauseCallRecordForTests&) = delete;
  PauseCallRecordForTests& operator=(const PauseCallRecordForTests&) = delete;
};

}  // namespace awsgov::aws
