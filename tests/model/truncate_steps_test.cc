// The truncate of model/paths/truncate.cc: do_truncate's IOLOCK_EXCL,
// xfs_vn_setattr's MMAPLOCK_EXCL and xfs_setattr_size (the short circuit,
// the new-EOF flush of 869ae85dae64 and its filemap_check_errors,
// truncate_setsize, truncate_inode_pages_range per folio, xfs_itruncate_extents),
// and one whole truncate driven through WbModel. Expected values come from
// the v6.2 sources named in each comment (fs/open.c, fs/xfs/xfs_iops.c,
// mm/truncate.c, mm/filemap.c, fs/iomap/buffered-io.c, fs/xfs/xfs_inode.c);
// geometry and fixtures are in step_fixtures.h (1 KiB blocks, 4 KiB folios,
// 8 blocks).
#include "model/steps.h"

#include <algorithm>

#include "gtest/gtest.h"
#include "model/enabled.h"
#include "model/extent_map.h"
#include "model/task_flow.h"
#include "model/wb_model.h"
#include "step_fixtures.h"

namespace wbcheck::model::steps_test {
namespace {

Op truncate_op(uint64_t size) { return Op{OpKind::kTruncate, size, 0, false}; }





// ============================ locks ==================================

// do_truncate: inode_lock, i_rwsem exclusive (XFS's IOLOCK_EXCL); then
// xfs_vn_setattr: xfs_ilock(MMAPLOCK_EXCL).
TEST(DoTruncate, IolockExclThenMmaplockExcl) {
  Context c = one_task(truncate_op(2048));
  State s = starting_op(c, 8192);
  EXPECT_EQ(phase(s, 0), Phase::kTruncLock);
  EXPECT_EQ(s.task[0].wait, static_cast<uint8_t>(Wait::kIolockExcl));
  do_truncate_lock(s, c, 0, 0);
  refresh_wait(s, c, 0);
  EXPECT_EQ(s.iolock_excl, 1);
  EXPECT_EQ(s.task[0].iolock, 2);
  EXPECT_EQ(phase(s, 0), Phase::kTruncMmaplock);
  EXPECT_EQ(s.task[0].wait, static_cast<uint8_t>(Wait::kMmaplockExcl));
}

// A page fault inside ->page_mkwrite holds MMAPLOCK_SHARED: xfs_vn_setattr's
// xfs_ilock(MMAPLOCK_EXCL) waits for it; so does a reader holding IOLOCK_SHARED
// for do_truncate's inode_lock.
TEST(DoTruncate, WaitsForSharedHolders) {
  Context c = one_task(truncate_op(2048));
  State s = starting_op(c, 8192);
  s.iolock_shared = 1;
  EXPECT_FALSE(enabled(c, s, 0));
  s.iolock_shared = 0;
  do_truncate_lock(s, c, 0, 0);
  refresh_wait(s, c, 0);
  s.mmaplock_shared = 1;
  EXPECT_FALSE(enabled(c, s, 0));
  s.mmaplock_shared = 0;
  EXPECT_TRUE(enabled(c, s, 0));
}

// ======================== xfs_setattr_size entry =========================

// newsize <= oldsize: filemap_write_and_wait_range(newsize, newsize) writes
// the folio holding byte newsize: byte 2048 is in folio 0, byte 4096 in folio 1.
TEST(XfsSetattrSize, ShrinkFlushesTheFolioHoldingTheNewEof) {
  for (auto [size, folio] : {std::pair{2048u, 0}, std::pair{4096u, 1}}) {
    Context c = one_task(truncate_op(size));
    State s = starting_op(c, 8192);
    do_truncate_lock(s, c, 0, 0);
    xfs_vn_setattr_lock(s, c, 0, 0);
    EXPECT_EQ(s.mmaplock_excl, 1);
    EXPECT_EQ(s.task[0].mmaplock, 2);
    EXPECT_EQ(phase(s, 0), Phase::kWbTag);
    EXPECT_EQ(s.task[0].wb_first, folio);
    EXPECT_EQ(s.task[0].wb_last, folio);
    EXPECT_EQ(static_cast<Phase>(s.task[0].wb_ret), Phase::kTruncCheckErrors);
  }
}

// newsize > oldsize: no flush (xfs_zero_range instead, nothing to zero over
// holes); the next step is truncate_setsize.
TEST(XfsSetattrSize, GrowGoesToSetsize) {
  Context c = one_task(truncate_op(6144));
  State s = starting_op(c, 2048);
  do_truncate_lock(s, c, 0, 0);
  xfs_vn_setattr_lock(s, c, 0, 0);
  EXPECT_EQ(phase(s, 0), Phase::kTruncSetsize);
  EXPECT_EQ(s.i_size, 2048u);
}

// "Short circuit the truncate case for zero length files": newsize == oldsize
// == 0 and if_nextents == 0 returns 0 at once; both locks are dropped.
TEST(XfsSetattrSize, ShortCircuitForAnEmptyFile) {
  Context c = one_task(truncate_op(0));
  State s = starting_op(c, 0);
  do_truncate_lock(s, c, 0, 0);
  xfs_vn_setattr_lock(s, c, 0, 0);
  expect_unlocked_and_done(s, Errno::kOk);
}

// A real extent (if_nextents != 0) defeats the short circuit: the flush runs.
TEST(XfsSetattrSize, ExtentsDefeatTheShortCircuit) {
  Context c = one_task(truncate_op(0));
  State s = starting_op(c, 0);
  set_extent(s, 3, K::kUnwritten);
  do_truncate_lock(s, c, 0, 0);
  xfs_vn_setattr_lock(s, c, 0, 0);
  EXPECT_EQ(phase(s, 0), Phase::kWbTag);
  EXPECT_EQ(s.task[0].wb_first, 0);
}

// The end of filemap_write_and_wait_range: the writeback's error fails the
// truncate before i_size changes ("if (error) return error;").
TEST(TruncateCheckErrors, FlushErrorFailsTheTruncate) {
  Context c = one_task(truncate_op(2048));
  State s = starting_op(c, 8192);
  holding_locks(s, c, Phase::kTruncCheckErrors);
  s.task[0].err = static_cast<uint8_t>(Errno::kEFSCORRUPTED);
  truncate_check_errors(s, c, 0, 0);
  expect_unlocked_and_done(s, Errno::kEFSCORRUPTED);
  EXPECT_EQ(s.i_size, 8192u);
}

// filemap_check_errors: an AS_EIO left by an earlier failed writeback fails
// the truncate with -EIO and is cleared (errseq keeps the error for fsync).
TEST(TruncateCheckErrors, AsEioFailsTheTruncateAndIsCleared) {
  Context c = one_task(truncate_op(2048));
  State s = starting_op(c, 8192);
  holding_locks(s, c, Phase::kTruncCheckErrors);
  s.as_eio = 1;
  s.wb_err = 0x21;  // an errseq value: left alone
  truncate_check_errors(s, c, 0, 0);
  expect_unlocked_and_done(s, Errno::kEIO);
  EXPECT_EQ(s.as_eio, 0);
  EXPECT_EQ(s.wb_err, 0x21);
}

TEST(TruncateCheckErrors, NoErrorGoesToSetsize) {
  Context c = one_task(truncate_op(2048));
  State s = starting_op(c, 8192);
  holding_locks(s, c, Phase::kTruncCheckErrors);
  truncate_check_errors(s, c, 0, 0);
  EXPECT_EQ(phase(s, 0), Phase::kTruncSetsize);
  EXPECT_EQ(s.mmaplock_excl, 1);
}

// ============================ truncate_setsize ============================

// i_size_write(newsize), then truncate_pagecache(newsize) from the folio
// holding newsize (folio 0 for 2048); xfs_itruncate_extents will remove
// fsb 2 to the end.
TEST(TruncateSetsize, ShrinkWritesISizeAndStartsAtTheEofFolio) {
  Context c = one_task(truncate_op(2048));
  State s = starting_op(c, 8192);
  holding_locks(s, c, Phase::kTruncSetsize);
  truncate_setsize(s, c, 0, 0);
  refresh_wait(s, c, 0);
  EXPECT_EQ(s.i_size, 2048u);
  EXPECT_EQ(s.task[0].cur, 2);
  EXPECT_EQ(s.task[0].end, 8);
  EXPECT_EQ(phase(s, 0), Phase::kTruncFolio);
  EXPECT_EQ(s.task[0].folio, 0);
  EXPECT_EQ(s.task[0].wait, static_cast<uint8_t>(Wait::kFolioLock));
  EXPECT_EQ(s.task[0].wait_arg, 0);
}

// Growing: i_size grows; truncate_setsize still runs truncate_pagecache from
// newsize (folio 1 for 6144), but xfs_itruncate_extents is not called
// (newsize > oldsize): the range to remove is empty.
TEST(TruncateSetsize, GrowWritesISizeRemovesNothing) {
  Context c = one_task(truncate_op(6144));
  State s = starting_op(c, 2048);
  holding_locks(s, c, Phase::kTruncSetsize);
  truncate_setsize(s, c, 0, 0);
  EXPECT_EQ(s.i_size, 6144u);
  EXPECT_EQ(s.task[0].cur, s.task[0].end);
  EXPECT_EQ(phase(s, 0), Phase::kTruncFolio);
  EXPECT_EQ(s.task[0].folio, 1);
}

// A truncate to the end of the tracked range has no folio past it.
TEST(TruncateSetsize, NothingCachedPastTheRange) {
  Context c = one_task(truncate_op(8192));
  State s = starting_op(c, 8192);
  holding_locks(s, c, Phase::kTruncSetsize);
  truncate_setsize(s, c, 0, 0);
  EXPECT_EQ(phase(s, 0), Phase::kTruncTransaction);
}

// ======================= truncate_inode_pages_range =======================

State at_truncate_folio(const Context& c, int f, uint32_t new_size) {
  State s = fresh();
  s.i_size = new_size;  // truncate_setsize ran
  holding_locks(s, c, Phase::kTruncFolio);
  s.task[0].folio = static_cast<uint8_t>(f);
  s.task[0].cur = static_cast<uint8_t>(new_size / 1024);
  s.task[0].end = 8;
  refresh_wait(s, c, 0);
  return s;
}

// The folio holding the new EOF (folio 0 for 2048) is covered in part:
// truncate_inode_partial_folio zeroes [2048, 4096) (fsb 2-3) and
// folio_invalidate(folio, 2048, 2048) -> iomap_invalidate_folio keeps the ifs
// of a 4 KiB folio; the folio stays cached, dirty, and is unlocked. Before 6.6
// the zeroed blocks hold no data to write (ghost dirty cleared).
TEST(TruncateInodePagesRange, PartialFolioZeroesTheTail) {
  Context c = one_task(truncate_op(2048));
  State s = at_truncate_folio(c, 0, 2048);
  cached_folio(s, c, 0, /*dirty=*/true);
  reserved(s, 0, 4);
  truncate_inode_pages_range(s, c, 0, 0);
  EXPECT_EQ(s.folio[0].present, 1);
  EXPECT_EQ(s.folio[0].locked_by, 0);
  EXPECT_EQ(s.folio[0].dirty, 1);
  EXPECT_EQ(s.folio[0].has_ifs, 1);
  EXPECT_EQ(s.block[0].cache_ver, 1);
  EXPECT_EQ(s.block[1].cache_ver, 1);
  EXPECT_EQ(s.block[2].cache_ver, 0);
  EXPECT_EQ(s.block[3].cache_ver, 0);
  EXPECT_EQ(s.block[1].dirty, 1);
  EXPECT_EQ(s.block[2].dirty, 0);
  EXPECT_EQ(s.block[3].dirty, 0);
  EXPECT_EQ(extent_at(s, 2), K::kDelalloc);  // extents go later, in xfs_itruncate_extents
  EXPECT_EQ(phase(s, 0), Phase::kTruncFolio);
  EXPECT_EQ(s.task[0].folio, 1);
}

// From 6.6 the ifs dirty bits are real: a partial iomap_invalidate_folio
// does not clear them (only the whole-folio case does), so fsb 2-3 stay
// dirty in the ifs.
TEST(TruncateInodePagesRange, PartialFolioKeepsIfsDirtyBits66) {
  Policy p = linux_6_3();
  p.features.per_block_dirty = true;
  Context c = one_task(truncate_op(2048), p);
  State s = at_truncate_folio(c, 0, 2048);
  cached_folio(s, c, 0, /*dirty=*/true);
  truncate_inode_pages_range(s, c, 0, 0);
  EXPECT_EQ(s.block[2].dirty, 1);
  EXPECT_EQ(s.block[3].dirty, 1);
  EXPECT_EQ(s.block[2].cache_ver, 0);
}

// A folio wholly past the new EOF: truncate_inode_folio ->
// iomap_invalidate_folio over the whole folio (folio_cancel_dirty, ifs_free)
// and filemap_remove_folio. Its data not on disk is what the truncate
// removes, not a loss. The last folio of the range leads to the transaction.
TEST(TruncateInodePagesRange, WholeFolioLeavesTheCache) {
  Context c = one_task(truncate_op(2048));
  State s = at_truncate_folio(c, 1, 2048);
  cached_folio(s, c, 1, /*dirty=*/true);
  truncate_inode_pages_range(s, c, 0, 0);
  EXPECT_EQ(s.folio[1].present, 0);
  EXPECT_EQ(s.folio[1].dirty, 0);
  EXPECT_EQ(s.folio[1].has_ifs, 0);
  EXPECT_EQ(s.folio[1].locked_by, 0);
  for (int b = 4; b < 8; ++b) {
    EXPECT_EQ(s.block[b].uptodate, 0);
    EXPECT_EQ(s.block[b].cache_ver, 0);
    EXPECT_EQ(s.block[b].dirty, 0);
  }
  EXPECT_EQ(s.unreported_loss, 0);
  EXPECT_EQ(phase(s, 0), Phase::kTruncTransaction);
}

// A folio under writeback: folio_wait_writeback with the folio locked (the
// second pass, and truncate_inode_partial_folio, both wait).
TEST(TruncateInodePagesRange, WaitsForWritebackWithTheFolioLocked) {
  Context c = one_task(truncate_op(2048));
  State s = at_truncate_folio(c, 1, 2048);
  cached_folio(s, c, 1, /*dirty=*/false);
  s.folio[1].writeback = 1;
  truncate_inode_pages_range(s, c, 0, 0);
  refresh_wait(s, c, 0);
  EXPECT_EQ(s.folio[1].locked_by, 1);
  EXPECT_EQ(phase(s, 0), Phase::kTruncFolioWait);
  EXPECT_EQ(s.task[0].wait, static_cast<uint8_t>(Wait::kFolioWriteback));
  EXPECT_EQ(s.task[0].wait_arg, 1);
  EXPECT_FALSE(enabled(c, s, 0));
  s.folio[1].writeback = 0;  // xfs_end_ioend -> folio_end_writeback
  EXPECT_TRUE(enabled(c, s, 0));
  truncate_wait_writeback(s, c, 0, 0);
  EXPECT_EQ(s.folio[1].present, 0);
}

// folio_lock blocks while writeback holds the folio; an absent folio is
// skipped with nothing changed.
TEST(TruncateInodePagesRange, LockedFolioBlocksAbsentFolioSkipped) {
  Context c = one_task(truncate_op(2048));
  State s = at_truncate_folio(c, 1, 2048);
  s.folio[1].present = 1;
  s.folio[1].locked_by = 2;
  EXPECT_FALSE(enabled(c, s, 0));
  State t = at_truncate_folio(c, 1, 2048);
  State before = t;
  truncate_inode_pages_range(t, c, 0, 0);
  EXPECT_EQ(phase(t, 0), Phase::kTruncTransaction);
  EXPECT_EQ(t.folio[1].present, before.folio[1].present);
}

// ========================= xfs_itruncate_extents ==========================

// xfs_itruncate_extents(newsize = 2048) -> xfs_bunmapi over fsb 2 to the end:
// delalloc fsb 2-3 return their reservation (xfs_bmap_del_extent_delay),
// written fsb 4-5 return to fdblocks (xfs_bmap_del_extent_real + deferred
// free). Then xfs_vn_setattr and do_truncate drop the locks; 0 returned.
TEST(XfsItruncateExtents, RemovesDelallocAndRealBlocksPastEof) {
  Context c = one_task(truncate_op(2048));
  State s = fresh(60);
  s.i_size = 2048;
  reserved(s, 0, 4);  // fdblocks 60 -> 56
  set_extent(s, 4, K::kWritten);
  set_extent(s, 5, K::kWritten);
  s.block[4].disk_ver = s.block[5].disk_ver = kVersionInitial;
  holding_locks(s, c, Phase::kTruncTransaction);
  s.task[0].cur = 2;
  s.task[0].end = 8;
  xfs_itruncate_extents(s, c, 0, 0);
  EXPECT_EQ(extent_at(s, 0), K::kDelalloc);
  EXPECT_EQ(extent_at(s, 1), K::kDelalloc);
  for (int b = 2; b < 8; ++b) EXPECT_EQ(extent_at(s, b), K::kHole) << b;
  EXPECT_EQ(s.i_delayed_blks, 2);
  EXPECT_EQ(s.m_delalloc_blks, 2);
  EXPECT_EQ(s.fdblocks, 56 + 2 + 2);
  EXPECT_EQ(s.block[4].disk_ver, 0);
  expect_unlocked_and_done(s, Errno::kOk);
}

// Growing (newsize > oldsize): no xfs_itruncate_extents; an unwritten extent
// past the new EOF (a failed extending direct write's) stays.
TEST(XfsItruncateExtents, GrowRemovesNothing) {
  Context c = one_task(truncate_op(6144));
  State s = fresh();
  s.i_size = 6144;
  set_extent(s, 7, K::kUnwritten);
  holding_locks(s, c, Phase::kTruncTransaction);
  s.task[0].cur = s.task[0].end = 6;
  xfs_itruncate_extents(s, c, 0, 0);
  EXPECT_EQ(extent_at(s, 7), K::kUnwritten);
  EXPECT_EQ(s.fdblocks, 64);
  expect_unlocked_and_done(s, Errno::kOk);
}

// ============================ through WbModel =============================

// One task writes all 8 blocks (one delalloc extent, fdblocks 64 -> 56) and
// truncates to 2048, stepping only task A and I/O completions. The new-EOF
// flush writes folio 0: xfs_bmapi_convert_delalloc allocates the whole
// extent, fsb 0-7, as unwritten; __filemap_fdatawait_range waits for the
// completion, which makes fsb 0-3 written. Then i_size = 2048, folio 0 keeps
// its first two blocks, folio 1 leaves the cache, and xfs_itruncate_extents
// frees fsb 2-7, all real by now: fdblocks 56 + 6 = 62, no delalloc left.
TEST(TruncateThroughModel, WriteThenTruncate) {
  Scenario sc;
  sc.name = "truncate-unit";
  sc.tasks = {TaskProgram{"A", {write_op(0, 8192), truncate_op(2048)}}};
  absl::StatusOr<WbModel> m = WbModel::create(sc, linux_6_3());
  ASSERT_TRUE(m.ok()) << m.status();
  State s = m->initial_state();
  std::vector<Action> acts;
  for (int guard = 0; guard < 200 && s.task[0].op < 2; ++guard) {
    acts.clear();
    m->actions(s, acts);
    auto it = std::find_if(acts.begin(), acts.end(), [](const Action& a) { return a.io || a.task == 0; });
    ASSERT_NE(it, acts.end()) << "task A is stuck in " << phase_name(phase_of(s.task[0]));
    s = m->apply(s, *it);
  }
  ASSERT_EQ(s.task[0].op, 2);
  EXPECT_EQ(err_of(s.task[0].ret), Errno::kOk);
  EXPECT_EQ(s.i_size, 2048u);
  EXPECT_EQ(extent_at(s, 0), K::kWritten);
  EXPECT_EQ(extent_at(s, 1), K::kWritten);
  for (int b = 2; b < 8; ++b) EXPECT_EQ(extent_at(s, b), K::kHole) << b;
  EXPECT_EQ(s.fdblocks, 64 - 2);
  EXPECT_EQ(s.i_delayed_blks, 0);
  EXPECT_EQ(s.folio[0].present, 1);
  EXPECT_EQ(s.folio[1].present, 0);
  EXPECT_EQ(s.block[1].disk_ver, 1);
  EXPECT_EQ(s.iolock_excl, 0);
  EXPECT_EQ(s.mmaplock_excl, 0);
}

}  // namespace
}  // namespace wbcheck::model::steps_test
