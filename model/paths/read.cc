// Buffered read: xfs_file_read_iter -> xfs_file_buffered_read ->
// generic_file_read_iter -> filemap_read -> filemap_get_pages, then
// ->read_folio = iomap_read_folio with xfs_read_iomap_ops (fs/xfs/xfs_file.c,
// mm/filemap.c, fs/iomap/buffered-io.c, fs/xfs/xfs_iomap.c; v6.2, and the
// same in everything modelled here through v6.6).
//
// filemap_read takes the folios of the range in order. An uptodate folio is
// copied without its lock (filemap_get_read_batch stops only at a folio that
// is not uptodate). Otherwise the folio is created (filemap_create_folio, or
// readahead) or locked (filemap_update_page), both under invalidate_lock
// shared; unless the blocks the read needs are uptodate already
// (filemap_range_uptodate -> iomap_is_partially_uptodate), ->read_folio reads
// it with the folio lock held until the read I/O completes. Then, with i_size
// read again, the bytes below EOF are copied out (copy_folio_to_iter).
//
// Granularity: one step per folio, from the lock to the copy. Nothing a
// checked property reads can differ from some interleaving of these steps:
//  - The folio lock is held from creation/lock to read completion, so every
//    step that touches the folio's flags or cached data (writes, writeback,
//    DIO invalidation, ->page_mkwrite) waits for it; those that do not (tag,
//    extent changes under ILOCK) touch neither.
//  - Inside, the kernel looks the extents up under ILOCK_SHARED and reads the
//    disk later. Whether a block is zeroed is decided at the lookup, together
//    with the zeroing. A block read from disk is a written extent; in the
//    model a written extent never changes kind again before teardown, and
//    its disk version only changes to versions that were written, so reading
//    the disk at the lookup returns garbage exactly when the existing
//    no-stale-read extent invariant fails in that very state.
//  - The copy runs after the unlock, without a lock. A later copy can only
//    see data written into the folio since (versions that were written); a
//    folio dropped from the cache meanwhile still holds what was read. Garbage
//    reaches a folio only through a read of a written extent holding garbage,
//    caught as above, so sampling at the step changes no verdict.
// invalidate_lock is taken shared around the read-in; its only exclusive
// holders, truncate and punch hole, hold IOLOCK_EXCL as well, which the read's
// IOLOCK_SHARED excludes, so inside one step it is always free and leaves no
// trace in the state.
//
// Readahead is modelled as disabled (ra_pages == 0: page_cache_sync_ra then
// reads one folio, force_page_cache_ra): a kernel configuration, in which
// each absent folio is read on its own. Read I/O errors are not modelled.
#include <algorithm>

#include "model/domains.h"
#include "model/extent_map.h"
#include "model/locks.h"
#include "model/steps.h"
#include "model/task_flow.h"

namespace wbcheck::model {
namespace {

// The first block at or past EOF. i_size is block aligned in the model.
int eof_block(const auto& s, const Context& c) {
  return static_cast<int>((uint64_t{s.i_size} + c.block_size - 1) / c.block_size);
}

// xfs_file_buffered_read: xfs_iunlock(IOLOCK_SHARED); the read returns the
// bytes it copied (a short read at EOF is no error), or the error when it
// copied nothing.
void read_finish(auto& s, const Context& c, int task, Errno err = Errno::kOk) {
  rwsem_up(s, task, Rwsem::kIolock);
  finish_op(s, c, task, err);
}

// filemap_range_uptodate: the folio is uptodate, or (with per-block state)
// every block of the read's range [b, e) inside it is
// (iomap_is_partially_uptodate).
bool filemap_range_uptodate(const auto& s, int f, int b, int e) {
  if (s.folio[f].uptodate) return true;
  if (!s.folio[f].has_ifs) return false;
  for (int i = b; i < e; ++i) {
    if (!s.block[i].uptodate) return false;
  }
  return true;
}

}  // namespace

// iomap_read_folio -> iomap_readpage_iter over the folio, one
// xfs_read_iomap_begin lookup (ILOCK_SHARED, xfs_bmapi_read) per extent:
// ifs_alloc (iomap_page_create before 6.6) when blocks_per_folio > 1,
// initialised from the folio flags; blocks already uptodate are skipped
// (iomap_adjust_read_range); iomap_block_needs_zeroing zeroes blocks that are
// not IOMAP_MAPPED (hole, delalloc, unwritten) or start at or past i_size;
// written blocks are read from disk. iomap_set_range_uptodate marks each
// block, and the folio once all are. On a shut-down filesystem
// xfs_read_iomap_begin returns -EIO before anything is read: the folio stays
// as it is (not uptodate) and the caller gets false.
bool iomap_read_folio(auto& s, const Context& c, int f) {
  if (s.shutdown) return false;
  auto& folio = s.folio[f];
  int first = c.first_block(f);
  if (!folio.has_ifs && c.blocks_per_folio > 1) {
    folio.has_ifs = 1;
    for (int b = first; b < first + c.blocks_per_folio; ++b) {
      s.block[b].uptodate = folio.uptodate;
      if (c.policy.features.per_block_dirty) s.block[b].dirty = folio.dirty;
    }
  }
  for (int b = first; b < first + c.blocks_per_folio; ++b) {
    auto& blk = s.block[b];
    bool uptodate = folio.has_ifs ? blk.uptodate : folio.uptodate;
    if (uptodate) continue;
    bool zero = extent_at(s, b) != ExtentKind::kWritten || static_cast<uint64_t>(b) * c.block_size >= s.i_size;
    if (zero) blk.cache_ver = 0;
    else blk.cache_ver = blk.disk_ver;
    blk.uptodate = 1;
    blk.err_since_write = 1;  // a copy of the disk (or zeros): losing it loses nothing
  }
  folio.uptodate = 1;
  return true;
}

// xfs_file_read_iter: -EIO on a shut-down filesystem before any lock (read
// here when IOLOCK is granted; a shutdown in between only makes the read-in
// fail later). Then xfs_file_buffered_read: xfs_ilock(ip, XFS_IOLOCK_SHARED),
// the same lock the aligned direct write takes.
void xfs_file_buffered_read_lock(auto& s, const Context& c, int task, int) {
  auto& t = s.task[task];
  const Op& op = c.op(task, t.op);
  if (s.shutdown) {
    finish_op(s, c, task, Errno::kEIO);
    return;
  }
  rwsem_down_read(s, task, Rwsem::kIolock);
  t.cur = static_cast<uint8_t>(op.pos / c.block_size);
  t.end = static_cast<uint8_t>((op.pos + op.len) / c.block_size);
  t.folio = static_cast<uint8_t>(c.folio_of(t.cur));
  set_phase(t, Phase::kReadFolio);
}

// One iteration of filemap_read for the folio at ki_pos (t.cur): stop at EOF,
// bring the folio uptodate if it is not, copy out what lies below EOF.
void filemap_read(auto& s, const Context& c, int task, int) {
  auto& t = s.task[task];
  if (t.cur >= eof_block(s, c)) {  // iocb->ki_pos >= i_size_read(inode)
    read_finish(s, c, task);
    return;
  }
  int f = t.folio;
  int range_end = std::min<int>(t.end, c.first_block(f) + c.blocks_per_folio);
  if (!s.folio[f].uptodate) {
    if (!s.folio[f].present) {  // filemap_add_folio: a new, locked, !uptodate folio
      s.folio[f] = {};
      s.folio[f].present = 1;
    }
    if (!filemap_range_uptodate(s, f, t.cur, range_end) && !iomap_read_folio(s, c, f)) {
      // filemap_read_folio: -EIO; filemap_read returns what it copied before
      const Op& op = c.op(task, t.op);
      read_finish(s, c, task, t.cur > op.pos / c.block_size ? Errno::kOk : Errno::kEIO);
      return;
    }
  }
  // end_offset = min(i_size, ki_pos + count): nothing past EOF is copied,
  // and the loop ends once ki_pos reaches i_size or the count is done.
  int eof = eof_block(s, c);
  int copy_end = std::min(range_end, eof);
  for (int b = t.cur; b < copy_end; ++b) {
    if (s.block[b].cache_ver == kVersionGarbage) s.stale_read = 1;
  }
  if (range_end >= eof || range_end == t.end) {
    read_finish(s, c, task);
    return;
  }
  t.cur = static_cast<uint8_t>(range_end);
  t.folio++;
}

#define INSTANTIATE(S) \
  template bool iomap_read_folio(S&, const Context&, int); \
  template void xfs_file_buffered_read_lock(S&, const Context&, int, int); \
  template void filemap_read(S&, const Context&, int, int);
WBCHECK_FOR_EACH_STATE(INSTANTIATE)
#undef INSTANTIATE

}  // namespace wbcheck::model
