// How a task moves through its program: starting an op, entering and leaving
// the writeback sub-path, finishing with a return value, and the wait of its
// next step. Shared by every file in paths/.
#pragma once

#include "model/context.h"
#include "model/phase.h"
#include "model/state.h"

namespace wbcheck::model {

inline Phase phase_of(const auto& t) { return static_cast<Phase>(t.phase); }
inline void set_phase(auto& t, Phase p) { t.phase = static_cast<uint8_t>(p); }
inline Errno err_of(uint8_t v) { return static_cast<Errno>(v); }

// The first phase of `task`'s op number `index`.
Phase initial_phase(const Context& c, int task, int index);

// Enters the task's current op (s.task[task].op) at its first phase.
void enter_op(auto& s, const Context& c, int task);

// Ends the running syscall with `ret`, clears its locals (so that finished
// work leaves no trace in the state) and moves to the next op.
void finish_op(auto& s, const Context& c, int task, Errno ret);

// Enters the WB_SYNC_ALL writeback of folios [first, last] (write_cache_pages
// via filemap_fdatawrite_range, then the wait); the result lands in
// `err` and the task continues at `ret`.
void start_writeback(auto& s, int task, int first, int last, Phase ret);

// Recomputes the wait of `task`'s next step from its phase and locals.
void refresh_wait(auto& s, const Context& c, int task);
// The wait of the next step of a task in local state t; *arg its folio.
Wait wait_of(const Context& c, int task, const auto& t, int* arg);

// Folio lock helpers (folio_lock / folio_unlock).
inline void folio_lock(auto& s, int folio, int task) { s.folio[folio].locked_by = static_cast<uint8_t>(task + 1); }
inline void folio_unlock(auto& s, int folio) { s.folio[folio].locked_by = 0; }

// mapping_set_error (include/linux/pagemap.h): errseq on mapping->wb_err plus
// AS_ENOSPC for -ENOSPC and AS_EIO for anything else.
void mapping_set_error(auto& s, const Context& c, Errno err);

// filemap_check_errors' test-and-clear of the mapping flags (mm/filemap.c):
// -ENOSPC if AS_ENOSPC was set, -EIO if AS_EIO was (it wins), else 0.
Errno test_and_clear_as_errors(auto& s);

// Truncate and hole punch remove block b's cached copy because the file no
// longer holds that data: nothing is lost, so unlike drop_cached_block this
// never counts as an unreported loss.
void discard_truncated_block(auto& s, int b);

// The page cache lets go of block b's cached copy (folio dropped or no longer
// uptodate). When that copy was the only one of written data (not on disk,
// not under I/O) and no error has been recorded since the write, the loss is
// unreported until mapping_set_error records one (every file that sampled
// wb_err before will then see it).
void drop_cached_block(auto& s, const Context& c, int b);
// The same loss accounting when the cached copy is overwritten with zeros
// (truncate_inode_partial_folio's folio_zero_range): the block stays uptodate.
void lose_cached_copy(auto& s, const Context& c, int b);

// Some scenario task is still running, so its open file can hear of errors.
bool files_open(const auto& s, const Context& c);

// Whether a fault in `mode` makes outcome `choice` fail (choice 1 = the failing
// branch when both are explored).
bool fault_fires(FaultMode mode, int choice);
inline int fault_outcomes(FaultMode mode) { return mode == FaultMode::kNondet ? 2 : 1; }

}  // namespace wbcheck::model
