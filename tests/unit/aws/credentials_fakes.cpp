#include "tests/unit/aws/credentials_fakes.h"

#include "exporter/core/log.h"

namespace awsgov::aws::credtest {
namespace {

std::mutex g_mu;
std::vector<std::string> g_lines;

void Sink(std::string_view line) {
  std::lock_guard lock(g_mu);
  g_lines.emplace_back(line);
}

}  // namespace

LogCapture::LogCapture() {
  std::lock_guard lock(g_mu);
  g_lines.clear();
  log::SetSinkForTesting(&Sink);
}

LogCapture::~LogCapture() { log::SetSinkForTesting(nullptr); }

std::vector<std::string> LogCapture::lines() const {
  std::lock_guard lock(g_mu);
  return g_lines;
}

}  // namespace awsgov::aws::credtest
