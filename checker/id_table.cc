#include "checker/id_table.h"

#include <algorithm>

#include "checker/check.h"

namespace wbcheck::checker {
namespace {

uint64_t id_mask(int id_bits) { return (uint64_t{1} << id_bits) - 1; }

}  // namespace

std::optional<uint32_t> IdTable::find(const Fingerprint& fp, const FingerprintArray& fps, int id_bits) const {
  if (capacity_ == 0) return std::nullopt;
  const uint64_t mask = id_mask(id_bits);
  const uint64_t tag = fp.hi & ~mask;
  for (uint64_t i = home(fp);; i = next(i)) {
    const uint32_t slot = slots_[i];
    if (slot == 0) return std::nullopt;
    if ((slot & ~mask) == tag && unpack(fps[(slot & mask) - 1]) == fp) return static_cast<uint32_t>((slot & mask) - 1);
  }
}

std::optional<uint32_t> IdTable::insert(const Fingerprint& fp, uint32_t id, const FingerprintArray& fps,
                                        int id_bits) {
  WBCHECK_CHECK(uint64_t{id} + 1 <= id_mask(id_bits), "node id wider than the table's id bits");
  const uint64_t mask = id_mask(id_bits);
  const uint64_t tag = fp.hi & ~mask;
  uint64_t i = capacity_ == 0 ? 0 : home(fp);
  for (; capacity_ != 0 && slots_[i] != 0; i = next(i)) {
    const uint32_t slot = slots_[i];
    if ((slot & ~mask) == tag && unpack(fps[(slot & mask) - 1]) == fp) return static_cast<uint32_t>((slot & mask) - 1);
  }
  const auto slot = static_cast<uint32_t>(tag | (uint64_t{id} + 1));
  if (needs_growth()) {
    grow(fps, id_bits);
    place(home(fp), slot);
  } else {
    slots_[i] = slot;
  }
  ++size_;
  return std::nullopt;
}

void IdTable::insert_new(const Fingerprint& fp, uint32_t id, const FingerprintArray& fps, int id_bits) {
  WBCHECK_CHECK(uint64_t{id} + 1 <= id_mask(id_bits), "node id wider than the table's id bits");
  if (needs_growth()) grow(fps, id_bits);
  place(home(fp), static_cast<uint32_t>((fp.hi & ~id_mask(id_bits)) | (uint64_t{id} + 1)));
  ++size_;
}

void IdTable::place(uint64_t from, uint32_t slot) {
  uint64_t i = from;
  while (slots_[i] != 0) i = next(i);
  slots_[i] = slot;
}

void IdTable::widen_ids(int id_bits) {
  const uint32_t bit = uint32_t{1} << id_bits;  // the tag's lowest bit becomes an id bit
  for (uint64_t i = 0; i < capacity_; ++i) slots_[i] &= ~bit;
}

uint64_t IdTable::next_capacity(uint64_t capacity) {
  return capacity == 0 ? kFirstCapacity : std::max(capacity + 1, capacity * 6 / 5);
}

uint64_t IdTable::growth_bytes(uint64_t n) const {
  uint64_t bytes = 0;
  for (uint64_t c = capacity_; n > 0 && too_full(size_ + n, c);) {
    c = next_capacity(c);
    bytes += c * sizeof(uint32_t);
  }
  return bytes;
}

// Re-places every id by its fingerprint. The ids' fingerprints are scattered
// over the store's array, so they are prefetched a few slots ahead.
void IdTable::grow(const FingerprintArray& fps, int id_bits) {
  constexpr uint64_t kAhead = 8;
  const uint64_t mask = id_mask(id_bits);
  std::unique_ptr<uint32_t[]> old = std::move(slots_);
  const uint64_t old_capacity = capacity_;
  capacity_ = next_capacity();
  slots_ = std::make_unique<uint32_t[]>(capacity_);  // zeroed: every slot empty
  for (uint64_t i = 0; i < old_capacity; ++i) {
    if (i + kAhead < old_capacity && old[i + kAhead] != 0) __builtin_prefetch(&fps[(old[i + kAhead] & mask) - 1]);
    if (old[i] == 0) continue;
    place(home(unpack(fps[(old[i] & mask) - 1])), old[i]);
  }
}

}  // namespace wbcheck::checker
