// The footprints behind partial-order reduction (model/footprint.h,
// checker/por.h), checked on every reachable state of the example scenarios
// under several policies, by full enumeration:
//  - two enabled processes whose next steps are declared independent commute:
//    each stays enabled after the other, and both orders end in the same
//    state, sticky flags included;
//  - a step changes only what its footprint declares it writes (field by
//    field, plus other tasks' private state, which no step may touch except
//    through xfs_iext_inc_seq's cached-mapping bit);
//  - `all` covers `next`, and a process's own step never grows its `all`
//    (so `all` covers every step it takes later, whatever others do, since
//    it depends on its own state only);
//  - the same for `until[k]` (inside `all`), for the steps a task can take
//    while another holds hold class k: unless its next step waits for that
//    hold, `until[k]` covers it and the step does not grow `until[k]`; and a
//    task's hold classes are what it holds of IOLOCK and MMAPLOCK.
#include "model/footprint.h"

#include <cstdio>
#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>
#include <string>
#include <unordered_set>
#include <vector>

#include "gtest/gtest.h"
#include "model/fields.h"
#include "model/policy.h"
#include "model/scenario.h"
#include "model/wb_model.h"
#include "nlohmann/json.hpp"

namespace wbcheck::model {
namespace {

namespace fs = std::filesystem;

nlohmann::json read(const fs::path& p) {
  std::ifstream in(p);
  return nlohmann::json::parse(in);
}

std::string bytes(const State& s) { return std::string(reinterpret_cast<const char*>(&s), sizeof s); }

int owner(const Context& c, const Action& a) { return a.io ? c.actors() + a.task : a.task; }

// The resources a changed field instance belongs to.
uint64_t resource_of(const Context& c, Field f, int i) {
  auto block_res = [&](int folio) {
    uint64_t m = 0;
    for (int b = c.first_block(folio); b < c.first_block(folio) + c.blocks_per_folio; ++b) m |= uint64_t{1} << b;
    return m;
  };
  switch (field_info(f).arity) {
    case Arity::kPerBlock: return block_res(c.folio_of(i));
    case Arity::kPerFolio: return block_res(i);
    default: break;
  }
  switch (f) {
    case Field::kISize: return uint64_t{1} << kResISize;
    case Field::kFdblocks:
    case Field::kIDelayedBlks:
    case Field::kMDelallocBlks: return uint64_t{1} << kResAcct;
    case Field::kIolockExcl:
    case Field::kIolockShared: return uint64_t{1} << kResIolock;
    case Field::kMmaplockExcl:
    case Field::kMmaplockShared: return uint64_t{1} << kResMmaplock;
    case Field::kWbErr:
    case Field::kAsEio:
    case Field::kAsEnospc: return uint64_t{1} << kResErrseq;
    case Field::kUnreportedLoss: return uint64_t{1} << kResUnreported;
    case Field::kShutdown: return uint64_t{1} << kResShutdown;
    case Field::kSick: return uint64_t{1} << kResSick;
    default: return 0;  // sticky set-only observations, task and ioend fields: checked apart
  }
}

class Footprints : public ::testing::TestWithParam<std::string> {
 protected:
  int pairs_ = 0;  // independent pairs checked
  void check_scenario(const Scenario& sc, const Policy& policy) {
    absl::StatusOr<WbModel> m = WbModel::create(sc, policy);
    ASSERT_TRUE(m.ok()) << m.status();
    const Context& c = m->context();
    std::unordered_set<std::string> seen;
    std::deque<State> todo{m->initial_state()};
    seen.insert(bytes(todo.front()));
    std::vector<ProcessInfo> ps, ps_after;
    std::vector<Action> acts, acts_after;
    int pairs = 0;
    while (!todo.empty() && !HasFailure()) {
      State s = todo.front();
      todo.pop_front();
      process_infos(s, c, ps);
      acts.clear();
      m->actions(s, acts);
      for (const ProcessInfo& p : ps) {
        expect_covers(p.all, p.next, "all");
        for (int k = 0; k < kNumHolds; ++k) expect_covers(p.all, p.until[k], "until");
      }
      for (int t = 0; t < c.actors(); ++t) {
        const TaskState& ts = s.task[t];
        EXPECT_EQ(ps[t].holds >> kHoldIolockExcl & 1, ts.iolock == 2 ? 1u : 0u);
        EXPECT_EQ(ps[t].holds >> kHoldIolockShared & 1, ts.iolock == 1 ? 1u : 0u);
        EXPECT_EQ(ps[t].holds >> kHoldMmaplockExcl & 1, ts.mmaplock == 2 ? 1u : 0u);
        EXPECT_EQ(ps[t].holds >> kHoldMmaplockShared & 1, ts.mmaplock == 1 ? 1u : 0u);
      }
      for (const Action& a : acts) {
        State n = m->apply(s, a);
        check_writes(c, s, n, a, ps[owner(c, a)]);
        process_infos(n, c, ps_after);
        const int p = owner(c, a);
        if (p < c.actors()) {  // its own step never grows its `all`, nor an `until` it can pass
          SCOPED_TRACE(c.task_name(p));
          expect_covers(ps[p].all, ps_after[p].all, "own step grew all");
          for (int k = 0; k < kNumHolds; ++k) {
            if (waits_for_hold(s.task[p], k)) continue;  // a step nobody else's hold k allows
            expect_covers(ps[p].until[k], ps[p].next, "until misses next");
            expect_covers(ps[p].until[k], ps_after[p].until[k], "own step grew until");
          }
        }
        if (seen.insert(bytes(n)).second) todo.push_back(n);
      }
      for (const Action& a : acts) {
        for (const Action& b : acts) {
          const int p = owner(c, a), q = owner(c, b);
          if (p >= q || ps[p].next.conflicts_with(ps[q].next)) continue;
          ++pairs;
          expect_commute(*m, s, a, b);
        }
      }
    }
    pairs_ += pairs;
  }

  static void expect_covers(const Resources& big, const Resources& small, const char* what) {
    EXPECT_EQ(small.reads & ~big.reads, 0u) << what;
    EXPECT_EQ(small.writes & ~big.writes, 0u) << what;
    EXPECT_EQ(small.resets & ~(big.resets | big.writes), 0u) << what;
  }

  // The task's next step waits for a lock that another task's hold class k
  // keeps taken (enabled.h's rule, written out again here).
  static bool waits_for_hold(const TaskState& t, int k) {
    switch (static_cast<Wait>(t.wait)) {
      case Wait::kIolockExcl: return k == kHoldIolockExcl || k == kHoldIolockShared;
      case Wait::kIolockShared: return k == kHoldIolockExcl;
      case Wait::kMmaplockExcl: return k == kHoldMmaplockExcl || k == kHoldMmaplockShared;
      case Wait::kMmaplockShared: return k == kHoldMmaplockExcl;
      default: return false;
    }
  }

  // a then b equals b then a; b's process is still enabled after a.
  void expect_commute(const WbModel& m, const State& s, const Action& a, const Action& b) {
    const Context& c = m.context();
    State sa = m.apply(s, a), sb = m.apply(s, b);
    std::optional<Action> b2 = same_action(m, s, sa, b), a2 = same_action(m, s, sb, a);
    ASSERT_TRUE(b2.has_value()) << "process " << owner(c, b) << " disabled by process " << owner(c, a);
    ASSERT_TRUE(a2.has_value()) << "process " << owner(c, a) << " disabled by process " << owner(c, b);
    State ab = m.apply(sa, *b2), ba = m.apply(sb, *a2);
    EXPECT_EQ(bytes(ab), bytes(ba)) << "processes " << owner(c, a) << " and " << owner(c, b) << " do not commute: "
                                    << m.describe(s, a).step << " / " << m.describe(s, b).step;
  }

  // The action of the same process and choice in `after` (an ioend completion
  // is found by its blocks: the slots are re-sorted).
  std::optional<Action> same_action(const WbModel& m, const State& before, const State& after, const Action& x) {
    std::vector<Action> acts;
    m.actions(after, acts);
    for (const Action& y : acts) {
      if (y.io != x.io || y.choice != x.choice) continue;
      if (!x.io && y.task == x.task) return y;
      if (x.io && after.io[y.task].blocks == before.io[x.task].blocks) return y;
    }
    return std::nullopt;
  }

  void check_writes(const Context& c, const State& s, const State& n, const Action& a, const ProcessInfo& p) {
    ConcreteView vs(c, s), vn(c, n);
    for (int i = 0; i < kNumFields; ++i) {
      Field f = static_cast<Field>(i);
      Arity ar = field_info(f).arity;
      if (ar == Arity::kPerTask || ar == Arity::kPerIoend) continue;
      for (int k = 0; k < field_instances(c, f); ++k) {
        int64_t before = vs.get(f, k), after = vn.get(f, k);
        if (before == after) continue;
        uint64_t r = resource_of(c, f, k);
        if (r == 0) {
          EXPECT_TRUE(before == 0 && after == 1) << field_key(c, f, k) << ": a sticky observation only goes 0 -> 1";
          continue;
        }
        // The accounting is no resource when reservations cannot fail.
        if (r == (uint64_t{1} << kResAcct) && c.scenario.free_blocks >= static_cast<uint32_t>(c.nblocks)) continue;
        EXPECT_EQ(r & ~(p.next.writes | p.next.resets), 0u) << field_key(c, f, k) << " changed by an undeclared write";
      }
    }
    // The acting task's cached mapping: made valid only by a declared write.
    if (!a.io && s.task[a.task].map_valid != n.task[a.task].map_valid) {
      uint64_t bitm = uint64_t{1} << (kResMapValid + a.task);
      if (n.task[a.task].map_valid) EXPECT_NE(p.next.writes & bitm, 0u) << "own cached mapping made valid";
      else EXPECT_NE((p.next.writes | p.next.resets) & bitm, 0u) << "own cached mapping dropped";
    }
    // Other tasks' private state: only their cached mapping goes stale.
    for (int t = 0; t < c.actors(); ++t) {
      if (!a.io && t == a.task) continue;
      TaskState x = s.task[t], y = n.task[t];
      if (x.map_valid != y.map_valid) {
        EXPECT_NE((p.next.writes | p.next.resets) >> (kResMapValid + t) & 1, 0u)
            << "task " << c.task_name(t) << "'s cached mapping";
        x.map_valid = y.map_valid;
      }
      EXPECT_EQ(std::memcmp(&x, &y, sizeof x), 0) << "task " << c.task_name(t) << " changed by another's step";
    }
    // A changed ioend set: the blocks that entered or left it.
    uint32_t was = 0, is = 0;
    for (int i = 0; i < c.nfolios; ++i) {
      was |= s.io[i].blocks;
      is |= n.io[i].blocks;
    }
    for (int t = 0; t < c.actors(); ++t) {  // cached ioends (wpc->ioend): ifs_free reads them
      was |= s.task[t].ioend;
      is |= n.task[t].ioend;
    }
    uint64_t io_changed = static_cast<uint64_t>(was ^ is) << kResIoBlock;
    EXPECT_EQ(io_changed & ~p.next.writes, 0u) << "ioend membership changed by an undeclared write";
  }
};

TEST_P(Footprints, CommuteAndCoverOnEveryReachableState) {
  const fs::path root(WBCHECK_SOURCE_DIR);
  fs::path file = root / "examples/scenarios" / (GetParam() + ".json");
  if (!fs::exists(file)) file = root / "examples/family" / (GetParam() + ".json");
  absl::StatusOr<Scenario> sc = parse_scenario(read(file), GetParam());
  ASSERT_TRUE(sc.ok()) << sc.status();
  for (const char* name : {"linux-5.9", "linux-5.18", "linux-6.2", "linux-6.6", "linux-6.9", "proposal-sick-inode"}) {
    SCOPED_TRACE(name);
    absl::StatusOr<Policy> p = parse_policy(read(root / "examples/policies" / (std::string(name) + ".json")), name);
    ASSERT_TRUE(p.ok()) << p.status();
    check_scenario(*sc, *p);
  }
  RecordProperty("independent_pairs", pairs_);
  std::printf("%s: %d independent pairs checked\n", GetParam().c_str(), pairs_);
}

INSTANTIATE_TEST_SUITE_P(Examples, Footprints,
                         ::testing::Values("bug217030", "dio-io-error-read", "efbig-extent-limit",
                                           "large-folio-invalidate", "mmap-redirty-after-failure",
                                           "partial-folio-failure", "per-block-dirty-failure",
                                           "read-after-failed-writeback", "short-punch-leak", "shutdown-then-evict",
                                           "truncate-during-writeback", "write-fault-clean-block",
                                           "write-fault-vs-mmap",
                                           // fault-free: the error-free writeback and direct-write footprints
                                           "sync-writers-2", "sync-writers-3"),
                         [](const auto& info) {
                           std::string n = info.param;
                           for (char& ch : n) ch = ch == '-' ? '_' : ch;
                           return n;
                         });

}  // namespace
}  // namespace wbcheck::model
