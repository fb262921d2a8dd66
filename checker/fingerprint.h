// 96-bit state fingerprints, cut from MurmurHash3_x64_128 over a state's
// object bytes.
//
// A fingerprint is the digest's h1 (its first 8 bytes) and the low 32 bits of
// h2 (digest bytes 8..11): 96 bits, so that the visited store spends 12 bytes
// per state on it (checker/bfs.h has the collision estimate). The seed is
// fixed, so a fingerprint is a stable function of the bytes: the same state
// has the same fingerprint in every run and every process, and it may be
// printed or stored. (absl::Hash is randomized per process and must never be
// used for anything that is printed.) Block reads are little-endian, as in the
// reference implementation on x86-64.
#pragma once

#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <utility>

namespace wbcheck::checker {

// The whole 128-bit MurmurHash3_x64_128 digest.
struct Hash128 {
  uint64_t lo = 0;  // h1 (the first 8 digest bytes)
  uint64_t hi = 0;  // h2 (the last 8 digest bytes)

  friend bool operator==(const Hash128&, const Hash128&) = default;
};

struct Fingerprint {
  uint64_t lo = 0;  // h1 of the digest
  uint32_t hi = 0;  // the low 32 bits of h2

  friend bool operator==(const Fingerprint&, const Fingerprint&) = default;

  template <typename H>
  friend H AbslHashValue(H h, const Fingerprint& f) {
    return H::combine(std::move(h), f.lo, f.hi);
  }
};

// The seed every wbcheck fingerprint uses ("WBCK"). Changing it changes every
// printed fingerprint.
inline constexpr uint32_t kFingerprintSeed = 0x5742434B;

// MurmurHash3_x64_128 (Austin Appleby, public domain) with an explicit seed.
Hash128 murmur3_x64_128(const void* data, size_t n, uint32_t seed);

// The 96-bit fingerprint of n bytes: MurmurHash3_x64_128 with
// kFingerprintSeed, cut as described above.
inline Fingerprint fingerprint(const void* data, size_t n) {
  const Hash128 h = murmur3_x64_128(data, n, kFingerprintSeed);
  return Fingerprint{h.lo, static_cast<uint32_t>(h.hi)};
}

// The fingerprint of a state's object representation. Requiring a unique
// object representation rules out padding bytes, so equal states always have
// equal bytes.
template <class State>
  requires std::is_trivially_copyable_v<State> &&
           std::has_unique_object_representations_v<State>
Fingerprint fingerprint_of(const State& s) {
  return fingerprint(&s, sizeof s);
}

}  // namespace wbcheck::checker
