// Shared fixtures of the model step tests, which are split by kernel path
// like model/paths/ (buffered_write_steps_test.cc, writeback_steps_test.cc,
// writeback_submit_steps_test.cc, discard_steps_test.cc,
// io_completion_steps_test.cc, dio_write_steps_test.cc,
// teardown_steps_test.cc, truncate_steps_test.cc, punch_hole_steps_test.cc,
// shutdown_steps_test.cc): contexts, fresh states, ops, policies, faults and
// states parked in the middle of writeback. Every step test runs one step
// function of model/steps.h on a small hand-built state: 1 KiB blocks, 4 KiB
// folios, 8 blocks (fsb 0-3 = folio 0, fsb 4-7 = folio 1). Expected values are
// derived from the v6.2 kernel function each step models (named in the test
// comments) and kernel-notes §1, §3, §5; none were copied from running the
// model. As in the extent-map tests (extent_map_fixtures.h), a delalloc
// reservation of n blocks moves exactly n blocks (the model has no indlen).
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "model/context.h"
#include "model/enabled.h"
#include "model/fields.h"
#include "model/errno.h"
#include "model/expr.h"
#include "model/extent_map.h"
#include "model/phase_names.h"
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

namespace steps_test {

using K = ExtentKind;

inline Op write_op(uint64_t pos, uint64_t len, bool sync = false) { return Op{OpKind::kWrite, pos, len, sync}; }
inline Op dio_op(uint64_t pos, uint64_t len) { return Op{OpKind::kDioWrite, pos, len, false}; }
inline Op fsync_op() { return Op{OpKind::kFsync, 0, 0, false}; }

inline Context make_ctx(std::vector<TaskProgram> tasks, Policy policy = {}, Faults faults = {}) {
  Scenario sc;
  sc.name = "steps-unit";
  sc.faults = faults;
  sc.tasks = std::move(tasks);
  absl::StatusOr<Context> c = make_context(std::move(sc), std::move(policy));
  EXPECT_TRUE(c.ok()) << c.status();
  return *std::move(c);
}

inline Context one_task(Op op, Policy policy = {}, Faults faults = {}) {
  return make_ctx({TaskProgram{"A", {op}}}, std::move(policy), faults);
}

inline Expr expr(const char* text) {
  absl::StatusOr<Expr> e = Expr::parse(text);
  EXPECT_TRUE(e.ok()) << text << ": " << e.status();
  return *e;
}

inline Primitive punch(const char* start, const char* end) {
  return Primitive{PrimitiveKind::kPunchDelalloc, expr(start), expr(end), std::nullopt};
}
inline Primitive set_error() {
  return Primitive{PrimitiveKind::kSetMappingError, std::nullopt, std::nullopt, std::nullopt};
}

// examples/policies/linux-6.2.json: xfs_discard_folio punches [pos, round_up(pos, folio_size)).
inline Policy linux_6_2() {
  Policy p;
  p.name = "linux-6.2";
  p.hooks[static_cast<int>(Hook::kOnMapFailure)] = {punch("pos", "round_up(pos, folio_size)"), set_error()};
  return p;
}

// examples/policies/linux-6.3.json: [pos, folio_pos + folio_size) (8ac5b996bf51).
inline Policy linux_6_3() {
  Policy p;
  p.name = "linux-6.3";
  p.hooks[static_cast<int>(Hook::kOnMapFailure)] = {punch("pos", "folio_pos + folio_size"), set_error()};
  return p;
}

inline Faults alloc_fault(FaultMode mode, Errno err = Errno::kEFSCORRUPTED) {
  Faults f;
  f.alloc = mode;
  f.alloc_errno = err;
  return f;
}

inline State fresh(uint16_t fdblocks = 64) {
  State s{};
  s.fdblocks = fdblocks;
  return s;
}

inline void reserved(State& s, int b, int e) {
  for (int i = b; i < e; ++i) set_extent(s, i, K::kDelalloc);
  s.i_delayed_blks = static_cast<uint8_t>(s.i_delayed_blks + (e - b));
  s.m_delalloc_blks = static_cast<uint8_t>(s.m_delalloc_blks + (e - b));
  s.fdblocks = static_cast<uint16_t>(s.fdblocks - (e - b));
}

inline void cached_folio(State& s, const Context& c, int f, bool dirty, uint8_t ver = 1) {
  s.folio[f].present = 1;
  s.folio[f].has_ifs = c.blocks_per_folio > 1;  // __iomap_write_begin allocated it
  s.folio[f].uptodate = 1;
  s.folio[f].dirty = dirty;
  for (int b = c.first_block(f); b < c.first_block(f) + c.blocks_per_folio; ++b) {
    s.block[b].uptodate = 1;
    s.block[b].dirty = dirty;
    s.block[b].cache_ver = ver;
  }
}

inline Phase phase(const State& s, int t) { return phase_of(s.task[t]); }

// A task in the middle of iomap_writepage_map on folio f, which it has locked
// and cleaned (folio_clear_dirty_for_io), with blocks [first, end) to map.
inline void mapping_folio(State& s, const Context& c, int t, int f, int cur, int end) {
  start_writeback(s, t, 0, c.nfolios - 1, Phase::kSyncCheck);
  s.task[t].folio = static_cast<uint8_t>(f);
  s.task[t].cur = static_cast<uint8_t>(cur);
  s.task[t].end = static_cast<uint8_t>(end);
  s.folio[f].dirty = 0;
  folio_lock(s, f, t);
  set_phase(s.task[t], Phase::kWbMap);
}

// A task at xfs_bmapi_convert_delalloc for block b of folio f, which it has
// locked and cleaned (used by the convert and on_map_failure tests).
inline State at_convert(const Context& c, int f, int b) {
  State s = fresh();
  cached_folio(s, c, f, /*dirty=*/false);
  mapping_folio(s, c, 0, f, b, c.first_block(f) + c.blocks_per_folio);
  set_phase(s.task[0], Phase::kWbConvert);
  return s;
}

// Whether task t's next step can run (the definition model/enabled.h gives).
inline bool enabled(const Context& c, const State& s, int t) { return task_enabled(ConcreteView(c, s), t); }

// Task 0 at the first step of its op, on a file of i_size bytes.
inline State starting_op(const Context& c, uint32_t i_size) {
  State s = fresh();
  s.i_size = i_size;
  enter_op(s, c, 0);
  refresh_wait(s, c, 0);
  return s;
}

// Task 0 holds IOLOCK_EXCL and MMAPLOCK_EXCL (truncate, punch hole) and is at `p`.
inline void holding_locks(State& s, const Context& c, Phase p) {
  s.iolock_excl = s.mmaplock_excl = 1;
  s.task[0].iolock = s.task[0].mmaplock = 2;
  set_phase(s.task[0], p);
  refresh_wait(s, c, 0);
}

// Task 0 dropped both locks and finished its op with `ret`.
inline void expect_unlocked_and_done(const State& s, Errno ret) {
  EXPECT_EQ(s.iolock_excl, 0);
  EXPECT_EQ(s.mmaplock_excl, 0);
  EXPECT_EQ(s.task[0].iolock, 0);
  EXPECT_EQ(s.task[0].mmaplock, 0);
  EXPECT_EQ(phase(s, 0), Phase::kDone);
  EXPECT_EQ(err_of(s.task[0].ret), ret);
}

}  // namespace steps_test
}  // namespace wbcheck::model
