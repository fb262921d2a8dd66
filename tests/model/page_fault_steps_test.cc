// The mmap store of model/paths/page_fault.cc: the read fault (filemap_fault),
// xfs_filemap_page_mkwrite (MMAPLOCK_SHARED), iomap_page_mkwrite (folio lock,
// folio_mkwrite_check_truncate) and its iomap_iter iterations
// (xfs_buffered_write_iomap_begin with IOMAP_FAULT, folio_mark_dirty), then
// the store. Expected values follow the kernel functions named in each comment
// (mm/filemap.c, mm/memory.c, fs/xfs/xfs_file.c, fs/iomap/buffered-io.c,
// fs/xfs/xfs_iomap.c, v6.2-v6.6) and kernel-notes §5.8; geometry and fixtures
// are in step_fixtures.h (1 KiB blocks, 4 KiB folios, 8 blocks).
#include "gtest/gtest.h"
#include "model/enabled.h"
#include "model/extent_map.h"
#include "model/fields.h"
#include "model/steps.h"
#include "model/task_flow.h"
#include "step_fixtures.h"

namespace wbcheck::model::steps_test {
namespace {

Op mmap_op(uint64_t pos, uint64_t len) { return Op{OpKind::kMmapWrite, pos, len, false}; }


State faulting(const Context& c, uint32_t i_size, uint16_t fdblocks = 64) {
  State s = fresh(fdblocks);
  s.i_size = i_size;
  enter_op(s, c, 0);
  refresh_wait(s, c, 0);
  return s;
}

// The task's fault has run up to ->page_mkwrite holding MMAPLOCK_SHARED.
void at_mkwrite(State& s, const Context& c) {
  filemap_fault(s, c, 0, 0);
  xfs_filemap_page_mkwrite(s, c, 0, 0);
  refresh_wait(s, c, 0);
}

// ============================ filemap_fault ===============================

// An mmap_write starts at filemap_fault, which locks the folio at pos
// (lock_folio_maybe_drop_mmap) and, to read it in, takes invalidate_lock
// shared first: the first step waits for folio 1's lock and, when folio 1
// must be read in, for MMAPLOCK not to be held exclusive (Wait::kFaultFolio).
TEST(FilemapFault, FirstStepWaitsForTheFolioLock) {
  Context c = one_task(mmap_op(5120, 1024));
  State s = faulting(c, 8192);
  EXPECT_EQ(phase(s, 0), Phase::kFaultRead);
  EXPECT_EQ(s.task[0].wait, static_cast<uint8_t>(Wait::kFaultFolio));
  EXPECT_EQ(s.task[0].wait_arg, 1);
}

// Truncate holds invalidate_lock exclusive: filemap_fault cannot read an
// absent folio in (filemap_invalidate_lock_shared before
// __filemap_get_folio(FGP_CREAT)), but a cached uptodate folio needs only
// its lock.
TEST(FilemapFault, ReadInWaitsForInvalidateLock) {
  Context c = one_task(mmap_op(5120, 1024));
  State s = faulting(c, 8192);
  s.mmaplock_excl = 2;  // another task (truncate) holds it
  EXPECT_FALSE(enabled(c, s, 0));
  cached_folio(s, c, 1, /*dirty=*/false);
  EXPECT_TRUE(enabled(c, s, 0));
  s.folio[1].locked_by = 2;
  EXPECT_FALSE(enabled(c, s, 0));
}

// filemap_fault: max_idx = DIV_ROUND_UP(i_size, PAGE_SIZE); index >= max_idx
// is VM_FAULT_SIGBUS. The store never happens; the op ends with -EFAULT and
// creates no folio.
TEST(FilemapFault, PagePastEofIsSigbus) {
  Context c = one_task(mmap_op(0, 1024));
  State s = faulting(c, 0);
  filemap_fault(s, c, 0, 0);
  EXPECT_EQ(s.task[0].op, 1);
  EXPECT_EQ(err_of(s.task[0].ret), Errno::kEFAULT);
  EXPECT_EQ(s.folio[0].present, 0);
  EXPECT_EQ(s.mmaplock_shared, 0);
}

// The EOF check is per page: with i_size 1024 the page at 0 is inside EOF,
// so a store to fsb 2 (same page, past EOF) faults in normally.
TEST(FilemapFault, EofCheckIsPerPage) {
  Context c = one_task(mmap_op(2048, 1024));
  State s = faulting(c, 1024);
  filemap_fault(s, c, 0, 0);
  EXPECT_EQ(phase(s, 0), Phase::kFaultLock);
  EXPECT_EQ(s.folio[0].uptodate, 1);
}

// No page in the cache: __filemap_get_folio(FGP_CREAT) then filemap_read_folio
// -> iomap_read_folio: holes read as zeros, the folio ends uptodate. It is
// returned locked (VM_FAULT_LOCKED) and do_shared_fault unlocks it before
// ->page_mkwrite; nothing is dirtied or reserved by the read fault.
TEST(FilemapFault, AbsentFolioIsCreatedAndReadIn) {
  Context c = one_task(mmap_op(1024, 1024));
  State s = faulting(c, 4096);
  filemap_fault(s, c, 0, 0);
  EXPECT_EQ(s.folio[0].present, 1);
  EXPECT_EQ(s.folio[0].uptodate, 1);
  EXPECT_EQ(s.folio[0].locked_by, 0);
  EXPECT_EQ(s.folio[0].dirty, 0);
  for (int b = 0; b < 4; ++b) EXPECT_EQ(s.block[b].cache_ver, 0) << b;
  EXPECT_EQ(s.i_delayed_blks, 0);
  EXPECT_EQ(s.task[0].folio, 0);
  EXPECT_EQ(phase(s, 0), Phase::kFaultLock);
}

// page_not_uptodate -> filemap_read_folio: ->read_folio reads only the blocks
// that are not uptodate (iomap_adjust_read_range); the written block keeps
// its data.
TEST(FilemapFault, NotUptodateFolioReadsOnlyMissingBlocks) {
  Context c = one_task(mmap_op(0, 1024));
  State s = faulting(c, 4096, 63);
  reserved(s, 0, 1);
  s.folio[0] = {1, 0, 0, 1, 0, 1};
  s.block[0].uptodate = 1;
  s.block[0].dirty = 1;
  s.block[0].cache_ver = 1;
  filemap_fault(s, c, 0, 0);
  EXPECT_EQ(s.block[0].cache_ver, 1);
  EXPECT_EQ(s.folio[0].uptodate, 1);
  EXPECT_EQ(s.block[3].uptodate, 1);
}

// ============================ xfs_filemap_page_mkwrite ====================

// __xfs_filemap_fault(write_fault): xfs_ilock(XFS_MMAPLOCK_SHARED); then
// iomap_page_mkwrite waits for the folio lock.
TEST(PageMkwrite, TakesMmaplockShared) {
  Context c = one_task(mmap_op(0, 1024));
  State s = faulting(c, 4096);
  filemap_fault(s, c, 0, 0);
  refresh_wait(s, c, 0);
  EXPECT_EQ(s.task[0].wait, static_cast<uint8_t>(Wait::kMmaplockShared));
  xfs_filemap_page_mkwrite(s, c, 0, 0);
  refresh_wait(s, c, 0);
  EXPECT_EQ(s.mmaplock_shared, 1);
  EXPECT_EQ(s.mmaplock_excl, 0);
  EXPECT_EQ(s.task[0].mmaplock, 1);
  EXPECT_EQ(phase(s, 0), Phase::kFaultMkwrite);
  EXPECT_EQ(s.task[0].wait, static_cast<uint8_t>(Wait::kFolioLock));
  EXPECT_EQ(s.task[0].wait_arg, 0);
}

// MMAPLOCK_SHARED is an rwsem taken shared: it waits for an exclusive holder
// (truncate, punch hole) and not for other shared holders.
TEST(PageMkwrite, MmaplockSharedWaitsOnlyForAnExclusiveHolder) {
  Context c = make_ctx({TaskProgram{"A", {mmap_op(0, 1024)}}, TaskProgram{"B", {fsync_op()}}});
  State s = faulting(c, 4096);
  filemap_fault(s, c, 0, 0);
  refresh_wait(s, c, 0);
  s.mmaplock_shared = 1;  // another fault
  EXPECT_TRUE(enabled(c, s, 0));
  s.mmaplock_shared = 0;
  s.mmaplock_excl = 2;  // B
  EXPECT_FALSE(enabled(c, s, 0));
}

// ============================ iomap_page_mkwrite ==========================

// folio_mkwrite_check_truncate: a folio partly inside EOF maps
// [folio_pos, i_size): i_size 6144, folio 1 -> 2048 bytes, fsb 4-5.
TEST(PageMkwrite, IterationCoversTheFolioInsideEof) {
  Context c = one_task(mmap_op(4096, 1024));
  State s = faulting(c, 6144);
  at_mkwrite(s, c);
  iomap_page_mkwrite(s, c, 0, 0);
  EXPECT_EQ(s.folio[1].locked_by, 1);  // task 0 + 1
  EXPECT_EQ(s.task[0].cur, 4);
  EXPECT_EQ(s.task[0].end, 6);
  EXPECT_EQ(phase(s, 0), Phase::kFaultIomapBegin);
}

// A folio that left the page cache between the read fault and ->page_mkwrite
// (e.g. invalidate_inode_pages2_range of a direct write): folio->mapping is
// NULL, -EFAULT, block_page_mkwrite_return gives VM_FAULT_NOPAGE, MMAPLOCK is
// dropped and the store faults again.
TEST(PageMkwrite, FolioGoneSinceTheFaultFaultsAgain) {
  Context c = one_task(mmap_op(0, 1024));
  State s = faulting(c, 4096);
  at_mkwrite(s, c);
  s.folio[0] = FolioState{};
  iomap_page_mkwrite(s, c, 0, 0);
  EXPECT_EQ(s.mmaplock_shared, 0);
  EXPECT_EQ(s.task[0].mmaplock, 0);
  EXPECT_EQ(s.task[0].op, 0);  // the op goes on
  EXPECT_EQ(phase(s, 0), Phase::kFaultRead);
}

// ============================ the iomap_iter iterations ===================

// §5.8: a clean, uptodate folio whose delalloc a failed writeback punched.
// xfs_buffered_write_iomap_begin reserves the hole fsb 0-3 as delalloc in one
// call (xfs_bmapi_reserve_delalloc, 4 blocks), folio_mark_dirty redirties it
// (6.2: filemap_dirty_folio, PG_dirty only), the store writes version 1 (the
// op's) into fsb 1, the folio is unlocked and MMAPLOCK_SHARED dropped. The
// cached data of fsb 0, 2, 3 is written back with it next time.
TEST(MkwriteIomapBegin, RedirtiesACleanFolioWithFreshDelalloc) {
  Context c = one_task(mmap_op(1024, 1024));
  State s = faulting(c, 4096);
  cached_folio(s, c, 0, /*dirty=*/false, /*ver=*/7);
  at_mkwrite(s, c);
  iomap_page_mkwrite(s, c, 0, 0);
  xfs_buffered_write_iomap_begin_fault(s, c, 0, 0);
  for (int b = 0; b < 4; ++b) EXPECT_EQ(extent_at(s, b), K::kDelalloc) << b;
  EXPECT_EQ(s.fdblocks, 60);
  EXPECT_EQ(s.i_delayed_blks, 4);
  EXPECT_EQ(s.m_delalloc_blks, 4);
  EXPECT_EQ(s.folio[0].dirty, 1);
  EXPECT_EQ(s.folio[0].locked_by, 0);
  EXPECT_EQ(s.block[1].cache_ver, 1);
  EXPECT_EQ(s.block[1].dirty, 1);  // the pre-6.6 ghost: written since writeback took it
  EXPECT_EQ(s.block[0].cache_ver, 7);
  EXPECT_EQ(s.block[0].dirty, 0);
  EXPECT_EQ(s.mmaplock_shared, 0);
  EXPECT_EQ(s.task[0].op, 1);
  EXPECT_EQ(err_of(s.task[0].ret), Errno::kOk);
  EXPECT_EQ(s.i_size, 4096u);  // a store never changes i_size
}

// One iomap_begin per extent: fsb 0 hole, fsb 1 written, fsb 2-3 hole. The
// first call reserves fsb 0 only (alen capped at the next extent) and
// folio_mark_dirty already dirties the whole folio; the written extent is
// returned as is; the third reserves fsb 2-3 and the store follows.
TEST(MkwriteIomapBegin, OneCallPerExtent) {
  Context c = one_task(mmap_op(0, 1024));
  State s = faulting(c, 4096, 63);
  set_extent(s, 1, K::kWritten);
  s.block[1].disk_ver = kVersionInitial;
  at_mkwrite(s, c);
  iomap_page_mkwrite(s, c, 0, 0);
  xfs_buffered_write_iomap_begin_fault(s, c, 0, 0);
  EXPECT_EQ(extent_at(s, 0), K::kDelalloc);
  EXPECT_EQ(extent_at(s, 2), K::kHole);
  EXPECT_EQ(s.fdblocks, 62);
  EXPECT_EQ(s.folio[0].dirty, 1);
  EXPECT_EQ(s.folio[0].locked_by, 1);
  EXPECT_EQ(s.task[0].cur, 1);
  EXPECT_EQ(phase(s, 0), Phase::kFaultIomapBegin);
  xfs_buffered_write_iomap_begin_fault(s, c, 0, 0);
  EXPECT_EQ(s.fdblocks, 62);
  EXPECT_EQ(s.task[0].cur, 2);
  xfs_buffered_write_iomap_begin_fault(s, c, 0, 0);
  EXPECT_EQ(extent_at(s, 2), K::kDelalloc);
  EXPECT_EQ(extent_at(s, 3), K::kDelalloc);
  EXPECT_EQ(s.fdblocks, 60);
  EXPECT_EQ(s.block[0].cache_ver, 1);
  EXPECT_EQ(s.task[0].op, 1);
}

// -ENOSPC from xfs_bmapi_reserve_delalloc: iomap_page_mkwrite unlocks the
// folio, block_page_mkwrite_return gives VM_FAULT_SIGBUS, MMAPLOCK is dropped;
// no store, nothing dirtied.
TEST(MkwriteIomapBegin, NoSpaceFailsTheFault) {
  Context c = one_task(mmap_op(0, 1024));
  State s = faulting(c, 4096, 0);
  at_mkwrite(s, c);
  iomap_page_mkwrite(s, c, 0, 0);
  xfs_buffered_write_iomap_begin_fault(s, c, 0, 0);
  EXPECT_EQ(err_of(s.task[0].ret), Errno::kENOSPC);
  EXPECT_EQ(s.folio[0].locked_by, 0);
  EXPECT_EQ(s.folio[0].dirty, 0);
  EXPECT_EQ(s.mmaplock_shared, 0);
  EXPECT_EQ(s.i_delayed_blks, 0);
}

// xfs_page_mkwrite_iomap_ops has no ->iomap_end (118e021b4b66): an -ENOSPC
// on a later extent punches nothing. The first iteration's reservation and
// folio_mark_dirty stay.
TEST(MkwriteIomapBegin, LaterNoSpaceKeepsEarlierReservation) {
  Context c = one_task(mmap_op(0, 1024));
  State s = faulting(c, 4096, 1);
  set_extent(s, 1, K::kWritten);
  s.block[1].disk_ver = kVersionInitial;
  at_mkwrite(s, c);
  iomap_page_mkwrite(s, c, 0, 0);
  xfs_buffered_write_iomap_begin_fault(s, c, 0, 0);  // fsb 0: the last free block
  xfs_buffered_write_iomap_begin_fault(s, c, 0, 0);  // fsb 1: written
  xfs_buffered_write_iomap_begin_fault(s, c, 0, 0);  // fsb 2-3: -ENOSPC
  EXPECT_EQ(err_of(s.task[0].ret), Errno::kENOSPC);
  EXPECT_EQ(extent_at(s, 0), K::kDelalloc);
  EXPECT_EQ(s.i_delayed_blks, 1);
  EXPECT_EQ(s.folio[0].dirty, 1);
  EXPECT_EQ(s.block[0].cache_ver, 0);  // the store never happened
  EXPECT_EQ(s.folio[0].locked_by, 0);
}

// From 6.6 folio_mark_dirty is iomap_dirty_folio: ifs_alloc (already there
// after the read fault) and iomap_set_range_dirty(folio, 0, folio_size) sets
// every block's dirty bit, also fsb 2-3 past EOF (i_size 2048), which
// folio_mkwrite_check_truncate left out of the iteration: they stay holes.
// The store writes only below EOF.
TEST(MkwriteIomapBegin, IomapDirtyFolioMarksEveryBlockFrom66) {
  Policy p;
  p.features.per_block_dirty = true;
  Context c = one_task(mmap_op(1024, 3072), p);
  State s = faulting(c, 2048);
  at_mkwrite(s, c);
  iomap_page_mkwrite(s, c, 0, 0);
  EXPECT_EQ(s.task[0].end, 2);
  xfs_buffered_write_iomap_begin_fault(s, c, 0, 0);
  EXPECT_EQ(s.folio[0].has_ifs, 1);
  for (int b = 0; b < 4; ++b) EXPECT_EQ(s.block[b].dirty, 1) << b;
  EXPECT_EQ(extent_at(s, 1), K::kDelalloc);
  EXPECT_EQ(extent_at(s, 2), K::kHole);
  EXPECT_EQ(s.i_delayed_blks, 2);
  EXPECT_EQ(s.block[1].cache_ver, 1);
  EXPECT_EQ(s.block[2].cache_ver, 0);  // past EOF: zeroed by writeback, never stored
  EXPECT_EQ(s.block[3].cache_ver, 0);
}

// A store starts an unacknowledged copy: the store clears err_since_write as
// __iomap_write_end does, so dropping the folio later is a loss to report.
TEST(MkwriteIomapBegin, StoredDataIsTheOnlyCopy) {
  Context c = one_task(mmap_op(0, 1024));
  State s = faulting(c, 4096);
  at_mkwrite(s, c);
  iomap_page_mkwrite(s, c, 0, 0);
  xfs_buffered_write_iomap_begin_fault(s, c, 0, 0);
  EXPECT_EQ(s.block[0].err_since_write, 0);
  s.task[0].op = 0;            // keep task 0's file open, as if it had more to do
  drop_cached_block(s, c, 0);  // a loss owed to that open file
  EXPECT_EQ(s.unreported_loss, 1);
}

// ============================ writeback's dirty tag =======================

// folio_clear_dirty_for_io leaves PAGECACHE_TAG_DIRTY set "so that a
// concurrent write-for-sync can discover it" until folio_start_writeback
// (mm/page-writeback.c): a second WB_SYNC_ALL pass (B's fsync after its
// store) tags a folio that A's writeback holds between the two, and then
// waits for its lock instead of returning before the data is written.
TEST(WritebackTag, FolioBeingMappedKeepsItsDirtyTag) {
  Context c = make_ctx({TaskProgram{"A", {fsync_op()}}, TaskProgram{"B", {fsync_op()}}});
  State s = fresh();
  cached_folio(s, c, 0, /*dirty=*/true);
  mapping_folio(s, c, 0, 0, 0, 4);  // A: locked, PG_dirty cleared, at xfs_map_blocks
  start_writeback(s, 1, 0, c.nfolios - 1, Phase::kSyncCheck);
  write_cache_pages_tag(s, c, 1, 0);
  EXPECT_EQ(s.task[1].folio, 0);
  EXPECT_EQ(phase(s, 1), Phase::kWbLock);
  // Once A started writeback on it (or unlocked it), the mark is gone.
  s.folio[0].writeback = 1;
  start_writeback(s, 1, 0, c.nfolios - 1, Phase::kSyncCheck);
  write_cache_pages_tag(s, c, 1, 0);
  EXPECT_EQ(phase(s, 1), Phase::kWbWait);
}

}  // namespace
}  // namespace wbcheck::model::steps_test
