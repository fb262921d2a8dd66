// The whole system as one compact value: inode and extent map, folios and
// their per-block (iomap_folio_state) bits, locks, counters, errseq, and every
// task's program counter and locals. Fixed size, trivially copyable, no
// padding: its bytes are its canonical encoding, which the checker fingerprints.
//
// ILOCK is not here: it is only ever held inside one atomic step (one ILOCK
// critical section = one step), so it can never be observed held.
#pragma once

#include <cstdint>
#include <type_traits>

#include "model/scenario.h"

namespace wbcheck::model {

// Every struct below is written once over a field wrapper W: W = Plain gives
// the concrete state the explicit search stores (plain integers), W = a Z3
// value (properties/sym_value.h) the symbolic state the same step functions
// run on for bounded model checking and k-induction.
template <class T>
using Plain = T;

// Per filesystem block of the tracked file range.
template <template <class> class W>
struct BlockStateT {
  W<uint8_t> extent;    // ExtentKind of the data fork at this block
  W<uint8_t> uptodate;  // ifs uptodate bit (PG_uptodate when the folio has no ifs)
  W<uint8_t> dirty;     // ifs dirty bit (6.6+); before 6.6 a ghost: written since writeback last took the folio
  W<uint8_t> cache_ver; // data version held by the page cache (0 = zeros / never written)
  W<uint8_t> disk_ver;  // data version on disk (0 = never written)
  W<uint8_t> io_ver;    // data version carried by write I/O in flight (0 = none)
  // ghost: losing this cached copy needs no report: mapping_set_error ran
  // since the block was last written, or the copy was read from disk
  W<uint8_t> err_since_write;
};

// Data versions: 1.. are the scenario's writes, in op order; 0 is zeros.
inline constexpr uint8_t kVersionGarbage = 0xfe;  // whatever an allocated block held before
inline constexpr uint8_t kVersionInitial = 0xff;  // the data of a scenario's initial written extent

template <template <class> class W>
struct FolioStateT {
  W<uint8_t> present;    // in the page cache
  W<uint8_t> locked_by;  // folio lock: 0 = unlocked, else owner task + 1
  W<uint8_t> uptodate;   // PG_uptodate
  W<uint8_t> dirty;      // PG_dirty
  W<uint8_t> writeback;  // PG_writeback
  W<uint8_t> has_ifs;    // struct iomap_folio_state allocated (folio->private)
};

// What the next step of a task waits for; kept in the state so that one
// definition of "enabled" serves the explicit search and the Z3 encoding.
enum class Wait : uint8_t {
  kNone = 0,
  kIolockExcl,      // i_rwsem free
  kIolockShared,    // i_rwsem not held exclusive
  kFolioLock,       // folio `wait_arg` unlocked
  kFolioWriteback,  // folio `wait_arg` not under writeback
  kTasksDone,       // every scenario task finished (teardown only)
  kNoInflight,      // no write I/O in flight (truncate_inode_pages_final)
  kMmaplockExcl,    // mapping->invalidate_lock free (truncate, punch hole)
  kMmaplockShared,  // mapping->invalidate_lock not held exclusive
  kFolioUptodateOrUnlocked,  // folio `wait_arg` uptodate (read without its lock) or unlocked
  // filemap_fault: folio `wait_arg` unlocked and, when it has to be read in
  // (absent or not uptodate), invalidate_lock not held exclusive
  kFaultFolio,
};

template <template <class> class W>
struct TaskStateT {
  W<uint8_t> op;        // index of the running op; == program length when done
  W<uint8_t> phase;     // Phase (model/phase.h): where in the running kernel path
  W<uint8_t> wait;      // Wait of the next step
  W<uint8_t> wait_arg;  // its folio, for folio waits
  W<uint8_t> ret;       // Errno returned by the last finished syscall
  W<uint8_t> err;       // error of the syscall in progress
  W<uint8_t> iolock;    // 0 none, 1 IOLOCK_SHARED, 2 IOLOCK_EXCL held by this task
  W<uint8_t> cur;       // current block of the running path
  W<uint8_t> end;       // end block (exclusive) of the running path's range
  W<uint8_t> folio;     // current folio of a per-folio loop
  W<uint8_t> map_start, map_end, map_kind, map_valid;  // cached mapping (iomap / wpc->iomap)
  W<uint8_t> map_new;   // the write's mapping is delalloc it reserved itself (IOMAP_F_NEW)
  // iomap_write_delalloc_release over [cur, map_end): the block the scan is
  // at (start_byte), the first block not yet punched or kept
  // (punch_start_byte), and the end of the cached data range being scanned
  W<uint8_t> scan, punch_start, data_end;
  W<uint8_t> wb_first, wb_last;  // folio range of the running writeback (inclusive)
  W<uint8_t> wb_todo;   // folios tagged TOWRITE when the writeback started (bit mask)
  W<uint8_t> wb_count;  // blocks of the current folio added to the ioend
  W<uint8_t> wb_err;    // first error of this writepages call (its return value)
  W<uint8_t> wb_hook;   // next primitive of the running hook
  W<uint8_t> wb_ret;    // phase to continue at when the writeback returns
  W<uint8_t> mmaplock;  // 0 none, 1 MMAPLOCK_SHARED, 2 MMAPLOCK_EXCL held by this task
  W<uint16_t> ioend;     // blocks in the cached ioend (wpc->ioend), bit mask
  W<uint16_t> f_wb_err;  // file->f_wb_err: this task's open file's errseq cursor
};

// A submitted write ioend whose completion has not run yet. Folios under
// writeback belong to exactly one ioend (WB_SYNC_ALL waits for PG_writeback
// before it takes a folio again), so there are at most as many as folios.
// Slots are kept sorted (non-empty first, by block mask) so that the same set
// of ioends is always the same bytes.
template <template <class> class W>
struct IoendStateT {
  W<uint16_t> blocks;  // blocks under this I/O, bit mask; 0 = free slot
  W<uint8_t> err;      // Errno the bio completes with: the writepages error through errno_to_blk_status
  W<uint8_t> task;     // the task that submitted it
};

template <template <class> class W>
struct StateT {
  W<uint32_t> i_size;          // bytes
  W<uint16_t> fdblocks;        // sb_fdblocks: free blocks not reserved
  W<uint16_t> wb_err;          // mapping->wb_err (errseq, model/errseq.h)
  W<uint8_t> i_delayed_blks;   // delalloc blocks reserved by the inode
  W<uint8_t> m_delalloc_blks;  // per-mount delalloc counter
  W<uint8_t> iolock_excl;      // i_rwsem held exclusive by task + 1, or 0
  W<uint8_t> iolock_shared;    // number of shared holders of i_rwsem
  W<uint8_t> mmaplock_excl;    // mapping->invalidate_lock (XFS_MMAPLOCK) held exclusive by task + 1, or 0
  W<uint8_t> mmaplock_shared;  // number of shared holders of the invalidate_lock
  W<uint8_t> as_eio, as_enospc;  // AS_EIO / AS_ENOSPC in mapping->flags
  // Observations of kernel events, sticky once set (the kernel would WARN/ASSERT).
  W<uint8_t> warned_convert;   // WARN_ON_ONCE in xfs_bmapi_convert_delalloc (data fork)
  W<uint8_t> discard_escaped;  // a punch removed delalloc outside the folios its task held locked
  W<uint8_t> evicted;          // inode reclaimed (xfs_inodegc_set_reclaimable ran)
  W<uint8_t> unmounted;        // xfs_unmountfs finished (xfs_destroy_percpu_counters)
  W<uint8_t> shutdown;         // xfs_is_shutdown
  W<uint8_t> sick;             // the inode is marked sick (xfs_bmap_mark_sick)
  W<uint8_t> ifs_freed_under_io;  // per-folio state freed while blocks of that folio were in an ioend
  W<uint8_t> fsync_lied;       // an fsync/O_SYNC write returned 0 with its task's data not on disk
  W<uint8_t> unreported_loss;  // cached data not on disk was dropped, and no error has been recorded since
  W<uint8_t> stale_read;       // a read returned bytes that were never written (kVersionGarbage)
  // Sticky records of the state invariants that can turn false and true
  // again (model/observations.h), set by WbModel::apply after every step.
  // They make every property stable (once false, false for good), which the
  // partial-order reduction relies on (checker/por.h).
  W<uint8_t> was_unbacked_dirty;   // some state had a dirty block without backing
  W<uint8_t> was_dirty_bit_clean;  // some state had a per-block dirty bit on a clean, idle folio
  W<uint8_t> was_garbage_written;  // some state had a written extent holding never-written bytes
  W<uint8_t> pad0;  // always 0: keeps the State free of implicit padding (its bytes are its encoding)
  BlockStateT<W> block[kMaxBlocks];
  FolioStateT<W> folio[kMaxFolios];
  TaskStateT<W> task[kMaxTasks + 1];  // scenario tasks, then the teardown actor
  IoendStateT<W> io[kMaxFolios];      // submitted ioends, sorted
};

using BlockState = BlockStateT<Plain>;
using FolioState = FolioStateT<Plain>;
using TaskState = TaskStateT<Plain>;
using IoendState = IoendStateT<Plain>;
using State = StateT<Plain>;

static_assert(std::is_trivially_copyable_v<State>);
static_assert(std::has_unique_object_representations_v<State>);

}  // namespace wbcheck::model
