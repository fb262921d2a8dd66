// Aligned direct-IO write: xfs_file_dio_write_aligned -> iomap_dio_rw ->
// __iomap_dio_rw (fs/xfs/xfs_file.c, fs/iomap/direct-io.c, 6.2). It holds only
// IOLOCK_SHARED, flushes its range with filemap_write_and_wait_range (a second,
// concurrent WB_SYNC_ALL writeback: thread B of bug 217030), invalidates the
// cached folios, allocates unwritten extents and writes around the page cache.
#include "model/domains.h"
#include "model/extent_map.h"
#include "model/locks.h"
#include "model/steps.h"
#include "model/task_flow.h"

namespace wbcheck::model {
namespace {

void dio_finish(auto& s, const Context& c, int task, Errno ret) {
  rwsem_up(s, task, Rwsem::kIolock);
  finish_op(s, c, task, ret);
}

int dio_first_folio(const Context& c, const Op& op) { return static_cast<int>(op.pos / c.folio_size); }
int dio_last_folio(const Context& c, const Op& op) {
  return static_cast<int>((op.pos + op.len - 1) / c.folio_size);
}

// -ENOTBLK: xfs_file_write_iter falls back to a buffered write of the same
// range, after the direct path dropped IOLOCK_SHARED.
void fall_back_to_buffered(auto& s, int task) {
  auto& t = s.task[task];
  rwsem_up(s, task, Rwsem::kIolock);
  t.err = 0;
  t.folio = 0;
  set_phase(t, Phase::kWriteLock);
}

// Past the last folio of the range: invalidation done.
void invalidate_next(auto& s, const Context& c, int task) {
  auto& t = s.task[task];
  const Op& op = c.op(task, t.op);
  if (t.folio < dio_last_folio(c, op)) {
    t.folio++;
    set_phase(t, Phase::kDioInvalidate);
    return;
  }
  if (err_of(t.err) == Errno::kENOTBLK) {
    // invalidate_inode_pages2_range failed: -ENOTBLK.
    fall_back_to_buffered(s, task);
    return;
  }
  t.folio = 0;
  t.cur = static_cast<uint8_t>(op.pos / c.block_size);
  t.end = static_cast<uint8_t>((op.pos + op.len) / c.block_size);
  set_phase(t, Phase::kDioIomapBegin);
}

// invalidate_complete_folio2 via iomap_release_folio: a dirty folio cannot be
// released (-EBUSY for the range); a clean one leaves the page cache.
void invalidate_folio_locked(auto& s, const Context& c, int task) {
  auto& t = s.task[task];
  int f = t.folio;
  if (s.folio[f].dirty) {
    t.err = static_cast<uint8_t>(Errno::kENOTBLK);
    folio_unlock(s, f);
  } else {
    s.folio[f] = {};
    for (int b = c.first_block(f); b < c.first_block(f) + c.blocks_per_folio; ++b) {
      drop_cached_block(s, c, b);
    }
  }
  invalidate_next(s, c, task);
}

}  // namespace

// xfs_file_write_iter's shutdown check (-EIO before any lock; read here when
// IOLOCK is granted, see xfs_file_buffered_write_lock), then
// xfs_file_dio_write_aligned: xfs_ilock(ip, XFS_IOLOCK_SHARED), then the flush.
void xfs_file_dio_write_lock(auto& s, const Context& c, int task, int) {
  const Op& op = c.op(task, s.task[task].op);
  if (s.shutdown) {
    finish_op(s, c, task, Errno::kEIO);
    return;
  }
  rwsem_down_read(s, task, Rwsem::kIolock);
  start_writeback(s, task, dio_first_folio(c, op), dio_last_folio(c, op), Phase::kDioCheckErrors);
}

// The end of filemap_write_and_wait_range: the writeback's error, else
// filemap_check_errors (test-and-clear AS_ENOSPC, then AS_EIO). Any error fails
// the direct write (before 6.6 there is no buffered fallback for it).
void filemap_check_errors(auto& s, const Context& c, int task, int) {
  auto& t = s.task[task];
  Errno err = err_of(t.err);
  Errno flags = test_and_clear_as_errors(s);
  if (err == Errno::kOk) err = flags;
  if (err != Errno::kOk && c.policy.features.dio_flush_error_fallback) {
    // 6.6+ kiocb_invalidate_pages: any error but -EAGAIN becomes -ENOTBLK,
    // and xfs_file_write_iter falls back to a buffered write.
    fall_back_to_buffered(s, task);
    return;
  }
  if (err != Errno::kOk) {
    dio_finish(s, c, task, err);
    return;
  }
  t.folio = static_cast<uint8_t>(dio_first_folio(c, c.op(task, t.op)));
  set_phase(t, Phase::kDioInvalidate);
}

// invalidate_inode_pages2_range, one folio per step: lock it, wait for
// writeback with the lock held, then try to release it.
void invalidate_inode_pages2_range(auto& s, const Context& c, int task, int) {
  auto& t = s.task[task];
  int f = t.folio;
  if (!s.folio[f].present) {
    invalidate_next(s, c, task);
    return;
  }
  folio_lock(s, f, task);
  if (s.folio[f].writeback) {
    set_phase(t, Phase::kDioInvalidateWait);
    return;
  }
  invalidate_folio_locked(s, c, task);
}

void invalidate_wait_writeback(auto& s, const Context& c, int task, int) {
  invalidate_folio_locked(s, c, task);
}

int dio_iomap_begin_outcomes(const auto& s, const Context& c, int task) {
  const auto& t = s.task[task];
  if (s.shutdown) return 1;
  for (int b = t.cur; b < t.end; ++b) {
    if (!is_real(extent_at(s, b))) return fault_outcomes(c.scenario.faults.alloc);
  }
  return 1;
}

// xfs_direct_write_iomap_begin under ILOCK_EXCL (fs/xfs/xfs_iomap.c): holes
// and delalloc in the range need xfs_iomap_write_direct, which allocates
// unwritten extents; an allocation failure fails the write. A shut-down
// filesystem fails it first (`if (xfs_is_shutdown(mp)) return -EIO;`).
void xfs_direct_write_iomap_begin(auto& s, const Context& c, int task, int choice) {
  auto& t = s.task[task];
  if (s.shutdown) {
    dio_finish(s, c, task, Errno::kEIO);
    return;
  }
  bool needs_alloc = false;
  for (int b = t.cur; b < t.end; ++b) needs_alloc = needs_alloc || !is_real(extent_at(s, b));
  if (needs_alloc && fault_fires(c.scenario.faults.alloc, choice)) {
    dio_finish(s, c, task, c.scenario.faults.alloc_errno);
    return;
  }
  if (!xfs_iomap_write_direct(s, c, t.cur, t.end)) {
    dio_finish(s, c, task, Errno::kENOSPC);
    return;
  }
  set_phase(t, Phase::kDioEndIo);
}

int dio_end_io_outcomes(const auto&, const Context& c, int) { return fault_outcomes(c.scenario.faults.io); }

// iomap_dio_bio_end_io -> iomap_dio_complete -> xfs_dio_write_end_io: on
// success the data is on disk, unwritten extents are converted and i_size
// grows; on error the extents stay unwritten. On a shut-down filesystem
// xfs_dio_write_end_io returns -EIO before looking at the I/O: what the bio
// wrote stays under unwritten extents.
void xfs_dio_write_end_io(auto& s, const Context& c, int task, int choice) {
  auto& t = s.task[task];
  if (fault_fires(c.scenario.faults.io, choice)) {
    dio_finish(s, c, task, Errno::kEIO);
    return;
  }
  uint32_t mask = 0;
  uint8_t version = c.version[task][t.op];
  for (int b = t.cur; b < t.end; ++b) {
    s.block[b].disk_ver = version;
    mask |= 1u << b;
  }
  if (s.shutdown) {
    dio_finish(s, c, task, Errno::kEIO);
    return;
  }
  xfs_iomap_write_unwritten(s, c, mask);
  s.i_size = std::max<uint32_t>(s.i_size, static_cast<uint32_t>(t.end) * c.block_size);
  dio_finish(s, c, task, Errno::kOk);
}

#define INSTANTIATE(S) \
  template void xfs_file_dio_write_lock(S&, const Context&, int, int); \
  template void filemap_check_errors(S&, const Context&, int, int); \
  template void invalidate_inode_pages2_range(S&, const Context&, int, int); \
  template void invalidate_wait_writeback(S&, const Context&, int, int); \
  template int dio_iomap_begin_outcomes(const S&, const Context&, int); \
  template void xfs_direct_write_iomap_begin(S&, const Context&, int, int); \
  template int dio_end_io_outcomes(const S&, const Context&, int); \
  template void xfs_dio_write_end_io(S&, const Context&, int, int);
WBCHECK_FOR_EACH_STATE(INSTANTIATE)
#undef INSTANTIATE

}  // namespace wbcheck::model
