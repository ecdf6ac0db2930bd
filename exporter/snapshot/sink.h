// Where rendered exposition bytes go: a plain string, or a gzip stream (gzip.h), so that a large
// body is compressed as it is assembled instead of being held twice.
// Thread-safety: a sink is used by one thread at a time.
#pragma once

#include <string>
#include <string_view>

namespace awsgov::snapshot {

class ByteSink {
 public:
  virtual ~ByteSink() = default;
  virtual void Append(std::string_view bytes) = 0;
};

class StringSink final : public ByteSink {
 public:
  explicit StringSink(std::string* out) : out_(out) {}
  void Append(std::string_view bytes) override { out_->append(bytes); }

 private:
  std::string* out_;
};

}  // namespace awsgov::snapshot
