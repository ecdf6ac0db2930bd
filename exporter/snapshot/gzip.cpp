#include "exporter/snapshot/gzip.h"

#include <zlib.h>

#include <stdexcept>

namespace awsgov::snapshot {
namespace {

constexpr std::size_t kStagingBytes = 64 * 1024;
constexpr int kGzipWindowBits = 15 + 16;  // +16: gzip header and trailer instead of zlib's
constexpr int kMemLevel = 8;

}  // namespace

struct GzipSink::State {
  z_stream stream{};
};

GzipSink::GzipSink(std::string* out, int level) : out_(out), state_(std::make_unique<State>()) {
  if (deflateInit2(&state_->stream, level, Z_DEFLATED, kGzipWindowBits, kMemLevel,
                   Z_DEFAULT_STRATEGY) != Z_OK) {
    // Only an invalid level or memory exhaustion get here, both programming or fatal errors.
    throw std::runtime_error("gzip: deflateInit2 failed");
  }
  staging_.reserve(kStagingBytes);
}

GzipSink::~GzipSink() { deflateEnd(&state_->stream); }

void GzipSink::Append(std::string_view bytes) {
  if (staging_.size() + bytes.size() <= kStagingBytes) {
    staging_.append(bytes);
    return;
  }
  FlushStaging();
  if (bytes.size() >= kStagingBytes) {
    // zlib counts input in uInt: feed very large blocks in slices.
    constexpr std::size_t kSlice = std::size_t{1} << 30;
    for (std::size_t at = 0; at < bytes.size(); at += kSlice) {
      Deflate(bytes.substr(at, kSlice), Z_NO_FLUSH);
    }
  } else {
    staging_.append(bytes);
  }
}

void GzipSink::Finish() {
  if (finished_) return;
  FlushStaging();
  Deflate({}, Z_FINISH);
  finished_ = true;
}

void GzipSink::FlushStaging() {
  if (staging_.empty()) return;
  Deflate(staging_, Z_NO_FLUSH);
  staging_.clear();
}

void GzipSink::Deflate(std::string_view bytes, int flush) {
  z_stream& s = state_->stream;
  s.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  s.avail_in = static_cast<uInt>(bytes.size());
  char chunk[16 * 1024];
  int rc = Z_OK;
  do {
    s.next_out = reinterpret_cast<Bytef*>(chunk);
    s.avail_out = sizeof chunk;
    rc = deflate(&s, flush);
    if (rc == Z_STREAM_ERROR) throw std::runtime_error("gzip: deflate stream error");
    out_->append(chunk, sizeof chunk - s.avail_out);
  } while (s.avail_out == 0 || (flush == Z_FINISH && rc != Z_STREAM_END));
}

std::string GzipCompress(std::string_view plain, int level) {
  std::string out;
  GzipSink sink(&out, level);
  sink.Append(plain);
  sink.Finish();
  return out;
}

}  // namespace awsgov::snapshot
