// The failure branch of iomap_writepage_map (model/paths/discard.cc): the
// policy's on_map_failure hook after ->map_blocks failed. linux-6.2's
// xfs_discard_folio over-punch into the next folio, linux-6.3's punch that
// stays inside the folio, count > 0 starting writeback, `when` guards, the
// hook's variables and which error of the pass is kept. Geometry and fixtures
// are in step_fixtures.h.
#include "model/steps.h"

#include "gtest/gtest.h"
#include "model/errseq.h"
#include "model/extent_map.h"
#include "model/task_flow.h"
#include "step_fixtures.h"

namespace wbcheck::model::steps_test {
namespace {

// ========================= on_map_failure hook ==============================

// linux-6.2, failure at pos 0 of folio 0 (count 0), delalloc fsb 0-4, folio 1
// dirty and still to be written. Step 1, xfs_discard_folio: punch [0, 0),
// widened to fsb 5 (kernel-notes §1): fsb 0-4 go, fsb 4 behind the unlocked
// folio 1 (discard_escaped). Step 2, mapping_set_error(-EFSCORRUPTED): errseq
// holds it, AS_EIO (not ENOSPC). Then count == 0: folio_unlock, no writeback,
// PG_dirty stays clear, uptodate stays (e9c3a8e820ed); on to folio 1.
TEST(MapFailureHook, Linux62AtPosZeroOverPunchesIntoNextFolio) {
  Context c = one_task(fsync_op(), linux_6_2(), alloc_fault(FaultMode::kAlways));
  State s = at_convert(c, 0, 0);
  reserved(s, 0, 5);  // fdblocks 59
  cached_folio(s, c, 1, /*dirty=*/true);
  s.task[0].wb_todo = 0b10;
  xfs_bmapi_convert_delalloc(s, c, 0, 0);
  ASSERT_EQ(phase(s, 0), Phase::kWbHook);
  run_map_failure_hook(s, c, 0, 0);  // punch
  for (int b = 0; b < 8; ++b) EXPECT_EQ(extent_at(s, b), K::kHole) << b;
  EXPECT_EQ(s.i_delayed_blks, 0);
  EXPECT_EQ(s.fdblocks, 64);
  EXPECT_EQ(s.discard_escaped, 1);
  EXPECT_EQ(s.folio[1].dirty, 1);  // still dirty, now with nothing behind fsb 4
  EXPECT_EQ(phase(s, 0), Phase::kWbHook);
  EXPECT_EQ(s.task[0].wb_hook, 1);
  // count == 0: `folio_unlock(folio); goto done;` releases the folio before
  // `done: mapping_set_error()` records the error (iomap_writepage_map, 6.2):
  // the folio is clean, uptodate and unlocked, with no error recorded yet.
  EXPECT_EQ(s.folio[0].locked_by, 0);
  EXPECT_EQ(s.folio[0].writeback, 0);
  EXPECT_EQ(s.folio[0].dirty, 0);
  EXPECT_EQ(s.folio[0].uptodate, 1);
  EXPECT_EQ(s.wb_err, 0);
  run_map_failure_hook(s, c, 0, 0);  // mapping_set_error
  EXPECT_EQ(errseq_errno(s.wb_err), Errno::kEFSCORRUPTED);
  EXPECT_EQ(s.as_eio, 1);
  EXPECT_EQ(s.as_enospc, 0);
  EXPECT_EQ(s.task[0].wb_hook, 0);
  EXPECT_EQ(s.task[0].folio, 1);
  EXPECT_EQ(phase(s, 0), Phase::kWbLock);
}

// linux-6.3, same failure: punch [0, 0 + 4096) removes fsb 0-3 only; fsb 4
// keeps its delalloc (i_delayed_blks 5 -> 1, fdblocks 59 -> 63), no escape.
TEST(MapFailureHook, Linux63PunchStaysInsideTheFolio) {
  Context c = one_task(fsync_op(), linux_6_3(), alloc_fault(FaultMode::kAlways));
  State s = at_convert(c, 0, 0);
  reserved(s, 0, 5);
  xfs_bmapi_convert_delalloc(s, c, 0, 0);
  run_map_failure_hook(s, c, 0, 0);
  for (int b = 0; b < 4; ++b) EXPECT_EQ(extent_at(s, b), K::kHole) << b;
  EXPECT_EQ(extent_at(s, 4), K::kDelalloc);
  EXPECT_EQ(s.i_delayed_blks, 1);
  EXPECT_EQ(s.fdblocks, 63);
  EXPECT_EQ(s.discard_escaped, 0);
}

// linux-6.2 on folio 1 at its first block (pos 4096): [4096, 4096) punches
// nothing (extent_map_test case c); fsb 4 keeps its delalloc behind a folio
// that is now clean.
TEST(MapFailureHook, Linux62AtFolioAlignedPosPunchesNothing) {
  Context c = one_task(fsync_op(), linux_6_2(), alloc_fault(FaultMode::kAlways));
  State s = at_convert(c, 1, 4);
  reserved(s, 0, 5);
  xfs_bmapi_convert_delalloc(s, c, 0, 0);
  run_map_failure_hook(s, c, 0, 0);
  EXPECT_EQ(extent_at(s, 4), K::kDelalloc);
  EXPECT_EQ(s.i_delayed_blks, 5);
  run_map_failure_hook(s, c, 0, 0);
  EXPECT_EQ(s.folio[1].dirty, 0);
  EXPECT_EQ(s.folio[1].locked_by, 0);
}

// linux-6.2 with count > 0: fsb 0-1 (unwritten) were added to the ioend, the
// conversion of fsb 2 fails. Punch [2048, round_up(2048, 4096) = 4096):
// fsb 2-3. Then, count != 0: folio_start_writeback and unlock; the ioend is
// still to be submitted (with the error).
TEST(MapFailureHook, CountPositiveSetsWriteback) {
  Context c = one_task(fsync_op(), linux_6_2(), alloc_fault(FaultMode::kAlways));
  State s = at_convert(c, 0, 0);
  set_phase(s.task[0], Phase::kWbMap);
  set_extent(s, 0, K::kUnwritten);
  set_extent(s, 1, K::kUnwritten);
  reserved(s, 2, 4);  // fdblocks 62
  xfs_map_blocks(s, c, 0, 0);  // fsb 0
  xfs_map_blocks(s, c, 0, 0);  // fsb 1
  xfs_map_blocks(s, c, 0, 0);  // fsb 2: delalloc
  ASSERT_EQ(phase(s, 0), Phase::kWbConvert);
  xfs_bmapi_convert_delalloc(s, c, 0, 0);
  EXPECT_EQ(s.task[0].wb_count, 2);
  run_map_failure_hook(s, c, 0, 0);
  EXPECT_EQ(extent_at(s, 2), K::kHole);
  EXPECT_EQ(extent_at(s, 3), K::kHole);
  EXPECT_EQ(extent_at(s, 0), K::kUnwritten);
  EXPECT_EQ(s.fdblocks, 64);
  run_map_failure_hook(s, c, 0, 0);
  EXPECT_EQ(s.folio[0].writeback, 1);
  EXPECT_EQ(s.folio[0].locked_by, 0);
  EXPECT_EQ(s.task[0].ioend, 0b11);
  EXPECT_EQ(phase(s, 0), Phase::kWbSubmit);
}

// A `when` guard is evaluated with the hook's values: clear_uptodate only
// when count == 0 (the ≤5.18 policy). With count 2 nothing applies, so the
// failure path finishes the folio at once (writeback set, uptodate kept).
TEST(MapFailureHook, WhenGuardFalseSkipsThePrimitive) {
  Policy p;
  p.hooks[static_cast<int>(Hook::kOnMapFailure)] = {
      Primitive{PrimitiveKind::kClearUptodate, std::nullopt, std::nullopt, expr("count == 0")}};
  Context c = one_task(fsync_op(), p);
  State s = at_convert(c, 0, 2);
  add_to_ioend(s, 0, 0);
  add_to_ioend(s, 0, 1);
  writepage_map_failed(s, c, 0, Errno::kEIO);
  EXPECT_EQ(s.folio[0].uptodate, 1);
  EXPECT_EQ(s.folio[0].writeback, 1);
  EXPECT_EQ(phase(s, 0), Phase::kWbSubmit);
}

// The same guard with count 0: folio_clear_uptodate clears PG_uptodate and
// every block's uptodate bit, then the folio is unlocked without writeback.
TEST(MapFailureHook, WhenGuardTrueRunsThePrimitive) {
  Policy p;
  p.hooks[static_cast<int>(Hook::kOnMapFailure)] = {
      Primitive{PrimitiveKind::kClearUptodate, std::nullopt, std::nullopt, expr("count == 0")}};
  Context c = one_task(fsync_op(), p);
  State s = at_convert(c, 0, 0);
  writepage_map_failed(s, c, 0, Errno::kEFSCORRUPTED);  // not EIO: the wait is not skipped
  ASSERT_EQ(phase(s, 0), Phase::kWbHook);
  run_map_failure_hook(s, c, 0, 0);
  EXPECT_EQ(s.folio[0].uptodate, 0);
  for (int b = 0; b < 4; ++b) EXPECT_EQ(s.block[b].uptodate, 0) << b;
  EXPECT_EQ(s.folio[0].locked_by, 0);
  EXPECT_EQ(s.folio[0].writeback, 0);
  EXPECT_EQ(phase(s, 0), Phase::kWbWait);
}

// The hook's variables are bound to the failing block: folio 1, fsb 4
// (unwritten) added to the ioend (count 1), the conversion of fsb 5 fails, so
// pos = 5 * 1024 = 5120, folio_pos = 4096, folio_size = 4096, block_size =
// 1024. Primitive 1 punches [pos, pos + block_size) = fsb 5 only; primitive 2
// punches the folio's last block [4096 + 4096 - 1024, 8192) = fsb 7, guarded
// by count == 1. fsb 6 keeps its delalloc.
TEST(MapFailureHook, VariablesAreThoseOfTheFailingBlock) {
  Policy p;
  p.hooks[static_cast<int>(Hook::kOnMapFailure)] = {
      punch("pos", "pos + block_size"),
      Primitive{PrimitiveKind::kPunchDelalloc, expr("folio_pos + folio_size - block_size"),
                expr("folio_pos + folio_size"), expr("count == 1")}};
  Context c = one_task(fsync_op(), p, alloc_fault(FaultMode::kAlways));
  State s = at_convert(c, 1, 4);
  set_phase(s.task[0], Phase::kWbMap);
  set_extent(s, 4, K::kUnwritten);
  reserved(s, 5, 8);
  xfs_map_blocks(s, c, 0, 0);  // fsb 4: into the ioend
  xfs_map_blocks(s, c, 0, 0);  // fsb 5: delalloc
  xfs_bmapi_convert_delalloc(s, c, 0, 0);
  ASSERT_EQ(phase(s, 0), Phase::kWbHook);
  run_map_failure_hook(s, c, 0, 0);
  EXPECT_EQ(extent_at(s, 5), K::kHole);
  EXPECT_EQ(extent_at(s, 6), K::kDelalloc);
  EXPECT_EQ(extent_at(s, 7), K::kDelalloc);
  run_map_failure_hook(s, c, 0, 0);
  EXPECT_EQ(extent_at(s, 6), K::kDelalloc);
  EXPECT_EQ(extent_at(s, 7), K::kHole);
  EXPECT_EQ(extent_at(s, 4), K::kUnwritten);
  EXPECT_EQ(s.folio[1].writeback, 1);  // count 1
}

// WB_SYNC_ALL keeps going after an error and returns the first one.
TEST(MapFailureHook, FirstErrorOfThePassIsKept) {
  Context c = one_task(fsync_op(), Policy{});
  State s = at_convert(c, 0, 0);
  s.task[0].wb_err = static_cast<uint8_t>(Errno::kEAGAIN);
  writepage_map_failed(s, c, 0, Errno::kEFSCORRUPTED);
  EXPECT_EQ(err_of(s.task[0].wb_err), Errno::kEAGAIN);
}

}  // namespace
}  // namespace wbcheck::model::steps_test
