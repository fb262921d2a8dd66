// The hooks other than on_map_failure and the data-loss observations of
// no-silent-data-loss, on hand-built states:
//  - on_convert_missing_extent (Dave's patch 2/3) against the WARN + -EAGAIN;
//  - at_inactivate with `sick != 0` (patch 2/3's xfs_inactive punch);
//  - fsync_lied and the eviction of unreported unwritten data.
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
// violated. (Hand-built: task 0 has not finished, so its file is open and the
// loss is owed to it; a real eviction only runs once every task is done.)
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

// Once every task has finished no file is open: a drop then is owed to
// nobody (errseq reports to open files only), so it is no unreported loss.
TEST(EvictUnreported, NoOpenFileNoOneToReportTo) {
  Context c = one_task(fsync_op());
  State s = fresh();
  cached_folio(s, c, 0, /*dirty=*/false, /*ver=*/1);
  s.i_size = 4096;
  s.task[0].op = 1;  // task 0's only op is done
  s.task[kTeardown].op = 1;
  evict(s, c, kTeardown, 0);
  EXPECT_EQ(s.folio[0].present, 0);
  EXPECT_EQ(s.unreported_loss, 0);
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
