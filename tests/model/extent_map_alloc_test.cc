// The allocation side of model/extent_map.h: xfs_bmapi_reserve_delalloc's
// reservation and ENOSPC, the allocation inside xfs_bmapi_convert_delalloc
// (convert_delalloc_extent), xfs_iomap_write_direct, xfs_iomap_write_unwritten
// and the extent-run helpers. Geometry, the indlen abstraction and fixtures are
// in extent_map_fixtures.h.
#include "model/extent_map.h"

#include <vector>

#include "extent_map_fixtures.h"
#include "gtest/gtest.h"

namespace wbcheck::model::extent_map_test {
namespace {

// ---- xfs_bmapi_reserve_delalloc ----------------------------------------------

// xfs_mod_fdblocks(mp, -alen) fails with -ENOSPC when fewer than alen blocks
// are free: 3 free, 4 wanted. Nothing is reserved and no extent is inserted,
// so if_seq does not move.
TEST(ReserveDelalloc, EnospcWhenFdblocksTooSmall) {
  Context c = make_ctx();
  State s = fresh(3);
  EXPECT_FALSE(xfs_bmapi_reserve_delalloc(s, c, 0, 4));
  EXPECT_EQ(extents(s, c), std::vector<K>(8, K::kHole));
  EXPECT_EQ(s.fdblocks, 3);
  EXPECT_EQ(s.i_delayed_blks, 0);
  EXPECT_EQ(s.m_delalloc_blks, 0);
  EXPECT_TRUE(all_maps_valid(s, c));
}

// Exactly enough: 4 free, 4 wanted. fdblocks 4 -> 0, i_delayed_blks += alen,
// xfs_mod_delalloc(+alen); xfs_bmap_add_extent_hole_delay inserts the extent
// and bumps if_seq.
TEST(ReserveDelalloc, ReservesAndCounts) {
  Context c = make_ctx();
  State s = fresh(4);
  EXPECT_TRUE(xfs_bmapi_reserve_delalloc(s, c, 2, 4));
  EXPECT_EQ(extents(s, c), (std::vector<K>{K::kHole, K::kHole, K::kDelalloc, K::kDelalloc, K::kDelalloc,
                                           K::kDelalloc, K::kHole, K::kHole}));
  EXPECT_EQ(s.fdblocks, 0);
  EXPECT_EQ(s.i_delayed_blks, 4);
  EXPECT_EQ(s.m_delalloc_blks, 4);
  EXPECT_TRUE(all_maps_invalid(s, c));
}

// Reservations add up: 2 then 3 blocks from 10 free leaves 5, 5 delayed.
TEST(ReserveDelalloc, ReservationsAccumulate) {
  Context c = make_ctx();
  State s = fresh(10);
  ASSERT_TRUE(xfs_bmapi_reserve_delalloc(s, c, 0, 2));
  ASSERT_TRUE(xfs_bmapi_reserve_delalloc(s, c, 4, 3));
  EXPECT_EQ(s.fdblocks, 5);
  EXPECT_EQ(s.i_delayed_blks, 5);
  EXPECT_EQ(s.m_delalloc_blks, 5);
}

// ---- convert_delalloc_extent (xfs_bmapi_convert_delalloc's allocation) ----

// bma.offset = got.br_startoff and the length is the whole delalloc extent:
// asking for fsb 2 of the delalloc [0, 5) allocates all of fsb 0-4, unwritten
// (XFS_BMAPI_PREALLOC). The allocation uses the reservation: i_delayed_blks
// and m_delalloc_blks drop by 5 (xfs_bmap_btalloc_accounting), and fdblocks
// does not move (the transaction is XFS_TRANS_RESERVE with no new block
// reservation).
TEST(ConvertDelallocExtent, WholeRunConvertedReservationConsumed) {
  Context c = make_ctx();
  State s = fresh(64);
  reserved(s, 0, 5);  // fdblocks 59
  set_extent(s, 6, K::kDelalloc);  // a separate delalloc extent, by hand
  s.i_delayed_blks = 6;
  s.m_delalloc_blks = 6;
  convert_delalloc_extent(s, c, 2);
  EXPECT_EQ(extents(s, c), (std::vector<K>{K::kUnwritten, K::kUnwritten, K::kUnwritten, K::kUnwritten,
                                           K::kUnwritten, K::kHole, K::kDelalloc, K::kHole}));
  EXPECT_EQ(s.i_delayed_blks, 1);  // 6 - 5: fsb 6 is another extent
  EXPECT_EQ(s.m_delalloc_blks, 1);
  EXPECT_EQ(s.fdblocks, 59);
  EXPECT_TRUE(all_maps_invalid(s, c));
}

// The delalloc run ends at a real extent: written fsb 0, delalloc fsb 1-2,
// unwritten fsb 3. Only fsb 1-2 are the delalloc extent.
TEST(ConvertDelallocExtent, RunBoundedByRealExtents) {
  Context c = make_ctx();
  State s = fresh(64);
  set_extent(s, 0, K::kWritten);
  reserved(s, 1, 3);
  set_extent(s, 3, K::kUnwritten);
  convert_delalloc_extent(s, c, 1);
  EXPECT_EQ(extent_at(s, 0), K::kWritten);
  EXPECT_EQ(extent_at(s, 1), K::kUnwritten);
  EXPECT_EQ(extent_at(s, 2), K::kUnwritten);
  EXPECT_EQ(extent_at(s, 3), K::kUnwritten);
  EXPECT_EQ(s.i_delayed_blks, 0);
}

// ---- xfs_iomap_write_direct ----------------------------------------------------

// Holes in [4, 8) are allocated unwritten (XFS_BMAPI_PREALLOC): 4 blocks from
// 10 free leaves 6. No delalloc is involved.
TEST(WriteDirect, HolesBecomeUnwritten) {
  Context c = make_ctx();
  State s = fresh(10);
  EXPECT_TRUE(xfs_iomap_write_direct(s, c, 4, 8));
  for (int b = 0; b < 4; ++b) EXPECT_EQ(extent_at(s, b), K::kHole);
  for (int b = 4; b < 8; ++b) EXPECT_EQ(extent_at(s, b), K::kUnwritten);
  EXPECT_EQ(s.fdblocks, 6);
  EXPECT_TRUE(all_maps_invalid(s, c));
}

// Not enough free blocks for the holes (3 free, 4 holes): the transaction
// reservation fails with -ENOSPC and nothing changes.
TEST(WriteDirect, EnospcLeavesMapUnchanged) {
  Context c = make_ctx();
  State s = fresh(3);
  EXPECT_FALSE(xfs_iomap_write_direct(s, c, 4, 8));
  EXPECT_EQ(extents(s, c), std::vector<K>(8, K::kHole));
  EXPECT_EQ(s.fdblocks, 3);
  EXPECT_TRUE(all_maps_valid(s, c));
}

// Mixed range [4, 8): fsb 4 delalloc (a one-block extent), 5 written, 6-7
// holes. The delalloc block is allocated from its own reservation
// (wasdel: i_delayed_blks 1 -> 0, fdblocks not charged); the written block
// stays written; the two holes cost 2 free blocks (10 -> 8).
TEST(WriteDirect, DelallocUsesItsReservationRealBlocksStay) {
  Context c = make_ctx();
  State s = fresh(11);
  reserved(s, 4, 5);  // fdblocks 10
  set_extent(s, 5, K::kWritten);
  EXPECT_TRUE(xfs_iomap_write_direct(s, c, 4, 8));
  EXPECT_EQ(extent_at(s, 4), K::kUnwritten);
  EXPECT_EQ(extent_at(s, 5), K::kWritten);
  EXPECT_EQ(extent_at(s, 6), K::kUnwritten);
  EXPECT_EQ(extent_at(s, 7), K::kUnwritten);
  EXPECT_EQ(s.i_delayed_blks, 0);
  EXPECT_EQ(s.m_delalloc_blks, 0);
  EXPECT_EQ(s.fdblocks, 8);
}

// xfs_iomap_write_direct -> xfs_bmapi_write ->
// xfs_bmapi_allocate, for a delalloc extent (wasdel), allocates the *whole*
// delalloc extent: "For the wasdelay case, we could also just allocate the
// stuff asked for in this bmap call but that wouldn't be as good",
// bma->offset = got.br_startoff, bma->length = got.br_blockcount
// (fs/xfs/libxfs/xfs_bmap.c). A direct write of [4, 8) over the delalloc
// extent [0, 5) therefore turns fsb 0-4 unwritten and consumes all five
// reserved blocks; fsb 5-7 are holes and cost 3 free blocks.
TEST(WriteDirect, DelallocExtentIsAllocatedWhole) {
  Context c = make_ctx();
  State s = fresh(64);
  reserved(s, 0, 5);  // fdblocks 59
  EXPECT_TRUE(xfs_iomap_write_direct(s, c, 4, 8));
  EXPECT_EQ(extents(s, c), std::vector<K>(8, K::kUnwritten));
  EXPECT_EQ(s.i_delayed_blks, 0);
  EXPECT_EQ(s.m_delalloc_blks, 0);
  EXPECT_EQ(s.fdblocks, 56);  // 59 - 3 holes
}

// ---- xfs_iomap_write_unwritten -----------------------------------------------

// Only unwritten blocks in the mask become written (XFS_BMAPI_CONVERT):
// mask {1, 2, 3}; fsb 1 unwritten, 2 written, 3 delalloc, 4 unwritten but
// outside the mask.
TEST(WriteUnwritten, ConvertsOnlyUnwrittenBlocksInMask) {
  Context c = make_ctx();
  State s = fresh(64);
  set_extent(s, 1, K::kUnwritten);
  set_extent(s, 2, K::kWritten);
  reserved(s, 3, 4);
  set_extent(s, 4, K::kUnwritten);
  xfs_iomap_write_unwritten(s, c, 0b1110);
  EXPECT_EQ(extent_at(s, 1), K::kWritten);
  EXPECT_EQ(extent_at(s, 2), K::kWritten);
  EXPECT_EQ(extent_at(s, 3), K::kDelalloc);
  EXPECT_EQ(extent_at(s, 4), K::kUnwritten);
  EXPECT_TRUE(all_maps_invalid(s, c));
}

// Nothing unwritten under the mask: xfs_bmapi_convert_unwritten returns
// without touching the extent list, so if_seq stays.
TEST(WriteUnwritten, NothingToConvertNoSeqBump) {
  Context c = make_ctx();
  State s = fresh(64);
  set_extent(s, 0, K::kWritten);
  xfs_iomap_write_unwritten(s, c, 0b11);
  EXPECT_EQ(extent_at(s, 0), K::kWritten);
  EXPECT_EQ(extent_at(s, 1), K::kHole);
  EXPECT_TRUE(all_maps_valid(s, c));
}

// ---- run helpers ------------------------------------------------------------------

// A maximal run of one kind is one XFS extent for every use in the model.
TEST(ExtentRuns, RunBoundsAndRealBlockCount) {
  Context c = make_ctx();
  State s = fresh(64);
  set_extent(s, 1, K::kUnwritten);
  set_extent(s, 2, K::kUnwritten);
  set_extent(s, 3, K::kWritten);
  EXPECT_EQ(run_start(s, 2), 1);
  EXPECT_EQ(run_end(s, c, 1), 3);
  EXPECT_EQ(run_start(s, 0), 0);
  EXPECT_EQ(run_end(s, c, 4), 8);  // holes 4-7 run to the end of the range
  EXPECT_EQ(real_blocks(s, c), 3);
}

}  // namespace
}  // namespace wbcheck::model::extent_map_test
