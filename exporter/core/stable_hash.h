// A 64-bit hash that is the same on every platform, build and release: FNV-1a over the bytes
// added, then SplitMix64's finaliser, so that inputs differing in one byte (account ids, which
// differ in a digit or two) spread over the whole range. For placing things that must land in the
// same place every time (an account's shard, a target's first-run offset); not for hash tables
// fed by untrusted input, and not cryptographic.
// Thread-safety: a value type; distinct objects may be used from different threads.
#pragma once

#include <cstdint>
#include <string_view>

namespace awsgov {

class StableHash {
 public:
  // `seed` varies the whole function (0: plain FNV-1a's offset basis).
  explicit StableHash(std::uint64_t seed = 0) : h_(kOffsetBasis ^ seed) {}

  StableHash& Add(std::string_view bytes) {
    for (unsigned char c : bytes) AddByte(c);
    return *this;
  }
  StableHash& AddByte(unsigned char byte) {
    h_ ^= byte;
    h_ *= kPrime;
    return *this;
  }

  std::uint64_t Finish() const {
    std::uint64_t h = h_ + 0x9e3779b97f4a7c15ull;
    h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9ull;
    h = (h ^ (h >> 27)) * 0x94d049bb133111ebull;
    return h ^ (h >> 31);
  }

 private:
  static constexpr std::uint64_t kOffsetBasis = 14695981039346656037ull;
  static constexpr std::uint64_t kPrime = 1099511628211ull;
  std::uint64_t h_;
};

}  // namespace awsgov
