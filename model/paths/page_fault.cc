// A store through a MAP_SHARED mapping of the file: the read fault
// (do_shared_fault -> __do_fault -> xfs_filemap_fault -> filemap_fault) and
// the write fault on the folio it returns (do_page_mkwrite ->
// xfs_filemap_page_mkwrite -> __xfs_filemap_fault(write_fault) ->
// iomap_page_mkwrite with xfs_page_mkwrite_iomap_ops), then the store itself
// (mm/memory.c, mm/filemap.c, fs/xfs/xfs_file.c, fs/iomap/buffered-io.c,
// fs/xfs/xfs_iomap.c; v6.2 to v6.6).
//
// Lock order (comment above __xfs_filemap_fault): mmap_lock ->
// sb_start_pagefault -> invalidate_lock (MMAPLOCK) -> folio lock -> ILOCK.
// filemap_fault takes invalidate_lock itself, shared, only to read a folio
// in (the folio is absent or not uptodate); ->page_mkwrite holds
// MMAPLOCK_SHARED around iomap_page_mkwrite. The read fault is one step that
// waits for both locks (Wait::kFaultFolio): in the kernel it holds
// invalidate_lock while it waits for the folio lock, and taking a lock later
// (a right mover) changes no outcome.
//
// iomap_page_mkwrite reserves delalloc over the holes of the folio's range
// inside EOF exactly like a buffered write (xfs_buffered_write_iomap_begin,
// IOMAP_FAULT), and since 118e021b4b66 (v6.2) the ops have no ->iomap_end, so
// a fault never punches. This is how a clean, uptodate folio that a failed
// writeback left without backing (kernel-notes §5.8) gets a fresh reservation.
//
// What the model simplifies, and why no checked property can tell:
//  - Page tables are not modelled: every mmap_write faults, as the first store
//    to a page does, and as a store does after writeback write-protected the
//    page (folio_clear_dirty_for_io -> folio_mkclean). A store through a PTE
//    still writable from an earlier fault would not fault at all.
//  - The store runs in the step that ends the fault, with the folio locked. In
//    the kernel it runs after the fault returned; if writeback cleaned the
//    folio in between, the PTE is write-protected and the store faults again,
//    which the model covers as the same op starting after that writeback.
//  - Bytes stored past EOF (in the folio that straddles it) are not stored:
//    writeback zeroes that tail before writing (iomap_writepage_handle_eof,
//    folio_zero_segment), reads stop at EOF, and an i_size update write-protects
//    the page (pagecache_isize_extended), so they never reach the file.
//  - folio_wait_stable is a no-op without stable-page devices.
#include <algorithm>

#include "model/domains.h"
#include "model/extent_map.h"
#include "model/locks.h"
#include "model/steps.h"
#include "model/task_flow.h"

namespace wbcheck::model {
namespace {

constexpr uint64_t kPageSize = 4096;  // PAGE_SIZE: filemap_fault's EOF check is per page

// __xfs_filemap_fault: xfs_iunlock(MMAPLOCK_SHARED), then the op returns.
void drop_mmaplock(auto& s, int task) {
  if (s.task[task].mmaplock == 0) return;
  rwsem_up(s, task, Rwsem::kMmaplock);
}

// folio_mark_dirty -> ->dirty_folio. Before 6.6 XFS uses filemap_dirty_folio
// (PG_dirty only). From 6.6 (4ce02c679722) iomap_dirty_folio: ifs_alloc if
// missing (bits from the folio flags), then every per-block dirty bit of the
// folio, including blocks past EOF, then filemap_dirty_folio.
void folio_mark_dirty(auto& s, const Context& c, int f) {
  auto& folio = s.folio[f];
  int first = c.first_block(f);
  if (c.policy.features.per_block_dirty) {
    if (!folio.has_ifs && c.blocks_per_folio > 1) {
      folio.has_ifs = 1;
      for (int b = first; b < first + c.blocks_per_folio; ++b) s.block[b].uptodate = folio.uptodate;
    }
    for (int b = first; b < first + c.blocks_per_folio; ++b) s.block[b].dirty = 1;
  }
  folio.dirty = 1;
}

// The store: the op's data version into the blocks of [pos, pos + len) below
// EOF, as __iomap_write_end records a write. Before 6.6 the per-block dirty
// bit is the model's ghost "written since writeback last took the folio".
void mmap_store(auto& s, const Context& c, int task) {
  const Op& op = c.op(task, s.task[task].op);
  int first = static_cast<int>(op.pos / c.block_size);
  int end = static_cast<int>((op.pos + op.len) / c.block_size);
  int eof = static_cast<int>((uint64_t{s.i_size} + c.block_size - 1) / c.block_size);
  uint8_t version = c.version[task][s.task[task].op];
  for (int b = first; b < std::min(end, eof); ++b) {
    s.block[b].cache_ver = version;
    s.block[b].err_since_write = 0;
    if (!c.policy.features.per_block_dirty) s.block[b].dirty = 1;
  }
}

}  // namespace

bool fault_page_past_eof(const auto& s, uint64_t pos) {
  uint64_t max_idx = (uint64_t{s.i_size} + kPageSize - 1) / kPageSize;
  return pos / kPageSize >= max_idx;
}

// filemap_fault (mm/filemap.c) for the page at pos: VM_FAULT_SIGBUS when the
// page is at or past DIV_ROUND_UP(i_size, PAGE_SIZE); otherwise the folio is
// looked up, created if absent (__filemap_get_folio(FGP_CREAT)), locked
// (lock_folio_maybe_drop_mmap) and read in if not uptodate (filemap_read_folio
// under invalidate_lock shared), and returned locked (VM_FAULT_LOCKED).
// do_shared_fault then unlocks it before calling ->page_mkwrite.
void filemap_fault(auto& s, const Context& c, int task, int) {
  auto& t = s.task[task];
  const Op& op = c.op(task, t.op);
  int f = static_cast<int>(op.pos / c.folio_size);
  t.folio = static_cast<uint8_t>(f);
  if (fault_page_past_eof(s, op.pos)) {
    finish_op(s, c, task, Errno::kEFAULT);  // VM_FAULT_SIGBUS: the store never happens
    return;
  }
  if (!s.folio[f].present) {
    s.folio[f] = {};
    s.folio[f].present = 1;
  }
  if (!s.folio[f].uptodate && !iomap_read_folio(s, c, f)) {
    finish_op(s, c, task, Errno::kEFAULT);  // filemap_read_folio failed: VM_FAULT_SIGBUS
    return;
  }
  set_phase(t, Phase::kFaultLock);
}

// xfs_filemap_page_mkwrite -> __xfs_filemap_fault(write_fault = true):
// sb_start_pagefault, file_update_time, xfs_ilock(XFS_MMAPLOCK_SHARED).
void xfs_filemap_page_mkwrite(auto& s, const Context&, int task, int) {
  auto& t = s.task[task];
  rwsem_down_read(s, task, Rwsem::kMmaplock);
  set_phase(t, Phase::kFaultMkwrite);
}

// iomap_page_mkwrite: folio_lock, then folio_mkwrite_check_truncate. A folio
// that left the page cache since the fault (folio->mapping == NULL) or lies
// wholly past EOF gives -EFAULT; block_page_mkwrite_return turns it into
// VM_FAULT_NOPAGE, MMAPLOCK is dropped and the store faults again. Otherwise
// the iteration covers [folio_pos, folio_pos + min(folio_size, i_size - folio_pos)).
void iomap_page_mkwrite(auto& s, const Context& c, int task, int) {
  auto& t = s.task[task];
  int f = t.folio;
  uint64_t folio_pos = uint64_t{c.folio_size} * f;
  if (!s.folio[f].present || folio_pos >= s.i_size) {
    drop_mmaplock(s, task);
    set_phase(t, Phase::kFaultRead);
    return;
  }
  folio_lock(s, f, task);
  uint64_t len = std::min<uint64_t>(c.folio_size, s.i_size - folio_pos);
  t.cur = static_cast<uint8_t>(c.first_block(f));
  t.end = static_cast<uint8_t>(t.cur + (len + c.block_size - 1) / c.block_size);
  set_phase(t, Phase::kFaultIomapBegin);
}

// One iomap_iter iteration of iomap_page_mkwrite: xfs_buffered_write_iomap_begin
// (IOMAP_WRITE | IOMAP_FAULT) under ILOCK_EXCL maps the extent at t.cur, and a
// hole is reserved as delalloc up to the next extent or the end of the range,
// exactly as for a buffered write; then iomap_folio_mkwrite_iter ->
// folio_mark_dirty (the whole folio, at every iteration). -ENOSPC ends the
// fault (VM_FAULT_SIGBUS) with the folio unlocked; what was reserved before
// stays. After the last iteration the fault returns VM_FAULT_LOCKED,
// __xfs_filemap_fault drops MMAPLOCK_SHARED, finish_fault maps the page
// writable, fault_dirty_shared_page unlocks the folio, and the store lands.
void xfs_buffered_write_iomap_begin_fault(auto& s, const Context& c, int task, int) {
  auto& t = s.task[task];
  int b = t.cur;
  ExtentKind k = extent_at(s, b);
  int e = b + 1;
  while (e < t.end && extent_at(s, e) == k) ++e;
  // A shut-down filesystem: -EIO (e4826691cc7e, "xfs: restore shutdown check
  // in mapped write fault path"), VM_FAULT_SIGBUS.
  Errno err = s.shutdown ? Errno::kEIO : Errno::kOk;
  if (err == Errno::kOk && k == ExtentKind::kHole && !xfs_bmapi_reserve_delalloc(s, c, b, e - b)) err = Errno::kENOSPC;
  if (err != Errno::kOk) {
    folio_unlock(s, t.folio);
    drop_mmaplock(s, task);
    finish_op(s, c, task, err);
    return;
  }
  folio_mark_dirty(s, c, t.folio);
  t.cur = static_cast<uint8_t>(e);
  if (t.cur < t.end) return;
  mmap_store(s, c, task);
  folio_unlock(s, t.folio);
  drop_mmaplock(s, task);
  finish_op(s, c, task, Errno::kOk);
}

#define INSTANTIATE(S) \
  template bool fault_page_past_eof(const S&, uint64_t); \
  template void filemap_fault(S&, const Context&, int, int); \
  template void xfs_filemap_page_mkwrite(S&, const Context&, int, int); \
  template void iomap_page_mkwrite(S&, const Context&, int, int); \
  template void xfs_buffered_write_iomap_begin_fault(S&, const Context&, int, int);
WBCHECK_FOR_EACH_STATE(INSTANTIATE)
#undef INSTANTIATE

}  // namespace wbcheck::model
