// Each step function of model/steps.h on a small hand-built state: 1 KiB
// blocks, 4 KiB folios, 8 blocks (fsb 0-3 = folio 0, fsb 4-7 = folio 1).
// Expected values are derived from the v6.2 kernel function each step models
// (named in the test comments) and kernel-notes §1, §3, §5; none were copied
// from running the model. As in extent_map_test.cc, a delalloc reservation of
// n blocks moves exactly n blocks (the model has no indlen).
#include "model/steps.h"

#include <optional>
#include <ostream>
#include <vector>

#include "gtest/gtest.h"
#include "model/errno.h"
#include "model/phase_names.h"
#include "model/context.h"
#include "model/errseq.h"
#include "model/expr.h"
#include "model/extent_map.h"
#include "model/policy.h"
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

Op write_op(uint64_t pos, uint64_t len, bool sync = false) { return Op{OpKind::kWrite, pos, len, sync}; }
Op dio_op(uint64_t pos, uint64_t len) { return Op{OpKind::kDioWrite, pos, len, false}; }
Op fsync_op() { return Op{OpKind::kFsync, 0, 0, false}; }

Context make_ctx(std::vector<TaskProgram> tasks, Policy policy = {}, Faults faults = {}) {
  Scenario sc;
  sc.name = "steps-unit";
  sc.faults = faults;
  sc.tasks = std::move(tasks);
  absl::StatusOr<Context> c = make_context(std::move(sc), std::move(policy));
  EXPECT_TRUE(c.ok()) << c.status();
  return *std::move(c);
}

Context one_task(Op op, Policy policy = {}, Faults faults = {}) {
  return make_ctx({TaskProgram{"A", {op}}}, std::move(policy), faults);
}

Expr expr(const char* text) {
  absl::StatusOr<Expr> e = Expr::parse(text);
  EXPECT_TRUE(e.ok()) << text << ": " << e.status();
  return *e;
}

Primitive punch(const char* start, const char* end) {
  return Primitive{PrimitiveKind::kPunchDelalloc, expr(start), expr(end), std::nullopt};
}
Primitive set_error() { return Primitive{PrimitiveKind::kSetMappingError, std::nullopt, std::nullopt, std::nullopt}; }

// examples/policies/linux-6.2.json: xfs_discard_folio punches [pos, round_up(pos, folio_size)).
Policy linux_6_2() {
  Policy p;
  p.name = "linux-6.2";
  p.hooks[static_cast<int>(Hook::kOnMapFailure)] = {punch("pos", "round_up(pos, folio_size)"), set_error()};
  return p;
}

// examples/policies/linux-6.3.json: [pos, folio_pos + folio_size) (8ac5b996bf51).
Policy linux_6_3() {
  Policy p;
  p.name = "linux-6.3";
  p.hooks[static_cast<int>(Hook::kOnMapFailure)] = {punch("pos", "folio_pos + folio_size"), set_error()};
  return p;
}

Faults alloc_fault(FaultMode mode, Errno err = Errno::kEFSCORRUPTED) {
  Faults f;
  f.alloc = mode;
  f.alloc_errno = err;
  return f;
}

State fresh(uint16_t fdblocks = 64) {
  State s{};
  s.fdblocks = fdblocks;
  return s;
}

void reserved(State& s, int b, int e) {
  for (int i = b; i < e; ++i) set_extent(s, i, K::kDelalloc);
  s.i_delayed_blks = static_cast<uint8_t>(s.i_delayed_blks + (e - b));
  s.m_delalloc_blks = static_cast<uint8_t>(s.m_delalloc_blks + (e - b));
  s.fdblocks = static_cast<uint16_t>(s.fdblocks - (e - b));
}

void cached_folio(State& s, const Context& c, int f, bool dirty, uint8_t ver = 1) {
  s.folio[f].present = 1;
  s.folio[f].uptodate = 1;
  s.folio[f].dirty = dirty;
  for (int b = c.first_block(f); b < c.first_block(f) + c.blocks_per_folio; ++b) {
    s.block[b].uptodate = 1;
    s.block[b].dirty = dirty;
    s.block[b].cache_ver = ver;
  }
}

Phase phase(const State& s, int t) { return phase_of(s.task[t]); }

// A task in the middle of iomap_writepage_map on folio f, which it has locked
// and cleaned (folio_clear_dirty_for_io), with blocks [first, end) to map.
void mapping_folio(State& s, const Context& c, int t, int f, int cur, int end) {
  start_writeback(s, t, 0, c.nfolios - 1, Phase::kSyncCheck);
  s.task[t].folio = static_cast<uint8_t>(f);
  s.task[t].cur = static_cast<uint8_t>(cur);
  s.task[t].end = static_cast<uint8_t>(end);
  s.folio[f].dirty = 0;
  folio_lock(s, f, t);
  set_phase(s.task[t], Phase::kWbMap);
}

// ============================ buffered write ==============================

// xfs_file_buffered_write: xfs_ilock(IOLOCK_EXCL); the write [1024, 5120)
// covers fsb 1-4.
TEST(BufferedWriteLock, TakesIolockExclAndSetsBlockRange) {
  Context c = one_task(write_op(1024, 4096));
  State s = fresh();
  xfs_file_buffered_write_lock(s, c, 0, 0);
  EXPECT_EQ(s.iolock_excl, 1);      // task 0 + 1
  EXPECT_EQ(s.task[0].iolock, 2);   // exclusive
  EXPECT_EQ(s.task[0].cur, 1);      // 1024 / 1024
  EXPECT_EQ(s.task[0].end, 5);      // 5120 / 1024
  EXPECT_EQ(phase(s, 0), Phase::kWriteIomapBegin);
}

// xfs_buffered_write_iomap_begin on a hole with nothing after it:
// xfs_bmapi_reserve_delalloc(offset_fsb 0, end_fsb - offset_fsb = 5), eof, so
// alen is not capped by a next extent. 5 blocks leave fdblocks (64 -> 59).
// The new extent bumps if_seq: the other actor's cached map is stale.
TEST(BufferedWriteIomapBegin, ReservesDelallocOverHoleToEndOfWrite) {
  Context c = one_task(write_op(0, 5120));
  State s = fresh();
  xfs_file_buffered_write_lock(s, c, 0, 0);
  s.task[1].map_valid = 1;
  xfs_buffered_write_iomap_begin(s, c, 0, 0);
  for (int b = 0; b < 5; ++b) EXPECT_EQ(extent_at(s, b), K::kDelalloc) << b;
  for (int b = 5; b < 8; ++b) EXPECT_EQ(extent_at(s, b), K::kHole) << b;
  EXPECT_EQ(s.fdblocks, 59);
  EXPECT_EQ(s.i_delayed_blks, 5);
  EXPECT_EQ(s.m_delalloc_blks, 5);
  const TaskState& t = s.task[0];
  EXPECT_EQ(t.map_start, 0);
  EXPECT_EQ(t.map_end, 5);
  EXPECT_EQ(t.map_kind, static_cast<uint8_t>(K::kDelalloc));  // IOMAP_DELALLOC
  EXPECT_EQ(t.map_valid, 1);  // the cookie matches the if_seq just bumped
  EXPECT_EQ(s.task[1].map_valid, 0);
  EXPECT_EQ(phase(s, 0), Phase::kWriteBegin);
}

// The hole run ends at the next extent: xfs_bmapi_reserve_delalloc caps
// alen at got->br_startoff - aoff. Written fsb 3, write [0, 8192): reserve fsb 0-2.
TEST(BufferedWriteIomapBegin, HoleReservationStopsAtNextExtent) {
  Context c = one_task(write_op(0, 8192));
  State s = fresh();
  set_extent(s, 3, K::kWritten);
  xfs_file_buffered_write_lock(s, c, 0, 0);
  xfs_buffered_write_iomap_begin(s, c, 0, 0);
  EXPECT_EQ(extent_at(s, 2), K::kDelalloc);
  EXPECT_EQ(extent_at(s, 3), K::kWritten);
  EXPECT_EQ(extent_at(s, 4), K::kHole);
  EXPECT_EQ(s.fdblocks, 61);  // 64 - 3
  EXPECT_EQ(s.task[0].map_end, 3);
}

// A real extent at offset_fsb is returned as it is (found_imap): unwritten
// fsb 0-1, write [0, 4096) maps [0, 2) unwritten, reserves nothing.
TEST(BufferedWriteIomapBegin, ExistingRealExtentMappedAsIs) {
  Context c = one_task(write_op(0, 4096));
  State s = fresh();
  set_extent(s, 0, K::kUnwritten);
  set_extent(s, 1, K::kUnwritten);
  xfs_file_buffered_write_lock(s, c, 0, 0);
  s.task[1].map_valid = 1;
  xfs_buffered_write_iomap_begin(s, c, 0, 0);
  EXPECT_EQ(s.task[0].map_start, 0);
  EXPECT_EQ(s.task[0].map_end, 2);
  EXPECT_EQ(s.task[0].map_kind, static_cast<uint8_t>(K::kUnwritten));
  EXPECT_EQ(extent_at(s, 2), K::kHole);  // not reserved yet: a later iomap_begin does it
  EXPECT_EQ(s.fdblocks, 64);
  EXPECT_EQ(s.i_delayed_blks, 0);
  EXPECT_EQ(s.task[1].map_valid, 1);  // no extent changed: no if_seq bump
}

// An existing delalloc extent is also returned as it is, trimmed to the
// write: delalloc fsb 0-3, write [1024, 3072) maps [1, 3); no new reservation.
TEST(BufferedWriteIomapBegin, ExistingDelallocMappedAsIs) {
  Context c = one_task(write_op(1024, 2048));
  State s = fresh();
  reserved(s, 0, 4);  // fdblocks 60
  xfs_file_buffered_write_lock(s, c, 0, 0);
  xfs_buffered_write_iomap_begin(s, c, 0, 0);
  EXPECT_EQ(s.task[0].map_start, 1);
  EXPECT_EQ(s.task[0].map_end, 3);
  EXPECT_EQ(s.task[0].map_kind, static_cast<uint8_t>(K::kDelalloc));
  EXPECT_EQ(s.fdblocks, 60);
  EXPECT_EQ(s.i_delayed_blks, 4);
}

// -ENOSPC before anything was copied: iomap_file_buffered_write returns the
// error, IOLOCK is dropped, nothing was reserved and no sync runs.
TEST(BufferedWriteIomapBegin, EnospcWithNothingWrittenFailsTheWrite) {
  Context c = one_task(write_op(0, 4096, /*sync=*/true));
  State s = fresh(/*fdblocks=*/2);
  xfs_file_buffered_write_lock(s, c, 0, 0);
  xfs_buffered_write_iomap_begin(s, c, 0, 0);
  EXPECT_EQ(err_of(s.task[0].ret), Errno::kENOSPC);
  EXPECT_EQ(s.task[0].op, 1);
  EXPECT_EQ(phase(s, 0), Phase::kDone);
  EXPECT_EQ(s.iolock_excl, 0);
  EXPECT_EQ(extent_at(s, 0), K::kHole);
  EXPECT_EQ(s.fdblocks, 2);
}

// -ENOSPC after fsb 0-1 were copied: a short write returns the bytes written
// (success), not the error.
TEST(BufferedWriteIomapBegin, EnospcAfterPartialCopyIsAShortWrite) {
  Context c = one_task(write_op(0, 4096));
  State s = fresh(/*fdblocks=*/3);
  reserved(s, 0, 2);  // fdblocks 1: fsb 2-3 need 2
  xfs_file_buffered_write_lock(s, c, 0, 0);
  s.task[0].cur = 2;
  xfs_buffered_write_iomap_begin(s, c, 0, 0);
  EXPECT_EQ(err_of(s.task[0].ret), Errno::kOk);
  EXPECT_EQ(phase(s, 0), Phase::kDone);
  EXPECT_EQ(s.iolock_excl, 0);
  EXPECT_EQ(extent_at(s, 2), K::kHole);
}

// __iomap_get_folio(FGP_LOCK | FGP_CREAT): a new folio, locked, not uptodate,
// not dirty; the cookie still matches (map_valid), so on to the copy.
TEST(IomapWriteBegin, CreatesAndLocksTheFolio) {
  Context c = one_task(write_op(4096, 1024));
  State s = fresh();
  xfs_file_buffered_write_lock(s, c, 0, 0);
  xfs_buffered_write_iomap_begin(s, c, 0, 0);
  iomap_write_begin(s, c, 0, 0);
  EXPECT_EQ(s.folio[1].present, 1);
  EXPECT_EQ(s.folio[1].locked_by, 1);
  EXPECT_EQ(s.folio[1].uptodate, 0);
  EXPECT_EQ(s.folio[1].dirty, 0);
  EXPECT_EQ(s.folio[0].present, 0);
  EXPECT_EQ(phase(s, 0), Phase::kWriteEnd);
}

// ->iomap_valid fails (if_seq moved since iomap_begin): the folio is unlocked
// and put, IOMAP_F_STALE makes iomap_iter map again from the same position.
// The folio __iomap_get_folio created stays in the cache, unlocked.
TEST(IomapWriteBegin, StaleMappingGoesBackToIomapBegin) {
  Context c = one_task(write_op(0, 1024));
  State s = fresh();
  xfs_file_buffered_write_lock(s, c, 0, 0);
  xfs_buffered_write_iomap_begin(s, c, 0, 0);
  xfs_iext_inc_seq(s, c);  // e.g. a discard punched in between
  iomap_write_begin(s, c, 0, 0);
  EXPECT_EQ(s.folio[0].present, 1);
  EXPECT_EQ(s.folio[0].locked_by, 0);
  EXPECT_EQ(s.task[0].cur, 0);
  EXPECT_EQ(phase(s, 0), Phase::kWriteIomapBegin);
}

// A task at write_begin for folio 0: lock held, map [map_start, map_end) valid.
State at_write_end(const Context& c, int cur, int end, int map_end, K kind = K::kDelalloc) {
  State s = fresh();
  s.iolock_excl = 1;
  s.task[0].iolock = 2;
  s.task[0].cur = static_cast<uint8_t>(cur);
  s.task[0].end = static_cast<uint8_t>(end);
  s.task[0].map_start = static_cast<uint8_t>(cur);
  s.task[0].map_end = static_cast<uint8_t>(map_end);
  s.task[0].map_kind = static_cast<uint8_t>(kind);
  s.task[0].map_valid = 1;
  int f = c.folio_of(cur);
  s.folio[f].present = 1;
  folio_lock(s, f, 0);
  set_phase(s.task[0], Phase::kWriteEnd);
  return s;
}

// __iomap_write_end for [0, 2048): iomap_set_range_uptodate sets fsb 0-1
// only, so the folio is not uptodate (fsb 2-3 are not); filemap_dirty_folio
// sets PG_dirty; i_size 0 -> 2048; folio unlocked; the write is complete, so
// IOLOCK is dropped and write() returns (no O_SYNC).
TEST(IomapWriteEnd, PartialFolioWriteDirtiesButFolioNotUptodate) {
  Context c = one_task(write_op(0, 2048));
  State s = at_write_end(c, 0, 2, 2);
  iomap_write_end(s, c, 0, 0);
  EXPECT_EQ(s.block[0].uptodate, 1);
  EXPECT_EQ(s.block[1].uptodate, 1);
  EXPECT_EQ(s.block[0].dirty, 1);
  EXPECT_EQ(s.block[2].uptodate, 0);
  EXPECT_EQ(s.block[0].cache_ver, c.version[0][0]);
  EXPECT_EQ(s.block[2].cache_ver, 0);
  EXPECT_EQ(s.folio[0].uptodate, 0);
  EXPECT_EQ(s.folio[0].dirty, 1);
  EXPECT_EQ(s.i_size, 2048u);
  EXPECT_EQ(s.folio[0].locked_by, 0);
  EXPECT_EQ(s.iolock_excl, 0);
  EXPECT_EQ(s.task[0].iolock, 0);
  EXPECT_EQ(err_of(s.task[0].ret), Errno::kOk);
  EXPECT_EQ(phase(s, 0), Phase::kDone);
}

// The folio becomes uptodate once every block is: fsb 2-3 were uptodate
// already, the write makes fsb 0-1 uptodate.
TEST(IomapWriteEnd, FolioUptodateWhenAllBlocksUptodate) {
  Context c = one_task(write_op(0, 2048));
  State s = at_write_end(c, 0, 2, 2);
  s.block[2].uptodate = s.block[3].uptodate = 1;
  iomap_write_end(s, c, 0, 0);
  EXPECT_EQ(s.folio[0].uptodate, 1);
}

// i_size only grows: a write inside the file leaves it.
TEST(IomapWriteEnd, DoesNotShrinkISize) {
  Context c = one_task(write_op(0, 1024));
  State s = at_write_end(c, 0, 1, 1);
  s.i_size = 8192;
  iomap_write_end(s, c, 0, 0);
  EXPECT_EQ(s.i_size, 8192u);
}

// Write [0, 5120) with the map [0, 5): the copy is per folio, so the first
// write_end covers fsb 0-3 and stops at the folio end; the map still covers
// fsb 4, so the next step is write_begin for folio 1 (no new iomap_begin).
// IOLOCK is still held; i_size 4096 so far.
TEST(IomapWriteEnd, StopsAtFolioEndAndContinuesWithWriteBegin) {
  Context c = one_task(write_op(0, 5120));
  State s = at_write_end(c, 0, 5, 5);
  iomap_write_end(s, c, 0, 0);
  EXPECT_EQ(s.task[0].cur, 4);
  EXPECT_EQ(s.i_size, 4096u);
  EXPECT_EQ(s.folio[0].uptodate, 1);
  EXPECT_EQ(s.iolock_excl, 1);
  EXPECT_EQ(phase(s, 0), Phase::kWriteBegin);
}

// The map ends before the write: map [0, 2), write [0, 4096). The copy stops
// at fsb 2 and iomap_iter asks xfs_buffered_write_iomap_begin again.
TEST(IomapWriteEnd, MapEndGoesBackToIomapBegin) {
  Context c = one_task(write_op(0, 4096));
  State s = at_write_end(c, 0, 4, 2, K::kUnwritten);
  iomap_write_end(s, c, 0, 0);
  EXPECT_EQ(s.task[0].cur, 2);
  EXPECT_EQ(s.block[2].dirty, 0);
  EXPECT_EQ(phase(s, 0), Phase::kWriteIomapBegin);
}

// The last folio of an O_SYNC write [0, 5120): xfs_file_buffered_write drops
// IOLOCK, then generic_write_sync -> vfs_fsync_range(0, 5119) ->
// file_write_and_wait_range over folios 0..1, coming back to
// file_check_and_advance_wb_err.
TEST(IomapWriteEnd, OSyncDropsIolockThenWritesBackTheWrittenFolios) {
  Context c = one_task(write_op(0, 5120, /*sync=*/true));
  State s = at_write_end(c, 4, 5, 5);
  s.task[0].map_start = 0;
  cached_folio(s, c, 0, /*dirty=*/true);
  s.i_size = 4096;
  iomap_write_end(s, c, 0, 0);
  EXPECT_EQ(s.block[4].dirty, 1);
  EXPECT_EQ(s.folio[1].dirty, 1);
  EXPECT_EQ(s.folio[1].uptodate, 0);  // fsb 5-7 not uptodate
  EXPECT_EQ(s.i_size, 5120u);
  EXPECT_EQ(s.folio[1].locked_by, 0);
  EXPECT_EQ(s.iolock_excl, 0);
  EXPECT_EQ(s.task[0].iolock, 0);
  const TaskState& t = s.task[0];
  EXPECT_EQ(t.op, 0);  // still inside write(2)
  EXPECT_EQ(t.wb_first, 0);
  EXPECT_EQ(t.wb_last, 1);  // (5 - 1) / 4
  EXPECT_EQ(static_cast<Phase>(t.wb_ret), Phase::kSyncCheck);
  EXPECT_EQ(phase(s, 0), Phase::kWbTag);
}

// An O_SYNC write of only folio 1 ([4096, 5120)) syncs only folio 1.
TEST(IomapWriteEnd, OSyncRangeStartsAtTheWritesFolio) {
  Context c = one_task(write_op(4096, 1024, /*sync=*/true));
  State s = at_write_end(c, 4, 5, 5);
  iomap_write_end(s, c, 0, 0);
  EXPECT_EQ(s.task[0].wb_first, 1);
  EXPECT_EQ(s.task[0].wb_last, 1);
}

// ===================== file_check_and_advance_wb_err ======================

// errseq: mapping->wb_err holds an unseen EIO; a file sampled before it
// (f_wb_err 0) gets EIO once; the value is marked SEEN and the cursor moves
// to it, so the same file's next check returns 0. A second file that sampled
// before the error still gets it. AS_EIO is cleared either way.
TEST(FileCheckAndAdvanceWbErr, EachFileSeesAnErrorOnce) {
  Context c = make_ctx({TaskProgram{"A", {fsync_op(), fsync_op()}}, TaskProgram{"B", {fsync_op()}}});
  State s = fresh();
  s.wb_err = errseq_set(0, Errno::kEIO);
  s.as_eio = 1;
  set_phase(s.task[0], Phase::kSyncCheck);
  file_check_and_advance_wb_err(s, c, 0, 0);
  EXPECT_EQ(err_of(s.task[0].ret), Errno::kEIO);
  EXPECT_EQ(s.wb_err & kErrseqSeen, kErrseqSeen);
  EXPECT_EQ(s.task[0].f_wb_err, s.wb_err);
  EXPECT_EQ(s.as_eio, 0);
  EXPECT_EQ(s.task[0].op, 1);  // the second fsync entered
  set_phase(s.task[0], Phase::kSyncCheck);
  file_check_and_advance_wb_err(s, c, 0, 0);
  EXPECT_EQ(err_of(s.task[0].ret), Errno::kOk);
  set_phase(s.task[1], Phase::kSyncCheck);
  file_check_and_advance_wb_err(s, c, 1, 0);
  EXPECT_EQ(err_of(s.task[1].ret), Errno::kEIO);
}

// file_write_and_wait_range: the flush's own error wins (`if (!err) err =
// err2`), but the errseq cursor is advanced anyway, so the errseq error is
// not reported again later.
TEST(FileCheckAndAdvanceWbErr, FlushErrorWinsAndErrseqStillAdvances) {
  Context c = make_ctx({TaskProgram{"A", {fsync_op(), fsync_op()}}});
  State s = fresh();
  s.wb_err = errseq_set(0, Errno::kEIO);
  s.as_enospc = 1;
  set_phase(s.task[0], Phase::kSyncCheck);
  s.task[0].err = static_cast<uint8_t>(Errno::kEFSCORRUPTED);
  file_check_and_advance_wb_err(s, c, 0, 0);
  EXPECT_EQ(err_of(s.task[0].ret), Errno::kEFSCORRUPTED);
  EXPECT_EQ(s.task[0].f_wb_err, s.wb_err);
  EXPECT_EQ(s.as_enospc, 0);
  set_phase(s.task[0], Phase::kSyncCheck);
  file_check_and_advance_wb_err(s, c, 0, 0);
  EXPECT_EQ(err_of(s.task[0].ret), Errno::kOk);
}

// ========================= write_cache_pages ===============================

// tag_pages_for_writeback: the pass visits the folios that are dirty now,
// in range; clean and absent folios are not tagged.
TEST(WriteCachePagesTag, TagsOnlyDirtyFolios) {
  Context c = one_task(fsync_op());
  State s = fresh();
  cached_folio(s, c, 0, /*dirty=*/true);
  cached_folio(s, c, 1, /*dirty=*/false);
  start_writeback(s, 0, 0, 1, Phase::kSyncCheck);
  write_cache_pages_tag(s, c, 0, 0);
  EXPECT_EQ(s.task[0].wb_todo, 0b01);
  EXPECT_EQ(s.task[0].folio, 0);
  EXPECT_EQ(phase(s, 0), Phase::kWbLock);
}

// Nothing dirty and no cached ioend: straight to __filemap_fdatawait_range
// from the first folio of the range.
TEST(WriteCachePagesTag, NothingDirtyGoesToWait) {
  Context c = one_task(fsync_op());
  State s = fresh();
  cached_folio(s, c, 1, /*dirty=*/false);
  start_writeback(s, 0, 1, 1, Phase::kSyncCheck);
  write_cache_pages_tag(s, c, 0, 0);
  EXPECT_EQ(s.task[0].wb_todo, 0);
  EXPECT_EQ(s.task[0].folio, 1);
  EXPECT_EQ(phase(s, 0), Phase::kWbWait);
}

State at_wb_lock(const Context& c, int f, uint8_t todo) {
  State s = fresh();
  start_writeback(s, 0, 0, c.nfolios - 1, Phase::kSyncCheck);
  s.task[0].wb_todo = todo;
  s.task[0].folio = static_cast<uint8_t>(f);
  set_phase(s.task[0], Phase::kWbLock);
  return s;
}

// "someone wrote it for us": the tagged folio is clean by the time the pass
// locks it; it is skipped (and unlocked again: never left locked).
TEST(WriteCachePagesLock, SkipsFolioNoLongerDirty) {
  Context c = one_task(fsync_op());
  State s = at_wb_lock(c, 0, 0b01);
  cached_folio(s, c, 0, /*dirty=*/false);
  write_cache_pages_lock(s, c, 0, 0);
  EXPECT_EQ(s.folio[0].locked_by, 0);
  EXPECT_EQ(s.task[0].wb_todo, 0);
  EXPECT_EQ(phase(s, 0), Phase::kWbWait);
}

// WB_SYNC_ALL: a dirty folio under writeback is waited on with its lock held;
// PG_dirty is cleared only after the wait (folio_clear_dirty_for_io follows
// the BUG_ON(PageWriteback)).
TEST(WriteCachePagesLock, WaitsForWritebackBeforeClearingDirty) {
  Context c = one_task(fsync_op());
  State s = at_wb_lock(c, 0, 0b01);
  cached_folio(s, c, 0, /*dirty=*/true);
  s.i_size = 4096;
  s.folio[0].writeback = 1;
  write_cache_pages_lock(s, c, 0, 0);
  EXPECT_EQ(s.folio[0].locked_by, 1);
  EXPECT_EQ(s.folio[0].dirty, 1);
  EXPECT_EQ(phase(s, 0), Phase::kWbWaitWriteback);
  s.folio[0].writeback = 0;  // the earlier I/O completed
  write_cache_pages_wait_writeback(s, c, 0, 0);
  EXPECT_EQ(s.folio[0].dirty, 0);
  EXPECT_EQ(phase(s, 0), Phase::kWbMap);
}

// folio_clear_dirty_for_io before the fs sees the folio (kernel-notes §3):
// PG_dirty and, before 6.6, the ghost per-block bits are clear; the whole
// folio is inside i_size (4096), so fsb 0-3 are to be mapped.
TEST(WriteCachePagesLock, ClearsDirtyAndMapsTheFolio) {
  Context c = one_task(fsync_op());
  State s = at_wb_lock(c, 0, 0b01);
  cached_folio(s, c, 0, /*dirty=*/true);
  s.i_size = 4096;
  write_cache_pages_lock(s, c, 0, 0);
  EXPECT_EQ(s.folio[0].dirty, 0);
  for (int b = 0; b < 4; ++b) EXPECT_EQ(s.block[b].dirty, 0) << b;
  EXPECT_EQ(s.folio[0].locked_by, 1);
  EXPECT_EQ(s.task[0].cur, 0);
  EXPECT_EQ(s.task[0].end, 4);
  EXPECT_EQ(s.task[0].wb_count, 0);
  EXPECT_EQ(phase(s, 0), Phase::kWbMap);
}

// iomap_do_writepage: folio 1 starts at 4096 == i_size (index == end_index,
// poff == 0), wholly beyond EOF: "goto unlock". It was already cleaned.
TEST(WriteCachePagesLock, FolioBeyondEofIsSkippedClean) {
  Context c = one_task(fsync_op());
  State s = at_wb_lock(c, 1, 0b10);
  cached_folio(s, c, 1, /*dirty=*/true);
  s.i_size = 4096;
  write_cache_pages_lock(s, c, 0, 0);
  EXPECT_EQ(s.folio[1].dirty, 0);
  EXPECT_EQ(s.folio[1].locked_by, 0);
  EXPECT_EQ(s.folio[1].writeback, 0);
  EXPECT_EQ(phase(s, 0), Phase::kWbWait);
}

// A folio straddling EOF (i_size 5120): end_pos = i_size, so only blocks
// with pos < 5120, i.e. fsb 4, are mapped.
TEST(WriteCachePagesLock, StraddlingFolioMapsUpToEof) {
  Context c = one_task(fsync_op());
  State s = at_wb_lock(c, 1, 0b10);
  cached_folio(s, c, 1, /*dirty=*/true);
  s.i_size = 5120;
  write_cache_pages_lock(s, c, 0, 0);
  EXPECT_EQ(s.task[0].cur, 4);
  EXPECT_EQ(s.task[0].end, 5);
}

// ============================ xfs_map_blocks ===============================

// A hole followed by an extent maps up to that extent: fsb 0-1 holes, fsb 2
// written. The hole mapping [0, 2) is cached with data_seq, so fsb 1 uses the
// fast path; fsb 2 is outside it, so a lookup maps the written [2, 3) and
// iomap_add_to_ioend adds it with the cached data version.
TEST(XfsMapBlocks, HoleMapsToNextExtentThenRealExtentJoinsIoend) {
  Context c = one_task(fsync_op());
  State s = fresh();
  cached_folio(s, c, 0, /*dirty=*/false, /*ver=*/7);
  s.block[3].uptodate = 0;  // not written: 6.2 maps uptodate blocks only
  set_extent(s, 2, K::kWritten);
  mapping_folio(s, c, 0, 0, 0, 4);
  xfs_map_blocks(s, c, 0, 0);
  EXPECT_EQ(s.task[0].map_start, 0);
  EXPECT_EQ(s.task[0].map_end, 2);
  EXPECT_EQ(s.task[0].map_kind, static_cast<uint8_t>(K::kHole));
  EXPECT_EQ(s.task[0].map_valid, 1);
  EXPECT_EQ(s.task[0].cur, 1);
  EXPECT_EQ(s.task[0].ioend, 0);
  xfs_map_blocks(s, c, 0, 0);  // fsb 1: still the hole
  EXPECT_EQ(s.task[0].cur, 2);
  EXPECT_EQ(s.task[0].ioend, 0);
  xfs_map_blocks(s, c, 0, 0);  // fsb 2: the written extent
  EXPECT_EQ(s.task[0].map_start, 2);
  EXPECT_EQ(s.task[0].map_end, 3);
  EXPECT_EQ(s.task[0].ioend, 0b100);
  EXPECT_EQ(s.block[2].io_ver, 7);
  EXPECT_EQ(s.task[0].wb_count, 1);
  EXPECT_EQ(s.task[0].cur, 3);
  // fsb 3 is not uptodate: no block left, so the folio is finished with
  // count 1: folio_start_writeback, unlock; nothing else tagged, so submit.
  xfs_map_blocks(s, c, 0, 0);
  EXPECT_EQ(s.folio[0].writeback, 1);
  EXPECT_EQ(s.folio[0].locked_by, 0);
  EXPECT_EQ(phase(s, 0), Phase::kWbSubmit);
}

// No extent at or after offset: "fake a hole past EOF", imap.br_startoff =
// end_fsb = offset_fsb + 1, a one-block hole.
TEST(XfsMapBlocks, HoleWithNoLaterExtentIsOneBlock) {
  Context c = one_task(fsync_op());
  State s = fresh();
  cached_folio(s, c, 1, /*dirty=*/false);
  mapping_folio(s, c, 0, 1, 4, 8);
  xfs_map_blocks(s, c, 0, 0);
  EXPECT_EQ(s.task[0].map_start, 4);
  EXPECT_EQ(s.task[0].map_end, 5);
  EXPECT_EQ(s.task[0].cur, 5);
}

// A folio whose every block is a hole is finished with count == 0: no
// PG_writeback (folio_end_writeback at once), unlocked, clean.
TEST(XfsMapBlocks, AllHolesFinishesWithoutWriteback) {
  Context c = one_task(fsync_op());
  State s = fresh();
  cached_folio(s, c, 0, /*dirty=*/false);
  mapping_folio(s, c, 0, 0, 0, 4);
  for (int i = 0; i < 4; ++i) xfs_map_blocks(s, c, 0, 0);  // fsb 0..3: holes
  EXPECT_EQ(s.task[0].cur, 4);
  xfs_map_blocks(s, c, 0, 0);  // nothing left
  EXPECT_EQ(s.folio[0].writeback, 0);
  EXPECT_EQ(s.folio[0].locked_by, 0);
  EXPECT_EQ(s.folio[0].dirty, 0);
  EXPECT_EQ(phase(s, 0), Phase::kWbWait);
}

// Delalloc found by the lookup goes to xfs_bmapi_convert_delalloc, a separate
// ILOCK_EXCL section; nothing is added yet and no map is cached for it.
TEST(XfsMapBlocks, DelallocGoesToConvert) {
  Context c = one_task(fsync_op());
  State s = fresh();
  cached_folio(s, c, 0, /*dirty=*/false);
  reserved(s, 0, 4);
  mapping_folio(s, c, 0, 0, 0, 4);
  s.task[0].map_start = 4;  // a valid cached hole [4, 8) that does not cover fsb 0
  s.task[0].map_end = 8;
  s.task[0].map_kind = static_cast<uint8_t>(K::kHole);
  s.task[0].map_valid = 1;
  xfs_map_blocks(s, c, 0, 0);
  EXPECT_EQ(phase(s, 0), Phase::kWbConvert);
  EXPECT_EQ(s.task[0].cur, 0);
  EXPECT_EQ(s.task[0].map_valid, 0);
  EXPECT_EQ(s.task[0].ioend, 0);
  EXPECT_EQ(extent_at(s, 0), K::kDelalloc);  // the lookup changes nothing
}

// xfs_imap_valid: offset inside wpc->iomap and data_seq current -> no lookup.
// Unwritten fsb 0-7 with a cached map [0, 4) (one XFS extent of two): fsb 1
// uses the cache, so the map stays [0, 4); a lookup would have given the
// whole run [0, 8).
TEST(XfsMapBlocks, FastPathWhenCachedMapValid) {
  Context c = one_task(fsync_op());
  State s = fresh();
  for (int b = 0; b < 8; ++b) set_extent(s, b, K::kUnwritten);
  cached_folio(s, c, 0, /*dirty=*/false);
  mapping_folio(s, c, 0, 0, 1, 4);
  s.task[0].map_start = 0;
  s.task[0].map_end = 4;
  s.task[0].map_kind = static_cast<uint8_t>(K::kUnwritten);
  s.task[0].map_valid = 1;
  xfs_map_blocks(s, c, 0, 0);
  EXPECT_EQ(s.task[0].map_end, 4);
  EXPECT_EQ(s.task[0].ioend, 0b10);
}

// The same cached map after an if_seq bump is not trusted: the lookup maps
// the current extent run [0, 8).
TEST(XfsMapBlocks, StaleCachedMapIsLookedUpAgain) {
  Context c = one_task(fsync_op());
  State s = fresh();
  for (int b = 0; b < 8; ++b) set_extent(s, b, K::kUnwritten);
  cached_folio(s, c, 0, /*dirty=*/false);
  mapping_folio(s, c, 0, 0, 1, 4);
  s.task[0].map_start = 0;
  s.task[0].map_end = 4;
  s.task[0].map_kind = static_cast<uint8_t>(K::kUnwritten);
  s.task[0].map_valid = 0;
  xfs_map_blocks(s, c, 0, 0);
  EXPECT_EQ(s.task[0].map_start, 0);
  EXPECT_EQ(s.task[0].map_end, 8);
  EXPECT_EQ(s.task[0].ioend, 0b10);
}

// ======================= xfs_bmapi_convert_delalloc ========================

State at_convert(const Context& c, int f, int b) {
  State s = fresh();
  cached_folio(s, c, f, /*dirty=*/false);
  mapping_folio(s, c, 0, f, b, c.first_block(f) + c.blocks_per_folio);
  set_phase(s.task[0], Phase::kWbConvert);
  return s;
}

// Bug 217030 (F1): the delalloc seen under ILOCK_SHARED was punched before
// ILOCK_EXCL. The re-lookup finds no extent at offset_fsb:
// WARN_ON_ONCE(whichfork != XFS_COW_FORK), -EAGAIN, and iomap_writepage_map's
// failure branch runs the on_map_failure hook with the folio still locked.
TEST(XfsBmapiConvertDelalloc, MissingExtentWarnsAndRunsHook) {
  Context c = one_task(fsync_op(), linux_6_3());
  State s = at_convert(c, 0, 0);
  xfs_bmapi_convert_delalloc(s, c, 0, 0);
  EXPECT_EQ(s.warned_convert, 1);
  EXPECT_EQ(err_of(s.task[0].wb_err), Errno::kEAGAIN);
  EXPECT_EQ(err_of(s.task[0].err), Errno::kEAGAIN);
  EXPECT_EQ(phase(s, 0), Phase::kWbHook);
  EXPECT_EQ(s.task[0].wb_hook, 0);
  EXPECT_EQ(s.folio[0].locked_by, 1);
}

// No allocation happens on that path, so there is no alloc-fault choice.
TEST(XfsBmapiConvertDelalloc, OutcomesOnlyWhenAllocating) {
  Context c = one_task(fsync_op(), linux_6_3(), alloc_fault(FaultMode::kNondet));
  State s = at_convert(c, 0, 0);
  EXPECT_EQ(convert_outcomes(s, c, 0), 1);  // hole: the WARN path
  set_extent(s, 0, K::kUnwritten);
  EXPECT_EQ(convert_outcomes(s, c, 0), 1);  // raced conversion: nothing to allocate
  set_extent(s, 0, K::kDelalloc);
  EXPECT_EQ(convert_outcomes(s, c, 0), 2);  // xfs_bmapi_allocate may fail or not
}

// xfs_bmapi_allocate fails (corrupt bnobt): the scenario's errno is what
// ->map_blocks returns; the delalloc and its reservation are untouched.
TEST(XfsBmapiConvertDelalloc, AllocFailureRunsHookWithScenarioErrno) {
  Context c = one_task(fsync_op(), linux_6_3(), alloc_fault(FaultMode::kAlways, Errno::kENOSPC));
  State s = at_convert(c, 0, 0);
  reserved(s, 0, 4);  // fdblocks 60
  xfs_bmapi_convert_delalloc(s, c, 0, 0);
  EXPECT_EQ(err_of(s.task[0].wb_err), Errno::kENOSPC);
  EXPECT_EQ(s.warned_convert, 0);
  EXPECT_EQ(extent_at(s, 0), K::kDelalloc);
  EXPECT_EQ(s.i_delayed_blks, 4);
  EXPECT_EQ(s.fdblocks, 60);
  EXPECT_EQ(phase(s, 0), Phase::kWbHook);
}

// With a nondeterministic fault, choice 1 is the failing branch.
TEST(XfsBmapiConvertDelalloc, NondetChoiceOneFails) {
  Context c = one_task(fsync_op(), linux_6_3(), alloc_fault(FaultMode::kNondet));
  State s = at_convert(c, 0, 0);
  reserved(s, 0, 4);
  State ok = s;
  xfs_bmapi_convert_delalloc(s, c, 0, 1);
  EXPECT_EQ(err_of(s.task[0].wb_err), Errno::kEFSCORRUPTED);
  xfs_bmapi_convert_delalloc(ok, c, 0, 0);
  EXPECT_EQ(err_of(ok.task[0].wb_err), Errno::kOk);
  EXPECT_EQ(extent_at(ok, 0), K::kUnwritten);
}

// Success: bma.offset = got.br_startoff over the whole delalloc [0, 5)
// (including fsb 4 in folio 1), unwritten; the reservation is consumed
// (i_delayed_blks/m_delalloc_blks 5 -> 0, fdblocks unchanged at 59); the
// mapping returned is the new extent [0, 5) with *seq = if_seq, and fsb 0
// joins the ioend. Other cached maps are stale (if_seq bumped).
TEST(XfsBmapiConvertDelalloc, SuccessConvertsWholeRunAndMapsIt) {
  Context c = one_task(fsync_op(), linux_6_3());
  State s = at_convert(c, 0, 0);
  reserved(s, 0, 5);
  s.task[1].map_valid = 1;
  xfs_bmapi_convert_delalloc(s, c, 0, 0);
  for (int b = 0; b < 5; ++b) EXPECT_EQ(extent_at(s, b), K::kUnwritten) << b;
  EXPECT_EQ(extent_at(s, 5), K::kHole);
  EXPECT_EQ(s.i_delayed_blks, 0);
  EXPECT_EQ(s.m_delalloc_blks, 0);
  EXPECT_EQ(s.fdblocks, 59);
  const TaskState& t = s.task[0];
  EXPECT_EQ(t.map_start, 0);
  EXPECT_EQ(t.map_end, 5);
  EXPECT_EQ(t.map_kind, static_cast<uint8_t>(K::kUnwritten));
  EXPECT_EQ(t.map_valid, 1);
  EXPECT_EQ(t.ioend, 0b1);
  EXPECT_EQ(t.wb_count, 1);
  EXPECT_EQ(t.cur, 1);
  EXPECT_EQ(s.task[1].map_valid, 0);
  EXPECT_EQ(phase(s, 0), Phase::kWbMap);
}

// "If we find a real extent here we raced with another thread converting the
// extent. Just return the real extent at this offset."
TEST(XfsBmapiConvertDelalloc, RacedConversionMapsTheRealExtent) {
  Context c = one_task(fsync_op(), linux_6_3(), alloc_fault(FaultMode::kAlways));
  State s = at_convert(c, 0, 0);
  for (int b = 0; b < 4; ++b) set_extent(s, b, K::kUnwritten);
  xfs_bmapi_convert_delalloc(s, c, 0, 0);
  EXPECT_EQ(s.warned_convert, 0);
  EXPECT_EQ(err_of(s.task[0].wb_err), Errno::kOk);  // the alloc fault is never reached
  EXPECT_EQ(s.task[0].ioend, 0b1);
  EXPECT_EQ(s.task[0].map_end, 4);
}

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
  EXPECT_EQ(s.folio[0].locked_by, 1);
  run_map_failure_hook(s, c, 0, 0);  // mapping_set_error
  EXPECT_EQ(errseq_errno(s.wb_err), Errno::kEFSCORRUPTED);
  EXPECT_EQ(s.as_eio, 1);
  EXPECT_EQ(s.as_enospc, 0);
  EXPECT_EQ(s.folio[0].locked_by, 0);
  EXPECT_EQ(s.folio[0].writeback, 0);
  EXPECT_EQ(s.folio[0].dirty, 0);
  EXPECT_EQ(s.folio[0].uptodate, 1);
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

// ===================== submit, wait, I/O completion =========================

State at_submit(const Context& c, uint16_t ioend, Errno wb_err) {
  State s = fresh();
  start_writeback(s, 0, 0, c.nfolios - 1, Phase::kSyncCheck);
  s.task[0].ioend = ioend;
  s.task[0].wb_err = static_cast<uint8_t>(wb_err);
  set_phase(s.task[0], Phase::kWbSubmit);
  return s;
}

// A healthy ioend is submitted: its blocks are in flight with no error, and
// filemap_write_and_wait_range goes on to wait from folio 0.
TEST(IomapSubmitIoend, HealthyIoendGoesInFlight) {
  Context c = one_task(fsync_op());
  State s = at_submit(c, 0b11, Errno::kOk);
  iomap_submit_ioend(s, c, 0, 0);
  EXPECT_EQ(s.io[0].blocks, 0b11);
  EXPECT_EQ(s.io[0].err, 0);
  EXPECT_EQ(s.io[0].task, 0);
  EXPECT_EQ(s.io[1].blocks, 0);  // one ioend, in the first slot
  EXPECT_EQ(s.task[0].ioend, 0);
  EXPECT_EQ(s.task[0].folio, 0);
  EXPECT_EQ(phase(s, 0), Phase::kWbWait);
}

// With an error from write_cache_pages the bio is ended at once with
// errno_to_blk_status(-EFSCORRUPTED) = BLK_STS_IOERR (-EUCLEAN is not in
// blk_errors[]), i.e. -EIO at completion. The wait still runs (err != -EIO).
TEST(IomapSubmitIoend, FailedWritebackMarksTheIoendFailed) {
  Context c = one_task(fsync_op());
  State s = at_submit(c, 0b11, Errno::kEFSCORRUPTED);
  iomap_submit_ioend(s, c, 0, 0);
  EXPECT_EQ(s.io[0].blocks, 0b11);
  EXPECT_EQ(err_of(s.io[0].err), Errno::kEIO);
  EXPECT_EQ(phase(s, 0), Phase::kWbWait);
}

// filemap_write_and_wait_range skips the wait after -EIO ("the -EIO is
// special case"): straight back to the caller with the error.
TEST(IomapSubmitIoend, EioSkipsTheWait) {
  Context c = one_task(fsync_op());
  State s = at_submit(c, 0b11, Errno::kEIO);
  iomap_submit_ioend(s, c, 0, 0);
  EXPECT_EQ(phase(s, 0), Phase::kSyncCheck);
  EXPECT_EQ(err_of(s.task[0].err), Errno::kEIO);
}

// errno_to_blk_status keeps the errnos listed in
// blk_errors[] (block/blk-core.c): -EAGAIN -> BLK_STS_AGAIN, -ENOSPC ->
// BLK_STS_NOSPC, and blk_status_to_errno maps them back. xfs_end_ioend then
// calls iomap_finish_ioends(ioend, -EAGAIN / -ENOSPC), and
// iomap_finish_folio_write -> mapping_set_error records that errno (AS_ENOSPC
// for -ENOSPC), not -EIO.
TEST(IomapSubmitIoend, CompletionErrorKeepsEagainAndEnospc) {
  Context c = one_task(fsync_op());
  State s = at_submit(c, 0b1, Errno::kEAGAIN);
  iomap_submit_ioend(s, c, 0, 0);
  xfs_end_ioend(s, c, 0, 0);
  EXPECT_EQ(errseq_errno(s.wb_err), Errno::kEAGAIN);
  State n = at_submit(c, 0b1, Errno::kENOSPC);
  iomap_submit_ioend(n, c, 0, 0);
  xfs_end_ioend(n, c, 0, 0);
  EXPECT_EQ(errseq_errno(n.wb_err), Errno::kENOSPC);
  EXPECT_EQ(n.as_enospc, 1);
  EXPECT_EQ(n.as_eio, 0);
}

// __filemap_fdatawait_range over folios 0..1, one per step, then back to the
// caller's phase with the writeback's first error; the writeback locals are
// cleared.
TEST(FilemapFdatawaitRange, WalksTheRangeThenReturnsFirstError) {
  Context c = one_task(fsync_op());
  State s = at_submit(c, 0, Errno::kEFSCORRUPTED);
  s.task[0].folio = 0;
  set_phase(s.task[0], Phase::kWbWait);
  filemap_fdatawait_range(s, c, 0, 0);
  EXPECT_EQ(s.task[0].folio, 1);
  EXPECT_EQ(phase(s, 0), Phase::kWbWait);
  filemap_fdatawait_range(s, c, 0, 0);
  EXPECT_EQ(phase(s, 0), Phase::kSyncCheck);
  EXPECT_EQ(err_of(s.task[0].err), Errno::kEFSCORRUPTED);
  EXPECT_EQ(s.task[0].wb_err, 0);
  EXPECT_EQ(s.task[0].wb_last, 0);
}

State in_flight(const Context& c, uint16_t mask, Errno err) {
  State s = fresh();
  for (int b = 0; b < c.nblocks; ++b) {
    if (!(mask >> b & 1)) continue;
    set_extent(s, b, K::kUnwritten);
    s.block[b].cache_ver = 3;
    s.block[b].io_ver = 3;
    s.folio[c.folio_of(b)].present = 1;
    s.folio[c.folio_of(b)].writeback = 1;
  }
  s.io[0] = {mask, static_cast<uint8_t>(err), 0};
  return s;
}

// Success: the data is on disk (disk_ver = io_ver), xfs_iomap_write_unwritten
// converts the unwritten extents (if_seq bump), folio_end_writeback.
TEST(XfsEndIoend, SuccessConvertsUnwrittenAndEndsWriteback) {
  Context c = one_task(fsync_op());
  State s = in_flight(c, 0b11, Errno::kOk);
  s.task[1].map_valid = 1;
  xfs_end_ioend(s, c, 0, 0);
  EXPECT_EQ(extent_at(s, 0), K::kWritten);
  EXPECT_EQ(extent_at(s, 1), K::kWritten);
  EXPECT_EQ(s.block[0].disk_ver, 3);
  EXPECT_EQ(s.block[0].io_ver, 0);
  EXPECT_EQ(s.folio[0].writeback, 0);
  EXPECT_EQ(s.io[0].blocks, 0);
  EXPECT_EQ(s.task[1].map_valid, 0);
  EXPECT_EQ(s.wb_err, 0);
}

// Error on a data-fork (non-COW) ioend: xfs_end_ioend goes to `done` without
// touching extents (they stay unwritten: reads give zeros), nothing reaches
// disk; iomap_finish_folio_write records -EIO and ends writeback.
TEST(XfsEndIoend, ErrorLeavesExtentsAndRecordsEio) {
  Context c = one_task(fsync_op());
  State s = in_flight(c, 0b11, Errno::kEIO);
  xfs_end_ioend(s, c, 0, 0);
  EXPECT_EQ(extent_at(s, 0), K::kUnwritten);
  EXPECT_EQ(s.block[0].disk_ver, 0);
  EXPECT_EQ(s.block[0].io_ver, 0);
  EXPECT_EQ(s.folio[0].writeback, 0);
  EXPECT_EQ(errseq_errno(s.wb_err), Errno::kEIO);
  EXPECT_EQ(s.as_eio, 1);
  EXPECT_EQ(s.io[0].blocks, 0);
  EXPECT_EQ(s.io[0].err, 0);
}

// A device error (faults.io) on a healthy ioend behaves the same way.
TEST(XfsEndIoend, IoFaultFailsAHealthyIoend) {
  Faults f;
  f.io = FaultMode::kNondet;
  Context c = one_task(fsync_op(), Policy{}, f);
  State s = in_flight(c, 0b1, Errno::kOk);
  EXPECT_EQ(end_ioend_outcomes(s, c, 0), 2);
  xfs_end_ioend(s, c, 0, 1);
  EXPECT_EQ(extent_at(s, 0), K::kUnwritten);
  EXPECT_EQ(errseq_errno(s.wb_err), Errno::kEIO);
  State failed = in_flight(c, 0b1, Errno::kEIO);
  EXPECT_EQ(end_ioend_outcomes(failed, c, 0), 1);  // already failed at submission
}

// ============================== direct I/O =================================

// xfs_file_dio_write_aligned: IOLOCK_SHARED, then filemap_write_and_wait_range
// over the write's folios ([4096, 8192) = folio 1).
TEST(DioWriteLock, SharedIolockThenFlushOfTheRange) {
  Context c = one_task(dio_op(4096, 4096));
  State s = fresh();
  xfs_file_dio_write_lock(s, c, 0, 0);
  EXPECT_EQ(s.iolock_shared, 1);
  EXPECT_EQ(s.iolock_excl, 0);
  EXPECT_EQ(s.task[0].iolock, 1);
  EXPECT_EQ(s.task[0].wb_first, 1);
  EXPECT_EQ(s.task[0].wb_last, 1);
  EXPECT_EQ(static_cast<Phase>(s.task[0].wb_ret), Phase::kDioCheckErrors);
  EXPECT_EQ(phase(s, 0), Phase::kWbTag);
}

State at_dio_check(const Context& c) {
  State s = fresh();
  xfs_file_dio_write_lock(s, c, 0, 0);
  set_phase(s.task[0], Phase::kDioCheckErrors);
  return s;
}

// A flush error fails the direct write with that error (≤6.5: `if (ret) goto
// out_free_dio`); IOLOCK_SHARED is dropped.
TEST(FilemapCheckErrors, FlushErrorFailsTheDio) {
  Context c = one_task(dio_op(4096, 4096));
  State s = at_dio_check(c);
  s.task[0].err = static_cast<uint8_t>(Errno::kEFSCORRUPTED);
  filemap_check_errors(s, c, 0, 0);
  EXPECT_EQ(err_of(s.task[0].ret), Errno::kEFSCORRUPTED);
  EXPECT_EQ(s.iolock_shared, 0);
  EXPECT_EQ(s.task[0].iolock, 0);
  EXPECT_EQ(phase(s, 0), Phase::kDone);
}

// filemap_check_errors tests AS_ENOSPC then AS_EIO, so with both set -EIO
// wins; both bits are cleared.
TEST(FilemapCheckErrors, AsFlagsFailTheDioEioWins) {
  Context c = one_task(dio_op(4096, 4096));
  State s = at_dio_check(c);
  s.as_eio = s.as_enospc = 1;
  filemap_check_errors(s, c, 0, 0);
  EXPECT_EQ(err_of(s.task[0].ret), Errno::kEIO);
  EXPECT_EQ(s.as_eio, 0);
  EXPECT_EQ(s.as_enospc, 0);
}

TEST(FilemapCheckErrors, AsEnospcAloneGivesEnospc) {
  Context c = one_task(dio_op(4096, 4096));
  State s = at_dio_check(c);
  s.as_enospc = 1;
  filemap_check_errors(s, c, 0, 0);
  EXPECT_EQ(err_of(s.task[0].ret), Errno::kENOSPC);
}

// No error: on to invalidate_inode_pages2_range from the first folio.
TEST(FilemapCheckErrors, CleanFlushGoesOnToInvalidate) {
  Context c = one_task(dio_op(4096, 4096));
  State s = at_dio_check(c);
  filemap_check_errors(s, c, 0, 0);
  EXPECT_EQ(s.task[0].folio, 1);
  EXPECT_EQ(phase(s, 0), Phase::kDioInvalidate);
  EXPECT_EQ(s.iolock_shared, 1);
}

State at_invalidate(const Context& c, int folio) {
  State s = at_dio_check(c);
  s.task[0].folio = static_cast<uint8_t>(folio);
  set_phase(s.task[0], Phase::kDioInvalidate);
  return s;
}

// A clean folio is released (iomap_release_folio) and removed from the cache
// with its per-block state; the range is done, so xfs_direct_write_iomap_begin
// for fsb 4-7 comes next.
TEST(InvalidateInodePages2Range, DropsCleanFolio) {
  Context c = one_task(dio_op(4096, 4096));
  State s = at_invalidate(c, 1);
  cached_folio(s, c, 1, /*dirty=*/false, /*ver=*/5);
  invalidate_inode_pages2_range(s, c, 0, 0);
  EXPECT_EQ(s.folio[1].present, 0);
  EXPECT_EQ(s.folio[1].locked_by, 0);
  EXPECT_EQ(s.block[4].uptodate, 0);
  EXPECT_EQ(s.block[4].cache_ver, 0);
  EXPECT_EQ(s.task[0].cur, 4);
  EXPECT_EQ(s.task[0].end, 8);
  EXPECT_EQ(phase(s, 0), Phase::kDioIomapBegin);
}

// A dirty folio cannot be released (-EBUSY): the range fails, __iomap_dio_rw
// returns -ENOTBLK and xfs_file_write_iter falls back to
// xfs_file_buffered_write, after IOLOCK_SHARED is dropped.
TEST(InvalidateInodePages2Range, DirtyFolioFallsBackToBufferedWrite) {
  Context c = one_task(dio_op(4096, 4096));
  State s = at_invalidate(c, 1);
  cached_folio(s, c, 1, /*dirty=*/true);
  invalidate_inode_pages2_range(s, c, 0, 0);
  EXPECT_EQ(s.folio[1].present, 1);
  EXPECT_EQ(s.folio[1].dirty, 1);
  EXPECT_EQ(s.folio[1].locked_by, 0);
  EXPECT_EQ(s.iolock_shared, 0);
  EXPECT_EQ(s.task[0].iolock, 0);
  EXPECT_EQ(s.task[0].err, 0);
  EXPECT_EQ(s.task[0].op, 0);  // the same write(2), now buffered
  EXPECT_EQ(phase(s, 0), Phase::kWriteLock);
}

// The failure does not stop the walk: a dirty folio 0 and a clean folio 1 in
// [0, 8192): folio 1 is still dropped, then the fallback happens.
TEST(InvalidateInodePages2Range, WalkContinuesPastADirtyFolio) {
  Context c = one_task(dio_op(0, 8192));
  State s = at_invalidate(c, 0);
  cached_folio(s, c, 0, /*dirty=*/true);
  cached_folio(s, c, 1, /*dirty=*/false);
  invalidate_inode_pages2_range(s, c, 0, 0);
  EXPECT_EQ(s.task[0].folio, 1);
  EXPECT_EQ(phase(s, 0), Phase::kDioInvalidate);
  invalidate_inode_pages2_range(s, c, 0, 0);
  EXPECT_EQ(s.folio[0].present, 1);
  EXPECT_EQ(s.folio[1].present, 0);
  EXPECT_EQ(phase(s, 0), Phase::kWriteLock);
}

// folio_wait_writeback with the folio lock held, then the release.
TEST(InvalidateInodePages2Range, WaitsForWritebackWithLockHeld) {
  Context c = one_task(dio_op(4096, 4096));
  State s = at_invalidate(c, 1);
  cached_folio(s, c, 1, /*dirty=*/false);
  s.folio[1].writeback = 1;
  invalidate_inode_pages2_range(s, c, 0, 0);
  EXPECT_EQ(s.folio[1].locked_by, 1);
  EXPECT_EQ(phase(s, 0), Phase::kDioInvalidateWait);
  s.folio[1].writeback = 0;
  invalidate_wait_writeback(s, c, 0, 0);
  EXPECT_EQ(s.folio[1].present, 0);
  EXPECT_EQ(phase(s, 0), Phase::kDioIomapBegin);
}

// An uncached index has nothing to invalidate.
TEST(InvalidateInodePages2Range, AbsentFolioIsSkipped) {
  Context c = one_task(dio_op(4096, 4096));
  State s = at_invalidate(c, 1);
  invalidate_inode_pages2_range(s, c, 0, 0);
  EXPECT_EQ(s.folio[1].locked_by, 0);
  EXPECT_EQ(phase(s, 0), Phase::kDioIomapBegin);
}

State at_dio_iomap_begin(uint16_t fdblocks) {
  State s = fresh(fdblocks);
  s.iolock_shared = 1;
  s.task[0].iolock = 1;
  s.task[0].cur = 4;
  s.task[0].end = 8;
  set_phase(s.task[0], Phase::kDioIomapBegin);
  return s;
}

// Holes need xfs_iomap_write_direct: unwritten extents (4 blocks, 64 -> 60).
TEST(XfsDirectWriteIomapBegin, AllocatesUnwritten) {
  Context c = one_task(dio_op(4096, 4096));
  State s = at_dio_iomap_begin(64);
  xfs_direct_write_iomap_begin(s, c, 0, 0);
  for (int b = 4; b < 8; ++b) EXPECT_EQ(extent_at(s, b), K::kUnwritten) << b;
  EXPECT_EQ(s.fdblocks, 60);
  EXPECT_EQ(phase(s, 0), Phase::kDioEndIo);
}

// The allocation fails (alloc fault): the write fails with the scenario's
// errno, extents unchanged, IOLOCK_SHARED dropped.
TEST(XfsDirectWriteIomapBegin, AllocFaultFailsTheWrite) {
  Context c = one_task(dio_op(4096, 4096), Policy{}, alloc_fault(FaultMode::kAlways));
  State s = at_dio_iomap_begin(64);
  xfs_direct_write_iomap_begin(s, c, 0, 0);
  EXPECT_EQ(err_of(s.task[0].ret), Errno::kEFSCORRUPTED);
  EXPECT_EQ(extent_at(s, 4), K::kHole);
  EXPECT_EQ(s.fdblocks, 64);
  EXPECT_EQ(s.iolock_shared, 0);
}

// The fault only matters when something must be allocated: an all-real range
// has one outcome; a range with a hole has two under nondet.
TEST(XfsDirectWriteIomapBegin, OutcomesOnlyWhenAllocating) {
  Context c = one_task(dio_op(4096, 4096), Policy{}, alloc_fault(FaultMode::kNondet));
  State s = at_dio_iomap_begin(64);
  EXPECT_EQ(dio_iomap_begin_outcomes(s, c, 0), 2);
  for (int b = 4; b < 8; ++b) set_extent(s, b, K::kWritten);
  EXPECT_EQ(dio_iomap_begin_outcomes(s, c, 0), 1);
}

// Not enough free blocks for 4 holes: -ENOSPC.
TEST(XfsDirectWriteIomapBegin, EnospcFailsTheWrite) {
  Context c = one_task(dio_op(4096, 4096));
  State s = at_dio_iomap_begin(3);
  xfs_direct_write_iomap_begin(s, c, 0, 0);
  EXPECT_EQ(err_of(s.task[0].ret), Errno::kENOSPC);
  EXPECT_EQ(extent_at(s, 4), K::kHole);
}

// xfs_dio_write_end_io on success: the data is on disk, unwritten -> written,
// i_size grows to the end of the write (8192); write() returns success.
TEST(XfsDioWriteEndIo, SuccessWritesAndConvertsAndGrowsISize) {
  Context c = one_task(dio_op(4096, 4096));
  State s = at_dio_iomap_begin(64);
  xfs_direct_write_iomap_begin(s, c, 0, 0);
  xfs_dio_write_end_io(s, c, 0, 0);
  for (int b = 4; b < 8; ++b) {
    EXPECT_EQ(extent_at(s, b), K::kWritten) << b;
    EXPECT_EQ(s.block[b].disk_ver, c.version[0][0]) << b;
  }
  EXPECT_EQ(s.i_size, 8192u);
  EXPECT_EQ(err_of(s.task[0].ret), Errno::kOk);
  EXPECT_EQ(s.iolock_shared, 0);
}

// An I/O error: -EIO, the extents stay unwritten, i_size unchanged.
TEST(XfsDioWriteEndIo, IoErrorLeavesUnwritten) {
  Faults f;
  f.io = FaultMode::kAlways;
  Context c = one_task(dio_op(4096, 4096), Policy{}, f);
  State s = at_dio_iomap_begin(64);
  xfs_direct_write_iomap_begin(s, c, 0, 0);
  xfs_dio_write_end_io(s, c, 0, 0);
  EXPECT_EQ(err_of(s.task[0].ret), Errno::kEIO);
  EXPECT_EQ(extent_at(s, 4), K::kUnwritten);
  EXPECT_EQ(s.block[4].disk_ver, 0);
  EXPECT_EQ(s.i_size, 0u);
}

// =============================== teardown ==================================

// The teardown actor is task ntasks (1 here); its program is sync_fs, evict,
// unmount.
constexpr int kTeardown = 1;

// sync_filesystem: WB_SYNC_ALL writeback of every folio; the error goes to
// nobody (the writeback returns straight to finish_op).
TEST(SyncFilesystem, WritesBackTheWholeFile) {
  Context c = one_task(fsync_op());
  State s = fresh();
  sync_filesystem(s, c, kTeardown, 0);
  EXPECT_EQ(s.task[kTeardown].wb_first, 0);
  EXPECT_EQ(s.task[kTeardown].wb_last, 1);
  EXPECT_EQ(static_cast<Phase>(s.task[kTeardown].wb_ret), Phase::kDone);
  EXPECT_EQ(phase(s, kTeardown), Phase::kWbTag);
}

// evict: truncate_inode_pages_final drops every folio; xfs_inactive ->
// xfs_free_eofblocks frees everything at or past XFS_B_TO_FSB(i_size 4096) =
// fsb 4: delalloc fsb 4-5 return their reservation (2), unwritten fsb 6 is
// freed (1): fdblocks 62 + 3 = 65 (the scenario's 64 free plus fsb 6, which
// came from an initial extent). Written fsb 0-3 inside EOF stay.
TEST(Evict, DropsFoliosAndFreesPostEofBlocks) {
  Context c = one_task(fsync_op());
  State s = fresh(64);
  for (int b = 0; b < 4; ++b) set_extent(s, b, K::kWritten);
  reserved(s, 4, 6);  // fdblocks 62
  set_extent(s, 6, K::kUnwritten);
  s.i_size = 4096;
  cached_folio(s, c, 0, /*dirty=*/false);
  cached_folio(s, c, 1, /*dirty=*/true);
  s.task[0].map_valid = 1;
  s.task[kTeardown].op = 1;
  set_phase(s.task[kTeardown], Phase::kEvict);
  evict(s, c, kTeardown, 0);
  for (int f = 0; f < 2; ++f) EXPECT_EQ(s.folio[f].present, 0) << f;
  EXPECT_EQ(s.block[0].uptodate, 0);
  EXPECT_EQ(s.block[0].cache_ver, 0);
  for (int b = 0; b < 4; ++b) EXPECT_EQ(extent_at(s, b), K::kWritten) << b;
  for (int b = 4; b < 8; ++b) EXPECT_EQ(extent_at(s, b), K::kHole) << b;
  EXPECT_EQ(s.i_delayed_blks, 0);
  EXPECT_EQ(s.m_delalloc_blks, 0);
  EXPECT_EQ(s.fdblocks, 65);
  EXPECT_EQ(s.evicted, 1);
  EXPECT_EQ(s.task[0].map_valid, 0);
  EXPECT_EQ(phase(s, kTeardown), Phase::kUnmount);
}

// Delalloc inside EOF is not touched by xfs_free_eofblocks: it is still
// counted when xfs_inodegc_set_reclaimable runs (the F3 assert's condition).
TEST(Evict, DelallocInsideEofSurvives) {
  Context c = one_task(fsync_op());
  State s = fresh(64);
  reserved(s, 0, 1);
  s.i_size = 4096;
  s.task[kTeardown].op = 1;
  evict(s, c, kTeardown, 0);
  EXPECT_EQ(extent_at(s, 0), K::kDelalloc);
  EXPECT_EQ(s.i_delayed_blks, 1);
  EXPECT_EQ(s.evicted, 1);
}

// xfs_inactive frees post-EOF blocks only if
// xfs_can_free_eofblocks(ip, true), which returns false for "Zero sized files
// with no cached pages and delalloc blocks" (i_size == 0, nrpages == 0 after
// truncate_inode_pages_final, i_delayed_blks == 0), and also when the first
// mapping past EOF is a hole and i_delayed_blks == 0. Unwritten fsb 0-3 left
// by a failed direct write on an empty file therefore stay allocated.
TEST(Evict, ZeroSizeFileWithoutDelallocKeepsItsBlocks) {
  Context c = one_task(fsync_op());
  State s = fresh(60);
  for (int b = 0; b < 4; ++b) set_extent(s, b, K::kUnwritten);
  s.i_size = 0;
  s.task[kTeardown].op = 1;
  evict(s, c, kTeardown, 0);
  for (int b = 0; b < 4; ++b) EXPECT_EQ(extent_at(s, b), K::kUnwritten) << b;
  EXPECT_EQ(s.fdblocks, 60);
}

// xfs_unmountfs: the mount is gone; the teardown program is over.
TEST(Unmount, SetsUnmountedAndEndsTheProgram) {
  Context c = one_task(fsync_op());
  State s = fresh();
  s.task[kTeardown].op = 2;
  xfs_unmountfs(s, c, kTeardown, 0);
  EXPECT_EQ(s.unmounted, 1);
  EXPECT_EQ(s.task[kTeardown].op, 3);
  EXPECT_EQ(phase(s, kTeardown), Phase::kDone);
}

}  // namespace
}  // namespace wbcheck::model
