// The writeback walk of model/paths/writeback.cc up to the mapping of each
// block: write_cache_pages (tag_pages_for_writeback, locking the folio, waiting
// for writeback, folio_clear_dirty_for_io, EOF), xfs_map_blocks (the lookup
// under ILOCK_SHARED and the cached-map fast path) and
// xfs_bmapi_convert_delalloc, including the bug 217030 WARN. Submission and the
// wait are in writeback_submit_steps_test.cc, the failure hook in
// discard_steps_test.cc. Geometry and fixtures are in step_fixtures.h.
#include "model/steps.h"

#include "gtest/gtest.h"
#include "model/extent_map.h"
#include "model/task_flow.h"
#include "step_fixtures.h"

namespace wbcheck::model::steps_test {
namespace {

// ========================= write_cache_pages ===============================

// tag_pages_for_writeback: the pass visits the folios that are dirty now,
// in range; clean and absent folios are not tagged.
TEST(WriteCachePagesTag, TagsOnlyDirtyFolios) {
  Context c = one_task(fsync_op());
  State s = fresh();
  cached_folio(s, c, 0, /*dirty=*/true);
  cached_folio(s, c, 1, /*dirty=*/false);
  start_writeback(s, 0, 0, 1, Phase::kSyncCheck);
  write_cache_pages_tag(s, c, 0, 0);
  EXPECT_EQ(s.task[0].wb_todo, 0b01);
  EXPECT_EQ(s.task[0].folio, 0);
  EXPECT_EQ(phase(s, 0), Phase::kWbLock);
}

// Nothing dirty and no cached ioend: straight to __filemap_fdatawait_range
// from the first folio of the range.
TEST(WriteCachePagesTag, NothingDirtyGoesToWait) {
  Context c = one_task(fsync_op());
  State s = fresh();
  cached_folio(s, c, 1, /*dirty=*/false);
  start_writeback(s, 0, 1, 1, Phase::kSyncCheck);
  write_cache_pages_tag(s, c, 0, 0);
  EXPECT_EQ(s.task[0].wb_todo, 0);
  EXPECT_EQ(s.task[0].folio, 1);
  EXPECT_EQ(phase(s, 0), Phase::kWbWait);
}

State at_wb_lock(const Context& c, int f, uint8_t todo) {
  State s = fresh();
  start_writeback(s, 0, 0, c.nfolios - 1, Phase::kSyncCheck);
  s.task[0].wb_todo = todo;
  s.task[0].folio = static_cast<uint8_t>(f);
  set_phase(s.task[0], Phase::kWbLock);
  return s;
}

// "someone wrote it for us": the tagged folio is clean by the time the pass
// locks it; it is skipped (and unlocked again: never left locked).
TEST(WriteCachePagesLock, SkipsFolioNoLongerDirty) {
  Context c = one_task(fsync_op());
  State s = at_wb_lock(c, 0, 0b01);
  cached_folio(s, c, 0, /*dirty=*/false);
  write_cache_pages_lock(s, c, 0, 0);
  EXPECT_EQ(s.folio[0].locked_by, 0);
  EXPECT_EQ(s.task[0].wb_todo, 0);
  EXPECT_EQ(phase(s, 0), Phase::kWbWait);
}

// WB_SYNC_ALL: a dirty folio under writeback is waited on with its lock held;
// PG_dirty is cleared only after the wait (folio_clear_dirty_for_io follows
// the BUG_ON(PageWriteback)).
TEST(WriteCachePagesLock, WaitsForWritebackBeforeClearingDirty) {
  Context c = one_task(fsync_op());
  State s = at_wb_lock(c, 0, 0b01);
  cached_folio(s, c, 0, /*dirty=*/true);
  s.i_size = 4096;
  s.folio[0].writeback = 1;
  write_cache_pages_lock(s, c, 0, 0);
  EXPECT_EQ(s.folio[0].locked_by, 1);
  EXPECT_EQ(s.folio[0].dirty, 1);
  EXPECT_EQ(phase(s, 0), Phase::kWbWaitWriteback);
  s.folio[0].writeback = 0;  // the earlier I/O completed
  write_cache_pages_wait_writeback(s, c, 0, 0);
  EXPECT_EQ(s.folio[0].dirty, 0);
  EXPECT_EQ(phase(s, 0), Phase::kWbMap);
}

// folio_clear_dirty_for_io before the fs sees the folio (kernel-notes §3):
// PG_dirty and, before 6.6, the ghost per-block bits are clear; the whole
// folio is inside i_size (4096), so fsb 0-3 are to be mapped.
TEST(WriteCachePagesLock, ClearsDirtyAndMapsTheFolio) {
  Context c = one_task(fsync_op());
  State s = at_wb_lock(c, 0, 0b01);
  cached_folio(s, c, 0, /*dirty=*/true);
  s.i_size = 4096;
  write_cache_pages_lock(s, c, 0, 0);
  EXPECT_EQ(s.folio[0].dirty, 0);
  for (int b = 0; b < 4; ++b) EXPECT_EQ(s.block[b].dirty, 0) << b;
  EXPECT_EQ(s.folio[0].locked_by, 1);
  EXPECT_EQ(s.task[0].cur, 0);
  EXPECT_EQ(s.task[0].end, 4);
  EXPECT_EQ(s.task[0].wb_count, 0);
  EXPECT_EQ(phase(s, 0), Phase::kWbMap);
}

// iomap_do_writepage: folio 1 starts at 4096 == i_size (index == end_index,
// poff == 0), wholly beyond EOF: "goto unlock". It was already cleaned.
TEST(WriteCachePagesLock, FolioBeyondEofIsSkippedClean) {
  Context c = one_task(fsync_op());
  State s = at_wb_lock(c, 1, 0b10);
  cached_folio(s, c, 1, /*dirty=*/true);
  s.i_size = 4096;
  write_cache_pages_lock(s, c, 0, 0);
  EXPECT_EQ(s.folio[1].dirty, 0);
  EXPECT_EQ(s.folio[1].locked_by, 0);
  EXPECT_EQ(s.folio[1].writeback, 0);
  EXPECT_EQ(phase(s, 0), Phase::kWbWait);
}

// A folio straddling EOF (i_size 5120): end_pos = i_size, so only blocks
// with pos < 5120, i.e. fsb 4, are mapped.
TEST(WriteCachePagesLock, StraddlingFolioMapsUpToEof) {
  Context c = one_task(fsync_op());
  State s = at_wb_lock(c, 1, 0b10);
  cached_folio(s, c, 1, /*dirty=*/true);
  s.i_size = 5120;
  write_cache_pages_lock(s, c, 0, 0);
  EXPECT_EQ(s.task[0].cur, 4);
  EXPECT_EQ(s.task[0].end, 5);
}

// ============================ xfs_map_blocks ===============================

// A hole followed by an extent maps up to that extent: fsb 0-1 holes, fsb 2
// written. The hole mapping [0, 2) is cached with data_seq, so fsb 1 uses the
// fast path; fsb 2 is outside it, so a lookup maps the written [2, 3) and
// iomap_add_to_ioend adds it with the cached data version.
TEST(XfsMapBlocks, HoleMapsToNextExtentThenRealExtentJoinsIoend) {
  Context c = one_task(fsync_op());
  State s = fresh();
  cached_folio(s, c, 0, /*dirty=*/false, /*ver=*/7);
  s.block[3].uptodate = 0;  // not written: 6.2 maps uptodate blocks only
  set_extent(s, 2, K::kWritten);
  mapping_folio(s, c, 0, 0, 0, 4);
  xfs_map_blocks(s, c, 0, 0);
  EXPECT_EQ(s.task[0].map_start, 0);
  EXPECT_EQ(s.task[0].map_end, 2);
  EXPECT_EQ(s.task[0].map_kind, static_cast<uint8_t>(K::kHole));
  EXPECT_EQ(s.task[0].map_valid, 1);
  EXPECT_EQ(s.task[0].cur, 1);
  EXPECT_EQ(s.task[0].ioend, 0);
  xfs_map_blocks(s, c, 0, 0);  // fsb 1: still the hole
  EXPECT_EQ(s.task[0].cur, 2);
  EXPECT_EQ(s.task[0].ioend, 0);
  xfs_map_blocks(s, c, 0, 0);  // fsb 2: the written extent
  EXPECT_EQ(s.task[0].map_start, 2);
  EXPECT_EQ(s.task[0].map_end, 3);
  EXPECT_EQ(s.task[0].ioend, 0b100);
  EXPECT_EQ(s.block[2].io_ver, 7);
  EXPECT_EQ(s.task[0].wb_count, 1);
  EXPECT_EQ(s.task[0].cur, 3);
  // fsb 3 is not uptodate: no block left, so the folio is finished with
  // count 1: folio_start_writeback, unlock; nothing else tagged, so submit.
  xfs_map_blocks(s, c, 0, 0);
  EXPECT_EQ(s.folio[0].writeback, 1);
  EXPECT_EQ(s.folio[0].locked_by, 0);
  EXPECT_EQ(phase(s, 0), Phase::kWbSubmit);
}

// No extent at or after offset: "fake a hole past EOF", imap.br_startoff =
// end_fsb = offset_fsb + 1, a one-block hole.
TEST(XfsMapBlocks, HoleWithNoLaterExtentIsOneBlock) {
  Context c = one_task(fsync_op());
  State s = fresh();
  cached_folio(s, c, 1, /*dirty=*/false);
  mapping_folio(s, c, 0, 1, 4, 8);
  xfs_map_blocks(s, c, 0, 0);
  EXPECT_EQ(s.task[0].map_start, 4);
  EXPECT_EQ(s.task[0].map_end, 5);
  EXPECT_EQ(s.task[0].cur, 5);
}

// A folio whose every block is a hole is finished with count == 0: no
// PG_writeback (folio_end_writeback at once), unlocked, clean.
TEST(XfsMapBlocks, AllHolesFinishesWithoutWriteback) {
  Context c = one_task(fsync_op());
  State s = fresh();
  cached_folio(s, c, 0, /*dirty=*/false);
  mapping_folio(s, c, 0, 0, 0, 4);
  for (int i = 0; i < 4; ++i) xfs_map_blocks(s, c, 0, 0);  // fsb 0..3: holes
  EXPECT_EQ(s.task[0].cur, 4);
  xfs_map_blocks(s, c, 0, 0);  // nothing left
  EXPECT_EQ(s.folio[0].writeback, 0);
  EXPECT_EQ(s.folio[0].locked_by, 0);
  EXPECT_EQ(s.folio[0].dirty, 0);
  EXPECT_EQ(phase(s, 0), Phase::kWbWait);
}

// Delalloc found by the lookup goes to xfs_bmapi_convert_delalloc, a separate
// ILOCK_EXCL section; nothing is added yet and no map is cached for it.
TEST(XfsMapBlocks, DelallocGoesToConvert) {
  Context c = one_task(fsync_op());
  State s = fresh();
  cached_folio(s, c, 0, /*dirty=*/false);
  reserved(s, 0, 4);
  mapping_folio(s, c, 0, 0, 0, 4);
  s.task[0].map_start = 4;  // a valid cached hole [4, 8) that does not cover fsb 0
  s.task[0].map_end = 8;
  s.task[0].map_kind = static_cast<uint8_t>(K::kHole);
  s.task[0].map_valid = 1;
  xfs_map_blocks(s, c, 0, 0);
  EXPECT_EQ(phase(s, 0), Phase::kWbConvert);
  EXPECT_EQ(s.task[0].cur, 0);
  EXPECT_EQ(s.task[0].map_valid, 0);
  EXPECT_EQ(s.task[0].ioend, 0);
  EXPECT_EQ(extent_at(s, 0), K::kDelalloc);  // the lookup changes nothing
}

// xfs_imap_valid: offset inside wpc->iomap and data_seq current -> no lookup.
// Unwritten fsb 0-7 with a cached map [0, 4) (one XFS extent of two): fsb 1
// uses the cache, so the map stays [0, 4); a lookup would have given the
// whole run [0, 8).
TEST(XfsMapBlocks, FastPathWhenCachedMapValid) {
  Context c = one_task(fsync_op());
  State s = fresh();
  for (int b = 0; b < 8; ++b) set_extent(s, b, K::kUnwritten);
  cached_folio(s, c, 0, /*dirty=*/false);
  mapping_folio(s, c, 0, 0, 1, 4);
  s.task[0].map_start = 0;
  s.task[0].map_end = 4;
  s.task[0].map_kind = static_cast<uint8_t>(K::kUnwritten);
  s.task[0].map_valid = 1;
  xfs_map_blocks(s, c, 0, 0);
  EXPECT_EQ(s.task[0].map_end, 4);
  EXPECT_EQ(s.task[0].ioend, 0b10);
}

// The same cached map after an if_seq bump is not trusted: the lookup maps
// the current extent run [0, 8).
TEST(XfsMapBlocks, StaleCachedMapIsLookedUpAgain) {
  Context c = one_task(fsync_op());
  State s = fresh();
  for (int b = 0; b < 8; ++b) set_extent(s, b, K::kUnwritten);
  cached_folio(s, c, 0, /*dirty=*/false);
  mapping_folio(s, c, 0, 0, 1, 4);
  s.task[0].map_start = 0;
  s.task[0].map_end = 4;
  s.task[0].map_kind = static_cast<uint8_t>(K::kUnwritten);
  s.task[0].map_valid = 0;
  xfs_map_blocks(s, c, 0, 0);
  EXPECT_EQ(s.task[0].map_start, 0);
  EXPECT_EQ(s.task[0].map_end, 8);
  EXPECT_EQ(s.task[0].ioend, 0b10);
}

// ======================= xfs_bmapi_convert_delalloc ========================

// Bug 217030 (F1): the delalloc seen under ILOCK_SHARED was punched before
// ILOCK_EXCL. The re-lookup finds no extent at offset_fsb:
// WARN_ON_ONCE(whichfork != XFS_COW_FORK), -EAGAIN, and iomap_writepage_map's
// failure branch runs the on_map_failure hook with the folio still locked.
TEST(XfsBmapiConvertDelalloc, MissingExtentWarnsAndRunsHook) {
  Context c = one_task(fsync_op(), linux_6_3());
  State s = at_convert(c, 0, 0);
  xfs_bmapi_convert_delalloc(s, c, 0, 0);
  EXPECT_EQ(s.warned_convert, 1);
  EXPECT_EQ(err_of(s.task[0].wb_err), Errno::kEAGAIN);
  EXPECT_EQ(err_of(s.task[0].err), Errno::kEAGAIN);
  EXPECT_EQ(phase(s, 0), Phase::kWbHook);
  EXPECT_EQ(s.task[0].wb_hook, 0);
  EXPECT_EQ(s.folio[0].locked_by, 1);
}

// No allocation happens on that path, so there is no alloc-fault choice.
TEST(XfsBmapiConvertDelalloc, OutcomesOnlyWhenAllocating) {
  Context c = one_task(fsync_op(), linux_6_3(), alloc_fault(FaultMode::kNondet));
  State s = at_convert(c, 0, 0);
  EXPECT_EQ(convert_outcomes(s, c, 0), 1);  // hole: the WARN path
  set_extent(s, 0, K::kUnwritten);
  EXPECT_EQ(convert_outcomes(s, c, 0), 1);  // raced conversion: nothing to allocate
  set_extent(s, 0, K::kDelalloc);
  EXPECT_EQ(convert_outcomes(s, c, 0), 2);  // xfs_bmapi_allocate may fail or not
}

// xfs_bmapi_allocate fails (corrupt bnobt): the scenario's errno is what
// ->map_blocks returns; the delalloc and its reservation are untouched.
TEST(XfsBmapiConvertDelalloc, AllocFailureRunsHookWithScenarioErrno) {
  Context c = one_task(fsync_op(), linux_6_3(), alloc_fault(FaultMode::kAlways, Errno::kENOSPC));
  State s = at_convert(c, 0, 0);
  reserved(s, 0, 4);  // fdblocks 60
  xfs_bmapi_convert_delalloc(s, c, 0, 0);
  EXPECT_EQ(err_of(s.task[0].wb_err), Errno::kENOSPC);
  EXPECT_EQ(s.warned_convert, 0);
  EXPECT_EQ(extent_at(s, 0), K::kDelalloc);
  EXPECT_EQ(s.i_delayed_blks, 4);
  EXPECT_EQ(s.fdblocks, 60);
  EXPECT_EQ(phase(s, 0), Phase::kWbHook);
}

// With a nondeterministic fault, choice 1 is the failing branch.
TEST(XfsBmapiConvertDelalloc, NondetChoiceOneFails) {
  Context c = one_task(fsync_op(), linux_6_3(), alloc_fault(FaultMode::kNondet));
  State s = at_convert(c, 0, 0);
  reserved(s, 0, 4);
  State ok = s;
  xfs_bmapi_convert_delalloc(s, c, 0, 1);
  EXPECT_EQ(err_of(s.task[0].wb_err), Errno::kEFSCORRUPTED);
  xfs_bmapi_convert_delalloc(ok, c, 0, 0);
  EXPECT_EQ(err_of(ok.task[0].wb_err), Errno::kOk);
  EXPECT_EQ(extent_at(ok, 0), K::kUnwritten);
}

// Success: bma.offset = got.br_startoff over the whole delalloc [0, 5)
// (including fsb 4 in folio 1), unwritten; the reservation is consumed
// (i_delayed_blks/m_delalloc_blks 5 -> 0, fdblocks unchanged at 59); the
// mapping returned is the new extent [0, 5) with *seq = if_seq, and fsb 0
// joins the ioend. Other cached maps are stale (if_seq bumped).
TEST(XfsBmapiConvertDelalloc, SuccessConvertsWholeRunAndMapsIt) {
  Context c = one_task(fsync_op(), linux_6_3());
  State s = at_convert(c, 0, 0);
  reserved(s, 0, 5);
  s.task[1].map_valid = 1;
  xfs_bmapi_convert_delalloc(s, c, 0, 0);
  for (int b = 0; b < 5; ++b) EXPECT_EQ(extent_at(s, b), K::kUnwritten) << b;
  EXPECT_EQ(extent_at(s, 5), K::kHole);
  EXPECT_EQ(s.i_delayed_blks, 0);
  EXPECT_EQ(s.m_delalloc_blks, 0);
  EXPECT_EQ(s.fdblocks, 59);
  const TaskState& t = s.task[0];
  EXPECT_EQ(t.map_start, 0);
  EXPECT_EQ(t.map_end, 5);
  EXPECT_EQ(t.map_kind, static_cast<uint8_t>(K::kUnwritten));
  EXPECT_EQ(t.map_valid, 1);
  EXPECT_EQ(t.ioend, 0b1);
  EXPECT_EQ(t.wb_count, 1);
  EXPECT_EQ(t.cur, 1);
  EXPECT_EQ(s.task[1].map_valid, 0);
  EXPECT_EQ(phase(s, 0), Phase::kWbMap);
}

// "If we find a real extent here we raced with another thread converting the
// extent. Just return the real extent at this offset."
TEST(XfsBmapiConvertDelalloc, RacedConversionMapsTheRealExtent) {
  Context c = one_task(fsync_op(), linux_6_3(), alloc_fault(FaultMode::kAlways));
  State s = at_convert(c, 0, 0);
  for (int b = 0; b < 4; ++b) set_extent(s, b, K::kUnwritten);
  xfs_bmapi_convert_delalloc(s, c, 0, 0);
  EXPECT_EQ(s.warned_convert, 0);
  EXPECT_EQ(err_of(s.task[0].wb_err), Errno::kOk);  // the alloc fault is never reached
  EXPECT_EQ(s.task[0].ioend, 0b1);
  EXPECT_EQ(s.task[0].map_end, 4);
}

}  // namespace
}  // namespace wbcheck::model::steps_test
