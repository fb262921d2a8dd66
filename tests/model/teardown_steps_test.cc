// Teardown after every task has finished (model/paths/teardown.cc):
// sync_filesystem writing back the whole file, evict (truncate_inode_pages_final
// and xfs_free_eofblocks: which post-EOF blocks are freed, which delalloc
// survives) and xfs_unmountfs. Geometry and fixtures are in step_fixtures.h.
#include "model/steps.h"

#include "gtest/gtest.h"
#include "model/extent_map.h"
#include "model/task_flow.h"
#include "step_fixtures.h"

namespace wbcheck::model::steps_test {
namespace {

// =============================== teardown ==================================

// The teardown actor is task ntasks (1 here); its program is sync_fs, evict,
// unmount.
constexpr int kTeardown = 1;

// sync_filesystem: WB_SYNC_ALL writeback of every folio; the error goes to
// nobody (the writeback returns straight to finish_op).
TEST(SyncFilesystem, WritesBackTheWholeFile) {
  Context c = one_task(fsync_op());
  State s = fresh();
  sync_filesystem(s, c, kTeardown, 0);
  EXPECT_EQ(s.task[kTeardown].wb_first, 0);
  EXPECT_EQ(s.task[kTeardown].wb_last, 1);
  EXPECT_EQ(static_cast<Phase>(s.task[kTeardown].wb_ret), Phase::kDone);
  EXPECT_EQ(phase(s, kTeardown), Phase::kWbTag);
}

// evict: truncate_inode_pages_final drops every folio; xfs_inactive ->
// xfs_free_eofblocks frees everything at or past XFS_B_TO_FSB(i_size 4096) =
// fsb 4: delalloc fsb 4-5 return their reservation (2), unwritten fsb 6 is
// freed (1): fdblocks 62 + 3 = 65 (the scenario's 64 free plus fsb 6, which
// came from an initial extent). Written fsb 0-3 inside EOF stay.
TEST(Evict, DropsFoliosAndFreesPostEofBlocks) {
  Context c = one_task(fsync_op());
  State s = fresh(64);
  for (int b = 0; b < 4; ++b) set_extent(s, b, K::kWritten);
  reserved(s, 4, 6);  // fdblocks 62
  set_extent(s, 6, K::kUnwritten);
  s.i_size = 4096;
  cached_folio(s, c, 0, /*dirty=*/false);
  cached_folio(s, c, 1, /*dirty=*/true);
  s.task[0].map_valid = 1;
  s.task[kTeardown].op = 1;
  set_phase(s.task[kTeardown], Phase::kEvict);
  evict(s, c, kTeardown, 0);
  for (int f = 0; f < 2; ++f) EXPECT_EQ(s.folio[f].present, 0) << f;
  EXPECT_EQ(s.block[0].uptodate, 0);
  EXPECT_EQ(s.block[0].cache_ver, 0);
  for (int b = 0; b < 4; ++b) EXPECT_EQ(extent_at(s, b), K::kWritten) << b;
  for (int b = 4; b < 8; ++b) EXPECT_EQ(extent_at(s, b), K::kHole) << b;
  EXPECT_EQ(s.i_delayed_blks, 0);
  EXPECT_EQ(s.m_delalloc_blks, 0);
  EXPECT_EQ(s.fdblocks, 65);
  EXPECT_EQ(s.evicted, 1);
  EXPECT_EQ(s.task[0].map_valid, 0);
  EXPECT_EQ(phase(s, kTeardown), Phase::kUnmount);
}

// Delalloc inside EOF is not touched by xfs_free_eofblocks: it is still
// counted when xfs_inodegc_set_reclaimable runs (the F3 assert's condition).
TEST(Evict, DelallocInsideEofSurvives) {
  Context c = one_task(fsync_op());
  State s = fresh(64);
  reserved(s, 0, 1);
  s.i_size = 4096;
  s.task[kTeardown].op = 1;
  evict(s, c, kTeardown, 0);
  EXPECT_EQ(extent_at(s, 0), K::kDelalloc);
  EXPECT_EQ(s.i_delayed_blks, 1);
  EXPECT_EQ(s.evicted, 1);
}

// xfs_inactive frees post-EOF blocks only if
// xfs_can_free_eofblocks(ip, true), which returns false for "Zero sized files
// with no cached pages and delalloc blocks" (i_size == 0, nrpages == 0 after
// truncate_inode_pages_final, i_delayed_blks == 0), and also when the first
// mapping past EOF is a hole and i_delayed_blks == 0. Unwritten fsb 0-3 left
// by a failed direct write on an empty file therefore stay allocated.
TEST(Evict, ZeroSizeFileWithoutDelallocKeepsItsBlocks) {
  Context c = one_task(fsync_op());
  State s = fresh(60);
  for (int b = 0; b < 4; ++b) set_extent(s, b, K::kUnwritten);
  s.i_size = 0;
  s.task[kTeardown].op = 1;
  evict(s, c, kTeardown, 0);
  for (int b = 0; b < 4; ++b) EXPECT_EQ(extent_at(s, b), K::kUnwritten) << b;
  EXPECT_EQ(s.fdblocks, 60);
}

// xfs_unmountfs: the mount is gone; the teardown program is over.
TEST(Unmount, SetsUnmountedAndEndsTheProgram) {
  Context c = one_task(fsync_op());
  State s = fresh();
  s.task[kTeardown].op = 2;
  xfs_unmountfs(s, c, kTeardown, 0);
  EXPECT_EQ(s.unmounted, 1);
  EXPECT_EQ(s.task[kTeardown].op, 3);
  EXPECT_EQ(phase(s, kTeardown), Phase::kDone);
}

}  // namespace
}  // namespace wbcheck::model::steps_test
