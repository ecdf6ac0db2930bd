// Logging in the fuzz targets: every level on (so that formatting hostile values in log lines is
// fuzzed too), in both formats, written nowhere (a sink that drops lines).
// Thread-safety: call from LLVMFuzzerInitialize / LLVMFuzzerTestOneInput only.
#pragma once

#include <cstddef>
#include <string_view>

#include "exporter/core/log.h"

namespace awsgov::fuzz {

// logfmt or JSON lines, picked by the input so that a crash reproduces from its input alone.
inline void ConfigureLogging(std::size_t input_size) {
  log::SetSinkForTesting([](std::string_view) {});
  log::Configure(log::Level::kDebug,
                 input_size % 2 == 0 ? log::Format::kLogfmt : log::Format::kJson);
}

}  // namespace awsgov::fuzz
