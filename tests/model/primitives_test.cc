// The policy primitives of model/primitives.cc, each run through
// run_primitive at a hand-built HookSite on a hand-built state: the punch
// (xfs_bmap_punch_delalloc_range), folio_clear_uptodate,
// iomap_invalidate_folio (full range, partial range, the 5.17/5.18 large-folio
// release and the use-after-free it causes), iomap_clear_range_dirty,
// folio_redirty_for_writepage, xfs_bmap_mark_sick, mapping_set_error, and the
// `when` guards over count, sick and corrupt.
//
// Geometry (step_fixtures.h): 1 KiB blocks, 4 KiB folios, 8 blocks (fsb 0-3 =
// folio 0, fsb 4-7 = folio 1); the large-folio tests use 4 KiB blocks and
// 16 KiB folios (fsb 0-3 = folio 0, fsb 4-7 = folio 1). Every expected value
// below is worked out from the kernel function named beside it
// (kernel-notes §3, §5, §6; docs/kernel-policy-sources.md), not from running
// the model.
#include "model/primitives.h"

#include <cstring>
#include <optional>

#include "gtest/gtest.h"
#include "model/errseq.h"
#include "model/extent_map.h"
#include "model/steps.h"
#include "model/task_flow.h"
#include "step_fixtures.h"

namespace wbcheck::model::steps_test {
namespace {

// ------------------------------------------------------------------ helpers

struct Env {
  uint64_t pos = 0, folio_pos = 0, folio_size = 4096, block_size = 1024, count = 0, i_size = 0, sick = 0,
           corrupt = 0;
};

HookEnv env_of(const Env& e) {
  HookEnv env;
  auto set = [&env](Var v, uint64_t x) { env.values[static_cast<int>(v)] = x; };
  set(Var::kPos, e.pos);
  set(Var::kFolioPos, e.folio_pos);
  set(Var::kFolioSize, e.folio_size);
  set(Var::kBlockSize, e.block_size);
  set(Var::kCount, e.count);
  set(Var::kISize, e.i_size);
  set(Var::kSick, e.sick);
  set(Var::kCorrupt, e.corrupt);
  return env;
}

HookSite site(int task, int folio, const Env& e = {}, Errno err = Errno::kEFSCORRUPTED) {
  return HookSite{task, folio, env_of(e), err};
}

std::optional<Expr> opt(const char* text) {
  if (text == nullptr) return std::nullopt;
  return expr(text);
}

Primitive prim(PrimitiveKind k, const char* start = nullptr, const char* end = nullptr,
               const char* when = nullptr) {
  return Primitive{k, opt(start), opt(end), opt(when)};
}

bool same_state(const State& a, const State& b) { return std::memcmp(&a, &b, sizeof(State)) == 0; }

// 4 KiB blocks in 16 KiB folios (a large folio: folio_test_large), 8 blocks,
// two folios; task A (and B when `two_tasks`).
Context large_folio_ctx(Policy policy, bool two_tasks = false) {
  Scenario sc;
  sc.name = "primitives-large-folio";
  sc.geometry = Geometry{4096, 16384, 8};
  sc.tasks = {TaskProgram{"A", {fsync_op()}}};
  if (two_tasks) sc.tasks.push_back(TaskProgram{"B", {fsync_op()}});
  absl::StatusOr<Context> c = make_context(std::move(sc), std::move(policy));
  EXPECT_TRUE(c.ok()) << c.status();
  return *std::move(c);
}

Policy large_folio_policy() {
  Policy p;
  p.features.large_folio_invalidate_frees_ifs = true;  // 60d8231089f0 (5.17/5.18)
  return p;
}

// Env of a hook on folio f of the large-folio geometry failing at block b.
Env large_env(int f, int b) {
  Env e;
  e.folio_pos = 16384ull * f;
  e.folio_size = 16384;
  e.block_size = 4096;
  e.pos = 4096ull * b;
  return e;
}

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
