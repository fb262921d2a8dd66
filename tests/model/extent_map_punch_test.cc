// xfs_bmap_punch_delalloc_range as model/extent_map.h models it: the 6.2
// end_fsb == 0 wrap that widens the punch to the last extent and escapes the
// locked folio (kernel-notes §1), punches confined to a folio, the end narrowed
// when it falls in a hole, real extents left in place, empty maps, byte ranges
// rounded out to blocks, and when if_seq is bumped. Geometry, the indlen
// abstraction and fixtures are in extent_map_fixtures.h.
#include "model/extent_map.h"

#include <vector>

#include "extent_map_fixtures.h"
#include "gtest/gtest.h"
#include "model/task_flow.h"

namespace wbcheck::model::extent_map_test {
namespace {

// ---- xfs_bmap_punch_delalloc_range -------------------------------------------

// Case (a), the 6.2 bug (kernel-notes §1): xfs_discard_folio(folio 0, pos 0)
// punches [0, round_up(0, 4096)) = [0, 0). XFS_B_TO_FSB(0) = 0, so end_fsb = 0
// and end_fsb - 1 wraps to ~0. xfs_iext_lookup_extent finds nothing at or
// after ~0, xfs_iext_prev_extent steps to the last extent, the delalloc
// [0, 5), and end_fsb widens to 0 + 5 = 5. The walk then deletes fsb 0-4,
// including fsb 4 of folio 1, whose lock the caller does not hold.
TEST(PunchDelalloc, EndOfZeroWidensToTheLastExtentAndEscapesTheFolio) {
  Context c = make_ctx();
  State s = fresh(64);
  reserved(s, 0, 5);  // fdblocks 64 - 5 = 59
  s.folio[0].present = s.folio[1].present = 1;  // both folios cached, as after the write
  folio_lock(s, 0, 0);
  xfs_bmap_punch_delalloc_range(s, c, 0, 0, 0);
  EXPECT_EQ(extents(s, c), std::vector<K>(8, K::kHole));  // fsb 0-4 gone, 5-7 were holes
  // xfs_bmap_del_extent_delay per block: i_delayed_blks and m_delalloc_blks
  // drop by 5 (5 -> 0), xfs_add_fdblocks gives 5 back (59 -> 64).
  EXPECT_EQ(s.i_delayed_blks, 0);
  EXPECT_EQ(s.m_delalloc_blks, 0);
  EXPECT_EQ(s.fdblocks, 64);
  // fsb 4 is in folio 1, cached and locked by nobody: the punch left the caller's folio.
  EXPECT_EQ(s.discard_escaped, 1);
  // xfs_iext_update_extent -> xfs_iext_inc_seq: every cached map is stale.
  EXPECT_TRUE(all_maps_invalid(s, c));
}

// Same widening, but the caller holds both folios that the punch reaches
// (fsb 0-3 in folio 0, fsb 4 in folio 1): nothing is removed behind an
// unlocked folio, so nothing escapes.
TEST(PunchDelalloc, WideningInsideHeldFoliosDoesNotEscape) {
  Context c = make_ctx();
  State s = fresh(64);
  reserved(s, 0, 5);
  folio_lock(s, 0, 0);
  folio_lock(s, 1, 0);
  xfs_bmap_punch_delalloc_range(s, c, 0, 0, 0);
  EXPECT_EQ(extents(s, c), std::vector<K>(8, K::kHole));
  EXPECT_EQ(s.discard_escaped, 0);
}

// A punch behind a folio locked by another task is an escape too: the lock
// must be held by the punching task (locked_by == task + 1).
TEST(PunchDelalloc, FolioLockedByAnotherTaskCountsAsEscape) {
  Context c = make_ctx();
  State s = fresh(64);
  reserved(s, 0, 4);
  s.folio[0].present = 1;
  folio_lock(s, 0, 1);  // the teardown actor (task 1) holds folio 0
  xfs_bmap_punch_delalloc_range(s, c, 0, 0, 4096);
  EXPECT_EQ(s.discard_escaped, 1);
}

// Delalloc behind a block with no cached folio (xfs_inactive's punch after
// the page cache is gone) is behind no folio anyone could hold: no escape.
TEST(PunchDelalloc, UncachedBlocksAreNoEscape) {
  Context c = make_ctx();
  State s = fresh(64);
  reserved(s, 0, 4);
  xfs_bmap_punch_delalloc_range(s, c, 0, 0, 4096);
  EXPECT_EQ(extents(s, c), std::vector<K>(8, K::kHole));
  EXPECT_EQ(s.discard_escaped, 0);
}

// Case (b), 6.3 (8ac5b996bf51): the punch is [pos, folio_pos + folio_size) =
// [0, 4096): start_fsb 0, end_fsb = XFS_B_TO_FSB(4096) = 4, end - 1 = fsb 3
// holds the delalloc extent, so no widening; trimming [0, 5) to [0, 4)
// deletes fsb 0-3 and leaves fsb 4.
TEST(PunchDelalloc, FolioRangeRemovesOnlyTheFolioBlocks) {
  Context c = make_ctx();
  State s = fresh(64);
  reserved(s, 0, 5);  // fdblocks 59
  folio_lock(s, 0, 0);
  xfs_bmap_punch_delalloc_range(s, c, 0, 0, 4096);
  EXPECT_EQ(extents(s, c),
            (std::vector<K>{K::kHole, K::kHole, K::kHole, K::kHole, K::kDelalloc, K::kHole, K::kHole, K::kHole}));
  EXPECT_EQ(s.i_delayed_blks, 1);   // 5 - 4
  EXPECT_EQ(s.m_delalloc_blks, 1);  // 5 - 4
  EXPECT_EQ(s.fdblocks, 63);        // 59 + 4
  EXPECT_EQ(s.discard_escaped, 0);  // fsb 0-3 are all in the locked folio 0
  EXPECT_TRUE(all_maps_invalid(s, c));
}

// Case (c), 6.2 with pos == 4096 (a failure on folio 1's first block):
// round_up(4096, 4096) = 4096, so the range is [4096, 4096): start_fsb 4,
// end_fsb 4, end - 1 = fsb 3 lies in the delalloc [0, 5), so the lookup
// succeeds without widening. Trimming [0, 5) to [4, 4) is empty: nothing is
// deleted, the extent list is unchanged and if_seq is not bumped.
TEST(PunchDelalloc, FolioAlignedNonZeroPosPunchesNothing) {
  Context c = make_ctx();
  State s = fresh(64);
  reserved(s, 0, 5);
  folio_lock(s, 1, 0);
  xfs_bmap_punch_delalloc_range(s, c, 0, 4096, 4096);
  EXPECT_EQ(extents(s, c), (std::vector<K>{K::kDelalloc, K::kDelalloc, K::kDelalloc, K::kDelalloc,
                                           K::kDelalloc, K::kHole, K::kHole, K::kHole}));
  EXPECT_EQ(s.i_delayed_blks, 5);
  EXPECT_EQ(s.m_delalloc_blks, 5);
  EXPECT_EQ(s.fdblocks, 59);
  EXPECT_EQ(s.discard_escaped, 0);
  EXPECT_TRUE(all_maps_valid(s, c));
}

// Case (d1): end - 1 in a hole with an earlier extent. Delalloc at fsb 0-3,
// punch [2048, 6144): start_fsb 2, end_fsb 6, fsb 5 is a hole and the next
// extent after it does not exist, so xfs_iext_prev_extent gives [0, 4) and
// end_fsb narrows to 4. The walk trims [0, 4) to [2, 4): fsb 2-3 go, fsb 0-1
// (before start) stay.
TEST(PunchDelalloc, EndInHoleNarrowsToPreviousExtentEnd) {
  Context c = make_ctx();
  State s = fresh(64);
  reserved(s, 0, 4);  // fdblocks 60
  folio_lock(s, 0, 0);
  folio_lock(s, 1, 0);
  xfs_bmap_punch_delalloc_range(s, c, 0, 2048, 6144);
  EXPECT_EQ(extents(s, c),
            (std::vector<K>{K::kDelalloc, K::kDelalloc, K::kHole, K::kHole, K::kHole, K::kHole, K::kHole, K::kHole}));
  EXPECT_EQ(s.i_delayed_blks, 2);
  EXPECT_EQ(s.fdblocks, 62);
}

// Case (d2): the narrowed end falls before start. Delalloc at fsb 0-1, punch
// [3072, 6144): start_fsb 3, end_fsb 6, fsb 5 is a hole, the previous extent
// is [0, 2), end_fsb narrows to 2. The walk's condition
// got.br_startoff + got.br_blockcount (2) > start_fsb (3) is false at once:
// nothing is deleted and if_seq is not bumped.
TEST(PunchDelalloc, NarrowedEndBeforeStartPunchesNothing) {
  Context c = make_ctx();
  State s = fresh(64);
  reserved(s, 0, 2);
  xfs_bmap_punch_delalloc_range(s, c, 0, 3072, 6144);
  EXPECT_EQ(extent_at(s, 0), K::kDelalloc);
  EXPECT_EQ(extent_at(s, 1), K::kDelalloc);
  EXPECT_EQ(s.i_delayed_blks, 2);
  EXPECT_EQ(s.discard_escaped, 0);
  EXPECT_TRUE(all_maps_valid(s, c));
}

// Case (d3): end - 1 in a hole *between* extents. Delalloc at fsb 1, written
// at fsb 6; punch [0, 4096): end_fsb 4, fsb 3 is a hole, xfs_iext_lookup_extent
// lands on the next extent (fsb 6), which starts after end - 1, so the lookup
// steps back to the previous extent [1, 2): end_fsb = 2. fsb 1 is deleted; the
// written fsb 6 is untouched.
TEST(PunchDelalloc, EndInHoleBetweenExtentsUsesThePreviousOne) {
  Context c = make_ctx();
  State s = fresh(64);
  reserved(s, 1, 2);
  set_extent(s, 6, K::kWritten);
  folio_lock(s, 0, 0);
  xfs_bmap_punch_delalloc_range(s, c, 0, 0, 4096);
  EXPECT_EQ(extent_at(s, 1), K::kHole);
  EXPECT_EQ(extent_at(s, 6), K::kWritten);
  EXPECT_EQ(s.i_delayed_blks, 0);
  EXPECT_EQ(s.fdblocks, 64);
  EXPECT_EQ(s.discard_escaped, 0);
}

// The 6.2 wrap with a real extent last: delalloc at fsb 0-1, written at fsb 6.
// end 0 wraps, the last extent is the written [6, 7), end_fsb widens to 7. The
// walk deletes delalloc in [0, 7): fsb 0-1; the written block stays.
TEST(PunchDelalloc, EndOfZeroWidensToALastRealExtent) {
  Context c = make_ctx();
  State s = fresh(64);
  reserved(s, 0, 2);
  set_extent(s, 6, K::kWritten);
  folio_lock(s, 0, 0);
  xfs_bmap_punch_delalloc_range(s, c, 0, 0, 0);
  EXPECT_EQ(extent_at(s, 0), K::kHole);
  EXPECT_EQ(extent_at(s, 1), K::kHole);
  EXPECT_EQ(extent_at(s, 6), K::kWritten);
  EXPECT_EQ(s.i_delayed_blks, 0);
  EXPECT_EQ(s.discard_escaped, 0);  // fsb 0-1 are in the locked folio 0
}

// Case (e): only delalloc is deleted ("skip non-delalloc": the walk steps over
// extents that are not isnullstartblock). fsb 0 written, 1 delalloc, 2
// unwritten, 3 delalloc; punch [0, 4096) deletes fsb 1 and 3 only.
TEST(PunchDelalloc, RealExtentsInRangeStay) {
  Context c = make_ctx();
  State s = fresh(64);
  set_extent(s, 0, K::kWritten);
  reserved(s, 1, 2);
  set_extent(s, 2, K::kUnwritten);
  reserved(s, 3, 4);  // i_delayed_blks 2, fdblocks 62
  folio_lock(s, 0, 0);
  xfs_bmap_punch_delalloc_range(s, c, 0, 0, 4096);
  EXPECT_EQ(extents(s, c),
            (std::vector<K>{K::kWritten, K::kHole, K::kUnwritten, K::kHole, K::kHole, K::kHole, K::kHole, K::kHole}));
  EXPECT_EQ(s.i_delayed_blks, 0);
  EXPECT_EQ(s.m_delalloc_blks, 0);
  EXPECT_EQ(s.fdblocks, 64);
}

// A range holding only real extents deletes nothing, so no extent record
// changes and if_seq stays.
TEST(PunchDelalloc, OnlyRealExtentsNoSeqBump) {
  Context c = make_ctx();
  State s = fresh(64);
  for (int b = 0; b < 4; ++b) set_extent(s, b, K::kUnwritten);
  xfs_bmap_punch_delalloc_range(s, c, 0, 0, 4096);
  for (int b = 0; b < 4; ++b) EXPECT_EQ(extent_at(s, b), K::kUnwritten);
  EXPECT_TRUE(all_maps_valid(s, c));
}

// Case (f): no extent at all. For [0, 0) the wrapped lookup finds nothing and
// xfs_iext_prev_extent has no extent either: the function returns before the
// walk. Nothing changes, if_seq included.
TEST(PunchDelalloc, EmptyMapEndOfZeroDoesNothing) {
  Context c = make_ctx();
  State s = fresh(64);
  State before = s;
  xfs_bmap_punch_delalloc_range(s, c, 0, 0, 0);
  EXPECT_EQ(extents(s, c), std::vector<K>(8, K::kHole));
  EXPECT_EQ(s.fdblocks, before.fdblocks);
  EXPECT_EQ(s.i_delayed_blks, 0);
  EXPECT_EQ(s.discard_escaped, 0);
  EXPECT_TRUE(all_maps_valid(s, c));
}

// Case (f) for a whole-file range [0, 8192): end - 1 = fsb 7 is a hole with no
// extent before it, so the lookup fails and nothing happens.
TEST(PunchDelalloc, EmptyMapWholeRangeDoesNothing) {
  Context c = make_ctx();
  State s = fresh(64);
  xfs_bmap_punch_delalloc_range(s, c, 0, 0, 8192);
  EXPECT_EQ(extents(s, c), std::vector<K>(8, K::kHole));
  EXPECT_EQ(s.fdblocks, 64);
  EXPECT_TRUE(all_maps_valid(s, c));
}

// XFS_B_TO_FSBT rounds the start down and XFS_B_TO_FSB rounds the end up: a
// byte range [1500, 2100) covers fsb 1 (1024-2047) and fsb 2 (2048-3071).
TEST(PunchDelalloc, ByteRangeRoundsOutToBlocks) {
  Context c = make_ctx();
  State s = fresh(64);
  reserved(s, 0, 4);
  folio_lock(s, 0, 0);
  xfs_bmap_punch_delalloc_range(s, c, 0, 1500, 2100);
  EXPECT_EQ(extents(s, c), (std::vector<K>{K::kDelalloc, K::kHole, K::kHole, K::kDelalloc, K::kHole, K::kHole,
                                           K::kHole, K::kHole}));
  EXPECT_EQ(s.i_delayed_blks, 2);
}

}  // namespace
}  // namespace wbcheck::model::extent_map_test
