// The primitives that act on the inode and the mapping, each run through
// run_primitive at a hand-built HookSite: the punch
// (xfs_bmap_punch_delalloc_range), xfs_bmap_mark_sick, mapping_set_error, and
// the `when` guards over count, sick and corrupt.
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

// ============================ punch_delalloc ================================

// xfs_discard_folio (6.3+) at pos 1024 of folio 0: punch [pos, folio_pos +
// folio_size) = [1024, 4096). XFS_B_TO_FSBT(1024) = fsb 1, XFS_B_TO_FSB(4096) =
// fsb 4; fsb 3 is delalloc so xfs_iext_lookup_extent_before keeps end_fsb 4.
// fsb 1-3 are deleted by xfs_bmap_del_extent_delay: 3 blocks back
// (i_delayed_blks and m_delalloc_blks 6 -> 3, fdblocks 58 -> 61); fsb 0 (before
// pos) and fsb 4-5 (folio 1) keep their delalloc. Every removed block is in
// folio 0, which task 0 holds: no escape. The extent list changed, so if_seq
// moved and every cached mapping is stale.
TEST(PrimitivePunchDelalloc, PunchesTheHookRangeInsideTheHeldFolio) {
  Context c = one_task(fsync_op());
  State s = fresh(64);
  reserved(s, 0, 6);  // fdblocks 58
  cached_folio(s, c, 0, /*dirty=*/false);
  cached_folio(s, c, 1, /*dirty=*/true);
  folio_lock(s, 0, 0);
  s.task[0].map_valid = 1;
  Env e;
  e.pos = 1024;
  run_primitive(s, c, site(0, 0, e), prim(PrimitiveKind::kPunchDelalloc, "pos", "folio_pos + folio_size"));
  EXPECT_EQ(extent_at(s, 0), K::kDelalloc);
  for (int b = 1; b < 4; ++b) EXPECT_EQ(extent_at(s, b), K::kHole) << b;
  EXPECT_EQ(extent_at(s, 4), K::kDelalloc);
  EXPECT_EQ(extent_at(s, 5), K::kDelalloc);
  EXPECT_EQ(s.i_delayed_blks, 3);
  EXPECT_EQ(s.m_delalloc_blks, 3);
  EXPECT_EQ(s.fdblocks, 61);
  EXPECT_EQ(s.discard_escaped, 0);
  EXPECT_EQ(s.task[0].map_valid, 0);
  // The punch touches neither the folio flags nor the cached data.
  EXPECT_EQ(s.folio[1].dirty, 1);
  EXPECT_EQ(s.block[4].dirty, 1);
  EXPECT_EQ(s.block[1].uptodate, 1);
}

// The 6.2 form at pos 0: [0, round_up(0, 4096)) = [0, 0). end_fsb 0, so
// xfs_iext_lookup_extent_before looks up fsb -1 (wraps), finds nothing and
// falls back to the last extent, fsb 0-5, widening end_fsb to 6
// (kernel-notes §1). All six blocks go (fdblocks back to 64); fsb 4-5 sit
// behind folio 1, cached and not locked by task 0: the discard escaped.
TEST(PrimitivePunchDelalloc, ZeroEndWidensIntoTheUnlockedNeighbour) {
  Context c = one_task(fsync_op());
  State s = fresh(64);
  reserved(s, 0, 6);
  cached_folio(s, c, 0, /*dirty=*/false);
  cached_folio(s, c, 1, /*dirty=*/true);
  folio_lock(s, 0, 0);
  run_primitive(s, c, site(0, 0), prim(PrimitiveKind::kPunchDelalloc, "pos", "round_up(pos, folio_size)"));
  for (int b = 0; b < 8; ++b) EXPECT_EQ(extent_at(s, b), K::kHole) << b;
  EXPECT_EQ(s.i_delayed_blks, 0);
  EXPECT_EQ(s.m_delalloc_blks, 0);
  EXPECT_EQ(s.fdblocks, 64);
  EXPECT_EQ(s.discard_escaped, 1);
}

// The punch needs no folio (at_inactivate runs with the page cache gone,
// folio -1): [0, i_size 5120) = fsb 0-4; fsb 6, past EOF, is not in the
// range. No folio is present, so nothing can escape a folio lock.
TEST(PrimitivePunchDelalloc, RunsWithoutAFolio) {
  Context c = one_task(fsync_op());
  State s = fresh(64);
  reserved(s, 0, 5);
  reserved(s, 6, 7);  // fdblocks 58
  Env e;
  e.i_size = 5120;
  run_primitive(s, c, site(c.teardown(), -1, e, Errno::kOk), prim(PrimitiveKind::kPunchDelalloc, "0", "i_size"));
  for (int b = 0; b < 5; ++b) EXPECT_EQ(extent_at(s, b), K::kHole) << b;
  EXPECT_EQ(extent_at(s, 6), K::kDelalloc);
  EXPECT_EQ(s.i_delayed_blks, 1);
  EXPECT_EQ(s.fdblocks, 63);
  EXPECT_EQ(s.discard_escaped, 0);
}

// ============================== mark_sick ===================================

// xfs_bmap_mark_sick: the inode is unhealthy; nothing else changes. It needs
// no folio (on_convert_missing_extent and at_inactivate may run it).
TEST(PrimitiveMarkSick, SetsSickAndNothingElse) {
  Context c = one_task(fsync_op());
  State s = fresh();
  reserved(s, 0, 2);
  cached_folio(s, c, 0, /*dirty=*/true, /*ver=*/1);
  State expected = s;
  expected.sick = 1;
  run_primitive(s, c, site(0, -1), prim(PrimitiveKind::kMarkSick));
  EXPECT_TRUE(same_state(expected, s));
  EXPECT_EQ(s.sick, 1);
}

// =========================== set_mapping_error ==============================

// mapping_set_error(mapping, -EIO): errseq_set on mapping->wb_err records EIO
// (unseen), AS_EIO is set, AS_ENOSPC is not. From now on every file that
// sampled wb_err earlier will see an error: every block's data counts as
// reported (err_since_write), and an earlier unreported drop is now reported.
TEST(PrimitiveSetMappingError, EioRecordsErrseqAndAsEio) {
  Context c = one_task(fsync_op());
  State s = fresh();
  cached_folio(s, c, 0, /*dirty=*/false, /*ver=*/1);
  s.unreported_loss = 1;
  run_primitive(s, c, site(0, 0, {}, Errno::kEIO), prim(PrimitiveKind::kSetMappingError));
  EXPECT_EQ(errseq_errno(s.wb_err), Errno::kEIO);
  EXPECT_EQ(s.wb_err & kErrseqSeen, 0);
  EXPECT_EQ(s.as_eio, 1);
  EXPECT_EQ(s.as_enospc, 0);
  for (int b = 0; b < c.nblocks; ++b) EXPECT_EQ(s.block[b].err_since_write, 1) << b;
  EXPECT_EQ(s.unreported_loss, 0);
  // A file opened before the error (cursor 0) sees EIO exactly once.
  uint16_t cursor = 0;
  EXPECT_EQ(errseq_check_and_advance(&s.wb_err, &cursor), Errno::kEIO);
  EXPECT_EQ(errseq_check_and_advance(&s.wb_err, &cursor), Errno::kOk);
}

// -ENOSPC sets AS_ENOSPC, not AS_EIO (include/linux/pagemap.h).
TEST(PrimitiveSetMappingError, EnospcSetsAsEnospc) {
  Context c = one_task(fsync_op());
  State s = fresh();
  run_primitive(s, c, site(0, 0, {}, Errno::kENOSPC), prim(PrimitiveKind::kSetMappingError));
  EXPECT_EQ(errseq_errno(s.wb_err), Errno::kENOSPC);
  EXPECT_EQ(s.as_enospc, 1);
  EXPECT_EQ(s.as_eio, 0);
}

// Every other errno (-EFSCORRUPTED, -EFBIG, -EAGAIN) goes to AS_EIO, and
// errseq keeps the errno itself.
TEST(PrimitiveSetMappingError, OtherErrnosSetAsEio) {
  Context c = one_task(fsync_op());
  for (Errno err : {Errno::kEFSCORRUPTED, Errno::kEFBIG, Errno::kEAGAIN}) {
    SCOPED_TRACE(errno_name(err));
    State s = fresh();
    run_primitive(s, c, site(0, 0, {}, err), prim(PrimitiveKind::kSetMappingError));
    EXPECT_EQ(errseq_errno(s.wb_err), err);
    EXPECT_EQ(s.as_eio, 1);
    EXPECT_EQ(s.as_enospc, 0);
  }
}

// errseq_set after the previous error was seen bumps the counter: a file whose
// cursor sits on the seen value gets the new error too.
TEST(PrimitiveSetMappingError, NewErrorAfterASeenOneIsReportedAgain) {
  Context c = one_task(fsync_op());
  State s = fresh();
  s.wb_err = static_cast<uint16_t>(errseq_set(0, Errno::kEIO) | kErrseqSeen);
  uint16_t cursor = s.wb_err;  // this file already saw the first EIO
  run_primitive(s, c, site(0, 0, {}, Errno::kEIO), prim(PrimitiveKind::kSetMappingError));
  EXPECT_NE(s.wb_err, cursor);
  EXPECT_EQ(s.wb_err & kErrseqSeen, 0);
  EXPECT_EQ(errseq_check_and_advance(&s.wb_err, &cursor), Errno::kEIO);
}

// mapping_set_error(mapping, 0) returns at once ("if (likely(!error))"): the
// at_inactivate site carries no error, so nothing changes.
TEST(PrimitiveSetMappingError, NoErrorChangesNothing) {
  Context c = one_task(fsync_op());
  State s = fresh();
  cached_folio(s, c, 0, /*dirty=*/false, /*ver=*/1);
  s.unreported_loss = 1;
  State before = s;
  run_primitive(s, c, site(c.teardown(), -1, {}, Errno::kOk), prim(PrimitiveKind::kSetMappingError));
  EXPECT_TRUE(same_state(before, s));
}

// ================================ when ======================================

// `count == 0` (the ≤5.18 folio_clear_uptodate, the 5.9 discard): with one
// block in the ioend the primitive is skipped; with none it runs.
TEST(PrimitiveWhen, CountGuard) {
  Context c = one_task(fsync_op());
  Primitive p = prim(PrimitiveKind::kClearIfsDirty, "folio_pos", "folio_pos + folio_size", "count == 0");
  State s = fresh();
  cached_folio(s, c, 0, /*dirty=*/true, /*ver=*/1);
  State before = s;
  Env e;
  e.count = 1;
  EXPECT_FALSE(primitive_applies(p, env_of(e)));
  run_primitive(s, c, site(0, 0, e), p);
  EXPECT_TRUE(same_state(before, s));
  e.count = 0;
  EXPECT_TRUE(primitive_applies(p, env_of(e)));
  run_primitive(s, c, site(0, 0, e), p);
  for (int b = 0; b < 4; ++b) EXPECT_EQ(s.block[b].dirty, 0) << b;
}

// `sick != 0` (the sick-inode proposal's xfs_inactive punch over [0, i_size)):
// a healthy inode keeps its delalloc, a sick one loses fsb 0-3.
TEST(PrimitiveWhen, SickGuard) {
  Context c = one_task(fsync_op());
  Primitive p = prim(PrimitiveKind::kPunchDelalloc, "0", "i_size", "sick != 0");
  Env e;
  e.i_size = 4096;
  State healthy = fresh(64);
  reserved(healthy, 0, 4);
  run_primitive(healthy, c, site(c.teardown(), -1, e, Errno::kOk), p);
  for (int b = 0; b < 4; ++b) EXPECT_EQ(extent_at(healthy, b), K::kDelalloc) << b;
  EXPECT_EQ(healthy.i_delayed_blks, 4);
  e.sick = 1;
  State sick = fresh(64);
  reserved(sick, 0, 4);
  run_primitive(sick, c, site(c.teardown(), -1, e, Errno::kOk), p);
  for (int b = 0; b < 4; ++b) EXPECT_EQ(extent_at(sick, b), K::kHole) << b;
  EXPECT_EQ(sick.i_delayed_blks, 0);
  EXPECT_EQ(sick.fdblocks, 64);
}

// `corrupt != 0` (patch 2/3 marks the inode sick only for -EFSCORRUPTED): an
// -EFBIG failure leaves it healthy, -EFSCORRUPTED makes it sick.
TEST(PrimitiveWhen, CorruptGuard) {
  Context c = one_task(fsync_op());
  Primitive p = prim(PrimitiveKind::kMarkSick, nullptr, nullptr, "corrupt != 0");
  State s = fresh();
  Env e;
  e.corrupt = 0;
  run_primitive(s, c, site(0, 0, e, Errno::kEFBIG), p);
  EXPECT_EQ(s.sick, 0);
  e.corrupt = 1;
  run_primitive(s, c, site(0, 0, e, Errno::kEFSCORRUPTED), p);
  EXPECT_EQ(s.sick, 1);
}

// What the on_map_failure hook binds the guard variables to: task 0 failing
// at fsb 6 of folio 1 with two blocks in the ioend. pos = 6 * 1024,
// folio_pos = 4096, count = wb_count = 2, i_size and sick from the inode,
// corrupt = 1 exactly when the folio's error is -EFSCORRUPTED.
TEST(PrimitiveWhen, HookEnvBindsTheGuardVariables) {
  Context c = one_task(fsync_op());
  State s = at_convert(c, 1, 6);
  s.i_size = 7168;
  s.sick = 1;
  s.task[0].wb_count = 2;
  s.task[0].err = static_cast<uint8_t>(Errno::kEFSCORRUPTED);
  HookEnv env = hook_env(s, c, s.task[0]);
  EXPECT_EQ(env.get(Var::kPos), 6144u);
  EXPECT_EQ(env.get(Var::kFolioPos), 4096u);
  EXPECT_EQ(env.get(Var::kFolioSize), 4096u);
  EXPECT_EQ(env.get(Var::kBlockSize), 1024u);
  EXPECT_EQ(env.get(Var::kCount), 2u);
  EXPECT_EQ(env.get(Var::kISize), 7168u);
  EXPECT_EQ(env.get(Var::kSick), 1u);
  EXPECT_EQ(env.get(Var::kCorrupt), 1u);
  s.task[0].err = static_cast<uint8_t>(Errno::kEFBIG);
  s.sick = 0;
  env = hook_env(s, c, s.task[0]);
  EXPECT_EQ(env.get(Var::kCorrupt), 0u);
  EXPECT_EQ(env.get(Var::kSick), 0u);
}

}  // namespace
}  // namespace wbcheck::model::steps_test
