// One shard of the visited store's hash table: fingerprint -> node id.
//
// Open addressing with linear probing over 32-bit slots. A slot holds only a
// node id (plus one; 0 is empty); the fingerprints themselves live in the
// store's node-indexed array, which a probe reads to confirm a match. So that
// a probe rarely has to read that array for a slot that does not match, the
// slot's bits above the ones ids need so far (id_bits) hold the same bits of
// the fingerprint's `hi` word, a tag: with a million states 11 tag bits remain
// and a mismatching slot is dereferenced once in 2048 probes. When the store
// needs one more id bit, widen_ids() gives up the tag's lowest bit in place.
//
// Memory: 4 bytes per slot. The table grows by 6/5 once 9/10 full (not by
// doubling), so between growths it is 3/4 to 9/10 full: at most 5.33 bytes per
// stored id. The home slot is a fixed-point product of the fingerprint's `lo`
// word with the capacity (Lemire's "fastrange"), so any capacity works; it
// uses lo's high bits, the store picks the shard from its low bits.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>

#include "checker/chunked_array.h"
#include "checker/fingerprint.h"

namespace wbcheck::checker {

// A Fingerprint in 12 bytes (the struct itself is padded to 16).
struct PackedFingerprint {
  uint32_t w[3] = {};  // lo's low half, lo's high half, hi
};

inline PackedFingerprint pack(const Fingerprint& f) {
  return {{static_cast<uint32_t>(f.lo), static_cast<uint32_t>(f.lo >> 32), f.hi}};
}

inline Fingerprint unpack(const PackedFingerprint& p) {
  return {p.w[0] | uint64_t{p.w[1]} << 32, p.w[2]};
}

using FingerprintArray = ChunkedArray<PackedFingerprint>;

class IdTable {
 public:
  static constexpr uint64_t kFirstCapacity = 8;

  // The id stored for fp, or nullopt. fps[id] is the fingerprint of every
  // stored id; id_bits as in the store (every stored id + 1 < 2^id_bits).
  std::optional<uint32_t> find(const Fingerprint& fp, const FingerprintArray& fps, int id_bits) const;
  // The id stored for fp if there is one; else stores `id` for fp (one probe
  // sequence either way) and returns nullopt. fps[id] may be written after.
  std::optional<uint32_t> insert(const Fingerprint& fp, uint32_t id, const FingerprintArray& fps, int id_bits);
  // Stores id for fp, known not to be present (no comparisons).
  void insert_new(const Fingerprint& fp, uint32_t id, const FingerprintArray& fps, int id_bits);
  // Moves every slot from id_bits to id_bits + 1 id bits (drops a tag bit).
  void widen_ids(int id_bits);
  void prefetch(const Fingerprint& fp) const {
    if (capacity_ != 0) __builtin_prefetch(&slots_[home(fp)]);
  }

  uint64_t size() const { return size_; }
  uint64_t capacity() const { return capacity_; }
  uint64_t bytes() const { return capacity_ * sizeof(uint32_t); }
  // The bytes that inserting n new fingerprints allocates: every grown slot
  // array (each allocated while the old one is still held); 0 when they fit.
  uint64_t growth_bytes(uint64_t n = 1) const;

 private:
  static bool too_full(uint64_t size, uint64_t capacity) { return size * 10 > capacity * 9; }
  bool needs_growth() const { return too_full(size_ + 1, capacity_); }
  static uint64_t next_capacity(uint64_t capacity);
  uint64_t next_capacity() const { return next_capacity(capacity_); }
  uint64_t home(const Fingerprint& fp) const {
    __extension__ typedef unsigned __int128 Wide;  // a GCC/Clang builtin; __extension__ keeps -Wpedantic quiet
    return static_cast<uint64_t>((static_cast<Wide>(fp.lo) * capacity_) >> 64);
  }
  void grow(const FingerprintArray& fps, int id_bits);
  void place(uint64_t from, uint32_t slot);  // into the first empty slot from `from` on
  uint64_t next(uint64_t i) const { return i + 1 == capacity_ ? 0 : i + 1; }

  std::unique_ptr<uint32_t[]> slots_;
  uint64_t capacity_ = 0;
  uint64_t size_ = 0;
};

}  // namespace wbcheck::checker
