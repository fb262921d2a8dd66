// Truncate: truncate(2)/ftruncate(2) -> do_truncate, which takes inode_lock
// (i_rwsem, XFS's IOLOCK, exclusive) -> notify_change -> xfs_vn_setattr, which
// takes XFS_MMAPLOCK_EXCL -> xfs_vn_setattr_size -> xfs_setattr_size
// (fs/open.c, fs/xfs/xfs_iops.c, mm/truncate.c, fs/xfs/xfs_inode.c; v6.2, the
// same through v6.6). xfs_setattr_size, for the block-aligned sizes modelled:
//
//   newsize == oldsize == 0 and no extents: return 0 (the short circuit)
//   inode_dio_wait
//   grow:   xfs_zero_range(oldsize, newsize - oldsize)
//   shrink: filemap_write_and_wait_range(newsize, newsize)   "Flush the new EOF
//           to convert the block before the pagecache truncate" (869ae85dae64,
//           v5.10; removed in 2024), then xfs_truncate_page (nothing to zero
//           when newsize is block aligned: iomap_truncate_page returns at once)
//   truncate_setsize: i_size_write, truncate_pagecache -> truncate_inode_pages_range
//   xfs_trans_alloc(tr_itruncate), i_disk_size = newsize,
//   xfs_itruncate_extents(newsize) when newsize <= oldsize, xfs_trans_commit
//
// Steps follow the lock-held sections: IOLOCK_EXCL and MMAPLOCK_EXCL are taken
// one step each (another task may hold either); the flush is the writeback
// sub-path (paths/writeback.cc) and its filemap_check_errors a step; i_size is
// written without any folio lock; the page cache goes one folio lock at a time
// (truncate_inode_pages_range below, shared with punch hole); the transaction
// is one ILOCK_EXCL section (xfs_itruncate_extents rolls the transaction but
// keeps the inode locked). The locks are dropped with the transaction's step.
//
// Not modelled (documented in model/README.md):
//  - inode_dio_wait never waits: the model's direct writes complete before
//    they drop IOLOCK_SHARED (no AIO), so with IOLOCK_EXCL held no DIO is in
//    flight.
//  - Growing: xfs_zero_range over [oldsize, newsize) writes zeros into the
//    page cache only over written or delalloc blocks past the old EOF; the
//    loader rejects truncates in scenarios whose initial written extents lie
//    past the initial size, the only way such blocks arise in the model. The
//    growing truncate's flush of [i_disk_size, newsize) is left out: the model
//    has no on-disk size.
//  - Large folios: truncate_inode_partial_folio splits a large folio, which a
//    fixed folio geometry cannot; the loader accepts truncate and punch hole
//    only with folio_size == PAGE_SIZE (4096).
//  - truncate_inode_pages_range's first pass trylocks and skips locked or
//    writeback folios and comes back for them in its second pass; the model
//    takes the folios in index order, each with a blocking folio_lock and
//    folio_wait_writeback. Removing one folio changes nothing another folio's
//    removal reads, and no other task's step reads more than one folio of the
//    range while the locks are held, so the order changes no verdict.
//  - XFS_ITRUNCATED and the flush it asks for at close (xfs_release): the
//    model's files are never closed.
#include <algorithm>

#include "model/domains.h"
#include "model/extent_map.h"
#include "model/primitives.h"
#include "model/locks.h"
#include "model/steps.h"
#include "model/task_flow.h"

namespace wbcheck::model {
namespace {

constexpr uint64_t kPageSize = 4096;  // PAGE_SIZE

int size_block(const Context& c, uint64_t bytes) { return static_cast<int>(bytes / c.block_size); }

// The byte range truncate_inode_pages_range works on, [lstart, lend], and the
// bytes whose data the op destroys, [dstart, dend). Truncate: both from the
// new size to the end. Punch hole: truncate_pagecache_range over
// xfs_flush_unmap_range's range, rounded out to max(block size, PAGE_SIZE),
// and the data of [pos, pos + len).
struct PagecacheRange {
  uint64_t lstart, lend;  // inclusive
  uint64_t dstart, dend;
};

// A failed write (v6.1 and earlier): truncate_pagecache_range over the
// unwritten part of its mapping, [cur, map_end); it means to destroy no data.
PagecacheRange pagecache_range(const auto& s, const Context& c, int task) {
  const auto& t = s.task[task];
  const Op& op = c.op(task, t.op);
  uint64_t file_end = uint64_t{c.folio_size} * c.nfolios;
  if (op.kind == OpKind::kWrite) return {uint64_t{c.block_size} * t.cur, uint64_t{c.block_size} * t.map_end - 1, 0, 0};
  if (op.kind == OpKind::kTruncate) return {op.pos, file_end - 1, op.pos, file_end};
  uint64_t r = std::max<uint64_t>(c.block_size, kPageSize);
  uint64_t start = op.pos / r * r, end = (op.pos + op.len + r - 1) / r * r - 1;
  return {start, end, op.pos, op.pos + op.len};
}

// Block b's cached copy leaves the cache: discarded when its data is what the
// op removes, dropped (possibly an unreported loss) otherwise.
void release_block(auto& s, const Context& c, const PagecacheRange& r, int b) {
  uint64_t pos = uint64_t{c.block_size} * b;
  if (pos >= r.dstart && pos < r.dend) discard_truncated_block(s, b);
  else drop_cached_block(s, c, b);
}

// truncate_inode_folio -> truncate_cleanup_folio: folio_invalidate over the
// whole folio (iomap_invalidate_folio: folio_cancel_dirty, ifs_free), then
// filemap_remove_folio; the folio lock goes with the folio.
void truncate_inode_folio(auto& s, const Context& c, const PagecacheRange& r, int f) {
  for (int b = c.first_block(f); b < c.first_block(f) + c.blocks_per_folio; ++b) release_block(s, c, r, b);
  uint64_t fpos = uint64_t{c.folio_size} * f;
  iomap_invalidate_folio(s, c, f, fpos, fpos + c.folio_size);
  s.folio[f] = {};
}

// truncate_inode_partial_folio after folio_wait_writeback, for a folio the
// range covers only in part: folio_zero_range over the covered bytes, then
// folio_invalidate over them when the folio has private data (a partial
// iomap_invalidate_folio keeps the ifs, except a large folio's in 5.17/5.18).
// The folio is not large (the loader's PAGE_SIZE folios), so there is no
// split. Zeroed bytes hold no data: before 6.6 the ghost dirty bit goes with
// them; from 6.6 the ifs dirty bits stay set, as in the kernel.
void truncate_partial_folio(auto& s, const Context& c, const PagecacheRange& r, int f) {
  uint64_t fpos = uint64_t{c.folio_size} * f;
  uint64_t start = std::max(r.lstart, fpos), end = std::min(r.lend + 1, fpos + c.folio_size);
  for (int b = size_block(c, start); b < size_block(c, end); ++b) {
    uint64_t pos = uint64_t{c.block_size} * b;
    if (pos < r.dstart || pos >= r.dend) lose_cached_copy(s, c, b);  // data the op did not mean to remove
    s.block[b].cache_ver = 0;
    if (!c.policy.features.per_block_dirty) s.block[b].dirty = 0;
  }
  if (s.folio[f].has_ifs) iomap_invalidate_folio(s, c, f, start, end);
  folio_unlock(s, f);
}

int last_folio(const auto& s, const Context& c, int task) {
  return static_cast<int>(pagecache_range(s, c, task).lend / c.folio_size);
}

// The next folio of the range, or the op's next step after the page cache.
void truncate_next_folio(auto& s, const Context& c, int task) {
  auto& t = s.task[task];
  const Op& op = c.op(task, t.op);
  if (t.folio < last_folio(s, c, task)) {
    t.folio++;
    set_phase(t, Phase::kTruncFolio);
    return;
  }
  t.folio = 0;
  switch (op.kind) {
    case OpKind::kTruncate: set_phase(t, Phase::kTruncTransaction); break;
    case OpKind::kWrite: set_phase(t, Phase::kWriteFailPunch); break;
    default: set_phase(t, Phase::kPunchUnmap); break;
  }
}

void truncate_folio_locked(auto& s, const Context& c, int task) {
  auto& t = s.task[task];
  PagecacheRange r = pagecache_range(s, c, task);
  int f = t.folio;
  uint64_t fpos = uint64_t{c.folio_size} * f;
  if (r.lstart <= fpos && fpos + c.folio_size - 1 <= r.lend) truncate_inode_folio(s, c, r, f);
  else truncate_partial_folio(s, c, r, f);
  truncate_next_folio(s, c, task);
}

}  // namespace

void unlock_excl_and_finish(auto& s, const Context& c, int task, Errno ret) {
  rwsem_up(s, task, Rwsem::kMmaplock);
  rwsem_up(s, task, Rwsem::kIolock);
  finish_op(s, c, task, ret);
}

void start_truncate_pages(auto& s, const Context& c, int task) {
  auto& t = s.task[task];
  PagecacheRange r = pagecache_range(s, c, task);
  uint64_t file_end = uint64_t{c.folio_size} * c.nfolios;
  if (r.lstart >= file_end) {  // nothing of the tracked range is cached past lstart
    t.folio = static_cast<uint8_t>(c.nfolios - 1);
    truncate_next_folio(s, c, task);
    return;
  }
  t.folio = static_cast<uint8_t>(r.lstart / c.folio_size);
  set_phase(t, Phase::kTruncFolio);
}

// do_truncate: inode_lock(inode), i.e. xfs_ilock(IOLOCK_EXCL).
void do_truncate_lock(auto& s, const Context&, int task, int) {
  auto& t = s.task[task];
  rwsem_down_write(s, task, Rwsem::kIolock);
  set_phase(t, Phase::kTruncMmaplock);
}

// xfs_vn_setattr: xfs_ilock(MMAPLOCK_EXCL) (xfs_break_layouts: no layouts),
// then xfs_setattr_size to its flush. The short circuit leaves at once;
// inode_dio_wait has nothing to wait for (no AIO); a growing truncate goes
// on to truncate_setsize (xfs_zero_range: see the top of the file); a
// shrinking one (newsize <= oldsize) flushes the folio holding newsize.
void xfs_vn_setattr_lock(auto& s, const Context& c, int task, int) {
  auto& t = s.task[task];
  uint64_t newsize = c.op(task, t.op).pos;
  rwsem_down_write(s, task, Rwsem::kMmaplock);
  if (newsize == 0 && s.i_size == 0 && real_blocks(s, c) == 0) {  // ip->i_df.if_nextents == 0
    unlock_excl_and_finish(s, c, task, Errno::kOk);
    return;
  }
  if (newsize > s.i_size) {
    set_phase(t, Phase::kTruncSetsize);
    return;
  }
  int f = static_cast<int>(newsize / c.folio_size);
  if (f >= c.nfolios) {  // past the tracked range: no folio to write, only the error check
    set_phase(t, Phase::kTruncCheckErrors);
    return;
  }
  start_writeback(s, task, f, f, Phase::kTruncCheckErrors);
}

// The end of filemap_write_and_wait_range(newsize, newsize): the writeback's
// error, else filemap_check_errors (AS_ENOSPC/AS_EIO, test and clear). An
// error ends the truncate with nothing truncated.
void truncate_check_errors(auto& s, const Context& c, int task, int) {
  auto& t = s.task[task];
  Errno err = err_of(t.err);
  Errno flags = test_and_clear_as_errors(s);
  if (err == Errno::kOk) err = flags;
  t.err = 0;
  if (err != Errno::kOk) {
    unlock_excl_and_finish(s, c, task, err);
    return;
  }
  set_phase(t, Phase::kTruncSetsize);
}

// truncate_setsize: i_size_write(newsize) (pagecache_isize_extended touches
// only page tables), then truncate_pagecache(newsize), which runs for a
// growing truncate as well. The blocks xfs_itruncate_extents will remove,
// [newsize, end), are recorded in cur/end; empty when growing.
void truncate_setsize(auto& s, const Context& c, int task, int) {
  auto& t = s.task[task];
  uint64_t newsize = c.op(task, t.op).pos;
  bool shrink = newsize <= s.i_size;
  t.cur = static_cast<uint8_t>(size_block(c, newsize));
  if (shrink) t.end = static_cast<uint8_t>(c.nblocks);
  else t.end = t.cur;
  s.i_size = static_cast<uint32_t>(newsize);
  start_truncate_pages(s, c, task);
}

// truncate_inode_pages_range for folio t.folio (mm/truncate.c): absent, next;
// else folio_lock, folio_wait_writeback, then a folio wholly inside the range
// leaves the cache (truncate_inode_folio) and one the range covers in part is
// zeroed there (truncate_inode_partial_folio).
void truncate_inode_pages_range(auto& s, const Context& c, int task, int) {
  auto& t = s.task[task];
  int f = t.folio;
  if (!s.folio[f].present) {
    truncate_next_folio(s, c, task);
    return;
  }
  folio_lock(s, f, task);
  if (s.folio[f].writeback) {
    set_phase(t, Phase::kTruncFolioWait);
    return;
  }
  truncate_folio_locked(s, c, task);
}

void truncate_wait_writeback(auto& s, const Context& c, int task, int) { truncate_folio_locked(s, c, task); }

// xfs_setattr_size's transaction: xfs_trans_alloc fails with -EIO on a
// shut-down filesystem (xfs_log_reserve: xlog_is_shutdown), after i_size and
// the page cache have changed ("a truncate can fail ... having already
// truncated the in-memory version of the file"). Otherwise i_disk_size, and
// for newsize <= oldsize xfs_itruncate_extents -> xfs_bunmapi_range over
// [newsize, end): delalloc returns its reservation (xfs_bmap_del_extent_delay),
// real extents return their blocks to fdblocks (xfs_bmap_del_extent_real, the
// deferred frees finished before the commit). Then the locks go.
void xfs_itruncate_extents(auto& s, const Context& c, int task, int) {
  auto& t = s.task[task];
  if (s.shutdown) {
    unlock_excl_and_finish(s, c, task, Errno::kEIO);
    return;
  }
  xfs_bunmapi_range(s, c, t.cur, t.end);
  unlock_excl_and_finish(s, c, task, Errno::kOk);
}

#define INSTANTIATE(S) \
  template void unlock_excl_and_finish(S&, const Context&, int, Errno); \
  template void start_truncate_pages(S&, const Context&, int); \
  template void do_truncate_lock(S&, const Context&, int, int); \
  template void xfs_vn_setattr_lock(S&, const Context&, int, int); \
  template void truncate_check_errors(S&, const Context&, int, int); \
  template void truncate_setsize(S&, const Context&, int, int); \
  template void truncate_inode_pages_range(S&, const Context&, int, int); \
  template void truncate_wait_writeback(S&, const Context&, int, int); \
  template void xfs_itruncate_extents(S&, const Context&, int, int);
WBCHECK_FOR_EACH_STATE(INSTANTIATE)
#undef INSTANTIATE

}  // namespace wbcheck::model
