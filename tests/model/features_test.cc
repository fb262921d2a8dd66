// The era features and hooks that are not the discard itself (model/policy.h
// Features, Hook::kOnConvertMissingExtent, Hook::kAtInactivate) and the two
// data-loss observations of no-silent-data-loss, each on hand-built states
// through the step functions of model/steps.h:
//  - per_block_dirty (6.6, 4ce02c679722): writeback writes the ifs-dirty
//    blocks; the normal exit clears every bit; the count == 0 failure exit
//    leaves them (the 6.6 bug, 7ea1d9b4a840); the 6.9 hook's clear_ifs_dirty
//    clears them;
//  - writeback_before_map (6.9): PG_writeback from folio_clear_dirty_for_io
//    on, ended at the exit when nothing was submitted;
//  - dio_flush_error_fallback (6.6, kiocb_invalidate_pages): a failed flush
//    turns the direct write into a buffered one;
//  - on_convert_missing_extent (Dave's patch 2/3) against the WARN + -EAGAIN;
//  - at_inactivate with `sick != 0` (patch 2/3's xfs_inactive punch);
//  - fsync_lied and the eviction of unreported unwritten data.
// Geometry and fixtures are in step_fixtures.h (1 KiB blocks, 4 KiB folios,
// fsb 0-3 = folio 0, fsb 4-7 = folio 1). Expected values come from the kernel
// code quoted in kernel-notes §3, §5, §6 and docs/kernel-policy-sources.md §5-§7.
#include <optional>

#include "gtest/gtest.h"
#include "model/errseq.h"
#include "model/extent_map.h"
#include "model/fields.h"
#include "model/primitives.h"
#include "model/steps.h"
#include "model/task_flow.h"
#include "properties/definitions.h"
#include "step_fixtures.h"

namespace wbcheck::model::steps_test {
namespace {

Primitive clear_ifs_dirty_folio() {
  return Primitive{PrimitiveKind::kClearIfsDirty, expr("folio_pos"), expr("folio_pos + folio_size"), std::nullopt};
}
Primitive mark_sick(const char* when = nullptr) {
  return Primitive{PrimitiveKind::kMarkSick, std::nullopt, std::nullopt,
                   when ? std::optional<Expr>(expr(when)) : std::nullopt};
}

Policy with_hook(Policy p, std::vector<Primitive> on_map_failure) {
  p.hooks[static_cast<int>(Hook::kOnMapFailure)] = std::move(on_map_failure);
  return p;
}

// examples/policies/linux-6.6.json: per-block dirty, the 6.3 punch, no clear
// on the count == 0 exit, the DIO fallback.
Policy linux_6_6() {
  Policy p = linux_6_3();
  p.name = "linux-6.6";
  p.features.per_block_dirty = true;
  p.features.dio_flush_error_fallback = true;
  return p;
}

// examples/policies/linux-6.9.json: + writeback before map, and the hook
// clears every ifs dirty bit of the folio before mapping_set_error.
Policy linux_6_9() {
  Policy p = linux_6_6();
  p.name = "linux-6.9";
  p.features.writeback_before_map = true;
  p.hooks[static_cast<int>(Hook::kOnMapFailure)] = {punch("pos", "folio_pos + folio_size"),
                                                    clear_ifs_dirty_folio(), set_error()};
  return p;
}

bool ifs_dirty_consistent(const Context& c, const State& s) {
  return properties::ifs_dirty_consistent(ConcreteView(c, s));
}

// Runs the task's writeback steps until it leaves iomap_writepage_map for the
// folio it is on (phase no longer map/convert/hook), at most `limit` steps.
void run_folio(State& s, const Context& c, int t, int limit = 16) {
  for (int i = 0; i < limit; ++i) {
    switch (phase(s, t)) {
      case Phase::kWbMap: xfs_map_blocks(s, c, t, 0); break;
      case Phase::kWbConvert: xfs_bmapi_convert_delalloc(s, c, t, 0); break;
      case Phase::kWbHook: run_map_failure_hook(s, c, t, 0); break;
      default: return;
    }
  }
  ADD_FAILURE() << "iomap_writepage_map did not finish the folio in " << limit << " steps";
}

// A WB_SYNC_ALL pass of task 0 about to lock folio f (write_cache_pages).
State at_wb_lock(const Context& c, int f) {
  State s = fresh();
  start_writeback(s, 0, 0, c.nfolios - 1, Phase::kSyncCheck);
  s.task[0].wb_todo = static_cast<uint8_t>(1u << f);
  s.task[0].folio = static_cast<uint8_t>(f);
  set_phase(s.task[0], Phase::kWbLock);
  return s;
}

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

// ======================= on_convert_missing_extent ==========================

Policy with_convert_missing(Policy p, std::vector<Primitive> hook) {
  p.hooks[static_cast<int>(Hook::kOnConvertMissingExtent)] = std::move(hook);
  return p;
}

// The merged kernels (empty hook): no data-fork extent at offset_fsb ->
// WARN_ON_ONCE(whichfork != XFS_COW_FORK), error = -EAGAIN; the inode is not
// marked sick.
TEST(OnConvertMissingExtent, EmptyHookWarnsWithEagain) {
  Context c = one_task(fsync_op(), linux_6_3());
  State s = at_convert(c, 0, 0);  // fsb 0 is a hole: the delalloc was punched
  xfs_bmapi_convert_delalloc(s, c, 0, 0);
  EXPECT_EQ(s.warned_convert, 1);
  EXPECT_EQ(s.sick, 0);
  EXPECT_EQ(err_of(s.task[0].err), Errno::kEAGAIN);
  EXPECT_EQ(err_of(s.task[0].wb_err), Errno::kEAGAIN);
}

// Dave's patch 2/3: `if (whichfork != XFS_COW_FORK) { xfs_bmap_mark_sick(ip,
// whichfork); error = -EFSCORRUPTED; }`: no WARN, the inode is sick and
// ->map_blocks fails with -EFSCORRUPTED, which then goes through the
// on_map_failure hook like any other error (first primitive next).
TEST(OnConvertMissingExtent, MarkSickHookNoWarnSickEfscorrupted) {
  Policy p = with_convert_missing(with_hook(Policy{}, {set_error()}), {mark_sick()});
  Context c = one_task(fsync_op(), p);
  State s = at_convert(c, 0, 0);
  xfs_bmapi_convert_delalloc(s, c, 0, 0);
  EXPECT_EQ(s.warned_convert, 0);
  EXPECT_EQ(s.sick, 1);
  EXPECT_EQ(err_of(s.task[0].err), Errno::kEFSCORRUPTED);
  EXPECT_EQ(err_of(s.task[0].wb_err), Errno::kEFSCORRUPTED);
  EXPECT_EQ(phase(s, 0), Phase::kWbHook);
  EXPECT_EQ(s.task[0].wb_hook, 0);
  run_map_failure_hook(s, c, 0, 0);  // mapping_set_error(-EFSCORRUPTED)
  EXPECT_EQ(errseq_errno(s.wb_err), Errno::kEFSCORRUPTED);
  EXPECT_EQ(s.folio[0].locked_by, 0);
}

// The on_convert_missing_extent hook handles -EFSCORRUPTED (the proposal's
// error), so its `corrupt` is 1 even on the first failure of a pass, before
// any earlier error of the task (expr.h: "`corrupt` is 1 when the error being
// handled is -EFSCORRUPTED").
TEST(OnConvertMissingExtent, CorruptGuardSeesTheErrorBeingHandled) {
  Policy p = with_convert_missing(with_hook(Policy{}, {set_error()}), {mark_sick("corrupt != 0")});
  Context c = one_task(fsync_op(), p);
  State s = at_convert(c, 0, 0);
  xfs_bmapi_convert_delalloc(s, c, 0, 0);
  EXPECT_EQ(s.warned_convert, 0);
  EXPECT_EQ(err_of(s.task[0].err), Errno::kEFSCORRUPTED);
  EXPECT_EQ(s.sick, 1);  // the error handled is -EFSCORRUPTED, so corrupt == 1
}

// ============================== at_inactivate ===============================

constexpr int kTeardown = 1;  // one scenario task: the teardown actor is task 1

Policy sick_inode() {
  Policy p;
  p.name = "proposal-sick-inode";
  p.hooks[static_cast<int>(Hook::kAtInactivate)] = {
      Primitive{PrimitiveKind::kPunchDelalloc, expr("0"), expr("i_size"), expr("sick != 0")}};
  return p;
}

// Eviction of an inode that kept delalloc fsb 0-4 inside i_size 5120 behind
// clean folios (the no-discard proposal after a failed writeback).
State before_evict(const Context& c, bool sick) {
  State s = fresh(64);
  reserved(s, 0, 5);  // fdblocks 59
  s.i_size = 5120;
  s.sick = sick;
  cached_folio(s, c, 0, /*dirty=*/false);
  cached_folio(s, c, 1, /*dirty=*/false);
  for (int b = 0; b < 8; ++b) s.block[b].err_since_write = 1;  // the failure was reported
  s.task[kTeardown].op = 1;
  set_phase(s.task[kTeardown], Phase::kEvict);
  return s;
}

// Patch 2/3's xfs_inactive: `if (!xfs_inode_is_healthy(ip))
// xfs_bmap_punch_delalloc_range(ip, 0, i_size_read(VFS_I(ip)))`: fsb 0-4 go
// and their 5 blocks return (fdblocks 59 -> 64), so
// xfs_inodegc_set_reclaimable finds i_delayed_blks == 0. The page cache was
// already dropped, so the punch escapes no folio lock.
TEST(AtInactivate, SickInodePunchesZeroToISize) {
  Context c = one_task(fsync_op(), sick_inode());
  State s = before_evict(c, /*sick=*/true);
  evict(s, c, kTeardown, 0);
  for (int b = 0; b < 8; ++b) EXPECT_EQ(extent_at(s, b), K::kHole) << b;
  EXPECT_EQ(s.i_delayed_blks, 0);
  EXPECT_EQ(s.m_delalloc_blks, 0);
  EXPECT_EQ(s.fdblocks, 64);
  EXPECT_EQ(s.discard_escaped, 0);
  EXPECT_EQ(s.evicted, 1);
  EXPECT_TRUE(properties::no_delalloc_at_evict(ConcreteView(c, s)));
}

// A healthy inode is not punched (EFBIG/ENOSPC never make it sick, F5):
// xfs_free_eofblocks frees only past EOF (fsb 5 on, all holes here), so
// i_delayed_blks is still 5 at reclaim: the F3 assert.
TEST(AtInactivate, HealthyInodeKeepsItsDelalloc) {
  Context c = one_task(fsync_op(), sick_inode());
  State s = before_evict(c, /*sick=*/false);
  evict(s, c, kTeardown, 0);
  for (int b = 0; b < 5; ++b) EXPECT_EQ(extent_at(s, b), K::kDelalloc) << b;
  EXPECT_EQ(s.i_delayed_blks, 5);
  EXPECT_EQ(s.fdblocks, 59);
  EXPECT_FALSE(properties::no_delalloc_at_evict(ConcreteView(c, s)));
}

// ================================ fsync_lied ================================

// Task A: write(0, 1024) (data version 1), then fsync. The fsync is at
// file_check_and_advance_wb_err with no flush error and no new errseq error,
// so it returns 0. fsb 0 still caches v1 and the disk has never seen it: the
// fsync promised data that is not on disk.
State at_fsync_check(const Context& c, int task, int op) {
  State s = fresh();
  cached_folio(s, c, 0, /*dirty=*/false, /*ver=*/1);
  s.task[task].op = static_cast<uint8_t>(op);
  set_phase(s.task[task], Phase::kSyncCheck);
  return s;
}

TEST(FsyncLied, ZeroReturnWithOwnEarlierWriteNotOnDisk) {
  Context c = make_ctx({TaskProgram{"A", {write_op(0, 1024), fsync_op()}}});
  ASSERT_EQ(c.version[0][0], 1);
  State s = at_fsync_check(c, 0, 1);
  file_check_and_advance_wb_err(s, c, 0, 0);
  EXPECT_EQ(err_of(s.task[0].ret), Errno::kOk);
  EXPECT_EQ(s.fsync_lied, 1);
  EXPECT_FALSE(properties::no_silent_data_loss(ConcreteView(c, s)));
}

// The same fsync with v1 on disk (disk_ver == cache_ver) kept its promise.
TEST(FsyncLied, DataOnDiskIsNoLie) {
  Context c = make_ctx({TaskProgram{"A", {write_op(0, 1024), fsync_op()}}});
  State s = at_fsync_check(c, 0, 1);
  for (int b = 0; b < 4; ++b) s.block[b].disk_ver = 1;
  file_check_and_advance_wb_err(s, c, 0, 0);
  EXPECT_EQ(err_of(s.task[0].ret), Errno::kOk);
  EXPECT_EQ(s.fsync_lied, 0);
}

// An fsync that reports the error (a new EIO in errseq since the file sampled
// it) did not lie: errseq tells the caller the data may be lost.
TEST(FsyncLied, ReturningTheErrorIsNoLie) {
  Context c = make_ctx({TaskProgram{"A", {write_op(0, 1024), fsync_op()}}});
  State s = at_fsync_check(c, 0, 1);
  s.wb_err = errseq_set(0, Errno::kEIO);
  file_check_and_advance_wb_err(s, c, 0, 0);
  EXPECT_EQ(err_of(s.task[0].ret), Errno::kEIO);
  EXPECT_EQ(s.fsync_lied, 0);
}

// Data written by another task (B's write is version 1: A's fsync has no
// version) is not what A's fsync promised.
TEST(FsyncLied, AnotherTasksDataIsNotItsPromise) {
  Context c = make_ctx({TaskProgram{"A", {fsync_op()}}, TaskProgram{"B", {write_op(0, 1024)}}});
  ASSERT_EQ(c.version[1][0], 1);
  State s = at_fsync_check(c, 0, 0);
  file_check_and_advance_wb_err(s, c, 0, 0);
  EXPECT_EQ(err_of(s.task[0].ret), Errno::kOk);
  EXPECT_EQ(s.fsync_lied, 0);
}

// An O_SYNC write's generic_write_sync promises the write itself (op 0,
// version 1).
TEST(FsyncLied, OSyncWritePromisesItsOwnData) {
  Context c = make_ctx({TaskProgram{"A", {write_op(0, 1024, /*sync=*/true)}}});
  State s = at_fsync_check(c, 0, 0);
  file_check_and_advance_wb_err(s, c, 0, 0);
  EXPECT_EQ(err_of(s.task[0].ret), Errno::kOk);
  EXPECT_EQ(s.fsync_lied, 1);
}

// ====================== eviction of unreported data ==========================

// truncate_inode_pages_final drops a cached block holding v1 that never
// reached the disk, is not under I/O, and no error was recorded since it was
// written: the data is silently gone (F8). At unmount no-silent-data-loss is
// violated.
TEST(EvictUnreported, DroppingUnwrittenDataWithoutErrorIsUnreported) {
  Context c = one_task(fsync_op());
  State s = fresh();
  cached_folio(s, c, 0, /*dirty=*/false, /*ver=*/1);
  s.i_size = 4096;
  s.task[kTeardown].op = 1;
  evict(s, c, kTeardown, 0);
  EXPECT_EQ(s.folio[0].present, 0);
  EXPECT_EQ(s.unreported_loss, 1);
  xfs_unmountfs(s, c, kTeardown, 0);
  EXPECT_FALSE(properties::no_silent_data_loss(ConcreteView(c, s)));
}

// The same drop after mapping_set_error since the write: reported.
TEST(EvictUnreported, ErrorSinceTheWriteIsReported) {
  Context c = one_task(fsync_op());
  State s = fresh();
  cached_folio(s, c, 0, /*dirty=*/false, /*ver=*/1);
  for (int b = 0; b < 4; ++b) s.block[b].err_since_write = 1;
  s.task[kTeardown].op = 1;
  evict(s, c, kTeardown, 0);
  EXPECT_EQ(s.unreported_loss, 0);
  xfs_unmountfs(s, c, kTeardown, 0);
  EXPECT_TRUE(properties::no_silent_data_loss(ConcreteView(c, s)));
}

// Data that is on disk is not lost by dropping the cache.
TEST(EvictUnreported, DataOnDiskIsNotLost) {
  Context c = one_task(fsync_op());
  State s = fresh();
  cached_folio(s, c, 0, /*dirty=*/false, /*ver=*/1);
  for (int b = 0; b < 4; ++b) {
    s.block[b].disk_ver = 1;
    set_extent(s, b, K::kWritten);
  }
  s.i_size = 4096;
  s.task[kTeardown].op = 1;
  evict(s, c, kTeardown, 0);
  EXPECT_EQ(s.unreported_loss, 0);
}

}  // namespace
}  // namespace wbcheck::model::steps_test
