// The buffered-read steps of model/paths/read.cc: xfs_file_buffered_read
// (IOLOCK_SHARED) and filemap_read, one folio per step, with
// iomap_read_folio / xfs_read_iomap_begin filling the blocks that are not
// uptodate. Expected values follow the kernel functions named in each comment
// (mm/filemap.c, fs/iomap/buffered-io.c, fs/xfs/xfs_iomap.c and xfs_file.c,
// v6.2-v6.6); geometry and fixtures are in step_fixtures.h (1 KiB blocks,
// 4 KiB folios, fsb 0-3 = folio 0, fsb 4-7 = folio 1).
#include "gtest/gtest.h"
#include "model/enabled.h"
#include "model/extent_map.h"
#include "model/fields.h"
#include "model/steps.h"
#include "model/task_flow.h"
#include "step_fixtures.h"

namespace wbcheck::model::steps_test {
namespace {

Op read_op(uint64_t pos, uint64_t len) { return Op{OpKind::kRead, pos, len, false}; }

// A task at filemap_read: IOLOCK_SHARED taken by xfs_file_buffered_read.
State reading(const Context& c, uint32_t i_size, uint16_t fdblocks = 64) {
  State s = fresh(fdblocks);
  s.i_size = i_size;
  xfs_file_buffered_read_lock(s, c, 0, 0);
  refresh_wait(s, c, 0);
  return s;
}


// ============================ xfs_file_buffered_read ======================

// xfs_file_buffered_read: xfs_ilock_iocb(iocb, XFS_IOLOCK_SHARED); the read
// [1024, 6144) covers fsb 1-5 and starts in folio 0.
TEST(BufferedReadLock, TakesIolockSharedAndSetsTheRange) {
  Context c = one_task(read_op(1024, 5120));
  State s = reading(c, 8192);
  EXPECT_EQ(s.iolock_shared, 1);
  EXPECT_EQ(s.iolock_excl, 0);
  EXPECT_EQ(s.task[0].iolock, 1);  // shared
  EXPECT_EQ(s.task[0].cur, 1);
  EXPECT_EQ(s.task[0].end, 6);
  EXPECT_EQ(s.task[0].folio, 0);
  EXPECT_EQ(phase(s, 0), Phase::kReadFolio);
  // filemap_get_read_batch copies an uptodate folio without its lock; one
  // that is not uptodate is locked (filemap_update_page / filemap_create_folio).
  EXPECT_EQ(s.task[0].wait, static_cast<uint8_t>(Wait::kFolioUptodateOrUnlocked));
  EXPECT_EQ(s.task[0].wait_arg, 0);
}

// IOLOCK_SHARED waits for an exclusive holder (a buffered writer) and shares
// the lock with another shared holder (an aligned direct write).
TEST(BufferedReadLock, WaitsLikeTheDirectWritesSharedLock) {
  Context c = make_ctx({TaskProgram{"A", {read_op(0, 4096)}}, TaskProgram{"B", {write_op(0, 1024)}}});
  State s = fresh();
  enter_op(s, c, 0);
  refresh_wait(s, c, 0);
  EXPECT_EQ(phase(s, 0), Phase::kReadLock);
  EXPECT_EQ(s.task[0].wait, static_cast<uint8_t>(Wait::kIolockShared));
  s.iolock_excl = 2;  // B, in xfs_file_buffered_write
  EXPECT_FALSE(enabled(c, s, 0));
  s.iolock_excl = 0;
  s.iolock_shared = 1;  // a direct write holds it shared
  EXPECT_TRUE(enabled(c, s, 0));
}

// ============================ filemap_read ================================

// An absent folio over holes: filemap_create_folio adds it locked and
// !uptodate, iomap_read_folio allocates the ifs (4 blocks per folio) and
// zeroes every block (IOMAP_HOLE is not IOMAP_MAPPED), the folio ends
// uptodate and unlocked; the read covers one folio, so it returns 0 and drops
// IOLOCK_SHARED.
TEST(FilemapRead, AbsentFolioOverHolesReadsZeros) {
  Context c = one_task(read_op(0, 4096));
  State s = reading(c, 4096);
  filemap_read(s, c, 0, 0);
  EXPECT_EQ(s.folio[0].present, 1);
  EXPECT_EQ(s.folio[0].uptodate, 1);
  EXPECT_EQ(s.folio[0].locked_by, 0);
  EXPECT_EQ(s.folio[0].dirty, 0);
  EXPECT_EQ(s.folio[0].has_ifs, 1);
  for (int b = 0; b < 4; ++b) {
    EXPECT_EQ(s.block[b].uptodate, 1) << b;
    EXPECT_EQ(s.block[b].cache_ver, 0) << b;
    EXPECT_EQ(s.block[b].dirty, 0) << b;
  }
  EXPECT_EQ(s.stale_read, 0);
  EXPECT_EQ(s.iolock_shared, 0);
  EXPECT_EQ(s.task[0].iolock, 0);
  EXPECT_EQ(s.task[0].op, 1);
  EXPECT_EQ(err_of(s.task[0].ret), Errno::kOk);
}

// xfs_read_iomap_begin -> xfs_bmbt_to_iomap: a written extent is
// IOMAP_MAPPED and read from disk; unwritten (IOMAP_UNWRITTEN), delalloc
// (IOMAP_DELALLOC) and holes are zeroed by iomap_block_needs_zeroing, so the
// garbage an unwritten extent holds on disk is never returned.
TEST(FilemapRead, OnlyWrittenExtentsAreReadFromDisk) {
  Context c = one_task(read_op(0, 4096));
  State s = reading(c, 4096, 63);
  set_extent(s, 0, K::kWritten);
  s.block[0].disk_ver = kVersionInitial;
  set_extent(s, 1, K::kUnwritten);
  s.block[1].disk_ver = kVersionGarbage;
  reserved(s, 2, 3);
  filemap_read(s, c, 0, 0);
  EXPECT_EQ(s.block[0].cache_ver, kVersionInitial);
  EXPECT_EQ(s.block[1].cache_ver, 0);
  EXPECT_EQ(s.block[2].cache_ver, 0);
  EXPECT_EQ(s.block[3].cache_ver, 0);
  EXPECT_EQ(s.stale_read, 0);
  // Reading changes no extent and no reservation.
  EXPECT_EQ(extent_at(s, 2), K::kDelalloc);
  EXPECT_EQ(s.i_delayed_blks, 1);
}

// iomap_block_needs_zeroing: `pos >= i_size_read(inode)` zeroes a block at or
// past EOF even over a written extent (iomap_adjust_read_range splits the
// range at i_size for that). filemap_read copies only up to end_offset =
// min(i_size, ki_pos + count) and its loop stops at i_size: the read ends
// after this folio.
TEST(FilemapRead, BlocksPastEofAreZeroedAndNotCopied) {
  Context c = one_task(read_op(0, 8192));
  State s = reading(c, 2048);
  for (int b = 0; b < 4; ++b) {
    set_extent(s, b, K::kWritten);
    s.block[b].disk_ver = kVersionInitial;
  }
  filemap_read(s, c, 0, 0);
  EXPECT_EQ(s.block[0].cache_ver, kVersionInitial);
  EXPECT_EQ(s.block[1].cache_ver, kVersionInitial);
  EXPECT_EQ(s.block[2].cache_ver, 0);
  EXPECT_EQ(s.block[3].cache_ver, 0);
  EXPECT_EQ(s.folio[0].uptodate, 1);
  EXPECT_EQ(s.task[0].op, 1);       // done: ki_pos reached i_size
  EXPECT_EQ(s.folio[1].present, 0);  // folio 1 lies past EOF and is never created
}

// filemap_read: `if (iocb->ki_pos >= i_size_read(inode)) break;` before any
// folio is looked up: a read at EOF returns 0 bytes and creates nothing.
TEST(FilemapRead, ReadAtEofReturnsAtOnce) {
  Context c = one_task(read_op(4096, 1024));
  State s = reading(c, 4096);
  filemap_read(s, c, 0, 0);
  EXPECT_EQ(s.folio[1].present, 0);
  EXPECT_EQ(s.task[0].op, 1);
  EXPECT_EQ(s.iolock_shared, 0);
}

// The F9 state: a written extent whose disk still holds what the block held
// before allocation. The read copies it out, which sets the sticky flag.
TEST(FilemapRead, GarbageFromAWrittenExtentIsRecorded) {
  Context c = one_task(read_op(0, 4096));
  State s = reading(c, 4096);
  set_extent(s, 2, K::kWritten);
  s.block[2].disk_ver = kVersionGarbage;
  filemap_read(s, c, 0, 0);
  EXPECT_EQ(s.block[2].cache_ver, kVersionGarbage);
  EXPECT_EQ(s.stale_read, 1);
}

// Garbage past EOF is zeroed, and garbage outside the read's range is read
// into the folio but not copied out: neither is returned.
TEST(FilemapRead, GarbageNotReturnedIsNotRecorded) {
  Context c = one_task(read_op(0, 1024));
  State s = reading(c, 3072);
  set_extent(s, 1, K::kWritten);
  s.block[1].disk_ver = kVersionGarbage;  // in the folio, outside [0, 1024)
  set_extent(s, 3, K::kWritten);
  s.block[3].disk_ver = kVersionGarbage;  // past EOF (3072)
  filemap_read(s, c, 0, 0);
  EXPECT_EQ(s.block[1].cache_ver, kVersionGarbage);  // ->read_folio reads the whole folio
  EXPECT_EQ(s.block[3].cache_ver, 0);
  EXPECT_EQ(s.stale_read, 0);
}

// iomap_adjust_read_range skips blocks already uptodate: the dirty data of
// fsb 0 (written by a buffered write, folio not yet uptodate) stays; only
// fsb 1-3 are zeroed, and then iomap_set_range_uptodate makes the folio
// uptodate. PG_dirty is not touched.
TEST(FilemapRead, UptodateBlocksKeepTheirCachedData) {
  Context c = one_task(read_op(0, 4096));
  State s = reading(c, 4096, 63);
  reserved(s, 0, 1);
  s.folio[0] = {1, 0, 0, 1, 0, 1};  // present, unlocked, !uptodate, dirty, ifs
  s.block[0].uptodate = 1;
  s.block[0].dirty = 1;
  s.block[0].cache_ver = 1;
  filemap_read(s, c, 0, 0);
  EXPECT_EQ(s.block[0].cache_ver, 1);
  EXPECT_EQ(s.block[0].dirty, 1);
  EXPECT_EQ(s.block[0].err_since_write, 0);  // still the write's only copy
  for (int b = 1; b < 4; ++b) EXPECT_EQ(s.block[b].cache_ver, 0) << b;
  EXPECT_EQ(s.folio[0].uptodate, 1);
  EXPECT_EQ(s.folio[0].dirty, 1);
}

// filemap_update_page -> filemap_range_uptodate -> iomap_is_partially_uptodate:
// when every block the read needs is uptodate, the folio is unlocked without
// ->read_folio, so it stays !uptodate.
TEST(FilemapRead, PartiallyUptodateRangeIsNotReadIn) {
  Context c = one_task(read_op(0, 1024));
  State s = reading(c, 4096, 63);
  reserved(s, 0, 1);
  s.folio[0] = {1, 0, 0, 1, 0, 1};
  s.block[0].uptodate = 1;
  s.block[0].cache_ver = 1;
  filemap_read(s, c, 0, 0);
  EXPECT_EQ(s.folio[0].uptodate, 0);
  EXPECT_EQ(s.block[1].uptodate, 0);
  EXPECT_EQ(s.task[0].op, 1);
}

// filemap_get_read_batch stops only at a folio that is not uptodate: an
// uptodate folio is copied while another task holds its lock; a folio that
// is not uptodate waits for the lock (filemap_update_page).
TEST(FilemapRead, LockedFolioBlocksOnlyWhenNotUptodate) {
  Context c = make_ctx({TaskProgram{"A", {read_op(0, 4096)}}, TaskProgram{"B", {fsync_op()}}});
  State s = reading(c, 4096);
  cached_folio(s, c, 0, /*dirty=*/false);
  folio_lock(s, 0, 1);  // B's writeback holds it
  EXPECT_TRUE(enabled(c, s, 0));
  s.folio[0].uptodate = 0;
  EXPECT_FALSE(enabled(c, s, 0));
  folio_unlock(s, 0);
  EXPECT_TRUE(enabled(c, s, 0));
}

// Two folios: [2048, 6144) copies fsb 2-3 from folio 0, moves to folio 1
// (ki_pos 4096), then copies fsb 4-5 and returns.
TEST(FilemapRead, WalksTheFoliosInOrder) {
  Context c = one_task(read_op(2048, 4096));
  State s = reading(c, 8192);
  cached_folio(s, c, 0, /*dirty=*/false);
  filemap_read(s, c, 0, 0);
  EXPECT_EQ(phase(s, 0), Phase::kReadFolio);
  EXPECT_EQ(s.task[0].cur, 4);
  EXPECT_EQ(s.task[0].folio, 1);
  EXPECT_EQ(s.folio[1].present, 0);  // not yet looked up
  filemap_read(s, c, 0, 0);
  EXPECT_EQ(s.folio[1].uptodate, 1);
  EXPECT_EQ(s.task[0].op, 1);
}

// A block read from disk is a copy of the disk: when a direct write changes
// the disk under the cached copy and the folio is dropped later, nothing
// written is lost (drop_cached_block reports no loss).
TEST(FilemapRead, DroppingACopyReadFromDiskLosesNothing) {
  Context c = one_task(read_op(0, 1024));
  State s = reading(c, 4096);
  set_extent(s, 0, K::kWritten);
  s.block[0].disk_ver = kVersionInitial;
  filemap_read(s, c, 0, 0);
  EXPECT_EQ(s.block[0].err_since_write, 1);
  s.block[0].disk_ver = 7;  // xfs_dio_write_end_io of a racing direct write
  s.task[0].op = 0;         // the file still open: only err_since_write spares the copy
  drop_cached_block(s, c, 0);
  EXPECT_EQ(s.unreported_loss, 0);
}

// From 6.6 ifs_alloc sets the per-block dirty bits from PG_dirty; before 6.6
// the ghost dirty bits are left alone.
TEST(FilemapRead, IfsAllocTakesDirtyBitsFromTheFolioFrom66) {
  Policy p;
  p.features.per_block_dirty = true;
  Context c = one_task(read_op(0, 4096), p);
  State s = reading(c, 4096, 60);
  reserved(s, 0, 4);
  s.folio[0] = {1, 0, 0, 1, 0, 0};  // present, !uptodate, dirty, no ifs
  filemap_read(s, c, 0, 0);
  EXPECT_EQ(s.folio[0].has_ifs, 1);
  for (int b = 0; b < 4; ++b) EXPECT_EQ(s.block[b].dirty, 1) << b;
}

}  // namespace
}  // namespace wbcheck::model::steps_test
