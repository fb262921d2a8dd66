// The hole punch of model/paths/punch_hole.cc: xfs_file_fallocate's
// xfs_ilock(IOLOCK_EXCL | MMAPLOCK_EXCL), xfs_flush_unmap_range (the flush of
// the range rounded to max(block size, PAGE_SIZE), its error check, then
// truncate_pagecache_range, whose per-folio steps are truncate's), and
// xfs_free_file_space (xfs_unmap_extent, the EOF-page flush). Expected values
// come from the v6.2 sources named in each comment (fs/xfs/xfs_file.c,
// fs/xfs/xfs_bmap_util.c, mm/truncate.c, mm/filemap.c); geometry and fixtures
// are in step_fixtures.h (1 KiB blocks, 4 KiB folios, 8 blocks).
#include "model/steps.h"

#include "gtest/gtest.h"
#include "model/enabled.h"
#include "model/extent_map.h"
#include "model/task_flow.h"
#include "step_fixtures.h"

namespace wbcheck::model::steps_test {
namespace {

Op punch_op(uint64_t pos, uint64_t len) { return Op{OpKind::kPunchHole, pos, len, false}; }





// ================================ locks ===================================

// xfs_ilock(ip, XFS_IOLOCK_EXCL | XFS_MMAPLOCK_EXCL) takes IOLOCK first, then
// MMAPLOCK; each waits for shared holders (a read, a page fault).
TEST(XfsFileFallocate, IolockThenMmaplock) {
  Context c = one_task(punch_op(5120, 1024));
  State s = starting_op(c, 8192);
  EXPECT_EQ(phase(s, 0), Phase::kPunchLock);
  EXPECT_EQ(s.task[0].wait, static_cast<uint8_t>(Wait::kIolockExcl));
  s.iolock_shared = 1;
  EXPECT_FALSE(enabled(c, s, 0));
  s.iolock_shared = 0;
  xfs_file_fallocate_lock(s, c, 0, 0);
  refresh_wait(s, c, 0);
  EXPECT_EQ(s.iolock_excl, 1);
  EXPECT_EQ(phase(s, 0), Phase::kPunchMmaplock);
  EXPECT_EQ(s.task[0].wait, static_cast<uint8_t>(Wait::kMmaplockExcl));
  s.mmaplock_shared = 1;
  EXPECT_FALSE(enabled(c, s, 0));
}

// xfs_flush_unmap_range(5120, 1024): rounding = max(1024, PAGE_SIZE) = 4096,
// start = 4096, end = 8191: filemap_write_and_wait_range over folio 1 only;
// [1024, 5120) rounds out to [0, 8191]: folios 0-1.
TEST(XfsFlushUnmapRange, FlushesTheRangeRoundedToPages) {
  for (auto [pos, len, first, last] : {std::tuple{5120u, 1024u, 1, 1}, std::tuple{1024u, 4096u, 0, 1}}) {
    Context c = one_task(punch_op(pos, len));
    State s = starting_op(c, 8192);
    xfs_file_fallocate_lock(s, c, 0, 0);
    xfs_file_fallocate_mmaplock(s, c, 0, 0);
    EXPECT_EQ(s.mmaplock_excl, 1);
    EXPECT_EQ(s.task[0].mmaplock, 2);
    EXPECT_EQ(phase(s, 0), Phase::kWbTag);
    EXPECT_EQ(s.task[0].wb_first, first);
    EXPECT_EQ(s.task[0].wb_last, last);
    EXPECT_EQ(static_cast<Phase>(s.task[0].wb_ret), Phase::kPunchCheckErrors);
  }
}

// "if (error) return error;": a failed flush (or AS_EIO, cleared) fails the
// punch with nothing removed; else truncate_pagecache_range from folio 1.
TEST(XfsFlushUnmapRange, ErrorFailsThePunch) {
  Context c = one_task(punch_op(5120, 1024));
  State s = starting_op(c, 8192);
  holding_locks(s, c, Phase::kPunchCheckErrors);
  reserved(s, 4, 8);
  s.as_eio = 1;
  xfs_flush_unmap_range_check(s, c, 0, 0);
  expect_unlocked_and_done(s, Errno::kEIO);
  EXPECT_EQ(s.as_eio, 0);
  EXPECT_EQ(extent_at(s, 5), K::kDelalloc);
}

TEST(XfsFlushUnmapRange, NoErrorTruncatesThePagecacheRange) {
  Context c = one_task(punch_op(5120, 1024));
  State s = starting_op(c, 8192);
  holding_locks(s, c, Phase::kPunchCheckErrors);
  xfs_flush_unmap_range_check(s, c, 0, 0);
  refresh_wait(s, c, 0);
  EXPECT_EQ(phase(s, 0), Phase::kTruncFolio);
  EXPECT_EQ(s.task[0].folio, 1);
  EXPECT_EQ(s.task[0].wait, static_cast<uint8_t>(Wait::kFolioLock));
}

// truncate_pagecache_range(4096, 8191) removes folio 1 whole. fsb 5 is the
// punched data (discarded); fsb 4, 6, 7 are dropped from the cache: a block
// on disk loses nothing, but fsb 4 was clean and never reached the disk (a
// failed writeback left it; no error recorded since), so the drop is an
// unreported loss. After the last folio: xfs_free_file_space.
TEST(TruncatePagecacheRange, RemovesWholeFoliosDropsNeighbours) {
  Context c = one_task(punch_op(5120, 1024));
  State s = starting_op(c, 8192);
  holding_locks(s, c, Phase::kTruncFolio);
  s.task[0].folio = 1;
  cached_folio(s, c, 1, /*dirty=*/false);
  for (int b = 5; b < 8; ++b) s.block[b].disk_ver = 1;  // fsb 5-7 on disk
  truncate_inode_pages_range(s, c, 0, 0);
  EXPECT_EQ(s.folio[1].present, 0);
  EXPECT_EQ(s.block[4].cache_ver, 0);
  EXPECT_EQ(s.block[5].cache_ver, 0);
  EXPECT_EQ(s.unreported_loss, 1);
  EXPECT_EQ(phase(s, 0), Phase::kPunchUnmap);
}

// The same folio with every block on disk: nothing is lost.
TEST(TruncatePagecacheRange, WrittenNeighboursLoseNothing) {
  Context c = one_task(punch_op(5120, 1024));
  State s = starting_op(c, 8192);
  holding_locks(s, c, Phase::kTruncFolio);
  s.task[0].folio = 1;
  cached_folio(s, c, 1, /*dirty=*/false);
  for (int b = 4; b < 8; ++b) s.block[b].disk_ver = 1;
  truncate_inode_pages_range(s, c, 0, 0);
  EXPECT_EQ(s.folio[1].present, 0);
  EXPECT_EQ(s.unreported_loss, 0);
}

// ========================== xfs_free_file_space ===========================

// xfs_unmap_extent over [XFS_B_TO_FSB(4096), XFS_B_TO_FSBT(6144)) = fsb 4-5:
// delalloc fsb 4 returns its reservation, written fsb 5 returns to fdblocks;
// fsb 6 is untouched. 6144 < i_size, so no EOF-page flush: 0 returned.
TEST(XfsFreeFileSpace, UnmapsDelallocAndRealBlocks) {
  Context c = one_task(punch_op(4096, 2048));
  State s = fresh(60);
  s.i_size = 8192;
  reserved(s, 4, 5);  // fdblocks 59
  set_extent(s, 5, K::kWritten);
  set_extent(s, 6, K::kWritten);
  holding_locks(s, c, Phase::kPunchUnmap);
  xfs_free_file_space(s, c, 0, 0);
  EXPECT_EQ(extent_at(s, 4), K::kHole);
  EXPECT_EQ(extent_at(s, 5), K::kHole);
  EXPECT_EQ(extent_at(s, 6), K::kWritten);
  EXPECT_EQ(s.i_delayed_blks, 0);
  EXPECT_EQ(s.m_delalloc_blks, 0);
  EXPECT_EQ(s.fdblocks, 59 + 1 + 1);
  EXPECT_EQ(s.i_size, 8192u);  // FALLOC_FL_KEEP_SIZE
  expect_unlocked_and_done(s, Errno::kOk);
}

// offset + len >= i_size and offset_in_page(offset + len) > 0 (i_size 5120):
// filemap_write_and_wait_range(round_down(5120, PAGE_SIZE) = 4096, LLONG_MAX),
// folios 1 to the end of the range; its error is the punch's.
TEST(XfsFreeFileSpace, EofNotPageAlignedFlushesTheEofPage) {
  Context c = one_task(punch_op(4096, 1024));
  State s = fresh();
  s.i_size = 5120;
  holding_locks(s, c, Phase::kPunchUnmap);
  xfs_free_file_space(s, c, 0, 0);
  EXPECT_EQ(phase(s, 0), Phase::kWbTag);
  EXPECT_EQ(s.task[0].wb_first, 1);
  EXPECT_EQ(s.task[0].wb_last, 1);
  EXPECT_EQ(static_cast<Phase>(s.task[0].wb_ret), Phase::kPunchTailCheck);
  set_phase(s.task[0], Phase::kPunchTailCheck);
  s.task[0].err = static_cast<uint8_t>(Errno::kEIO);
  xfs_free_file_space_check(s, c, 0, 0);
  expect_unlocked_and_done(s, Errno::kEIO);
}

// "if (offset >= XFS_ISIZE(ip)) return 0;": a punch past EOF removes its
// blocks and returns without the EOF flush.
TEST(XfsFreeFileSpace, PastEofReturnsAfterTheUnmap) {
  Context c = one_task(punch_op(5120, 1024));
  State s = fresh();
  s.i_size = 4096;
  set_extent(s, 5, K::kUnwritten);  // a failed extending direct write's
  holding_locks(s, c, Phase::kPunchUnmap);
  xfs_free_file_space(s, c, 0, 0);
  EXPECT_EQ(extent_at(s, 5), K::kHole);
  EXPECT_EQ(s.fdblocks, 65);
  expect_unlocked_and_done(s, Errno::kOk);
}

// xfs_unmap_extent -> xfs_trans_alloc_inode -> xfs_log_reserve: -EIO on a
// shut-down filesystem; nothing is unmapped (the page cache is gone already).
TEST(XfsFreeFileSpace, ShutdownFailsTheTransaction) {
  Context c = one_task(punch_op(4096, 2048));
  State s = fresh();
  s.i_size = 8192;
  reserved(s, 4, 6);
  s.shutdown = 1;
  holding_locks(s, c, Phase::kPunchUnmap);
  xfs_free_file_space(s, c, 0, 0);
  EXPECT_EQ(extent_at(s, 4), K::kDelalloc);
  EXPECT_EQ(s.i_delayed_blks, 2);
  expect_unlocked_and_done(s, Errno::kEIO);
}

}  // namespace
}  // namespace wbcheck::model::steps_test
