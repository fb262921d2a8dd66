// The extent-map functions of model/extent_map.h on hand-built states:
// 1 KiB blocks, 4 KiB folios, 8 blocks (fsb 0-3 = folio 0, fsb 4-7 = folio 1).
// Every expected value is worked out from the kernel function named in the
// test (fs/xfs/xfs_bmap_util.c, fs/xfs/libxfs/xfs_iext_tree.c,
// fs/xfs/libxfs/xfs_bmap.c, fs/xfs/xfs_iomap.c; v6.2) and kernel-notes §1, §3, §5.
//
// The model does not account the indirect-block part of a delalloc
// reservation (indlen, xfs_bmap_worst_indlen): a reservation of n blocks moves
// exactly n blocks between fdblocks and i_delayed_blks/m_delalloc_blks. The
// counter expectations below use that abstraction (indlen == 0).
#include "model/extent_map.h"

#include <ostream>
#include <vector>

#include "gtest/gtest.h"
#include "model/errno.h"
#include "model/phase_names.h"
#include "model/context.h"
#include "model/state.h"
#include "model/task_flow.h"

namespace wbcheck::model {

// gtest printers (internal linkage, found by ADL) so that failures name
// extent kinds, errnos and phases instead of dumping bytes.
[[maybe_unused]] static void PrintTo(ExtentKind k, std::ostream* os) {
  static const char* const kNames[] = {"hole", "delalloc", "unwritten", "written"};
  *os << kNames[static_cast<int>(k) & 3];
}
[[maybe_unused]] static void PrintTo(Errno e, std::ostream* os) { *os << errno_name(e); }
[[maybe_unused]] static void PrintTo(Phase p, std::ostream* os) { *os << phase_name(p); }

namespace {

using K = ExtentKind;

// One scenario task with a buffered write, so the context has actors
// {task 0, teardown}: two cached-mapping bits for if_seq bumps to clear.
Context make_ctx() {
  Scenario sc;
  sc.name = "extent-map-unit";
  sc.tasks = {TaskProgram{"A", {Op{OpKind::kWrite, 0, 4096, false}}}};
  absl::StatusOr<Context> c = make_context(std::move(sc), Policy{});
  EXPECT_TRUE(c.ok()) << c.status();
  return *std::move(c);
}

// A state with fdblocks free and both actors holding a valid cached mapping.
State fresh(uint16_t fdblocks) {
  State s{};
  s.fdblocks = fdblocks;
  s.task[0].map_valid = 1;
  s.task[1].map_valid = 1;
  return s;
}

// Marks [b, e) delalloc and moves the reservation out of fdblocks by hand,
// as xfs_bmapi_reserve_delalloc would have (indlen == 0, see the header).
void reserved(State& s, int b, int e) {
  for (int i = b; i < e; ++i) set_extent(s, i, K::kDelalloc);
  s.i_delayed_blks = static_cast<uint8_t>(s.i_delayed_blks + (e - b));
  s.m_delalloc_blks = static_cast<uint8_t>(s.m_delalloc_blks + (e - b));
  s.fdblocks = static_cast<uint16_t>(s.fdblocks - (e - b));
}

std::vector<K> extents(const State& s, const Context& c) {
  std::vector<K> v;
  for (int b = 0; b < c.nblocks; ++b) v.push_back(extent_at(s, b));
  return v;
}

bool all_maps_invalid(const State& s, const Context& c) {
  for (int t = 0; t < c.actors(); ++t) {
    if (s.task[t].map_valid) return false;
  }
  return true;
}

bool all_maps_valid(const State& s, const Context& c) {
  for (int t = 0; t < c.actors(); ++t) {
    if (!s.task[t].map_valid) return false;
  }
  return true;
}

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
  folio_lock(s, 0, 0);
  xfs_bmap_punch_delalloc_range(s, c, 0, 0, 0);
  EXPECT_EQ(extents(s, c), std::vector<K>(8, K::kHole));  // fsb 0-4 gone, 5-7 were holes
  // xfs_bmap_del_extent_delay per block: i_delayed_blks and m_delalloc_blks
  // drop by 5 (5 -> 0), xfs_add_fdblocks gives 5 back (59 -> 64).
  EXPECT_EQ(s.i_delayed_blks, 0);
  EXPECT_EQ(s.m_delalloc_blks, 0);
  EXPECT_EQ(s.fdblocks, 64);
  // fsb 4 is in folio 1, locked by nobody: the punch left the caller's folio.
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
  folio_lock(s, 0, 1);  // the teardown actor (task 1) holds folio 0
  xfs_bmap_punch_delalloc_range(s, c, 0, 0, 4096);
  EXPECT_EQ(s.discard_escaped, 1);
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
}  // namespace wbcheck::model
