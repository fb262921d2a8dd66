// Hole punch: fallocate(FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE) ->
// xfs_file_fallocate -> xfs_flush_unmap_range, then xfs_free_file_space
// (fs/xfs/xfs_file.c, fs/xfs/xfs_bmap_util.c, mm/truncate.c; v6.2, the same
// through v6.6):
//
//   xfs_ilock(ip, XFS_IOLOCK_EXCL | XFS_MMAPLOCK_EXCL); xfs_break_layouts
//   inode_dio_wait
//   xfs_flush_unmap_range(offset, len): rounding = max(block size, PAGE_SIZE),
//       filemap_write_and_wait_range(start, end), on error return it;
//       truncate_pagecache_range(start, end)
//   file_modified (timestamps)
//   xfs_free_file_space: xfs_unmap_extent until done (xfs_trans_alloc_inode,
//       xfs_bunmapi of up to two extents per transaction); offset >= i_size:
//       return 0; xfs_zero_range over [offset, min(offset + len, i_size)) has
//       nothing to do for a block-aligned range (its blocks are holes now);
//       if offset + len >= i_size and EOF is not page aligned,
//       filemap_write_and_wait_range(round_down(offset + len, PAGE_SIZE), LLONG_MAX)
//   xfs_iunlock(ip, iolock)
//
// Steps: the two lock acquisitions, the flush (writeback sub-path) and its
// error check, one step per folio of truncate_pagecache_range
// (truncate_inode_pages_range in paths/truncate.cc), xfs_unmap_extent, and the
// EOF-page flush with its error check. xfs_unmap_extent's transactions are one
// step: nothing is cached over the range any more and the locks keep writes,
// faults and reads out, so the only other step that reads the range's
// extents is a writeback conversion of a delalloc extent reaching into it
// (which converts the whole extent), and converting before or after a
// partial unmap ends with the same extents and counters. The transaction's
// block reservation (XFS_DIOSTRAT_SPACE_RES) is not counted, like indlen.
#include <algorithm>

#include "model/domains.h"
#include "model/extent_map.h"
#include "model/locks.h"
#include "model/steps.h"
#include "model/task_flow.h"

namespace wbcheck::model {
namespace {

constexpr uint64_t kPageSize = 4096;  // PAGE_SIZE

}  // namespace

// xfs_file_fallocate: xfs_ilock(IOLOCK_EXCL | MMAPLOCK_EXCL) takes IOLOCK first.
void xfs_file_fallocate_lock(auto& s, const Context&, int task, int) {
  auto& t = s.task[task];
  rwsem_down_write(s, task, Rwsem::kIolock);
  set_phase(t, Phase::kPunchMmaplock);
}

// ... then MMAPLOCK_EXCL; inode_dio_wait has nothing to wait for (no AIO);
// xfs_flush_unmap_range writes back the folios of [start, end].
void xfs_file_fallocate_mmaplock(auto& s, const Context& c, int task, int) {
  auto& t = s.task[task];
  const Op& op = c.op(task, t.op);
  rwsem_down_write(s, task, Rwsem::kMmaplock);
  uint64_t r = std::max<uint64_t>(c.block_size, kPageSize);
  uint64_t start = op.pos / r * r, end = (op.pos + op.len + r - 1) / r * r - 1;
  start_writeback(s, task, static_cast<int>(start / c.folio_size), static_cast<int>(end / c.folio_size),
                  Phase::kPunchCheckErrors);
}

// The end of xfs_flush_unmap_range's filemap_write_and_wait_range: an error
// (the writeback's, else AS_ENOSPC/AS_EIO, test and clear) fails the punch
// before anything is removed; else truncate_pagecache_range.
void xfs_flush_unmap_range_check(auto& s, const Context& c, int task, int) {
  auto& t = s.task[task];
  Errno err = err_of(t.err);
  Errno flags = test_and_clear_as_errors(s);
  if (err == Errno::kOk) err = flags;
  t.err = 0;
  if (err != Errno::kOk) {
    unlock_excl_and_finish(s, c, task, err);
    return;
  }
  start_truncate_pages(s, c, task);
}

// xfs_free_file_space: xfs_unmap_extent over [XFS_B_TO_FSB(offset),
// XFS_B_TO_FSBT(offset + len)): -EIO from xfs_trans_alloc_inode on a
// shut-down filesystem, else every extent in the range is removed with its
// accounting. Then the EOF-page flush when the range reaches an EOF that is
// not page aligned.
void xfs_free_file_space(auto& s, const Context& c, int task, int) {
  auto& t = s.task[task];
  const Op& op = c.op(task, t.op);
  if (s.shutdown) {
    unlock_excl_and_finish(s, c, task, Errno::kEIO);
    return;
  }
  xfs_bunmapi_range(s, c, static_cast<int>(op.pos / c.block_size),
                    static_cast<int>((op.pos + op.len) / c.block_size));
  if (op.pos >= s.i_size) {
    unlock_excl_and_finish(s, c, task, Errno::kOk);
    return;
  }
  uint64_t end = std::min<uint64_t>(op.pos + op.len, s.i_size);
  if (end >= s.i_size && end % kPageSize != 0) {
    start_writeback(s, task, static_cast<int>(end / kPageSize * kPageSize / c.folio_size), c.nfolios - 1,
                    Phase::kPunchTailCheck);
    return;
  }
  unlock_excl_and_finish(s, c, task, Errno::kOk);
}

// The end of that filemap_write_and_wait_range: its error is the punch's.
void xfs_free_file_space_check(auto& s, const Context& c, int task, int) {
  auto& t = s.task[task];
  Errno err = err_of(t.err);
  Errno flags = test_and_clear_as_errors(s);
  if (err == Errno::kOk) err = flags;
  unlock_excl_and_finish(s, c, task, err);
}

#define INSTANTIATE(S) \
  template void xfs_file_fallocate_lock(S&, const Context&, int, int); \
  template void xfs_file_fallocate_mmaplock(S&, const Context&, int, int); \
  template void xfs_flush_unmap_range_check(S&, const Context&, int, int); \
  template void xfs_free_file_space(S&, const Context&, int, int); \
  template void xfs_free_file_space_check(S&, const Context&, int, int);
WBCHECK_FOR_EACH_STATE(INSTANTIATE)
#undef INSTANTIATE

}  // namespace wbcheck::model
