// The buffered-write steps of model/paths/buffered_write.cc
// (xfs_file_buffered_write -> iomap_file_buffered_write, 6.2): IOLOCK_EXCL and
// the write's block range, xfs_buffered_write_iomap_begin's delalloc
// reservation and mapping, iomap_write_begin and iomap_write_end (dirtying,
// uptodate, i_size, the O_SYNC flush), and file_check_and_advance_wb_err, the
// errseq check that ends fsync and O_SYNC writes. Geometry and fixtures are in
// step_fixtures.h.
#include "model/steps.h"

#include "gtest/gtest.h"
#include "model/errseq.h"
#include "model/extent_map.h"
#include "model/task_flow.h"
#include "step_fixtures.h"

namespace wbcheck::model::steps_test {
namespace {

// ============================ buffered write ==============================

// xfs_file_buffered_write: xfs_ilock(IOLOCK_EXCL); the write [1024, 5120)
// covers fsb 1-4.
TEST(BufferedWriteLock, TakesIolockExclAndSetsBlockRange) {
  Context c = one_task(write_op(1024, 4096));
  State s = fresh();
  xfs_file_buffered_write_lock(s, c, 0, 0);
  EXPECT_EQ(s.iolock_excl, 1);      // task 0 + 1
  EXPECT_EQ(s.task[0].iolock, 2);   // exclusive
  EXPECT_EQ(s.task[0].cur, 1);      // 1024 / 1024
  EXPECT_EQ(s.task[0].end, 5);      // 5120 / 1024
  EXPECT_EQ(phase(s, 0), Phase::kWriteIomapBegin);
}

// xfs_buffered_write_iomap_begin on a hole with nothing after it:
// xfs_bmapi_reserve_delalloc(offset_fsb 0, end_fsb - offset_fsb = 5), eof, so
// alen is not capped by a next extent. 5 blocks leave fdblocks (64 -> 59).
// The new extent bumps if_seq: the other actor's cached map is stale.
TEST(BufferedWriteIomapBegin, ReservesDelallocOverHoleToEndOfWrite) {
  Context c = one_task(write_op(0, 5120));
  State s = fresh();
  xfs_file_buffered_write_lock(s, c, 0, 0);
  s.task[1].map_valid = 1;
  xfs_buffered_write_iomap_begin(s, c, 0, 0);
  for (int b = 0; b < 5; ++b) EXPECT_EQ(extent_at(s, b), K::kDelalloc) << b;
  for (int b = 5; b < 8; ++b) EXPECT_EQ(extent_at(s, b), K::kHole) << b;
  EXPECT_EQ(s.fdblocks, 59);
  EXPECT_EQ(s.i_delayed_blks, 5);
  EXPECT_EQ(s.m_delalloc_blks, 5);
  const TaskState& t = s.task[0];
  EXPECT_EQ(t.map_start, 0);
  EXPECT_EQ(t.map_end, 5);
  EXPECT_EQ(t.map_kind, static_cast<uint8_t>(K::kDelalloc));  // IOMAP_DELALLOC
  EXPECT_EQ(t.map_valid, 1);  // the cookie matches the if_seq just bumped
  EXPECT_EQ(s.task[1].map_valid, 0);
  EXPECT_EQ(phase(s, 0), Phase::kWriteBegin);
}

// The hole run ends at the next extent: xfs_bmapi_reserve_delalloc caps
// alen at got->br_startoff - aoff. Written fsb 3, write [0, 8192): reserve fsb 0-2.
TEST(BufferedWriteIomapBegin, HoleReservationStopsAtNextExtent) {
  Context c = one_task(write_op(0, 8192));
  State s = fresh();
  set_extent(s, 3, K::kWritten);
  xfs_file_buffered_write_lock(s, c, 0, 0);
  xfs_buffered_write_iomap_begin(s, c, 0, 0);
  EXPECT_EQ(extent_at(s, 2), K::kDelalloc);
  EXPECT_EQ(extent_at(s, 3), K::kWritten);
  EXPECT_EQ(extent_at(s, 4), K::kHole);
  EXPECT_EQ(s.fdblocks, 61);  // 64 - 3
  EXPECT_EQ(s.task[0].map_end, 3);
}

// A real extent at offset_fsb is returned as it is (found_imap): unwritten
// fsb 0-1, write [0, 4096) maps [0, 2) unwritten, reserves nothing.
TEST(BufferedWriteIomapBegin, ExistingRealExtentMappedAsIs) {
  Context c = one_task(write_op(0, 4096));
  State s = fresh();
  set_extent(s, 0, K::kUnwritten);
  set_extent(s, 1, K::kUnwritten);
  xfs_file_buffered_write_lock(s, c, 0, 0);
  s.task[1].map_valid = 1;
  xfs_buffered_write_iomap_begin(s, c, 0, 0);
  EXPECT_EQ(s.task[0].map_start, 0);
  EXPECT_EQ(s.task[0].map_end, 2);
  EXPECT_EQ(s.task[0].map_kind, static_cast<uint8_t>(K::kUnwritten));
  EXPECT_EQ(extent_at(s, 2), K::kHole);  // not reserved yet: a later iomap_begin does it
  EXPECT_EQ(s.fdblocks, 64);
  EXPECT_EQ(s.i_delayed_blks, 0);
  EXPECT_EQ(s.task[1].map_valid, 1);  // no extent changed: no if_seq bump
}

// An existing delalloc extent is also returned as it is, trimmed to the
// write: delalloc fsb 0-3, write [1024, 3072) maps [1, 3); no new reservation.
TEST(BufferedWriteIomapBegin, ExistingDelallocMappedAsIs) {
  Context c = one_task(write_op(1024, 2048));
  State s = fresh();
  reserved(s, 0, 4);  // fdblocks 60
  xfs_file_buffered_write_lock(s, c, 0, 0);
  xfs_buffered_write_iomap_begin(s, c, 0, 0);
  EXPECT_EQ(s.task[0].map_start, 1);
  EXPECT_EQ(s.task[0].map_end, 3);
  EXPECT_EQ(s.task[0].map_kind, static_cast<uint8_t>(K::kDelalloc));
  EXPECT_EQ(s.fdblocks, 60);
  EXPECT_EQ(s.i_delayed_blks, 4);
}

// -ENOSPC before anything was copied: iomap_file_buffered_write returns the
// error, IOLOCK is dropped, nothing was reserved and no sync runs.
TEST(BufferedWriteIomapBegin, EnospcWithNothingWrittenFailsTheWrite) {
  Context c = one_task(write_op(0, 4096, /*sync=*/true));
  State s = fresh(/*fdblocks=*/2);
  xfs_file_buffered_write_lock(s, c, 0, 0);
  xfs_buffered_write_iomap_begin(s, c, 0, 0);
  EXPECT_EQ(err_of(s.task[0].ret), Errno::kENOSPC);
  EXPECT_EQ(s.task[0].op, 1);
  EXPECT_EQ(phase(s, 0), Phase::kDone);
  EXPECT_EQ(s.iolock_excl, 0);
  EXPECT_EQ(extent_at(s, 0), K::kHole);
  EXPECT_EQ(s.fdblocks, 2);
}

// -ENOSPC after fsb 0-1 were copied: a short write returns the bytes written
// (success), not the error.
TEST(BufferedWriteIomapBegin, EnospcAfterPartialCopyIsAShortWrite) {
  Context c = one_task(write_op(0, 4096));
  State s = fresh(/*fdblocks=*/3);
  reserved(s, 0, 2);  // fdblocks 1: fsb 2-3 need 2
  xfs_file_buffered_write_lock(s, c, 0, 0);
  s.task[0].cur = 2;
  xfs_buffered_write_iomap_begin(s, c, 0, 0);
  EXPECT_EQ(err_of(s.task[0].ret), Errno::kOk);
  EXPECT_EQ(phase(s, 0), Phase::kDone);
  EXPECT_EQ(s.iolock_excl, 0);
  EXPECT_EQ(extent_at(s, 2), K::kHole);
}

// __iomap_get_folio(FGP_LOCK | FGP_CREAT): a new folio, locked, not uptodate,
// not dirty; the cookie still matches (map_valid), so on to the copy.
TEST(IomapWriteBegin, CreatesAndLocksTheFolio) {
  Context c = one_task(write_op(4096, 1024));
  State s = fresh();
  xfs_file_buffered_write_lock(s, c, 0, 0);
  xfs_buffered_write_iomap_begin(s, c, 0, 0);
  iomap_write_begin(s, c, 0, 0);
  EXPECT_EQ(s.folio[1].present, 1);
  EXPECT_EQ(s.folio[1].locked_by, 1);
  EXPECT_EQ(s.folio[1].uptodate, 0);
  EXPECT_EQ(s.folio[1].dirty, 0);
  EXPECT_EQ(s.folio[0].present, 0);
  EXPECT_EQ(phase(s, 0), Phase::kWriteEnd);
}

// From 6.2 ->iomap_valid fails (if_seq moved since iomap_begin): the folio is
// unlocked and put, IOMAP_F_STALE ends the iteration. The mapping was not
// reserved by this write (an existing delalloc extent, no IOMAP_F_NEW), so
// ->iomap_end has nothing to release and iomap_iter maps again from the same
// position. The folio __iomap_get_folio created stays in the cache, unlocked.
TEST(IomapWriteBegin, StaleMappingGoesBackToIomapBegin) {
  Context c = one_task(write_op(0, 1024));
  c.policy.features.write_iomap_valid = true;
  State s = fresh();
  xfs_bmapi_reserve_delalloc(s, c, 0, 1);
  xfs_file_buffered_write_lock(s, c, 0, 0);
  xfs_buffered_write_iomap_begin(s, c, 0, 0);
  EXPECT_EQ(s.task[0].map_new, 0);
  xfs_iext_inc_seq(s, c);  // e.g. a discard punched in between
  iomap_write_begin(s, c, 0, 0);
  EXPECT_EQ(s.folio[0].present, 1);
  EXPECT_EQ(s.folio[0].locked_by, 0);
  EXPECT_EQ(s.task[0].cur, 0);
  EXPECT_EQ(phase(s, 0), Phase::kWriteIomapBegin);
}

// The same with the delalloc reserved by this iteration (IOMAP_F_NEW): the
// stale iteration wrote nothing of [0, 1024), so ->iomap_end releases it
// first (xfs_buffered_write_iomap_end is called with written = 0).
TEST(IomapWriteBegin, StaleNewMappingIsReleasedFirst) {
  Context c = one_task(write_op(0, 1024));
  c.policy.features.write_iomap_valid = true;
  State s = fresh();
  xfs_file_buffered_write_lock(s, c, 0, 0);
  xfs_buffered_write_iomap_begin(s, c, 0, 0);
  EXPECT_EQ(s.task[0].map_new, 1);
  xfs_iext_inc_seq(s, c);
  iomap_write_begin(s, c, 0, 0);
  EXPECT_EQ(s.folio[0].locked_by, 0);
  EXPECT_EQ(phase(s, 0), Phase::kWriteIomapEnd);
}

// Before 6.2 there is no ->iomap_valid: the write goes on with the mapping
// it has, stale or not, and takes the folio lock.
TEST(IomapWriteBegin, WithoutIomapValidStaleMappingIsUsed) {
  Context c = one_task(write_op(0, 1024));
  State s = fresh();
  xfs_file_buffered_write_lock(s, c, 0, 0);
  xfs_buffered_write_iomap_begin(s, c, 0, 0);
  xfs_iext_inc_seq(s, c);
  iomap_write_begin(s, c, 0, 0);
  EXPECT_EQ(s.folio[0].locked_by, 1);
  EXPECT_EQ(phase(s, 0), Phase::kWriteEnd);
}

// A task at write_begin for folio 0: lock held, map [map_start, map_end) valid.
State at_write_end(const Context& c, int cur, int end, int map_end, K kind = K::kDelalloc) {
  State s = fresh();
  s.iolock_excl = 1;
  s.task[0].iolock = 2;
  s.task[0].cur = static_cast<uint8_t>(cur);
  s.task[0].end = static_cast<uint8_t>(end);
  s.task[0].map_start = static_cast<uint8_t>(cur);
  s.task[0].map_end = static_cast<uint8_t>(map_end);
  s.task[0].map_kind = static_cast<uint8_t>(kind);
  s.task[0].map_valid = 1;
  int f = c.folio_of(cur);
  s.folio[f].present = 1;
  folio_lock(s, f, 0);
  set_phase(s.task[0], Phase::kWriteEnd);
  return s;
}

// __iomap_write_end for [0, 2048): iomap_set_range_uptodate sets fsb 0-1
// only, so the folio is not uptodate (fsb 2-3 are not); filemap_dirty_folio
// sets PG_dirty; i_size 0 -> 2048; folio unlocked; the write is complete, so
// IOLOCK is dropped and write() returns (no O_SYNC).
TEST(IomapWriteEnd, PartialFolioWriteDirtiesButFolioNotUptodate) {
  Context c = one_task(write_op(0, 2048));
  State s = at_write_end(c, 0, 2, 2);
  iomap_write_end(s, c, 0, 0);
  EXPECT_EQ(s.block[0].uptodate, 1);
  EXPECT_EQ(s.block[1].uptodate, 1);
  EXPECT_EQ(s.block[0].dirty, 1);
  EXPECT_EQ(s.block[2].uptodate, 0);
  EXPECT_EQ(s.block[0].cache_ver, c.version[0][0]);
  EXPECT_EQ(s.block[2].cache_ver, 0);
  EXPECT_EQ(s.folio[0].uptodate, 0);
  EXPECT_EQ(s.folio[0].dirty, 1);
  EXPECT_EQ(s.i_size, 2048u);
  EXPECT_EQ(s.folio[0].locked_by, 0);
  EXPECT_EQ(s.iolock_excl, 0);
  EXPECT_EQ(s.task[0].iolock, 0);
  EXPECT_EQ(err_of(s.task[0].ret), Errno::kOk);
  EXPECT_EQ(phase(s, 0), Phase::kDone);
}

// The folio becomes uptodate once every block is: fsb 2-3 were uptodate
// already, the write makes fsb 0-1 uptodate.
TEST(IomapWriteEnd, FolioUptodateWhenAllBlocksUptodate) {
  Context c = one_task(write_op(0, 2048));
  State s = at_write_end(c, 0, 2, 2);
  s.block[2].uptodate = s.block[3].uptodate = 1;
  iomap_write_end(s, c, 0, 0);
  EXPECT_EQ(s.folio[0].uptodate, 1);
}

// i_size only grows: a write inside the file leaves it.
TEST(IomapWriteEnd, DoesNotShrinkISize) {
  Context c = one_task(write_op(0, 1024));
  State s = at_write_end(c, 0, 1, 1);
  s.i_size = 8192;
  iomap_write_end(s, c, 0, 0);
  EXPECT_EQ(s.i_size, 8192u);
}

// Write [0, 5120) with the map [0, 5): the copy is per folio, so the first
// write_end covers fsb 0-3 and stops at the folio end; the map still covers
// fsb 4, so the next step is write_begin for folio 1 (no new iomap_begin).
// IOLOCK is still held; i_size 4096 so far.
TEST(IomapWriteEnd, StopsAtFolioEndAndContinuesWithWriteBegin) {
  Context c = one_task(write_op(0, 5120));
  State s = at_write_end(c, 0, 5, 5);
  iomap_write_end(s, c, 0, 0);
  EXPECT_EQ(s.task[0].cur, 4);
  EXPECT_EQ(s.i_size, 4096u);
  EXPECT_EQ(s.folio[0].uptodate, 1);
  EXPECT_EQ(s.iolock_excl, 1);
  EXPECT_EQ(phase(s, 0), Phase::kWriteBegin);
}

// The map ends before the write: map [0, 2), write [0, 4096). The copy stops
// at fsb 2 and iomap_iter asks xfs_buffered_write_iomap_begin again.
TEST(IomapWriteEnd, MapEndGoesBackToIomapBegin) {
  Context c = one_task(write_op(0, 4096));
  State s = at_write_end(c, 0, 4, 2, K::kUnwritten);
  iomap_write_end(s, c, 0, 0);
  EXPECT_EQ(s.task[0].cur, 2);
  EXPECT_EQ(s.block[2].dirty, 0);
  EXPECT_EQ(phase(s, 0), Phase::kWriteIomapBegin);
}

// The last folio of an O_SYNC write [0, 5120): xfs_file_buffered_write drops
// IOLOCK, then generic_write_sync -> vfs_fsync_range(0, 5119) ->
// file_write_and_wait_range over folios 0..1, coming back to
// file_check_and_advance_wb_err.
TEST(IomapWriteEnd, OSyncDropsIolockThenWritesBackTheWrittenFolios) {
  Context c = one_task(write_op(0, 5120, /*sync=*/true));
  State s = at_write_end(c, 4, 5, 5);
  s.task[0].map_start = 0;
  cached_folio(s, c, 0, /*dirty=*/true);
  s.i_size = 4096;
  iomap_write_end(s, c, 0, 0);
  EXPECT_EQ(s.block[4].dirty, 1);
  EXPECT_EQ(s.folio[1].dirty, 1);
  EXPECT_EQ(s.folio[1].uptodate, 0);  // fsb 5-7 not uptodate
  EXPECT_EQ(s.i_size, 5120u);
  EXPECT_EQ(s.folio[1].locked_by, 0);
  EXPECT_EQ(s.iolock_excl, 0);
  EXPECT_EQ(s.task[0].iolock, 0);
  const TaskState& t = s.task[0];
  EXPECT_EQ(t.op, 0);  // still inside write(2)
  EXPECT_EQ(t.wb_first, 0);
  EXPECT_EQ(t.wb_last, 1);  // (5 - 1) / 4
  EXPECT_EQ(static_cast<Phase>(t.wb_ret), Phase::kSyncCheck);
  EXPECT_EQ(phase(s, 0), Phase::kWbTag);
}

// An O_SYNC write of only folio 1 ([4096, 5120)) syncs only folio 1.
TEST(IomapWriteEnd, OSyncRangeStartsAtTheWritesFolio) {
  Context c = one_task(write_op(4096, 1024, /*sync=*/true));
  State s = at_write_end(c, 4, 5, 5);
  iomap_write_end(s, c, 0, 0);
  EXPECT_EQ(s.task[0].wb_first, 1);
  EXPECT_EQ(s.task[0].wb_last, 1);
}

// ===================== file_check_and_advance_wb_err ======================

// errseq: mapping->wb_err holds an unseen EIO; a file sampled before it
// (f_wb_err 0) gets EIO once; the value is marked SEEN and the cursor moves
// to it, so the same file's next check returns 0. A second file that sampled
// before the error still gets it. AS_EIO is cleared either way.
TEST(FileCheckAndAdvanceWbErr, EachFileSeesAnErrorOnce) {
  Context c = make_ctx({TaskProgram{"A", {fsync_op(), fsync_op()}}, TaskProgram{"B", {fsync_op()}}});
  State s = fresh();
  s.wb_err = errseq_set(0, Errno::kEIO);
  s.as_eio = 1;
  set_phase(s.task[0], Phase::kSyncCheck);
  file_check_and_advance_wb_err(s, c, 0, 0);
  EXPECT_EQ(err_of(s.task[0].ret), Errno::kEIO);
  EXPECT_EQ(s.wb_err & kErrseqSeen, kErrseqSeen);
  EXPECT_EQ(s.task[0].f_wb_err, s.wb_err);
  EXPECT_EQ(s.as_eio, 0);
  EXPECT_EQ(s.task[0].op, 1);  // the second fsync entered
  set_phase(s.task[0], Phase::kSyncCheck);
  file_check_and_advance_wb_err(s, c, 0, 0);
  EXPECT_EQ(err_of(s.task[0].ret), Errno::kOk);
  set_phase(s.task[1], Phase::kSyncCheck);
  file_check_and_advance_wb_err(s, c, 1, 0);
  EXPECT_EQ(err_of(s.task[1].ret), Errno::kEIO);
}

// file_write_and_wait_range: the flush's own error wins (`if (!err) err =
// err2`), but the errseq cursor is advanced anyway, so the errseq error is
// not reported again later.
TEST(FileCheckAndAdvanceWbErr, FlushErrorWinsAndErrseqStillAdvances) {
  Context c = make_ctx({TaskProgram{"A", {fsync_op(), fsync_op()}}});
  State s = fresh();
  s.wb_err = errseq_set(0, Errno::kEIO);
  s.as_enospc = 1;
  set_phase(s.task[0], Phase::kSyncCheck);
  s.task[0].err = static_cast<uint8_t>(Errno::kEFSCORRUPTED);
  file_check_and_advance_wb_err(s, c, 0, 0);
  EXPECT_EQ(err_of(s.task[0].ret), Errno::kEFSCORRUPTED);
  EXPECT_EQ(s.task[0].f_wb_err, s.wb_err);
  EXPECT_EQ(s.as_enospc, 0);
  set_phase(s.task[0], Phase::kSyncCheck);
  file_check_and_advance_wb_err(s, c, 0, 0);
  EXPECT_EQ(err_of(s.task[0].ret), Errno::kOk);
}

}  // namespace
}  // namespace wbcheck::model::steps_test
