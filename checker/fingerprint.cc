// MurmurHash3_x64_128, after Austin Appleby's public-domain reference
// (SMHasher, MurmurHash3.cpp). Its SMHasher verification value 0x6384BA69 is
// checked in tests/checker/fingerprint_test.cc.
#include "checker/fingerprint.h"

#include <cstring>

namespace wbcheck::checker {
namespace {

constexpr uint64_t kC1 = 0x87c37b91114253d5ULL;
constexpr uint64_t kC2 = 0x4cf5ad432745937fULL;

constexpr uint64_t rotl64(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }

constexpr uint64_t fmix64(uint64_t k) {
  k ^= k >> 33;
  k *= 0xff51afd7ed558ccdULL;
  k ^= k >> 33;
  k *= 0xc4ceb9fe1a85ec53ULL;
  k ^= k >> 33;
  return k;
}

// Little-endian 64-bit load (x86-64 is little-endian; memcpy avoids
// unaligned-access undefined behaviour).
uint64_t load64(const unsigned char* p) {
  uint64_t v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

uint64_t mix_k1(uint64_t k1) { return rotl64(k1 * kC1, 31) * kC2; }
uint64_t mix_k2(uint64_t k2) { return rotl64(k2 * kC2, 33) * kC1; }

// The tail bytes (fewer than 16), assembled little-endian as the reference's
// fall-through switch does.
void mix_tail(const unsigned char* tail, size_t len, uint64_t& h1, uint64_t& h2) {
  uint64_t k1 = 0;
  uint64_t k2 = 0;
  for (size_t i = len; i > 8; --i) k2 = (k2 << 8) | tail[i - 1];
  for (size_t i = (len < 8 ? len : 8); i > 0; --i) k1 = (k1 << 8) | tail[i - 1];
  if (len > 8) h2 ^= mix_k2(k2);
  if (len > 0) h1 ^= mix_k1(k1);
}

}  // namespace

Hash128 murmur3_x64_128(const void* data, size_t n, uint32_t seed) {
  const auto* bytes = static_cast<const unsigned char*>(data);
  const size_t nblocks = n / 16;
  uint64_t h1 = seed;
  uint64_t h2 = seed;
  for (size_t i = 0; i < nblocks; ++i) {
    h1 ^= mix_k1(load64(bytes + 16 * i));
    h1 = rotl64(h1, 27) + h2;
    h1 = h1 * 5 + 0x52dce729;
    h2 ^= mix_k2(load64(bytes + 16 * i + 8));
    h2 = rotl64(h2, 31) + h1;
    h2 = h2 * 5 + 0x38495ab5;
  }
  mix_tail(bytes + 16 * nblocks, n % 16, h1, h2);
  h1 ^= n;
  h2 ^= n;
  h1 += h2;
  h2 += h1;
  h1 = fmix64(h1);
  h2 = fmix64(h2);
  h1 += h2;
  h2 += h1;
  return Hash128{h1, h2};
}

}  // namespace wbcheck::checker
