// Writeback of a file range under WB_SYNC_ALL, as fsync, O_SYNC writes, the
// direct-IO flush and sync_filesystem run it: filemap_fdatawrite_range ->
// xfs_vm_writepages -> iomap_writepages -> write_cache_pages ->
// iomap_do_writepage -> iomap_writepage_map, then __filemap_fdatawait_range.
// Follows v6.2 (mm/page-writeback.c, fs/iomap/buffered-io.c, fs/xfs/xfs_aops.c).
//
// The bug lives in the gaps between these steps: PG_dirty is cleared before the
// filesystem sees the folio, and xfs_map_blocks looks the extent up under
// ILOCK_SHARED, drops it, and converts delalloc later under ILOCK_EXCL.
#include <algorithm>

#include "model/check.h"
#include "model/domains.h"
#include "model/extent_map.h"
#include "model/primitives.h"
#include "model/steps.h"
#include "model/task_flow.h"

namespace wbcheck::model {
namespace {

int lowest_bit(uint32_t mask) { return __builtin_ctz(mask); }

// The end of the wait phase: hand the first error back to the caller.
void return_from_writeback(auto& s, const Context& c, int task) {
  auto& t = s.task[task];
  Errno err = err_of(t.wb_err);
  Phase ret = static_cast<Phase>(t.wb_ret);
  t.wb_first = t.wb_last = t.wb_todo = t.wb_count = t.wb_err = t.wb_hook = t.wb_ret = 0;
  t.folio = t.cur = t.end = 0;
  t.map_start = t.map_end = t.map_kind = t.map_valid = 0;
  t.err = static_cast<uint8_t>(err);
  if (ret == Phase::kDone) {
    finish_op(s, c, task, err);  // sync_filesystem ignores nothing else
    return;
  }
  set_phase(t, ret);
}

// filemap_write_and_wait_range / file_write_and_wait_range: wait unless the
// submission returned -EIO.
void begin_wait(auto& s, const Context& c, int task) {
  auto& t = s.task[task];
  if (err_of(t.wb_err) == Errno::kEIO) {
    return_from_writeback(s, c, task);
    return;
  }
  t.folio = t.wb_first;
  set_phase(t, Phase::kWbWait);
}

// folio_clear_dirty_for_io, then iomap_do_writepage's EOF check.
void begin_folio(auto& s, const Context& c, int task) {
  auto& t = s.task[task];
  int f = t.folio;
  s.folio[f].dirty = 0;
  int first = c.first_block(f);
  // Before 6.6 there are no per-block dirty bits; the ghost bits say "written
  // since writeback last took this folio", and writeback takes it now.
  if (!c.policy.features.per_block_dirty) {
    for (int b = first; b < first + c.blocks_per_folio; ++b) s.block[b].dirty = 0;
  }
  int eof_block = static_cast<int>((s.i_size + c.block_size - 1) / c.block_size);
  if (first >= eof_block) {  // wholly beyond i_size: truncate will finish it off
    folio_unlock(s, f);
    writepage_next_folio(s, c, task);
    return;
  }
  t.cur = static_cast<uint8_t>(first);
  t.end = static_cast<uint8_t>(std::min(first + c.blocks_per_folio, eof_block));
  t.wb_count = 0;
  // iomap_writepage_map allocates the per-folio state if it is missing
  // (ifs_alloc / iomap_page_create); from 6.6 it marks [0, end_pos) dirty.
  if (!s.folio[f].has_ifs && c.blocks_per_folio > 1) {
    s.folio[f].has_ifs = 1;
    for (int b = first; b < first + c.blocks_per_folio; ++b) {
      s.block[b].uptodate = s.folio[f].uptodate;
      if (c.policy.features.per_block_dirty) s.block[b].dirty = b < t.end;
    }
  }
  if (c.policy.features.writeback_before_map) s.folio[f].writeback = 1;  // 6.9+
  set_phase(t, Phase::kWbMap);
}

void cache_mapping(auto& t, int start, int end, ExtentKind kind) {
  t.map_start = static_cast<uint8_t>(start);
  t.map_end = static_cast<uint8_t>(end);
  t.map_kind = static_cast<uint8_t>(kind);
  t.map_valid = 1;
}

// The slow path of xfs_map_blocks: look the data fork up under ILOCK_SHARED.
// A hole maps up to the next extent (or one block: "fake a hole past EOF").
void xfs_map_blocks_lookup(auto& s, const Context& c, auto& t, int b) {
  ExtentKind k = extent_at(s, b);
  if (k == ExtentKind::kHole) {
    int next = b + 1;
    while (next < c.nblocks && extent_at(s, next) == ExtentKind::kHole) ++next;
    cache_mapping(t, b, next < c.nblocks ? next : b + 1, k);
    return;
  }
  if (k == ExtentKind::kDelalloc) {
    // Delalloc goes to xfs_bmapi_convert_delalloc, which fills wpc->iomap only
    // when it succeeds; nothing is cached for the fast path before that.
    t.map_valid = 0;
    t.map_kind = static_cast<uint8_t>(k);
    return;
  }
  cache_mapping(t, run_start(s, b), run_end(s, c, b), k);
}

}  // namespace

// The next block iomap_writepage_map writes: uptodate blocks before 6.6,
// per-block dirty blocks after.
int writeback_next_block(const auto& s, const Context& c, int task) {
  const auto& t = s.task[task];
  bool has_ifs = s.folio[t.folio].has_ifs;
  for (int b = t.cur; b < t.end; ++b) {
    // Without per-folio state every block below EOF is written.
    if (!has_ifs) return b;
    if (c.policy.features.per_block_dirty ? s.block[b].dirty : s.block[b].uptodate) return b;
  }
  return -1;
}

void sort_ioends(auto& s, const Context& c) {
  std::sort(s.io, s.io + c.nfolios,
            [](const auto& a, const auto& b) { return a.blocks > b.blocks; });
}

void add_to_ioend(auto& s, int task, int b) {
  auto& t = s.task[task];
  t.ioend = static_cast<uint16_t>(t.ioend | (1u << b));
  s.block[b].io_ver = s.block[b].cache_ver;
  t.wb_count++;
}

// The end of iomap_writepage_map: from 6.6 iomap_clear_range_dirty(folio, 0,
// folio_size), except on the early exit of a failure with nothing mapped;
// then folio_start_writeback when blocks were added to the ioend
// (folio_end_writeback at once when none were), then unlock.
void writepage_finish_folio(auto& s, const Context& c, int task, bool failed) {
  auto& t = s.task[task];
  bool early_exit = failed && t.wb_count == 0;
  if (c.policy.features.per_block_dirty && !early_exit) {
    for (int b = c.first_block(t.folio); b < c.first_block(t.folio) + c.blocks_per_folio; ++b) s.block[b].dirty = 0;
  }
  s.folio[t.folio].writeback = t.wb_count > 0;
  folio_unlock(s, t.folio);
}

// write_cache_pages moves to the next tagged folio, or submits the cached ioend.
void writepage_next_folio(auto& s, const Context& c, int task) {
  auto& t = s.task[task];
  t.wb_count = 0;
  t.cur = t.end = 0;
  if (t.wb_todo != 0) {
    t.folio = static_cast<uint8_t>(lowest_bit(t.wb_todo));
    set_phase(t, Phase::kWbLock);
    return;
  }
  if (t.ioend != 0) {
    set_phase(t, Phase::kWbSubmit);
    return;
  }
  begin_wait(s, c, task);
}

// The xarray PAGECACHE_TAG_DIRTY mark of folio f. It follows PG_dirty except
// while a writeback holds the folio locked between folio_clear_dirty_for_io
// and folio_start_writeback or the unlock: folio_clear_dirty_for_io "leave[s]
// the page tagged as dirty in the xarray so that a concurrent write-for-sync
// can discover it via a PAGECACHE_TAG_DIRTY walk" (mm/page-writeback.c). A
// mark left on a folio that the count == 0 exit unlocks clean only makes a
// later pass lock it and skip it, so it is not kept.
static bool dirty_tagged(const auto& s, int f) {
  if (s.folio[f].dirty) return true;
  int owner = s.folio[f].locked_by - 1;
  if (owner < 0) return false;
  Phase p = phase_of(s.task[owner]);
  bool mapping = p == Phase::kWbMap || p == Phase::kWbConvert || p == Phase::kWbHook;
  return mapping && s.task[owner].folio == f && !s.folio[f].writeback;
}

// tag_pages_for_writeback + the TOWRITE lookup: the folios this WB_SYNC_ALL
// pass visits are the ones tagged dirty now.
void write_cache_pages_tag(auto& s, const Context& c, int task, int) {
  auto& t = s.task[task];
  t.wb_todo = 0;
  for (int f = t.wb_first; f <= t.wb_last; ++f) {
    if (s.folio[f].present && dirty_tagged(s, f)) t.wb_todo = static_cast<uint8_t>(t.wb_todo | (1u << f));
  }
  writepage_next_folio(s, c, task);
}

// write_cache_pages: folio_lock, skip if no longer dirty, wait for writeback
// (WB_SYNC_ALL) or go on to folio_clear_dirty_for_io.
void write_cache_pages_lock(auto& s, const Context& c, int task, int) {
  auto& t = s.task[task];
  int f = t.folio;
  t.wb_todo = static_cast<uint8_t>(t.wb_todo & ~(1u << f));
  if (!s.folio[f].present || !s.folio[f].dirty) {  // "someone wrote it for us"
    writepage_next_folio(s, c, task);
    return;
  }
  folio_lock(s, f, task);
  if (s.folio[f].writeback) {
    set_phase(t, Phase::kWbWaitWriteback);
    return;
  }
  begin_folio(s, c, task);
}

void write_cache_pages_wait_writeback(auto& s, const Context& c, int task, int) {
  begin_folio(s, c, task);
}

// xfs_map_blocks for the next block to write, then iomap_add_to_ioend. The
// fast path (xfs_imap_valid: offset inside wpc->iomap and if_seq unchanged)
// takes no lock; otherwise the lookup runs under ILOCK_SHARED. Delalloc goes
// on to xfs_bmapi_convert_delalloc as a separate critical section.
void xfs_map_blocks(auto& s, const Context& c, int task, int) {
  auto& t = s.task[task];
  int b = writeback_next_block(s, c, task);
  if (b < 0) {
    writepage_finish_folio(s, c, task, /*failed=*/false);
    writepage_next_folio(s, c, task);
    return;
  }
  if (s.shutdown) {  // `if (xfs_is_shutdown(mp)) return -EIO;`, before the fast path
    t.cur = static_cast<uint8_t>(b);
    writepage_map_failed(s, c, task, Errno::kEIO);
    return;
  }
  bool cached = t.map_valid && t.map_start <= b && b < t.map_end;
  if (!cached) xfs_map_blocks_lookup(s, c, t, b);
  t.cur = static_cast<uint8_t>(b);
  switch (static_cast<ExtentKind>(t.map_kind)) {
    case ExtentKind::kHole: t.cur++; return;  // IOMAP_HOLE: skipped
    case ExtentKind::kDelalloc: set_phase(t, Phase::kWbConvert); return;
    default: add_to_ioend(s, task, b); t.cur++; return;
  }
}

int convert_outcomes(const auto& s, const Context& c, int task) {
  bool allocates = !s.shutdown && extent_at(s, s.task[task].cur) == ExtentKind::kDelalloc;
  return allocates ? fault_outcomes(c.scenario.faults.alloc) : 1;
}

// xfs_bmapi_convert_delalloc (fs/xfs/libxfs/xfs_bmap.c, 6.2) under ILOCK_EXCL:
// look the extent up again; none at offset_fsb is the WARN of bug 217030.
// Before the lookup, xfs_trans_alloc fails with -EIO on a shut-down
// filesystem (xfs_log_reserve: xlog_is_shutdown).
void xfs_bmapi_convert_delalloc(auto& s, const Context& c, int task, int choice) {
  auto& t = s.task[task];
  int b = t.cur;
  ExtentKind k = extent_at(s, b);
  if (s.shutdown) {
    writepage_map_failed(s, c, task, Errno::kEIO);
    return;
  }
  if (k == ExtentKind::kHole) {
    const std::vector<Primitive>& hook = c.policy.hooks[static_cast<int>(Hook::kOnConvertMissingExtent)];
    if (hook.empty()) {
      s.warned_convert = 1;  // WARN_ON_ONCE(whichfork != XFS_COW_FORK); -EAGAIN
      writepage_map_failed(s, c, task, Errno::kEAGAIN);
      return;
    }
    t.err = static_cast<uint8_t>(Errno::kEFSCORRUPTED);  // the error the hook handles (its `corrupt`)
    HookSite site{task, t.folio, hook_env(s, c, t), Errno::kEFSCORRUPTED};
    for (const Primitive& p : hook) run_primitive(s, c, site, p);
    writepage_map_failed(s, c, task, Errno::kEFSCORRUPTED);
    return;
  }
  if (k == ExtentKind::kDelalloc) {
    if (fault_fires(c.scenario.faults.alloc, choice)) {  // xfs_bmapi_allocate failed
      writepage_map_failed(s, c, task, c.scenario.faults.alloc_errno);
      return;
    }
    convert_delalloc_extent(s, c, b);
  }
  // Converted now, or by a racing writeback: map the real extent (*seq = if_seq).
  cache_mapping(t, run_start(s, b), run_end(s, c, b), extent_at(s, b));
  add_to_ioend(s, task, b);
  t.cur++;
  set_phase(t, Phase::kWbMap);
}

// errno_to_blk_status then blk_status_to_errno (block/blk-core.c): the errnos
// with a block status of their own survive the trip through bi_status; every
// other one (EFSCORRUPTED, EFBIG, ...) becomes BLK_STS_IOERR, i.e. -EIO.
Errno blk_status_round_trip(Errno err) {
  return err == Errno::kEAGAIN || err == Errno::kENOSPC ? err : Errno::kEIO;
}

// iomap_submit_ioend: a healthy ioend is submitted; with an error from
// write_cache_pages the bio is ended with that error without any I/O.
void iomap_submit_ioend(auto& s, const Context& c, int task, int) {
  auto& t = s.task[task];
  int slot = 0;
  while (slot < c.nfolios && s.io[slot].blocks) ++slot;
  // Each ioend holds at least one folio under writeback, and no folio is in two.
  MODEL_CHECK(slot < c.nfolios, "more ioends in flight than folios");
  Errno err = t.wb_err ? blk_status_round_trip(err_of(t.wb_err)) : Errno::kOk;
  s.io[slot] = {t.ioend, static_cast<uint8_t>(err), static_cast<uint8_t>(task)};
  sort_ioends(s, c);
  t.ioend = 0;
  begin_wait(s, c, task);
}

// __filemap_fdatawait_range, one folio per step: wait for PG_writeback to clear.
void filemap_fdatawait_range(auto& s, const Context& c, int task, int) {
  auto& t = s.task[task];
  if (t.folio >= t.wb_last) {
    return_from_writeback(s, c, task);
    return;
  }
  t.folio++;
}

#define INSTANTIATE(S) \
  template int writeback_next_block(const S&, const Context&, int); \
  template void sort_ioends(S&, const Context&); \
  template void add_to_ioend(S&, int, int); \
  template void writepage_finish_folio(S&, const Context&, int, bool); \
  template void writepage_next_folio(S&, const Context&, int); \
  template void write_cache_pages_tag(S&, const Context&, int, int); \
  template void write_cache_pages_lock(S&, const Context&, int, int); \
  template void write_cache_pages_wait_writeback(S&, const Context&, int, int); \
  template void xfs_map_blocks(S&, const Context&, int, int); \
  template int convert_outcomes(const S&, const Context&, int); \
  template void xfs_bmapi_convert_delalloc(S&, const Context&, int, int); \
  template void iomap_submit_ioend(S&, const Context&, int, int); \
  template void filemap_fdatawait_range(S&, const Context&, int, int);
WBCHECK_FOR_EACH_STATE(INSTANTIATE)
#undef INSTANTIATE

}  // namespace wbcheck::model
