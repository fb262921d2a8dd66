// The primitives that act on the folio a hook holds, each run through
// run_primitive at a hand-built HookSite: folio_clear_uptodate,
// iomap_invalidate_folio (full range, partial range, the 5.17/5.18 large-folio
// release and the use-after-free it causes), iomap_clear_range_dirty and
// folio_redirty_for_writepage.
//
// Geometry (step_fixtures.h): 1 KiB blocks, 4 KiB folios, 8 blocks (fsb 0-3 =
// folio 0, fsb 4-7 = folio 1); the large-folio tests use 4 KiB blocks and
// 16 KiB folios (fsb 0-3 = folio 0, fsb 4-7 = folio 1). Every expected value
// below is worked out from the kernel function named beside it
// (kernel-notes §3, §5, §6; docs/kernel-policy-sources.md), not from running
// the model.
#include "model/primitives.h"

#include "gtest/gtest.h"
#include "model/errseq.h"
#include "model/extent_map.h"
#include "model/steps.h"
#include "model/task_flow.h"
#include "primitive_fixtures.h"

namespace wbcheck::model::steps_test {
namespace {

// ============================ clear_uptodate ================================

// folio_clear_uptodate (≤5.18, count == 0): the cached copy of folio 0 is no
// longer valid. Its blocks hold v1, never written to disk (disk_ver 0) and
// not under I/O, and no mapping_set_error ran since the write: the only copy
// of written data is gone and nobody has been told (unreported_loss). Folio 1
// is not touched.
TEST(PrimitiveClearUptodate, DataNotOnDiskWithoutErrorIsAnUnreportedLoss) {
  Context c = one_task(fsync_op());
  State s = fresh();
  cached_folio(s, c, 0, /*dirty=*/false, /*ver=*/1);
  cached_folio(s, c, 1, /*dirty=*/false, /*ver=*/1);
  for (int b = 4; b < 8; ++b) s.block[b].disk_ver = 1;
  folio_lock(s, 0, 0);
  run_primitive(s, c, site(0, 0), prim(PrimitiveKind::kClearUptodate));
  EXPECT_EQ(s.folio[0].uptodate, 0);
  for (int b = 0; b < 4; ++b) {
    EXPECT_EQ(s.block[b].uptodate, 0) << b;
    EXPECT_EQ(s.block[b].cache_ver, 0) << b;
  }
  EXPECT_EQ(s.unreported_loss, 1);
  EXPECT_EQ(s.folio[0].present, 1);  // still cached, just not uptodate
  EXPECT_EQ(s.folio[1].uptodate, 1);
  for (int b = 4; b < 8; ++b) EXPECT_EQ(s.block[b].uptodate, 1) << b;
}

// The same drop after mapping_set_error recorded an error since the write
// (err_since_write): every file that sampled wb_err before will see it, so
// the loss is reported. The cache still loses the data.
TEST(PrimitiveClearUptodate, ErrorSinceTheWriteMeansNoUnreportedLoss) {
  Context c = one_task(fsync_op());
  State s = fresh();
  cached_folio(s, c, 0, /*dirty=*/false, /*ver=*/1);
  for (int b = 0; b < 4; ++b) s.block[b].err_since_write = 1;
  run_primitive(s, c, site(0, 0), prim(PrimitiveKind::kClearUptodate));
  EXPECT_EQ(s.folio[0].uptodate, 0);
  for (int b = 0; b < 4; ++b) EXPECT_EQ(s.block[b].uptodate, 0) << b;
  EXPECT_EQ(s.unreported_loss, 0);
}

// Blocks whose data is under write I/O (io_ver == cache_ver: the bio carries
// that version) or already on disk (disk_ver == cache_ver) are not lost when
// the cache lets go of them; a block of zeros (never written, cache_ver 0) has
// nothing to lose.
TEST(PrimitiveClearUptodate, BlocksUnderIoOrOnDiskAreNotLost) {
  Context c = one_task(fsync_op());
  State s = fresh();
  cached_folio(s, c, 0, /*dirty=*/false, /*ver=*/1);
  s.block[0].io_ver = 1;
  s.block[1].io_ver = 1;
  s.block[2].disk_ver = 1;
  s.block[3].cache_ver = 0;
  run_primitive(s, c, site(0, 0), prim(PrimitiveKind::kClearUptodate));
  for (int b = 0; b < 4; ++b) EXPECT_EQ(s.block[b].uptodate, 0) << b;
  EXPECT_EQ(s.unreported_loss, 0);
  EXPECT_EQ(s.block[0].io_ver, 1);  // the I/O itself is not affected
}

// A folio primitive at a site with no folio (-1) does nothing (the loader
// rejects such a policy; run_primitive stays safe).
TEST(PrimitiveClearUptodate, NoFolioNoEffect) {
  Context c = one_task(fsync_op());
  State s = fresh();
  cached_folio(s, c, 0, /*dirty=*/false, /*ver=*/1);
  State before = s;
  run_primitive(s, c, site(0, -1), prim(PrimitiveKind::kClearUptodate));
  EXPECT_TRUE(same_state(before, s));
}

// =========================== invalidate_folio ===============================

// iomap_invalidate_folio(folio, 0, folio_size): the whole folio, so
// folio_cancel_dirty and iomap_page_release/ifs_free. The folio stays
// uptodate, so without an ifs PG_uptodate speaks for every block and the data
// stays cached; the per-block dirty bits went with the ifs. Nothing of folio 0
// is in an ioend: no use-after-free.
TEST(PrimitiveInvalidateFolio, FullRangeCancelsDirtyAndFreesIfs) {
  Context c = one_task(fsync_op());
  State s = fresh();
  cached_folio(s, c, 0, /*dirty=*/true, /*ver=*/1);
  cached_folio(s, c, 1, /*dirty=*/true, /*ver=*/1);
  folio_lock(s, 0, 0);
  run_primitive(s, c, site(0, 0), prim(PrimitiveKind::kInvalidateFolio, "folio_pos", "folio_pos + folio_size"));
  EXPECT_EQ(s.folio[0].dirty, 0);
  EXPECT_EQ(s.folio[0].has_ifs, 0);
  for (int b = 0; b < 4; ++b) {
    EXPECT_EQ(s.block[b].dirty, 0) << b;
    EXPECT_EQ(s.block[b].uptodate, 1) << b;
    EXPECT_EQ(s.block[b].cache_ver, 1) << b;
  }
  EXPECT_EQ(s.folio[0].uptodate, 1);
  EXPECT_EQ(s.folio[0].present, 1);
  EXPECT_EQ(s.ifs_freed_under_io, 0);
  EXPECT_EQ(s.unreported_loss, 0);
  // Folio 1 is another folio: untouched.
  EXPECT_EQ(s.folio[1].dirty, 1);
  EXPECT_EQ(s.folio[1].has_ifs, 1);
  EXPECT_EQ(s.block[4].dirty, 1);
}

// Releasing the ifs of a folio that is not PG_uptodate: only the ifs knew
// that fsb 0-1 were uptodate, so their data is gone with it (a later read
// sees a !uptodate folio with no ifs and reads every block from disk). fsb
// 0-1 hold v1 that never reached the disk and no error was recorded:
// unreported loss.
TEST(PrimitiveInvalidateFolio, FullRangeOnNonUptodateFolioDropsItsBlocks) {
  Context c = one_task(fsync_op());
  State s = fresh();
  cached_folio(s, c, 0, /*dirty=*/true, /*ver=*/1);
  s.folio[0].uptodate = 0;
  for (int b = 2; b < 4; ++b) s.block[b] = BlockState{};
  run_primitive(s, c, site(0, 0), prim(PrimitiveKind::kInvalidateFolio, "folio_pos", "folio_pos + folio_size"));
  EXPECT_EQ(s.folio[0].has_ifs, 0);
  EXPECT_EQ(s.folio[0].dirty, 0);
  for (int b = 0; b < 2; ++b) {
    EXPECT_EQ(s.block[b].uptodate, 0) << b;
    EXPECT_EQ(s.block[b].cache_ver, 0) << b;
  }
  EXPECT_EQ(s.unreported_loss, 1);
}

// The 5.10 discard at pos 2048 of a 4 KiB folio: iomap_invalidatepage(page,
// 2048, 2048) acts only on a full-page range, and a 4 KiB folio is not large,
// so the 5.17/5.18 branch does not apply even with the feature on: nothing
// changes at all.
TEST(PrimitiveInvalidateFolio, PartialRangeOnSmallFolioDoesNothing) {
  Policy p = large_folio_policy();
  Context c = one_task(fsync_op(), p);
  State s = fresh();
  cached_folio(s, c, 0, /*dirty=*/true, /*ver=*/1);
  add_to_ioend(s, 0, 0);  // even with a block in the ioend
  State before = s;
  Env e;
  e.pos = 2048;
  run_primitive(s, c, site(0, 0, e), prim(PrimitiveKind::kInvalidateFolio, "pos", "folio_pos + folio_size"));
  EXPECT_TRUE(same_state(before, s));
  EXPECT_EQ(s.folio[0].has_ifs, 1);
  EXPECT_EQ(s.folio[0].dirty, 1);
}

// 5.17/5.18 iomap_invalidate_folio on a large folio, partial range [pos 8192,
// 16384): "Must release the iop so the page can be split" -> the ifs is
// freed; PG_dirty is not cancelled (only the full-range branch does that).
// No block of folio 0 is in any ioend: no use-after-free.
TEST(PrimitiveInvalidateFolio, PartialRangeOnLargeFolioFreesIfs) {
  Context c = large_folio_ctx(large_folio_policy());
  State s = fresh();
  cached_folio(s, c, 0, /*dirty=*/true, /*ver=*/1);
  run_primitive(s, c, site(0, 0, large_env(0, 2)),
                prim(PrimitiveKind::kInvalidateFolio, "pos", "folio_pos + folio_size"));
  EXPECT_EQ(s.folio[0].has_ifs, 0);
  EXPECT_EQ(s.folio[0].dirty, 1);
  EXPECT_EQ(s.folio[0].uptodate, 1);
  for (int b = 0; b < 4; ++b) EXPECT_EQ(s.block[b].uptodate, 1) << b;
  EXPECT_EQ(s.ifs_freed_under_io, 0);
}

// The xfs/314 use-after-free (e9c3a8e820ed): fsb 0-1 of the large folio were
// added to the task's cached ioend (write_bytes_pending != 0) before the
// mapping of fsb 2 failed; the partial invalidate frees the ifs under them.
TEST(PrimitiveInvalidateFolio, LargeFolioBlocksInTheCachedIoendAreFreedUnderIo) {
  Context c = large_folio_ctx(large_folio_policy());
  State s = fresh();
  cached_folio(s, c, 0, /*dirty=*/false, /*ver=*/1);
  add_to_ioend(s, 0, 0);
  add_to_ioend(s, 0, 1);
  run_primitive(s, c, site(0, 0, large_env(0, 2)),
                prim(PrimitiveKind::kInvalidateFolio, "pos", "folio_pos + folio_size"));
  EXPECT_EQ(s.folio[0].has_ifs, 0);
  EXPECT_EQ(s.ifs_freed_under_io, 1);
}

// Any task's cached ioend counts: the ifs belongs to the folio, not to the
// task whose hook frees it. Task B's pending ioend holds fsb 3.
TEST(PrimitiveInvalidateFolio, AnotherTasksCachedIoendCounts) {
  Context c = large_folio_ctx(large_folio_policy(), /*two_tasks=*/true);
  State s = fresh();
  cached_folio(s, c, 0, /*dirty=*/false, /*ver=*/1);
  add_to_ioend(s, 1, 3);
  run_primitive(s, c, site(0, 0, large_env(0, 2)),
                prim(PrimitiveKind::kInvalidateFolio, "pos", "folio_pos + folio_size"));
  EXPECT_EQ(s.ifs_freed_under_io, 1);
}

// A submitted ioend still in flight (an io slot) holding fsb 1 of folio 0:
// write_bytes_pending is still non-zero until xfs_end_ioend runs.
TEST(PrimitiveInvalidateFolio, LargeFolioBlockInFlightIsFreedUnderIo) {
  Context c = large_folio_ctx(large_folio_policy());
  State s = fresh();
  cached_folio(s, c, 0, /*dirty=*/false, /*ver=*/1);
  s.io[0] = IoendState{static_cast<uint16_t>(1u << 1), 0, 0};
  run_primitive(s, c, site(0, 0, large_env(0, 2)),
                prim(PrimitiveKind::kInvalidateFolio, "pos", "folio_pos + folio_size"));
  EXPECT_EQ(s.folio[0].has_ifs, 0);
  EXPECT_EQ(s.ifs_freed_under_io, 1);
}

// I/O on the other folio (fsb 4-5 of folio 1, cached ioend and in flight) is
// not I/O on folio 0: its ifs may go.
TEST(PrimitiveInvalidateFolio, IoOnAnotherFolioIsNotUnderIo) {
  Context c = large_folio_ctx(large_folio_policy());
  State s = fresh();
  cached_folio(s, c, 0, /*dirty=*/false, /*ver=*/1);
  cached_folio(s, c, 1, /*dirty=*/false, /*ver=*/1);
  add_to_ioend(s, 0, 4);
  s.io[0] = IoendState{static_cast<uint16_t>(1u << 5), 0, 0};
  run_primitive(s, c, site(0, 0, large_env(0, 2)),
                prim(PrimitiveKind::kInvalidateFolio, "pos", "folio_pos + folio_size"));
  EXPECT_EQ(s.folio[0].has_ifs, 0);
  EXPECT_EQ(s.folio[1].has_ifs, 1);
  EXPECT_EQ(s.ifs_freed_under_io, 0);
}

// Before 60d8231089f0 (and after willy's 2023 removal) a partial range does
// nothing on a large folio either: without the feature the state is unchanged
// even with blocks in the ioend.
TEST(PrimitiveInvalidateFolio, PartialRangeOnLargeFolioWithoutTheFeatureDoesNothing) {
  Context c = large_folio_ctx(Policy{});
  State s = fresh();
  cached_folio(s, c, 0, /*dirty=*/false, /*ver=*/1);
  add_to_ioend(s, 0, 0);
  State before = s;
  run_primitive(s, c, site(0, 0, large_env(0, 2)),
                prim(PrimitiveKind::kInvalidateFolio, "pos", "folio_pos + folio_size"));
  EXPECT_TRUE(same_state(before, s));
}

// The full-range branch releases the ifs too, and iomap_page_release WARNs on
// write_bytes_pending whatever the range: a block of the folio in an ioend is
// a free under I/O on a small folio as well.
TEST(PrimitiveInvalidateFolio, FullRangeWithBlocksInAnIoendIsFreedUnderIo) {
  Context c = one_task(fsync_op());
  State s = fresh();
  cached_folio(s, c, 0, /*dirty=*/false, /*ver=*/1);
  add_to_ioend(s, 0, 2);
  run_primitive(s, c, site(0, 0), prim(PrimitiveKind::kInvalidateFolio, "folio_pos", "folio_pos + folio_size"));
  EXPECT_EQ(s.folio[0].has_ifs, 0);
  EXPECT_EQ(s.ifs_freed_under_io, 1);
}

// ============================ clear_ifs_dirty ===============================

// iomap_clear_range_dirty(folio, off, len) -> ifs_clear_range_dirty:
// first_blk = off >> blkbits, last_blk = (off + len - 1) >> blkbits. On
// folio 1 (folio_pos 4096) with off 1536, len 1024: first 1, last 2559 >> 10 =
// 2, so the folio's blocks 1-2 = fsb 5-6. fsb 4 and 7 keep their bits;
// PG_dirty is not a per-block bit and stays.
TEST(PrimitiveClearIfsDirty, ClearsTheBlocksTheRangeTouches) {
  Context c = one_task(fsync_op());
  State s = fresh();
  cached_folio(s, c, 1, /*dirty=*/true, /*ver=*/1);
  Env e;
  e.folio_pos = 4096;
  run_primitive(s, c, site(0, 1, e),
                prim(PrimitiveKind::kClearIfsDirty, "folio_pos + 1536", "folio_pos + 2560"));
  EXPECT_EQ(s.block[4].dirty, 1);
  EXPECT_EQ(s.block[5].dirty, 0);
  EXPECT_EQ(s.block[6].dirty, 0);
  EXPECT_EQ(s.block[7].dirty, 1);
  EXPECT_EQ(s.folio[1].dirty, 1);
}

// The 6.9 hook's range, [folio_pos, folio_pos + folio_size) of folio 0: all of
// fsb 0-3; folio 1's bits are another ifs.
TEST(PrimitiveClearIfsDirty, WholeFolioRangeClearsEveryBitOfThatFolioOnly) {
  Context c = one_task(fsync_op());
  State s = fresh();
  cached_folio(s, c, 0, /*dirty=*/false, /*ver=*/1);
  cached_folio(s, c, 1, /*dirty=*/true, /*ver=*/1);
  run_primitive(s, c, site(0, 0), prim(PrimitiveKind::kClearIfsDirty, "folio_pos", "folio_pos + folio_size"));
  for (int b = 0; b < 4; ++b) EXPECT_EQ(s.block[b].dirty, 0) << b;
  for (int b = 4; b < 8; ++b) EXPECT_EQ(s.block[b].dirty, 1) << b;
}

// len 0: last_blk = first_blk - 1, nr_blks 0: nothing is cleared.
TEST(PrimitiveClearIfsDirty, EmptyRangeClearsNothing) {
  Context c = one_task(fsync_op());
  State s = fresh();
  cached_folio(s, c, 0, /*dirty=*/true, /*ver=*/1);
  State before = s;
  Env e;
  e.pos = 2048;
  run_primitive(s, c, site(0, 0, e), prim(PrimitiveKind::kClearIfsDirty, "pos", "pos"));
  EXPECT_TRUE(same_state(before, s));
}

// =============================== redirty ====================================

// folio_redirty_for_writepage before 6.6: PG_dirty again. There are no
// per-block dirty bits; the ghost bits say which blocks still hold data not
// yet handed to I/O: the uptodate blocks from the failing pos (1024) on. fsb 0
// (before pos, already in the ioend) stays clear, fsb 1-2 (uptodate) become
// dirty, fsb 3 (not uptodate: nothing cached to write) stays clear.
TEST(PrimitiveRedirty, Pre66SetsPgDirtyAndGhostBitsOfUptodateBlocksFromPos) {
  Context c = one_task(fsync_op());
  State s = fresh();
  cached_folio(s, c, 0, /*dirty=*/false, /*ver=*/1);
  s.folio[0].uptodate = 0;
  s.block[3] = BlockState{};
  Env e;
  e.pos = 1024;
  run_primitive(s, c, site(0, 0, e), prim(PrimitiveKind::kRedirty));
  EXPECT_EQ(s.folio[0].dirty, 1);
  EXPECT_EQ(s.block[0].dirty, 0);
  EXPECT_EQ(s.block[1].dirty, 1);
  EXPECT_EQ(s.block[2].dirty, 1);
  EXPECT_EQ(s.block[3].dirty, 0);
  EXPECT_EQ(s.block[4].dirty, 0);  // next folio
}

// From 6.6 folio_redirty_for_writepage -> filemap_dirty_folio sets PG_dirty
// and the xarray tag only; it does not go through ->dirty_folio
// (iomap_dirty_folio), so the ifs dirty bits are left exactly as they were.
TEST(PrimitiveRedirty, PerBlockDirtyLeavesTheBitsUntouched) {
  Policy p;
  p.features.per_block_dirty = true;
  Context c = one_task(fsync_op(), p);
  State s = fresh();
  cached_folio(s, c, 0, /*dirty=*/false, /*ver=*/1);
  s.block[1].dirty = 1;
  Env e;
  e.pos = 0;
  run_primitive(s, c, site(0, 0, e), prim(PrimitiveKind::kRedirty));
  EXPECT_EQ(s.folio[0].dirty, 1);
  EXPECT_EQ(s.block[0].dirty, 0);
  EXPECT_EQ(s.block[1].dirty, 1);
  EXPECT_EQ(s.block[2].dirty, 0);
  EXPECT_EQ(s.block[3].dirty, 0);
}

}  // namespace
}  // namespace wbcheck::model::steps_test
