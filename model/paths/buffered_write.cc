// Buffered write: xfs_file_write_iter -> xfs_file_buffered_write ->
// iomap_file_buffered_write (fs/xfs/xfs_file.c, fs/iomap/buffered-io.c, 6.2),
// then generic_write_sync for O_SYNC after IOLOCK is dropped, so the flush
// can overlap a direct-IO write that holds IOLOCK_SHARED.
#include "model/domains.h"
#include "model/errseq.h"
#include "model/extent_map.h"
#include "model/locks.h"
#include "model/steps.h"
#include "model/task_flow.h"

namespace wbcheck::model {
namespace {

// What a successful fsync (or O_SYNC write) promises its caller: the data this
// task wrote before it (for O_SYNC, the write itself) and still cached is on
// disk, unless an error recorded since that write has been (or is being)
// reported to this file: errseq reports each error once, so a second fsync
// after a failed one rightly returns 0. Data another task wrote since is not
// this fsync's promise.
bool synced_data_on_disk(const auto& s, const Context& c, int task) {
  const auto& t = s.task[task];
  const Op& op = c.op(task, t.op);
  for (int b = 0; b < c.nblocks; ++b) {
    const auto& blk = s.block[b];
    if (!blk.uptodate || blk.cache_ver == 0 || blk.cache_ver == blk.disk_ver) continue;
    if (blk.err_since_write) continue;
    for (int i = 0; i <= t.op; ++i) {
      bool promised = op.kind == OpKind::kFsync ? i < t.op : i == t.op;
      if (promised && c.version[task][i] == blk.cache_ver) return false;
    }
  }
  return true;
}

}  // namespace

// iomap_file_buffered_write returns: drop IOLOCK_EXCL, then generic_write_sync
// (only when something was written) or return.
void finish_write(auto& s, const Context& c, int task, Errno err, int written_end) {
  auto& t = s.task[task];
  rwsem_up(s, task, Rwsem::kIolock);
  const Op& op = c.op(task, t.op);
  int first = static_cast<int>(op.pos / c.block_size);
  bool wrote = written_end > first;
  if (!wrote) {
    finish_op(s, c, task, err);
    return;
  }
  if (!op.sync || op.kind != OpKind::kWrite) {
    finish_op(s, c, task, Errno::kOk);  // a short write returns the bytes written
    return;
  }
  int last = (written_end - 1) / c.blocks_per_folio;
  t.cur = t.end = 0;
  t.map_start = t.map_end = t.map_kind = t.map_valid = t.map_new = 0;
  start_writeback(s, task, c.folio_of(first), last, Phase::kSyncCheck);
}

// xfs_file_write_iter: -EIO on a shut-down filesystem, checked before any
// lock; here it is read when IOLOCK is granted (a shutdown between the two
// lets the kernel go on to xfs_buffered_write_iomap_begin, which fails with
// -EIO as well, having changed nothing). A direct write falling back to
// buffered I/O was checked once already, in xfs_file_write_iter.
// Then xfs_file_buffered_write: xfs_ilock(ip, XFS_IOLOCK_EXCL).
void xfs_file_buffered_write_lock(auto& s, const Context& c, int task, int) {
  auto& t = s.task[task];
  const Op& op = c.op(task, t.op);
  if (s.shutdown && op.kind == OpKind::kWrite) {
    finish_op(s, c, task, Errno::kEIO);
    return;
  }
  rwsem_down_write(s, task, Rwsem::kIolock);
  t.cur = static_cast<uint8_t>(op.pos / c.block_size);
  t.end = static_cast<uint8_t>((op.pos + op.len) / c.block_size);
  set_phase(t, Phase::kWriteIomapBegin);
}

// xfs_buffered_write_iomap_begin under ILOCK_EXCL (fs/xfs/xfs_iomap.c, 6.2):
// an existing extent is returned as it is; a hole is reserved as delalloc up to
// the next extent or the end of the write (IOMAP_F_NEW). The cookie is if_seq.
// Speculative post-EOF preallocation is not modelled: XFS skips it for files
// smaller than the allocsize (64 KiB), which every scenario file is.
void xfs_buffered_write_iomap_begin(auto& s, const Context& c, int task, int) {
  auto& t = s.task[task];
  int b = t.cur;
  if (s.shutdown) {  // `if (xfs_is_shutdown(mp)) return -EIO;` first of all
    finish_write(s, c, task, Errno::kEIO, b);
    return;
  }
  ExtentKind k = extent_at(s, b);
  int e = b + 1;
  while (e < t.end && extent_at(s, e) == k) ++e;
  if (k == ExtentKind::kHole && !xfs_bmapi_reserve_delalloc(s, c, b, e - b)) {
    finish_write(s, c, task, Errno::kENOSPC, b);
    return;
  }
  // The new reservation merged with a delalloc extent right after it
  // (xfs_bmap_add_extent_hole_delay), and the mapping returned is the merged
  // extent, up to the end of the write (iomap_length).
  if (k == ExtentKind::kHole) {
    while (e < t.end && extent_at(s, e) == ExtentKind::kDelalloc) ++e;
  }
  t.map_start = static_cast<uint8_t>(b);
  t.map_end = static_cast<uint8_t>(e);
  t.map_kind = static_cast<uint8_t>(extent_at(s, b));
  t.map_valid = 1;
  t.map_new = k == ExtentKind::kHole;  // "Flag newly allocated delalloc blocks with IOMAP_F_NEW"
  set_phase(t, Phase::kWriteBegin);
}

// iomap_write_iter for the chunk at t.cur: fault_in_iov_iter_readable first,
// and a user buffer that faults at the chunk's start ends the iteration with
// -EFAULT before any folio is touched. Then iomap_write_begin:
// __iomap_get_folio returns the folio locked (created if absent), and from 6.2
// ->iomap_valid compares the cookie with if_seq: a stale mapping ends the
// iteration (IOMAP_F_STALE) and iomap_iter maps again from here. Writes are
// block aligned, so __iomap_write_begin has no partial block to read.
void iomap_write_begin(auto& s, const Context& c, int task, int) {
  auto& t = s.task[task];
  if (t.cur == write_fault_block(c, c.op(task, t.op))) {
    iomap_write_iteration_end(s, c, task);
    return;
  }
  int f = c.folio_of(t.cur);
  if (!s.folio[f].present) {
    s.folio[f] = {};
    s.folio[f].present = 1;
    s.folio[f].has_ifs = c.blocks_per_folio > 1;  // __iomap_write_begin: ifs_alloc
  }
  if (!t.map_valid && c.policy.features.write_iomap_valid) {  // IOMAP_F_STALE
    iomap_write_iteration_end(s, c, task);
    return;
  }
  folio_lock(s, f, task);
  set_phase(t, Phase::kWriteEnd);
}

// __iomap_write_end: iomap_set_range_uptodate, per-block dirty bits,
// filemap_dirty_folio; then iomap_write_end updates i_size under the folio
// lock and unlocks the folio.
void iomap_write_end(auto& s, const Context& c, int task, int) {
  auto& t = s.task[task];
  int f = c.folio_of(t.cur);
  int first = c.first_block(f);
  // A chunk the user buffer faults inside: the copy stops at the fault. A
  // short copy into a folio not uptodate is rejected and retried with only
  // the copied bytes (__iomap_write_end returns 0, iomap_write_iter retries
  // `bytes = copied`); either way the blocks before the fault are written.
  int fault = write_fault_block(c, c.op(task, t.op));
  int e = std::min({static_cast<int>(t.end), first + c.blocks_per_folio, static_cast<int>(t.map_end), fault});
  uint8_t version = c.version[task][t.op];
  for (int b = t.cur; b < e; ++b) {
    s.block[b] = {s.block[b].extent, 1, 1, version, s.block[b].disk_ver, s.block[b].io_ver, /*err_since_write=*/0};
  }
  bool all = true;
  for (int b = first; b < first + c.blocks_per_folio; ++b) all = all && s.block[b].uptodate;
  s.folio[f].uptodate = all;
  s.folio[f].dirty = 1;
  s.i_size = std::max<uint32_t>(s.i_size, static_cast<uint32_t>(e) * c.block_size);
  folio_unlock(s, f);
  t.cur = static_cast<uint8_t>(e);
  if (t.cur == t.end) finish_write(s, c, task, Errno::kOk, e);
  else if (t.cur == fault) iomap_write_iteration_end(s, c, task);
  else set_phase(t, t.cur == t.map_end ? Phase::kWriteIomapBegin : Phase::kWriteBegin);
}

// file_check_and_advance_wb_err (mm/filemap.c): report an error from the
// flush, else a new errseq error since this file last looked; AS_* cleared.
// That ends file_write_and_wait_range; xfs_file_fsync (also behind
// generic_write_sync for O_SYNC) then returns -EIO on a shut-down filesystem.
void file_check_and_advance_wb_err(auto& s, const Context& c, int task, int) {
  auto& t = s.task[task];
  Errno err = err_of(t.err);
  Errno seen = errseq_check_and_advance(&s.wb_err, &t.f_wb_err);
  s.as_eio = 0;
  s.as_enospc = 0;
  Errno ret = err != Errno::kOk ? err : seen;
  if (ret == Errno::kOk && s.shutdown) ret = Errno::kEIO;
  if (ret == Errno::kOk && !synced_data_on_disk(s, c, task)) s.fsync_lied = 1;
  finish_op(s, c, task, ret);
}

#define INSTANTIATE(S) \
  template void finish_write(S&, const Context&, int, Errno, int); \
  template void xfs_file_buffered_write_lock(S&, const Context&, int, int); \
  template void xfs_buffered_write_iomap_begin(S&, const Context&, int, int); \
  template void iomap_write_begin(S&, const Context&, int, int); \
  template void iomap_write_end(S&, const Context&, int, int); \
  template void file_check_and_advance_wb_err(S&, const Context&, int, int);
WBCHECK_FOR_EACH_STATE(INSTANTIATE)
#undef INSTANTIATE

}  // namespace wbcheck::model
