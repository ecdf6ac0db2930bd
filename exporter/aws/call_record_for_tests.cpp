#include "exporter/aws/call_record_for_tests.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

namespace awsgov::aws {
namespace {

// Opened once per process and never closed (it lives as long as the process); -1: hook off.
int RecordFile() {
  static const int fd = [] {
    const char* path = std::getenv(kRecordAwsCallsEnv);
    if (path == nullptr || *path == '\0') return -1;
    return ::open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  }();
  return fd;
}

thread_local int paused = 0;

}  // namespace

PauseCallRecordForTests::PauseCallRecordForTests() { ++paused; }
PauseCallRecordForTests::~PauseCallRecordForTests() { --paused; }

void RecordCallForTests(std::string_view signing_name, std::string_view operation) {
  if (paused > 0) return;
  const int fd = RecordFile();
  if (fd < 0) return;
  std::string line;
  line.reserve(signing_name.size() + operation.size() + 2);
  line.append(signing_name).append(":").append(operation).append("\n");
  // Best effort: a failed write loses the line (the check then sees one call fewer).
  [[maybe_unused]] const ssize_t written = ::write(fd, line.data(), line.size());
}

}  // namespace awsgov::aws
