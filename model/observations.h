// The state invariants that can turn false and then true again, written once
// over a value domain V (ConcreteView, or the Z3 view of properties/). Each
// returns true when the state breaks the invariant. WbModel::apply records
// every break in a sticky State flag (was_*), and the properties read the
// flag as well as the current state, so every property is stable: once false
// on a path, false in every later state of it. The partial-order reduction
// (checker/por.h) preserves reachable terminal states, which is enough for
// stable properties; see its soundness argument.
#pragma once

#include "model/fields.h"
#include "model/state.h"
#include "model/sym/state.h"

namespace wbcheck::model {

// A block with dirty data in a dirty folio and no delalloc or real extent
// behind it: writeback will map a hole and skip it (I1, F2).
template <class V>
typename V::Bool unbacked_dirty_block(const V& v) {
  const Context& c = v.context();
  auto any = v.lit_bool(false);
  for (int b = 0; b < c.nblocks; ++b) {
    int f = c.folio_of(b);
    auto dirty = v.get(Field::kFolioPresent, f) != v.lit(0) && v.get(Field::kFolioDirty, f) != v.lit(0) &&
                 v.get(Field::kBlockDirty, b) != v.lit(0);
    auto hole = v.get(Field::kExtent, b) == v.lit(static_cast<int64_t>(ExtentKind::kHole));
    any = any || (dirty && hole);
  }
  return any;
}

// A per-block dirty bit below EOF on a clean folio that nobody holds locked
// (I5; the 6.6 count == 0 exit). Blocks at or past EOF are never written
// back; writeback skips a folio wholly past a racing truncate's new EOF
// without touching its bits, and truncate then drops it.
template <class V>
typename V::Bool dirty_bit_on_clean_folio(const V& v) {
  const Context& c = v.context();
  auto any = v.lit_bool(false);
  for (int b = 0; b < c.nblocks; ++b) {
    int f = c.folio_of(b);
    auto below_eof = v.get(Field::kISize, 0) > v.lit(int64_t{b} * c.block_size);
    auto clean_and_idle = v.get(Field::kFolioPresent, f) != v.lit(0) && v.get(Field::kFolioDirty, f) == v.lit(0) &&
                          v.get(Field::kFolioLockedBy, f) == v.lit(0) && below_eof;
    any = any || (clean_and_idle && v.get(Field::kBlockDirty, b) != v.lit(0));
  }
  return any;
}

// A written extent whose disk block holds what it held before allocation, so
// a read would return never-written bytes (I7, F9).
template <class V>
typename V::Bool garbage_written(const V& v) {
  const Context& c = v.context();
  auto any = v.lit_bool(false);
  for (int b = 0; b < c.nblocks; ++b) {
    auto written = v.get(Field::kExtent, b) == v.lit(static_cast<int64_t>(ExtentKind::kWritten));
    any = any || (written && v.get(Field::kDiskVer, b) == v.lit(kVersionGarbage));
  }
  return any;
}

// Records the breaks of state s in its sticky flags (for a symbolic state:
// model/sym/observations.cc, the same definitions as Z3 conditions).
void record_observations(const Context& c, SymState& s);
inline void record_observations(const Context& c, State& s) {
  ConcreteView v(c, s);
  if (unbacked_dirty_block(v)) s.was_unbacked_dirty = 1;
  if (dirty_bit_on_clean_folio(v)) s.was_dirty_bit_clean = 1;
  if (garbage_written(v)) s.was_garbage_written = 1;
}

}  // namespace wbcheck::model
