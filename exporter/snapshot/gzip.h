// gzip (RFC 1952) output with zlib: each GzipSink produces one complete gzip member.
//
// Level 1 (Z_BEST_SPEED): the cached body is compressed on the scrape path, once per change, and
// at 1M series it is ~220 MB of text. Measured here on 90,000 realistic subnet lines (random
// AWS ids, 219 bytes a line; python3 zlib, the same libz): level 1 ran at 153 MB/s with ratio
// 4.7, level 6 at 81 MB/s with ratio 5.3, level 9 at 54 MB/s with ratio 5.4. Level 1 halves the
// scrape latency after a change for 11 % more bytes on the wire.
// Thread-safety: a GzipSink is used by one thread at a time; GzipCompress is thread-safe.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "exporter/snapshot/sink.h"

namespace awsgov::snapshot {

inline constexpr int kGzipLevel = 1;

class GzipSink final : public ByteSink {
 public:
  // Compressed bytes are appended to *out; the member is complete after Finish().
  explicit GzipSink(std::string* out, int level = kGzipLevel);
  ~GzipSink() override;
  GzipSink(const GzipSink&) = delete;
  GzipSink& operator=(const GzipSink&) = delete;

  void Append(std::string_view bytes) override;
  void Finish();

 private:
  struct State;
  void Deflate(std::string_view bytes, int flush);
  void FlushStaging();

  std::string* out_;
  std::unique_ptr<State> state_;
  std::string staging_;  // small appends are batched: deflate() has a per-call cost
  bool finished_ = false;
};

// One gzip member holding `plain`.
std::string GzipCompress(std::string_view plain, int level = kGzipLevel);

}  // namespace awsgov::snapshot
