// When a task can take its next step, written once over a value domain V
// (ConcreteView for the search, the Z3 view for the encoding): the explicit
// successor function and the `no-deadlock` property both use this definition.
#pragma once

#include "model/fields.h"
#include "model/state.h"

namespace wbcheck::model {

template <class V>
typename V::Bool task_done(const V& v, int task) {
  return v.get(Field::kTaskOp, task) >= v.lit(v.context().program_length(task));
}

// The wait stored with the task's next step is satisfied.
template <class V>
typename V::Bool wait_satisfied(const V& v, int task) {
  const Context& c = v.context();
  auto kind = v.get(Field::kTaskWait, task);
  auto arg = v.get(Field::kTaskWaitArg, task);
  auto is = [&](Wait w) { return kind == v.lit(static_cast<int64_t>(w)); };
  auto mm_excl_free = v.get(Field::kMmaplockExcl, 0) == v.lit(0);
  auto folio_unlocked = v.lit_bool(false), folio_idle = v.lit_bool(false), folio_readable = v.lit_bool(false);
  auto fault_folio = v.lit_bool(false);
  for (int f = 0; f < c.nfolios; ++f) {
    auto unlocked = v.get(Field::kFolioLockedBy, f) == v.lit(0);
    auto uptodate = v.get(Field::kFolioPresent, f) != v.lit(0) && v.get(Field::kFolioUptodate, f) != v.lit(0);
    folio_unlocked = folio_unlocked || (arg == v.lit(f) && unlocked);
    folio_idle = folio_idle || (arg == v.lit(f) && v.get(Field::kFolioWriteback, f) == v.lit(0));
    // filemap_read copies an uptodate folio without its lock (filemap_get_read_batch)
    folio_readable = folio_readable || (arg == v.lit(f) && (unlocked || v.get(Field::kFolioUptodate, f) != v.lit(0)));
    // filemap_fault takes invalidate_lock shared only to read a folio in
    fault_folio = fault_folio || (arg == v.lit(f) && unlocked && (uptodate || mm_excl_free));
  }
  auto tasks_done = v.lit_bool(true);
  for (int t = 0; t < c.ntasks; ++t) tasks_done = tasks_done && task_done(v, t);
  auto no_inflight = v.lit_bool(true);
  for (int i = 0; i < c.nfolios; ++i) no_inflight = no_inflight && v.get(Field::kIoBlocks, i) == v.lit(0);
  auto excl_free = v.get(Field::kIolockExcl, 0) == v.lit(0);
  return is(Wait::kNone) ||
         (is(Wait::kIolockExcl) && excl_free && v.get(Field::kIolockShared, 0) == v.lit(0)) ||
         (is(Wait::kIolockShared) && excl_free) || (is(Wait::kFolioLock) && folio_unlocked) ||
         (is(Wait::kFolioWriteback) && folio_idle) || (is(Wait::kTasksDone) && tasks_done) ||
         (is(Wait::kNoInflight) && no_inflight) ||
         (is(Wait::kMmaplockExcl) && mm_excl_free && v.get(Field::kMmaplockShared, 0) == v.lit(0)) ||
         (is(Wait::kMmaplockShared) && mm_excl_free) || (is(Wait::kFolioUptodateOrUnlocked) && folio_readable) ||
         (is(Wait::kFaultFolio) && fault_folio);
}

// The task's next program step can run.
template <class V>
typename V::Bool task_enabled(const V& v, int task) {
  return !task_done(v, task) && wait_satisfied(v, task);
}

// Ioend slot `slot` holds a submitted ioend whose completion can run.
template <class V>
typename V::Bool io_pending(const V& v, int slot) {
  return v.get(Field::kIoBlocks, slot) != v.lit(0);
}

}  // namespace wbcheck::model
