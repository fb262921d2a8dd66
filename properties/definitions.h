// Each invariant, defined once over a value domain V: ConcreteView (model/
// fields.h) evaluates it on a state during the search; Z3View (z3_view.h)
// turns the same definition into a Z3 formula over the state's fields.
// V::Bool/V::Int are bool/int64_t or z3::expr; only operators both support
// (&&, ||, !, ==, !=, <, >=, +) and the view's lit/ite/implies are used.
#pragma once

#include "model/enabled.h"
#include "model/extent_map.h"
#include "model/fields.h"
#include "model/observations.h"

namespace wbcheck::properties {

using model::Field;

template <class V>
typename V::Bool flag(const V& v, Field f) { return v.get(f, 0) != v.lit(0); }

// dirty-block-backed: a block with dirty data in a dirty folio has delalloc
// or a real extent behind it, so writeback will write it (I1), in this state
// and every state before it (model/observations.h).
template <class V>
typename V::Bool dirty_block_backed(const V& v) {
  return !flag(v, Field::kWasUnbackedDirty) && !model::unbacked_dirty_block(v);
}

// no-convert-delalloc-warn: xfs_bmapi_convert_delalloc never finds its
// data-fork extent missing (F1, the WARN of bug 217030).
template <class V>
typename V::Bool no_convert_delalloc_warn(const V& v) { return !flag(v, Field::kWarnedConvert); }

// discard-within-locked-folio: a punch never removes delalloc behind a folio
// its task does not hold locked (I8).
template <class V>
typename V::Bool discard_within_locked_folio(const V& v) { return !flag(v, Field::kDiscardEscaped); }

// no-delalloc-at-evict: at reclaim of a live filesystem the inode has no
// delalloc left (F3: the ASSERT in xfs_inodegc_set_reclaimable).
template <class V>
typename V::Bool no_delalloc_at_evict(const V& v) {
  return v.implies(flag(v, Field::kEvicted) && !flag(v, Field::kShutdown),
                   v.get(Field::kIDelayedBlks, 0) == v.lit(0));
}

// reservations-balanced: at unmount every delalloc reservation is back and
// free + allocated blocks equal what the filesystem started with (F4: the
// ASSERT in xfs_destroy_percpu_counters, and xfs_repair's fdblocks count).
template <class V>
typename V::Bool reservations_balanced(const V& v) {
  const model::Context& c = v.context();
  auto real = v.lit(0);
  int64_t initial_real = 0;
  for (int b = 0; b < c.nblocks; ++b) {
    auto kind = v.get(Field::kExtent, b);
    real = real + v.ite(kind == v.lit(static_cast<int64_t>(model::ExtentKind::kUnwritten)) ||
                            kind == v.lit(static_cast<int64_t>(model::ExtentKind::kWritten)),
                        v.lit(1), v.lit(0));
    if (b < static_cast<int>(c.scenario.initial_extents.size())) {
      initial_real += model::is_real(c.scenario.initial_extents[b]);
    }
  }
  auto balanced = v.get(Field::kMDelallocBlks, 0) == v.lit(0) &&
                  v.get(Field::kFdblocks, 0) + real == v.lit(c.scenario.free_blocks + initial_real);
  return v.implies(flag(v, Field::kUnmounted) && !flag(v, Field::kShutdown), balanced);
}

// ifs-dirty-consistent: once writeback has let go of a folio (unlocked), a
// clean folio has no per-block dirty bit set below EOF (I5; the 6.6 count == 0
// exit), in this state and every state before it.
template <class V>
typename V::Bool ifs_dirty_consistent(const V& v) {
  return !flag(v, Field::kWasDirtyBitClean) && !model::dirty_bit_on_clean_folio(v);
}

// no-ifs-free-under-writeback: per-folio state is never freed while blocks of
// that folio are in an ioend (F7: the 5.18 use-after-free on large folios).
template <class V>
typename V::Bool no_ifs_free_under_writeback(const V& v) { return !flag(v, Field::kIfsFreedUnderIo); }

// no-silent-data-loss: an fsync that returns 0 has its task's data on disk,
// and data dropped from the cache before it reached the disk has been
// reported through errseq by the time the filesystem is unmounted (I6; F2
// silent skip, F8 silent revert).
template <class V>
typename V::Bool no_silent_data_loss(const V& v) {
  return !flag(v, Field::kFsyncLied) && !(flag(v, Field::kUnmounted) && flag(v, Field::kUnreportedLoss));
}

// no-stale-read: no written extent holds what its blocks held before they
// were allocated, so no read can return never-written bytes, and no read
// (filemap_read) has returned any (I7, F9).
template <class V>
typename V::Bool no_stale_read(const V& v) {
  return !flag(v, Field::kStaleRead) && !flag(v, Field::kWasGarbageWritten) && !model::garbage_written(v);
}

// no-deadlock: while some task is unfinished, some step can run.
template <class V>
typename V::Bool no_deadlock(const V& v) {
  const model::Context& c = v.context();
  auto all_done = v.lit_bool(true), progress = v.lit_bool(false);
  for (int t = 0; t < c.actors(); ++t) {
    all_done = all_done && model::task_done(v, t);
    progress = progress || model::task_enabled(v, t);
  }
  for (int slot = 0; slot < c.nfolios; ++slot) progress = progress || model::io_pending(v, slot);
  return all_done || progress;
}

}  // namespace wbcheck::properties
