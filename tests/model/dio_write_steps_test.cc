// The aligned direct-IO write of model/paths/dio_write.cc: IOLOCK_SHARED and
// the flush of the write's range, filemap_check_errors, invalidate_inode_pages2_range
// (dropping clean folios, falling back to a buffered write on a dirty one,
// waiting for writeback), xfs_direct_write_iomap_begin's unwritten allocation
// and its faults, and xfs_dio_write_end_io. Geometry and fixtures are in
// step_fixtures.h.
#include "model/steps.h"

#include "gtest/gtest.h"
#include "model/extent_map.h"
#include "model/task_flow.h"
#include "step_fixtures.h"

namespace wbcheck::model::steps_test {
namespace {

// ============================== direct I/O =================================

// xfs_file_dio_write_aligned: IOLOCK_SHARED, then filemap_write_and_wait_range
// over the write's folios ([4096, 8192) = folio 1).
TEST(DioWriteLock, SharedIolockThenFlushOfTheRange) {
  Context c = one_task(dio_op(4096, 4096));
  State s = fresh();
  xfs_file_dio_write_lock(s, c, 0, 0);
  EXPECT_EQ(s.iolock_shared, 1);
  EXPECT_EQ(s.iolock_excl, 0);
  EXPECT_EQ(s.task[0].iolock, 1);
  EXPECT_EQ(s.task[0].wb_first, 1);
  EXPECT_EQ(s.task[0].wb_last, 1);
  EXPECT_EQ(static_cast<Phase>(s.task[0].wb_ret), Phase::kDioCheckErrors);
  EXPECT_EQ(phase(s, 0), Phase::kWbTag);
}

State at_dio_check(const Context& c) {
  State s = fresh();
  xfs_file_dio_write_lock(s, c, 0, 0);
  set_phase(s.task[0], Phase::kDioCheckErrors);
  return s;
}

// A flush error fails the direct write with that error (≤6.5: `if (ret) goto
// out_free_dio`); IOLOCK_SHARED is dropped.
TEST(FilemapCheckErrors, FlushErrorFailsTheDio) {
  Context c = one_task(dio_op(4096, 4096));
  State s = at_dio_check(c);
  s.task[0].err = static_cast<uint8_t>(Errno::kEFSCORRUPTED);
  filemap_check_errors(s, c, 0, 0);
  EXPECT_EQ(err_of(s.task[0].ret), Errno::kEFSCORRUPTED);
  EXPECT_EQ(s.iolock_shared, 0);
  EXPECT_EQ(s.task[0].iolock, 0);
  EXPECT_EQ(phase(s, 0), Phase::kDone);
}

// filemap_check_errors tests AS_ENOSPC then AS_EIO, so with both set -EIO
// wins; both bits are cleared.
TEST(FilemapCheckErrors, AsFlagsFailTheDioEioWins) {
  Context c = one_task(dio_op(4096, 4096));
  State s = at_dio_check(c);
  s.as_eio = s.as_enospc = 1;
  filemap_check_errors(s, c, 0, 0);
  EXPECT_EQ(err_of(s.task[0].ret), Errno::kEIO);
  EXPECT_EQ(s.as_eio, 0);
  EXPECT_EQ(s.as_enospc, 0);
}

TEST(FilemapCheckErrors, AsEnospcAloneGivesEnospc) {
  Context c = one_task(dio_op(4096, 4096));
  State s = at_dio_check(c);
  s.as_enospc = 1;
  filemap_check_errors(s, c, 0, 0);
  EXPECT_EQ(err_of(s.task[0].ret), Errno::kENOSPC);
}

// No error: on to invalidate_inode_pages2_range from the first folio.
TEST(FilemapCheckErrors, CleanFlushGoesOnToInvalidate) {
  Context c = one_task(dio_op(4096, 4096));
  State s = at_dio_check(c);
  filemap_check_errors(s, c, 0, 0);
  EXPECT_EQ(s.task[0].folio, 1);
  EXPECT_EQ(phase(s, 0), Phase::kDioInvalidate);
  EXPECT_EQ(s.iolock_shared, 1);
}

State at_invalidate(const Context& c, int folio) {
  State s = at_dio_check(c);
  s.task[0].folio = static_cast<uint8_t>(folio);
  set_phase(s.task[0], Phase::kDioInvalidate);
  return s;
}

// A clean folio is released (iomap_release_folio) and removed from the cache
// with its per-block state; the range is done, so xfs_direct_write_iomap_begin
// for fsb 4-7 comes next.
TEST(InvalidateInodePages2Range, DropsCleanFolio) {
  Context c = one_task(dio_op(4096, 4096));
  State s = at_invalidate(c, 1);
  cached_folio(s, c, 1, /*dirty=*/false, /*ver=*/5);
  invalidate_inode_pages2_range(s, c, 0, 0);
  EXPECT_EQ(s.folio[1].present, 0);
  EXPECT_EQ(s.folio[1].locked_by, 0);
  EXPECT_EQ(s.block[4].uptodate, 0);
  EXPECT_EQ(s.block[4].cache_ver, 0);
  EXPECT_EQ(s.task[0].cur, 4);
  EXPECT_EQ(s.task[0].end, 8);
  EXPECT_EQ(phase(s, 0), Phase::kDioIomapBegin);
}

// A dirty folio cannot be released (-EBUSY): the range fails, __iomap_dio_rw
// returns -ENOTBLK and xfs_file_write_iter falls back to
// xfs_file_buffered_write, after IOLOCK_SHARED is dropped.
TEST(InvalidateInodePages2Range, DirtyFolioFallsBackToBufferedWrite) {
  Context c = one_task(dio_op(4096, 4096));
  State s = at_invalidate(c, 1);
  cached_folio(s, c, 1, /*dirty=*/true);
  invalidate_inode_pages2_range(s, c, 0, 0);
  EXPECT_EQ(s.folio[1].present, 1);
  EXPECT_EQ(s.folio[1].dirty, 1);
  EXPECT_EQ(s.folio[1].locked_by, 0);
  EXPECT_EQ(s.iolock_shared, 0);
  EXPECT_EQ(s.task[0].iolock, 0);
  EXPECT_EQ(s.task[0].err, 0);
  EXPECT_EQ(s.task[0].op, 0);  // the same write(2), now buffered
  EXPECT_EQ(phase(s, 0), Phase::kWriteLock);
}

// The failure does not stop the walk: a dirty folio 0 and a clean folio 1 in
// [0, 8192): folio 1 is still dropped, then the fallback happens.
TEST(InvalidateInodePages2Range, WalkContinuesPastADirtyFolio) {
  Context c = one_task(dio_op(0, 8192));
  State s = at_invalidate(c, 0);
  cached_folio(s, c, 0, /*dirty=*/true);
  cached_folio(s, c, 1, /*dirty=*/false);
  invalidate_inode_pages2_range(s, c, 0, 0);
  EXPECT_EQ(s.task[0].folio, 1);
  EXPECT_EQ(phase(s, 0), Phase::kDioInvalidate);
  invalidate_inode_pages2_range(s, c, 0, 0);
  EXPECT_EQ(s.folio[0].present, 1);
  EXPECT_EQ(s.folio[1].present, 0);
  EXPECT_EQ(phase(s, 0), Phase::kWriteLock);
}

// folio_wait_writeback with the folio lock held, then the release.
TEST(InvalidateInodePages2Range, WaitsForWritebackWithLockHeld) {
  Context c = one_task(dio_op(4096, 4096));
  State s = at_invalidate(c, 1);
  cached_folio(s, c, 1, /*dirty=*/false);
  s.folio[1].writeback = 1;
  invalidate_inode_pages2_range(s, c, 0, 0);
  EXPECT_EQ(s.folio[1].locked_by, 1);
  EXPECT_EQ(phase(s, 0), Phase::kDioInvalidateWait);
  s.folio[1].writeback = 0;
  invalidate_wait_writeback(s, c, 0, 0);
  EXPECT_EQ(s.folio[1].present, 0);
  EXPECT_EQ(phase(s, 0), Phase::kDioIomapBegin);
}

// An uncached index has nothing to invalidate.
TEST(InvalidateInodePages2Range, AbsentFolioIsSkipped) {
  Context c = one_task(dio_op(4096, 4096));
  State s = at_invalidate(c, 1);
  invalidate_inode_pages2_range(s, c, 0, 0);
  EXPECT_EQ(s.folio[1].locked_by, 0);
  EXPECT_EQ(phase(s, 0), Phase::kDioIomapBegin);
}

State at_dio_iomap_begin(uint16_t fdblocks) {
  State s = fresh(fdblocks);
  s.iolock_shared = 1;
  s.task[0].iolock = 1;
  s.task[0].cur = 4;
  s.task[0].end = 8;
  set_phase(s.task[0], Phase::kDioIomapBegin);
  return s;
}

// Holes need xfs_iomap_write_direct: unwritten extents (4 blocks, 64 -> 60).
TEST(XfsDirectWriteIomapBegin, AllocatesUnwritten) {
  Context c = one_task(dio_op(4096, 4096));
  State s = at_dio_iomap_begin(64);
  xfs_direct_write_iomap_begin(s, c, 0, 0);
  for (int b = 4; b < 8; ++b) EXPECT_EQ(extent_at(s, b), K::kUnwritten) << b;
  EXPECT_EQ(s.fdblocks, 60);
  EXPECT_EQ(phase(s, 0), Phase::kDioEndIo);
}

// The allocation fails (alloc fault): the write fails with the scenario's
// errno, extents unchanged, IOLOCK_SHARED dropped.
TEST(XfsDirectWriteIomapBegin, AllocFaultFailsTheWrite) {
  Context c = one_task(dio_op(4096, 4096), Policy{}, alloc_fault(FaultMode::kAlways));
  State s = at_dio_iomap_begin(64);
  xfs_direct_write_iomap_begin(s, c, 0, 0);
  EXPECT_EQ(err_of(s.task[0].ret), Errno::kEFSCORRUPTED);
  EXPECT_EQ(extent_at(s, 4), K::kHole);
  EXPECT_EQ(s.fdblocks, 64);
  EXPECT_EQ(s.iolock_shared, 0);
}

// The fault only matters when something must be allocated: an all-real range
// has one outcome; a range with a hole has two under nondet.
TEST(XfsDirectWriteIomapBegin, OutcomesOnlyWhenAllocating) {
  Context c = one_task(dio_op(4096, 4096), Policy{}, alloc_fault(FaultMode::kNondet));
  State s = at_dio_iomap_begin(64);
  EXPECT_EQ(dio_iomap_begin_outcomes(s, c, 0), 2);
  for (int b = 4; b < 8; ++b) set_extent(s, b, K::kWritten);
  EXPECT_EQ(dio_iomap_begin_outcomes(s, c, 0), 1);
}

// Not enough free blocks for 4 holes: -ENOSPC.
TEST(XfsDirectWriteIomapBegin, EnospcFailsTheWrite) {
  Context c = one_task(dio_op(4096, 4096));
  State s = at_dio_iomap_begin(3);
  xfs_direct_write_iomap_begin(s, c, 0, 0);
  EXPECT_EQ(err_of(s.task[0].ret), Errno::kENOSPC);
  EXPECT_EQ(extent_at(s, 4), K::kHole);
}

// xfs_dio_write_end_io on success: the data is on disk, unwritten -> written,
// i_size grows to the end of the write (8192); write() returns success.
TEST(XfsDioWriteEndIo, SuccessWritesAndConvertsAndGrowsISize) {
  Context c = one_task(dio_op(4096, 4096));
  State s = at_dio_iomap_begin(64);
  xfs_direct_write_iomap_begin(s, c, 0, 0);
  xfs_dio_write_end_io(s, c, 0, 0);
  for (int b = 4; b < 8; ++b) {
    EXPECT_EQ(extent_at(s, b), K::kWritten) << b;
    EXPECT_EQ(s.block[b].disk_ver, c.version[0][0]) << b;
  }
  EXPECT_EQ(s.i_size, 8192u);
  EXPECT_EQ(err_of(s.task[0].ret), Errno::kOk);
  EXPECT_EQ(s.iolock_shared, 0);
}

// An I/O error: -EIO, the extents stay unwritten, i_size unchanged.
TEST(XfsDioWriteEndIo, IoErrorLeavesUnwritten) {
  Faults f;
  f.io = FaultMode::kAlways;
  Context c = one_task(dio_op(4096, 4096), Policy{}, f);
  State s = at_dio_iomap_begin(64);
  xfs_direct_write_iomap_begin(s, c, 0, 0);
  xfs_dio_write_end_io(s, c, 0, 0);
  EXPECT_EQ(err_of(s.task[0].ret), Errno::kEIO);
  EXPECT_EQ(extent_at(s, 4), K::kUnwritten);
  // Nothing reached the disk: the allocated block still holds what it held
  // before allocation, harmless behind an unwritten extent.
  EXPECT_EQ(s.block[4].disk_ver, kVersionGarbage);
  EXPECT_EQ(s.i_size, 0u);
}

}  // namespace
}  // namespace wbcheck::model::steps_test
