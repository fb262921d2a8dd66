// WbModel as a transition system (actions in a fixed order, apply), and the
// errseq helpers of model/errseq.h against lib/errseq.c. Geometry: 1 KiB
// blocks, 4 KiB folios, 8 blocks. Expected actions and states are worked out
// by hand from the step definitions' kernel semantics (see *_steps_test.cc).
#include "model/wb_model.h"

#include <optional>
#include <ostream>
#include <vector>

#include "gtest/gtest.h"
#include "model/errno.h"
#include "model/phase_names.h"
#include "model/errseq.h"
#include "model/expr.h"
#include "model/extent_map.h"
#include "model/policy.h"
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

Policy discard_policy(const char* end) {
  Policy p;
  p.name = "unit";
  p.hooks[static_cast<int>(Hook::kOnMapFailure)] = {
      Primitive{PrimitiveKind::kPunchDelalloc, *Expr::parse("pos"), *Expr::parse(end), std::nullopt},
      Primitive{PrimitiveKind::kSetMappingError, std::nullopt, std::nullopt, std::nullopt}};
  return p;
}
Policy linux_6_2() { return discard_policy("round_up(pos, folio_size)"); }
Policy linux_6_3() { return discard_policy("folio_pos + folio_size"); }

WbModel make_model(std::vector<TaskProgram> tasks, Faults faults = {}, Policy policy = linux_6_3()) {
  Scenario sc;
  sc.name = "wb-model-unit";
  sc.faults = faults;
  sc.tasks = std::move(tasks);
  absl::StatusOr<WbModel> m = WbModel::create(std::move(sc), std::move(policy));
  EXPECT_TRUE(m.ok()) << m.status();
  return *std::move(m);
}

std::vector<Action> actions_of(const WbModel& m, const State& s) {
  std::vector<Action> out;
  m.actions(s, out);
  return out;
}

// Actions as (task, choice, io) triples, for readable comparisons.
struct A3 {
  int task, choice, io;
  bool operator==(const A3&) const = default;
};
std::vector<A3> triples(const std::vector<Action>& v) {
  std::vector<A3> out;
  for (const Action& a : v) out.push_back({a.task, a.choice, a.io});
  return out;
}
void PrintTo(const A3& a, std::ostream* os) { *os << "{" << a.task << "," << a.choice << "," << a.io << "}"; }

// Applies task t's first enabled step (choice 0) `n` times; fails the test if
// the task has no step at some point.
State step(const WbModel& m, State s, int t, int n = 1) {
  for (int i = 0; i < n; ++i) {
    bool found = false;
    for (const Action& a : actions_of(m, s)) {
      if (a.task == t && !a.io) {
        s = m.apply(s, a);
        found = true;
        break;
      }
    }
    EXPECT_TRUE(found) << "task " << t << " has no step at step " << i;
    if (!found) break;
  }
  return s;
}

Phase phase(const State& s, int t) { return phase_of(s.task[t]); }

// ================================ initial state ================================

// Each actor starts at its first op's first phase with that phase's wait:
// a write waits for IOLOCK_EXCL, fsync's first step is the writeback of the
// whole file, the teardown actor waits for every task.
TEST(WbModelInitialState, EntersEveryActorsFirstOp) {
  Scenario sc;
  sc.name = "init";
  sc.free_blocks = 20;
  sc.initial_size = 2048;
  sc.initial_extents = {K::kWritten, K::kWritten};
  sc.tasks = {TaskProgram{"A", {write_op(0, 1024)}}, TaskProgram{"B", {fsync_op()}}};
  absl::StatusOr<WbModel> m = WbModel::create(sc, linux_6_3());
  ASSERT_TRUE(m.ok()) << m.status();
  State s = m->initial_state();
  EXPECT_EQ(s.fdblocks, 20);
  EXPECT_EQ(s.i_size, 2048u);
  EXPECT_EQ(extent_at(s, 1), K::kWritten);
  EXPECT_EQ(extent_at(s, 2), K::kHole);
  EXPECT_EQ(phase(s, 0), Phase::kWriteLock);
  EXPECT_EQ(static_cast<Wait>(s.task[0].wait), Wait::kIolockExcl);
  EXPECT_EQ(phase(s, 1), Phase::kWbTag);
  EXPECT_EQ(s.task[1].wb_last, 1);
  EXPECT_EQ(static_cast<Phase>(s.task[1].wb_ret), Phase::kSyncCheck);
  EXPECT_EQ(phase(s, 2), Phase::kSyncFs);
  EXPECT_EQ(static_cast<Wait>(s.task[2].wait), Wait::kTasksDone);
}

// ================================== actions ====================================

// Two writers, both free to take IOLOCK: one action each, in task order; the
// teardown actor (task 2) waits for them.
TEST(WbModelActions, TaskStepsInTaskOrder) {
  WbModel m = make_model({TaskProgram{"A", {write_op(0, 1024)}}, TaskProgram{"B", {write_op(4096, 1024)}}});
  State s = m.initial_state();
  EXPECT_EQ(triples(actions_of(m, s)), (std::vector<A3>{{0, 0, 0}, {1, 0, 0}}));
}

// Once A holds IOLOCK_EXCL, B's write (waiting for IOLOCK_EXCL) and a direct
// write (waiting for IOLOCK not held exclusive) have no action.
TEST(WbModelActions, IolockExclBlocksOtherWritersAndDio) {
  WbModel m = make_model({TaskProgram{"A", {write_op(0, 1024)}}, TaskProgram{"B", {write_op(4096, 1024)}},
                          TaskProgram{"C", {dio_op(4096, 4096)}}});
  State s = m.initial_state();
  EXPECT_EQ(triples(actions_of(m, s)), (std::vector<A3>{{0, 0, 0}, {1, 0, 0}, {2, 0, 0}}));
  s = step(m, s, 0);
  EXPECT_EQ(s.iolock_excl, 1);
  EXPECT_EQ(triples(actions_of(m, s)), (std::vector<A3>{{0, 0, 0}}));
}

// A shared holder (direct write) blocks a buffered writer (IOLOCK_EXCL) but
// not another direct writer.
TEST(WbModelActions, IolockSharedBlocksOnlyExclusive) {
  WbModel m = make_model({TaskProgram{"D", {dio_op(0, 4096)}}, TaskProgram{"W", {write_op(4096, 1024)}},
                          TaskProgram{"E", {dio_op(4096, 4096)}}});
  State s = step(m, m.initial_state(), 0);
  EXPECT_EQ(s.iolock_shared, 1);
  EXPECT_EQ(triples(actions_of(m, s)), (std::vector<A3>{{0, 0, 0}, {2, 0, 0}}));
}

// I/O completions come after every task's program step, in ioend slot order
// (slots are sorted by block mask, largest first: B's fsb 4 before A's fsb 0).
TEST(WbModelActions, CompletionsAfterProgramSteps) {
  WbModel m = make_model({TaskProgram{"A", {write_op(0, 1024)}}, TaskProgram{"B", {write_op(4096, 1024)}}});
  State s = m.initial_state();
  s.io[0] = {0b10000, 0, 1};
  s.io[1] = {0b1, 0, 0};
  EXPECT_EQ(triples(actions_of(m, s)), (std::vector<A3>{{0, 0, 0}, {1, 0, 0}, {0, 0, 1}, {1, 0, 1}}));
}

// faults.io nondet: a healthy in-flight ioend completes with success (0) or
// -EIO (1); an ioend already failed at submission has one completion.
TEST(WbModelActions, NondetIoFaultGivesTwoCompletions) {
  Faults f;
  f.io = FaultMode::kNondet;
  WbModel m = make_model({TaskProgram{"A", {fsync_op()}}}, f);
  State s = m.initial_state();
  s.io[0] = {0b1, 0, 0};
  std::vector<A3> acts = triples(actions_of(m, s));
  EXPECT_EQ(acts, (std::vector<A3>{{0, 0, 0}, {0, 0, 1}, {0, 1, 1}}));
  s.io[0].err = static_cast<uint8_t>(Errno::kEIO);
  EXPECT_EQ(triples(actions_of(m, s)), (std::vector<A3>{{0, 0, 0}, {0, 0, 1}}));
}

// Conversion of delalloc with a nondeterministic allocation fault: two
// actions of the same task, choice 0 (allocation succeeds) and 1 (fails).
TEST(WbModelActions, NondetAllocFaultGivesTwoActions) {
  WbModel m = make_model({TaskProgram{"A", {fsync_op()}}}, Faults{FaultMode::kNondet});
  State s = m.initial_state();
  set_extent(s, 0, K::kDelalloc);
  s.i_delayed_blks = s.m_delalloc_blks = 1;
  s.fdblocks = 63;
  s.i_size = 1024;
  s.folio[0] = FolioState{1, 1, 1, 0, 0};  // present, locked by A, uptodate, cleaned
  s.block[0].uptodate = 1;
  s.task[0].folio = 0;
  s.task[0].cur = 0;
  s.task[0].end = 1;
  set_phase(s.task[0], Phase::kWbConvert);
  refresh_wait(s, m.context(), 0);
  EXPECT_EQ(triples(actions_of(m, s)), (std::vector<A3>{{0, 0, 0}, {0, 1, 0}}));
  State ok = m.apply(s, {0, 0, 0});
  EXPECT_EQ(extent_at(ok, 0), K::kUnwritten);
  State failed = m.apply(s, {0, 1, 0});
  EXPECT_EQ(err_of(failed.task[0].wb_err), Errno::kEFSCORRUPTED);
  EXPECT_EQ(phase(failed, 0), Phase::kWbHook);
}

// sync_filesystem at unmount waits for every scenario task to finish.
TEST(WbModelActions, TeardownOnlyAfterAllTasksDone) {
  WbModel m = make_model({TaskProgram{"A", {fsync_op()}}, TaskProgram{"B", {fsync_op()}}});
  State s = m.initial_state();
  s.task[0].op = 1;  // A finished
  set_phase(s.task[0], Phase::kDone);
  EXPECT_EQ(triples(actions_of(m, s)), (std::vector<A3>{{1, 0, 0}}));
  s.task[1].op = 1;  // B finished too
  set_phase(s.task[1], Phase::kDone);
  EXPECT_EQ(triples(actions_of(m, s)), (std::vector<A3>{{2, 0, 0}}));
}

// truncate_inode_pages_final waits for writeback: evict has no action while
// any ioend is in flight; the completion is still there.
TEST(WbModelActions, EvictWaitsForInflightIo) {
  WbModel m = make_model({TaskProgram{"A", {fsync_op()}}});
  State s = m.initial_state();
  s.task[0].op = 1;
  set_phase(s.task[0], Phase::kDone);
  s.io[0] = {0b1, 0, 0};
  s.task[1].op = 1;  // teardown: sync_fs done, evict next
  set_phase(s.task[1], Phase::kEvict);
  refresh_wait(s, m.context(), 1);
  EXPECT_EQ(triples(actions_of(m, s)), (std::vector<A3>{{0, 0, 1}}));
  s = m.apply(s, {0, 0, 1});
  EXPECT_EQ(triples(actions_of(m, s)), (std::vector<A3>{{1, 0, 0}}));
}

// A writer whose next step is iomap_write_begin on a folio that a writeback
// holds locked has no action until the writeback unlocks it.
//   A: write [0, 1024) (4 steps: lock, iomap_begin, write_begin, write_end),
//   B: fsync: tag, lock folio 0 (now locked by B, mapping fsb 0),
//   A: second write: lock, iomap_begin (fsb 0 delalloc, mapped as is), and
//      iomap_write_begin now waits for folio 0.
//   B: map fsb 0 (delalloc -> convert), convert (allocation succeeds), map
//      (no block left: finish the folio with count 1, unlock) -> A can run.
TEST(WbModelActions, TaskWaitingOnLockedFolioHasNoAction) {
  WbModel m = make_model({TaskProgram{"A", {write_op(0, 1024), write_op(0, 1024)}}, TaskProgram{"B", {fsync_op()}}});
  State s = step(m, m.initial_state(), 0, 4);
  ASSERT_EQ(s.task[0].op, 1);
  s = step(m, s, 1, 2);
  ASSERT_EQ(s.folio[0].locked_by, 2);
  s = step(m, s, 0, 2);
  ASSERT_EQ(phase(s, 0), Phase::kWriteBegin);
  EXPECT_EQ(static_cast<Wait>(s.task[0].wait), Wait::kFolioLock);
  EXPECT_EQ(s.task[0].wait_arg, 0);
  EXPECT_EQ(triples(actions_of(m, s)), (std::vector<A3>{{1, 0, 0}}));
  s = step(m, s, 1, 3);
  EXPECT_EQ(s.folio[0].locked_by, 0);
  EXPECT_EQ(s.folio[0].writeback, 1);
  EXPECT_EQ(phase(s, 1), Phase::kWbSubmit);
  EXPECT_EQ(triples(actions_of(m, s)), (std::vector<A3>{{0, 0, 0}, {1, 0, 0}}));
}

// ==================================== apply ====================================

// apply never changes its input, and an I/O action runs xfs_end_ioend
// without moving the task's program.
TEST(WbModelApply, IoActionCompletesTheIoendOnly) {
  WbModel m = make_model({TaskProgram{"A", {fsync_op()}}});
  State s = m.initial_state();
  set_extent(s, 0, K::kUnwritten);
  s.folio[0].present = 1;
  s.folio[0].writeback = 1;
  s.block[0].io_ver = 4;
  s.io[0] = {0b1, 0, 0};
  State before = s;
  State n = m.apply(s, {0, 0, 1});
  EXPECT_EQ(s.io[0].blocks, before.io[0].blocks);
  EXPECT_EQ(n.io[0].blocks, 0);
  EXPECT_EQ(n.folio[0].writeback, 0);
  EXPECT_EQ(n.block[0].disk_ver, 4);
  EXPECT_EQ(extent_at(n, 0), K::kWritten);
  EXPECT_EQ(phase(n, 0), phase(s, 0));
}

// Bug 217030 in one task (kernel-notes §1), linux-6.2. A: O_SYNC write of
// [0, 5120), every allocation fails. Steps, by hand:
//   1 lock, 2 iomap_begin (delalloc fsb 0-4), 3 write_begin f0, 4 write_end
//   f0, 5 write_begin f1, 6 write_end f1 (IOLOCK dropped, writeback of f0-f1),
//   7 tag {f0, f1}, 8 lock f0, 9 map fsb 0 (delalloc), 10 convert fails,
//   11 punch [0, 0) -> fsb 0-4 (fsb 4 escapes into unlocked f1),
//   12 mapping_set_error, f0 unlocked, 13 lock f1, 14 map fsb 4: a hole now,
//   skipped (F2), 15 nothing left in f1 (count 0), nothing to submit,
//   16-17 wait f0, f1, 18 file_check_and_advance_wb_err: the flush's error.
TEST(WbModelScenario, Linux62PunchEscapesAndSkipsTheNeighbour) {
  WbModel m = make_model({TaskProgram{"A", {write_op(0, 5120, /*sync=*/true)}}}, Faults{FaultMode::kAlways},
                         linux_6_2());
  State s = m.initial_state();
  s = step(m, s, 0, 10);
  EXPECT_EQ(phase(s, 0), Phase::kWbHook);
  s = step(m, s, 0, 1);
  EXPECT_EQ(s.discard_escaped, 1);
  EXPECT_EQ(extent_at(s, 4), K::kHole);
  EXPECT_EQ(s.folio[1].dirty, 1);  // dirty data with nothing behind it (I1 broken)
  s = step(m, s, 0, 7);
  EXPECT_EQ(phase(s, 0), Phase::kDone);
  EXPECT_EQ(err_of(s.task[0].ret), Errno::kEFSCORRUPTED);
  EXPECT_EQ(s.warned_convert, 0);  // no concurrent writeback of f1 in this run
  EXPECT_EQ(s.i_delayed_blks, 0);
  EXPECT_EQ(s.fdblocks, 64);
  EXPECT_EQ(s.folio[1].dirty, 0);
  EXPECT_EQ(s.folio[1].writeback, 0);
  EXPECT_EQ(s.block[4].disk_ver, 0);  // the write of fsb 4 never reached the disk
  EXPECT_EQ(s.io[0].blocks, 0);
}

// The same run with linux-6.3: step 11 punches [0, 4096) only; folio 1's
// writeback then finds fsb 4 still delalloc (14 map, 15 convert fails,
// 16 punch [4096, 8192) narrowed to fsb 4, behind the locked folio 1,
// 17 mapping_set_error, folio 1 finished), 18-19 wait, 20 check: 20 steps.
TEST(WbModelScenario, Linux63PunchStaysInEachFolio) {
  WbModel m = make_model({TaskProgram{"A", {write_op(0, 5120, /*sync=*/true)}}}, Faults{FaultMode::kAlways},
                         linux_6_3());
  State s = m.initial_state();
  s = step(m, s, 0, 11);
  EXPECT_EQ(s.discard_escaped, 0);
  EXPECT_EQ(extent_at(s, 4), K::kDelalloc);
  EXPECT_EQ(s.i_delayed_blks, 1);
  s = step(m, s, 0, 8);
  EXPECT_EQ(phase(s, 0), Phase::kSyncCheck);
  s = step(m, s, 0, 1);
  EXPECT_EQ(phase(s, 0), Phase::kDone);
  EXPECT_EQ(err_of(s.task[0].ret), Errno::kEFSCORRUPTED);
  EXPECT_EQ(s.discard_escaped, 0);
  EXPECT_EQ(s.i_delayed_blks, 0);
  EXPECT_EQ(s.fdblocks, 64);
}

// After a writeback that returned -EIO,
// filemap_write_and_wait_range skips the wait, so the task can start another
// writeback while its first ioend is still in flight; the kernel has no limit
// of one ioend per task. Here A's O_SYNC write of folio 0 maps unwritten
// fsb 0-1 and then fails on fsb 2 with -EIO (alloc_errno EIO): the ioend
// {0, 1} is failed and in flight, write() returns EIO without waiting. A then
// writes folio 1 (unwritten fsb 4-7, no allocation) and fsyncs: folio 1 is
// mapped into a new ioend and submitted while the first is still in flight.
// Both ioends are in flight at once, each in its own slot.
TEST(WbModelScenario, SecondIoendWhileFirstInFlightAfterEio) {
  Scenario sc;
  sc.name = "eio-twice";
  sc.initial_extents = {K::kUnwritten, K::kUnwritten, K::kHole, K::kHole,
                        K::kUnwritten, K::kUnwritten, K::kUnwritten, K::kUnwritten};
  sc.faults = Faults{FaultMode::kAlways, Errno::kEIO};
  sc.tasks = {TaskProgram{"A", {write_op(0, 4096, /*sync=*/true), write_op(4096, 4096), fsync_op()}}};
  absl::StatusOr<WbModel> m = WbModel::create(sc, linux_6_3());
  ASSERT_TRUE(m.ok());
  State s = m->initial_state();
  // write 1: lock, iomap_begin [0,2), write_begin, write_end, iomap_begin
  // (reserve fsb 2-3), write_begin, write_end -> writeback of f0; tag, lock,
  // map 0, map 1, map 2 (delalloc), convert fails (EIO), punch, set error,
  // submit {0,1} failed, no wait (EIO), check -> EIO.
  for (int i = 0; i < 40 && s.task[0].op == 0; ++i) s = step(*m, s, 0);
  ASSERT_EQ(err_of(s.task[0].ret), Errno::kEIO);
  ASSERT_EQ(s.io[0].blocks, 0b11);
  for (int i = 0; i < 40 && s.task[0].op == 1; ++i) s = step(*m, s, 0);  // write 2: folio 1 dirty
  for (int i = 0; i < 40 && phase(s, 0) != Phase::kWbSubmit; ++i) s = step(*m, s, 0);
  ASSERT_EQ(phase(s, 0), Phase::kWbSubmit);
  s = step(*m, s, 0);
  // Slots sorted by block mask, largest first: the new ioend {4-7}, then {0,1}.
  EXPECT_EQ(s.io[0].blocks, 0xf0);                 // the second submitted
  EXPECT_EQ(s.io[1].blocks, 0b11);                 // the first ioend still in flight
  EXPECT_EQ(err_of(s.io[1].err), Errno::kEIO);
}

// =================================== errseq ====================================

// errseq_set on a fresh value: the errno, not SEEN, counter 0.
TEST(Errseq, SetRecordsTheError) {
  uint16_t v = errseq_set(0, Errno::kEIO);
  EXPECT_EQ(errseq_errno(v), Errno::kEIO);
  EXPECT_EQ(v & kErrseqSeen, 0);
  EXPECT_EQ(v & ~(kErrseqErrMask | kErrseqSeen), 0);
}

// "Only increment if someone has looked at it": an unseen value keeps its
// counter (a repeat is no change at all; another errno replaces the errno).
TEST(Errseq, UnseenValueIsNotCounted) {
  uint16_t v = errseq_set(0, Errno::kEIO);
  EXPECT_EQ(errseq_set(v, Errno::kEIO), v);
  uint16_t w = errseq_set(v, Errno::kENOSPC);
  EXPECT_EQ(errseq_errno(w), Errno::kENOSPC);
  EXPECT_EQ(w & ~(kErrseqErrMask | kErrseqSeen), 0);
}

// A seen value gets a new counter value and loses SEEN.
TEST(Errseq, SeenValueIsCountedAgain) {
  uint16_t seen = static_cast<uint16_t>(errseq_set(0, Errno::kEIO) | kErrseqSeen);
  uint16_t v = errseq_set(seen, Errno::kEIO);
  EXPECT_EQ(v, (seen & ~kErrseqSeen) + kErrseqCtrInc);
  EXPECT_EQ(v & kErrseqSeen, 0);
  EXPECT_NE(v, seen);
}

// err == 0 is refused ("that would effectively clear a previous error").
TEST(Errseq, SettingNoErrorChangesNothing) {
  uint16_t v = errseq_set(0, Errno::kEIO);
  EXPECT_EQ(errseq_set(v, Errno::kOk), v);
  EXPECT_EQ(errseq_set(0, Errno::kOk), 0);
}

// errseq_sample: "If nobody has seen this error yet, then we can be the
// first" -> 0 for an unseen value, the value itself once seen.
TEST(Errseq, SampleHidesOnlySeenErrors) {
  uint16_t unseen = errseq_set(0, Errno::kEIO);
  EXPECT_EQ(errseq_sample(unseen), 0);
  uint16_t seen = static_cast<uint16_t>(unseen | kErrseqSeen);
  EXPECT_EQ(errseq_sample(seen), seen);
}

// errseq_check_and_advance: a cursor behind the value gets the errno once;
// the value is marked SEEN and the cursor moves to it. Equal -> 0, no change.
TEST(Errseq, CheckAndAdvanceReportsOncePerCursor) {
  uint16_t eseq = errseq_set(0, Errno::kEIO);
  uint16_t file_a = 0, file_b = 0;
  EXPECT_EQ(errseq_check_and_advance(&eseq, &file_a), Errno::kEIO);
  EXPECT_EQ(eseq & kErrseqSeen, kErrseqSeen);
  EXPECT_EQ(file_a, eseq);
  EXPECT_EQ(errseq_check_and_advance(&eseq, &file_a), Errno::kOk);
  EXPECT_EQ(errseq_check_and_advance(&eseq, &file_b), Errno::kEIO);  // sampled before the error
  // A file opened now samples the seen value and is not told.
  uint16_t file_c = errseq_sample(eseq);
  EXPECT_EQ(errseq_check_and_advance(&eseq, &file_c), Errno::kOk);
  // A new error after that is reported to every cursor again.
  eseq = errseq_set(eseq, Errno::kEIO);
  EXPECT_EQ(errseq_check_and_advance(&eseq, &file_a), Errno::kEIO);
  EXPECT_EQ(errseq_check_and_advance(&eseq, &file_c), Errno::kEIO);
}

}  // namespace
}  // namespace wbcheck::model
