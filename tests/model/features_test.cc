// The era features that are not the discard itself (model/policy.h
// Features), each on hand-built states through the step functions of
// model/steps.h:
//  - per_block_dirty (6.6, 4ce02c679722): writeback writes the ifs-dirty
//    blocks; the normal exit clears every bit; the count == 0 failure exit
//    leaves them (the 6.6 bug, 7ea1d9b4a840); the 6.9 hook's clear_ifs_dirty
//    clears them;
//  - writeback_before_map (6.9): PG_writeback from folio_clear_dirty_for_io
//    on, ended at the exit when nothing was submitted;
//  - dio_flush_error_fallback (6.6, kiocb_invalidate_pages): a failed flush
//    turns the direct write into a buffered one.
// Geometry and fixtures are in step_fixtures.h (1 KiB blocks, 4 KiB folios,
// fsb 0-3 = folio 0, fsb 4-7 = folio 1). Expected values come from the kernel
// code quoted in kernel-notes §3, §5, §6 and docs/kernel-policy-sources.md §5-§7.
#include <optional>

#include "feature_fixtures.h"
#include "gtest/gtest.h"
#include "model/errseq.h"
#include "model/extent_map.h"
#include "model/fields.h"
#include "model/primitives.h"
#include "model/steps.h"
#include "model/task_flow.h"
#include "properties/definitions.h"

namespace wbcheck::model::steps_test {
namespace {

// ============================ per_block_dirty ===============================

// 6.6+: iomap_writepage_map walks the ifs dirty bits (iomap_find_dirty_range /
// ifs_block_is_dirty), not the uptodate ones. Folio 0 is fully uptodate over
// unwritten fsb 0-3, but only fsb 2 was written since the last writeback: only
// fsb 2 joins the ioend. Leaving the folio (count 1): iomap_clear_range_dirty(
// folio, 0, folio_size) clears every bit, then folio_start_writeback, unlock.
TEST(PerBlockDirty, WritebackSelectsTheIfsDirtyBlocks) {
  Context c = one_task(fsync_op(), linux_6_6());
  State s = fresh();
  for (int b = 0; b < 4; ++b) set_extent(s, b, K::kUnwritten);
  cached_folio(s, c, 0, /*dirty=*/false);
  s.block[2].dirty = 1;
  mapping_folio(s, c, 0, 0, 0, 4);
  run_folio(s, c, 0);
  EXPECT_EQ(s.task[0].ioend, 1u << 2);
  for (int b = 0; b < 4; ++b) EXPECT_EQ(s.block[b].dirty, 0) << b;
  EXPECT_EQ(s.folio[0].writeback, 1);
  EXPECT_EQ(s.folio[0].locked_by, 0);
  EXPECT_TRUE(ifs_dirty_consistent(c, s));
}

// Before 6.6 the same folio is written block by block over its uptodate bits:
// all four blocks join the ioend.
TEST(PerBlockDirty, BeforeSixSixEveryUptodateBlockIsWritten) {
  Context c = one_task(fsync_op(), linux_6_3());
  State s = fresh();
  for (int b = 0; b < 4; ++b) set_extent(s, b, K::kUnwritten);
  cached_folio(s, c, 0, /*dirty=*/false);
  s.block[2].dirty = 1;
  mapping_folio(s, c, 0, 0, 0, 4);
  run_folio(s, c, 0);
  EXPECT_EQ(s.task[0].ioend, 0b1111u);
}

// The normal exit clears *all* bits of the folio, also of a block past EOF that
// writeback did not look at: i_size 3072, so end_pos stops at fsb 3, whose
// dirty bit is still cleared by iomap_clear_range_dirty(folio, 0, folio_size).
TEST(PerBlockDirty, NormalExitClearsEveryBitOfTheFolio) {
  Context c = one_task(fsync_op(), linux_6_6());
  State s = fresh();
  for (int b = 0; b < 4; ++b) set_extent(s, b, K::kUnwritten);
  cached_folio(s, c, 0, /*dirty=*/false);
  for (int b = 0; b < 4; ++b) s.block[b].dirty = b == 1 || b == 3;
  mapping_folio(s, c, 0, 0, 0, 3);
  run_folio(s, c, 0);
  EXPECT_EQ(s.task[0].ioend, 1u << 1);
  for (int b = 0; b < 4; ++b) EXPECT_EQ(s.block[b].dirty, 0) << b;
}

// The 6.6 bug (7ea1d9b4a840): every block dirty and delalloc, the conversion
// of fsb 0 fails (-EFSCORRUPTED), count == 0. Vanilla 6.6 takes the early
// `goto done` before iomap_clear_range_dirty: after the discard (punch
// [0, 4096), all four blocks) and mapping_set_error the folio is unlocked,
// clean (PG_dirty was cleared by folio_clear_dirty_for_io) and still carries
// four ifs dirty bits: ifs-dirty-consistent is violated.
TEST(PerBlockDirty, CountZeroFailureExitLeavesTheBits) {
  Context c = one_task(fsync_op(), linux_6_6(), alloc_fault(FaultMode::kAlways));
  State s = fresh();
  s.i_size = 4096;  // the write that dirtied folio 0 extended i_size over it
  reserved(s, 0, 4);
  cached_folio(s, c, 0, /*dirty=*/true);
  mapping_folio(s, c, 0, 0, 0, 4);  // folio locked, PG_dirty cleared, bits kept (6.6)
  run_folio(s, c, 0);
  EXPECT_EQ(s.task[0].wb_count, 0);
  EXPECT_EQ(s.folio[0].locked_by, 0);
  EXPECT_EQ(s.folio[0].dirty, 0);
  EXPECT_EQ(s.folio[0].writeback, 0);
  for (int b = 0; b < 4; ++b) EXPECT_EQ(s.block[b].dirty, 1) << b;
  for (int b = 0; b < 4; ++b) EXPECT_EQ(extent_at(s, b), K::kHole) << b;
  EXPECT_FALSE(ifs_dirty_consistent(c, s));
}

// With count > 0 vanilla 6.6 does reach iomap_clear_range_dirty: fsb 0
// (unwritten) is in the ioend, fsb 1 fails to convert; every bit is cleared
// and the folio goes under writeback.
TEST(PerBlockDirty, CountPositiveFailureClearsTheBits) {
  Context c = one_task(fsync_op(), linux_6_6(), alloc_fault(FaultMode::kAlways));
  State s = fresh();
  set_extent(s, 0, K::kUnwritten);
  reserved(s, 1, 4);
  cached_folio(s, c, 0, /*dirty=*/true);
  mapping_folio(s, c, 0, 0, 0, 4);
  run_folio(s, c, 0);
  EXPECT_EQ(s.task[0].ioend, 1u);
  for (int b = 0; b < 4; ++b) EXPECT_EQ(s.block[b].dirty, 0) << b;
  EXPECT_EQ(s.folio[0].writeback, 1);
  EXPECT_TRUE(ifs_dirty_consistent(c, s));
}

// 6.9 (7ea1d9b4a840): the same count == 0 failure, but the hook's
// iomap_clear_range_dirty(folio, 0, folio_size) runs on every outcome: the
// clean folio has no dirty bit left.
TEST(PerBlockDirty, Linux69HookClearsTheBits) {
  Context c = one_task(fsync_op(), linux_6_9(), alloc_fault(FaultMode::kAlways));
  State s = fresh();
  reserved(s, 0, 4);
  cached_folio(s, c, 0, /*dirty=*/true);
  mapping_folio(s, c, 0, 0, 0, 4);
  run_folio(s, c, 0);
  EXPECT_EQ(s.folio[0].locked_by, 0);
  EXPECT_EQ(s.folio[0].dirty, 0);
  for (int b = 0; b < 4; ++b) EXPECT_EQ(s.block[b].dirty, 0) << b;
  EXPECT_TRUE(ifs_dirty_consistent(c, s));
}

// 6.6+ folio_clear_dirty_for_io leaves the ifs bits alone (writeback needs them
// to pick the blocks); before 6.6 the ghost bits go with PG_dirty.
TEST(PerBlockDirty, ClearDirtyForIoKeepsTheBits) {
  Context c = one_task(fsync_op(), linux_6_6());
  State s = at_wb_lock(c, 0);
  cached_folio(s, c, 0, /*dirty=*/true);
  s.i_size = 4096;
  write_cache_pages_lock(s, c, 0, 0);
  EXPECT_EQ(s.folio[0].dirty, 0);
  for (int b = 0; b < 4; ++b) EXPECT_EQ(s.block[b].dirty, 1) << b;
  EXPECT_EQ(phase(s, 0), Phase::kWbMap);
}

// ========================= writeback_before_map =============================

// 6.9+: folio_start_writeback runs before the mapping loop, i.e. in the step
// that locks the folio and clears PG_dirty.
TEST(WritebackBeforeMap, WritebackSetWhenTheFolioIsTaken) {
  Context c = one_task(fsync_op(), linux_6_9());
  State s = at_wb_lock(c, 0);
  cached_folio(s, c, 0, /*dirty=*/true);
  s.i_size = 4096;
  write_cache_pages_lock(s, c, 0, 0);
  EXPECT_EQ(s.folio[0].locked_by, 1);
  EXPECT_EQ(s.folio[0].dirty, 0);
  EXPECT_EQ(s.folio[0].writeback, 1);
  EXPECT_EQ(phase(s, 0), Phase::kWbMap);
}

// ≤6.8: PG_writeback only after the mapping.
TEST(WritebackBeforeMap, WithoutTheFeatureNoWritebackWhileMapping) {
  Context c = one_task(fsync_op(), linux_6_6());
  State s = at_wb_lock(c, 0);
  cached_folio(s, c, 0, /*dirty=*/true);
  s.i_size = 4096;
  write_cache_pages_lock(s, c, 0, 0);
  EXPECT_EQ(s.folio[0].writeback, 0);
}

// A failure with nothing mapped (count 0): "if (!count) folio_end_writeback"
// (with an ifs: the bias drops to 0): the folio leaves writeback at the exit.
TEST(WritebackBeforeMap, EndedAtTheFailureExitWhenNothingWasMapped) {
  Context c = one_task(fsync_op(), linux_6_9(), alloc_fault(FaultMode::kAlways));
  State s = at_wb_lock(c, 0);
  reserved(s, 0, 4);
  cached_folio(s, c, 0, /*dirty=*/true);
  s.i_size = 4096;
  write_cache_pages_lock(s, c, 0, 0);
  ASSERT_EQ(s.folio[0].writeback, 1);
  run_folio(s, c, 0);
  EXPECT_EQ(s.folio[0].writeback, 0);
  EXPECT_EQ(s.folio[0].locked_by, 0);
}

// No failure, but every block is a hole (IOMAP_HOLE, skipped: F2): nothing was
// submitted, so the writeback ends at the exit as well.
TEST(WritebackBeforeMap, EndedAtTheNormalExitWhenNothingWasMapped) {
  Context c = one_task(fsync_op(), linux_6_9());
  State s = at_wb_lock(c, 0);
  cached_folio(s, c, 0, /*dirty=*/true);
  s.i_size = 4096;
  write_cache_pages_lock(s, c, 0, 0);
  ASSERT_EQ(s.folio[0].writeback, 1);
  run_folio(s, c, 0);
  EXPECT_EQ(s.task[0].ioend, 0);
  EXPECT_EQ(s.folio[0].writeback, 0);
}

// Blocks were added to the ioend: the folio stays under writeback until the
// ioend completes.
TEST(WritebackBeforeMap, StaysSetWhenBlocksWereMapped) {
  Context c = one_task(fsync_op(), linux_6_9());
  State s = at_wb_lock(c, 0);
  for (int b = 0; b < 4; ++b) set_extent(s, b, K::kUnwritten);
  cached_folio(s, c, 0, /*dirty=*/true);
  s.i_size = 4096;
  write_cache_pages_lock(s, c, 0, 0);
  run_folio(s, c, 0);
  EXPECT_EQ(s.task[0].ioend, 0b1111u);
  EXPECT_EQ(s.folio[0].writeback, 1);
}

// ======================= dio_flush_error_fallback ===========================

// A direct write of folio 1 whose flush returned -EFSCORRUPTED, at the end of
// filemap_write_and_wait_range, holding IOLOCK_SHARED.
State dio_after_flush(Errno flush_err) {
  State s = fresh();
  s.iolock_shared = 1;
  s.task[0].iolock = 1;
  s.task[0].err = static_cast<uint8_t>(flush_err);
  set_phase(s.task[0], Phase::kDioCheckErrors);
  return s;
}

// 6.6+ kiocb_invalidate_pages: any error but -EAGAIN becomes -ENOTBLK, the
// direct path drops IOLOCK_SHARED and xfs_file_write_iter falls back to
// xfs_file_buffered_write for the same op, which waits for IOLOCK_EXCL and
// then writes fsb 4-7.
TEST(DioFlushErrorFallback, FlushErrorBecomesABufferedWrite) {
  Context c = one_task(dio_op(4096, 4096), linux_6_6());
  State s = dio_after_flush(Errno::kEFSCORRUPTED);
  filemap_check_errors(s, c, 0, 0);
  EXPECT_EQ(phase(s, 0), Phase::kWriteLock);
  EXPECT_EQ(s.task[0].op, 0);  // the same syscall, not finished
  EXPECT_EQ(err_of(s.task[0].ret), Errno::kOk);
  EXPECT_EQ(err_of(s.task[0].err), Errno::kOk);
  EXPECT_EQ(s.iolock_shared, 0);
  EXPECT_EQ(s.task[0].iolock, 0);
  refresh_wait(s, c, 0);
  EXPECT_EQ(static_cast<Wait>(s.task[0].wait), Wait::kIolockExcl);
  xfs_file_buffered_write_lock(s, c, 0, 0);
  EXPECT_EQ(s.iolock_excl, 1);
  EXPECT_EQ(s.task[0].cur, 4);
  EXPECT_EQ(s.task[0].end, 8);
}

// ≤6.5: the flush error fails the direct write; IOLOCK_SHARED is dropped.
TEST(DioFlushErrorFallback, WithoutTheFeatureTheDioFails) {
  Context c = one_task(dio_op(4096, 4096), linux_6_3());
  State s = dio_after_flush(Errno::kEFSCORRUPTED);
  filemap_check_errors(s, c, 0, 0);
  EXPECT_EQ(s.task[0].op, 1);
  EXPECT_EQ(err_of(s.task[0].ret), Errno::kEFSCORRUPTED);
  EXPECT_EQ(s.iolock_shared, 0);
  EXPECT_EQ(phase(s, 0), Phase::kDone);
}

// The error may also come from filemap_check_errors (AS_EIO left by an earlier
// failure): filemap_write_and_wait_range returns it, and with the feature it
// falls back just the same; the flag is consumed (test_and_clear_bit).
TEST(DioFlushErrorFallback, AsEioAloneAlsoFallsBack) {
  Context c = one_task(dio_op(4096, 4096), linux_6_6());
  State s = dio_after_flush(Errno::kOk);
  s.as_eio = 1;
  filemap_check_errors(s, c, 0, 0);
  EXPECT_EQ(phase(s, 0), Phase::kWriteLock);
  EXPECT_EQ(s.as_eio, 0);
}

// A clean flush goes on with the direct write (invalidate), feature or not.
TEST(DioFlushErrorFallback, CleanFlushStaysDirect) {
  Context c = one_task(dio_op(4096, 4096), linux_6_6());
  State s = dio_after_flush(Errno::kOk);
  filemap_check_errors(s, c, 0, 0);
  EXPECT_EQ(phase(s, 0), Phase::kDioInvalidate);
  EXPECT_EQ(s.task[0].folio, 1);
  EXPECT_EQ(s.iolock_shared, 1);
}

}  // namespace
}  // namespace wbcheck::model::steps_test
