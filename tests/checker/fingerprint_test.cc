#include "checker/fingerprint.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <set>
#include <string>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "checker/id_table.h"  // PackedFingerprint

namespace wbcheck::checker {
namespace {

Hash128 of_string(const std::string& s, uint32_t seed) {
  return murmur3_x64_128(s.data(), s.size(), seed);
}

// SMHasher's VerificationTest: hash the keys {}, {0}, {0,1}, ..., {0..254}
// with seeds 256, 255, ..., 1, concatenate the 16-byte digests (h1 then h2,
// little-endian), hash those 4096 bytes with seed 0 and read the first four
// digest bytes as a little-endian uint32. The published value for
// MurmurHash3_x64_128 is 0x6384BA69 (SMHasher main.cpp, g_hashes table).
TEST(FingerprintTest, MatchesSmhasherVerificationValue) {
  uint8_t key[256] = {};
  uint8_t digests[16 * 256] = {};
  for (int i = 0; i < 256; ++i) {
    key[i] = static_cast<uint8_t>(i);
    const Hash128 f = murmur3_x64_128(key, i, static_cast<uint32_t>(256 - i));
    std::memcpy(digests + 16 * i, &f.lo, 8);
    std::memcpy(digests + 16 * i + 8, &f.hi, 8);
  }
  const Hash128 final_fp = murmur3_x64_128(digests, sizeof digests, 0);
  EXPECT_EQ(static_cast<uint32_t>(final_fp.lo), 0x6384BA69u);
}

// With seed 0 and no input, h1 = h2 = 0 before finalization, and the
// finalization maps 0 to 0 (fmix64(0) == 0, 0 + 0 == 0).
TEST(FingerprintTest, EmptyInputWithSeedZeroIsZero) {
  EXPECT_EQ(murmur3_x64_128(nullptr, 0, 0), (Hash128{0, 0}));
}

// Expected values computed once by an independent Python implementation of
// MurmurHash3_x64_128 (written from the reference algorithm; it reproduces the
// SMHasher verification value 0x6384BA69 above). The seed-0 value of the fox
// sentence is also the widely published MurmurHash3_x64_128 test vector
// (digest bytes 6c1b07bc7bbc4be347939ac4a93c437a).
TEST(FingerprintTest, KnownValues) {
  const std::string fox = "The quick brown fox jumps over the lazy dog";
  EXPECT_EQ(of_string("hello", 0), (Hash128{0xcbd8a7b341bd9b02ULL, 0x5b1e906a48ae1d19ULL}));
  EXPECT_EQ(of_string(fox, 0), (Hash128{0xe34bbc7bbc071b6cULL, 0x7a433ca9c49a9347ULL}));
  // The fixed wbcheck seed 0x5742434B ("WBCK").
  EXPECT_EQ(murmur3_x64_128(nullptr, 0, kFingerprintSeed), (Hash128{0x80e878bdb4a4bb91ULL, 0xe135a01c4e651aaeULL}));
  EXPECT_EQ(murmur3_x64_128("hello", 5, kFingerprintSeed), (Hash128{0xea2105c85914ba43ULL, 0x787b42bc31595070ULL}));
  EXPECT_EQ(murmur3_x64_128(fox.data(), fox.size(), kFingerprintSeed),
            (Hash128{0xea2e9d00e7a239aeULL, 0xf648e6f7d4ec5d55ULL}));
}

// A fingerprint is h1 and the low 32 bits of h2 of the digests above.
TEST(FingerprintTest, IsTheFirstTwelveDigestBytes) {
  EXPECT_EQ(fingerprint(nullptr, 0), (Fingerprint{0x80e878bdb4a4bb91ULL, 0x4e651aaeU}));
  EXPECT_EQ(fingerprint("hello", 5), (Fingerprint{0xea2105c85914ba43ULL, 0x31595070U}));
  static_assert(sizeof(PackedFingerprint) == 12);
  const Fingerprint f{0x0123456789abcdefULL, 0xfedcba98U};
  EXPECT_EQ(unpack(pack(f)), f);
}

// Every prefix length 0..64 (so every tail length 0..15 with 0..4 blocks)
// gives a distinct fingerprint, and so does flipping any single bit.
TEST(FingerprintTest, DifferentInputsDiffer) {
  uint8_t buf[64];
  for (int i = 0; i < 64; ++i) buf[i] = static_cast<uint8_t>(i * 7 + 1);
  std::set<std::pair<uint64_t, uint64_t>> seen;
  for (size_t n = 0; n <= sizeof buf; ++n) {
    const Fingerprint f = fingerprint(buf, n);
    EXPECT_TRUE(seen.insert({f.lo, f.hi}).second) << "prefix length " << n;
  }
  const Fingerprint base = fingerprint(buf, sizeof buf);
  for (size_t bit = 0; bit < 8 * sizeof buf; ++bit) {
    buf[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
    EXPECT_NE(fingerprint(buf, sizeof buf), base) << "bit " << bit;
    buf[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
  }
  EXPECT_NE(of_string("hello", 0), of_string("hello", 1));
}

TEST(FingerprintTest, FingerprintOfHashesObjectBytes) {
  struct S {
    uint32_t a;
    uint32_t b;
  };
  const S s{1, 2};
  EXPECT_EQ(fingerprint_of(s), fingerprint(&s, sizeof s));
  EXPECT_NE(fingerprint_of(s), fingerprint_of(S{2, 1}));
}

TEST(FingerprintTest, UsableAsAbslHashKey) {
  absl::flat_hash_set<Fingerprint> set;
  set.insert(fingerprint("a", 1));
  set.insert(fingerprint("b", 1));
  set.insert(fingerprint("a", 1));
  EXPECT_EQ(set.size(), 2u);
  EXPECT_TRUE(set.contains(fingerprint("b", 1)));
}

}  // namespace
}  // namespace wbcheck::checker
