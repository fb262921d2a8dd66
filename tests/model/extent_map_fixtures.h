// Shared fixtures of the extent-map tests (extent_map_punch_test.cc,
// extent_map_alloc_test.cc), which run the functions of model/extent_map.h on
// hand-built states: 1 KiB blocks, 4 KiB folios, 8 blocks (fsb 0-3 = folio 0,
// fsb 4-7 = folio 1). Every expected value is worked out from the kernel
// function named in the test (fs/xfs/xfs_bmap_util.c,
// fs/xfs/libxfs/xfs_iext_tree.c, fs/xfs/libxfs/xfs_bmap.c, fs/xfs/xfs_iomap.c;
// v6.2) and kernel-notes §1, §3, §5.
//
// The model does not account the indirect-block part of a delalloc
// reservation (indlen, xfs_bmap_worst_indlen): a reservation of n blocks moves
// exactly n blocks between fdblocks and i_delayed_blks/m_delalloc_blks. The
// counter expectations of the tests use that abstraction (indlen == 0).
#pragma once

#include <cstdint>
#include <ostream>
#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "model/context.h"
#include "model/errno.h"
#include "model/extent_map.h"
#include "model/phase_names.h"
#include "model/state.h"

namespace wbcheck::model {

// gtest printers (internal linkage, found by ADL) so that failures name
// extent kinds, errnos and phases instead of dumping bytes.
[[maybe_unused]] static void PrintTo(ExtentKind k, std::ostream* os) {
  static const char* const kNames[] = {"hole", "delalloc", "unwritten", "written"};
  *os << kNames[static_cast<int>(k) & 3];
}
[[maybe_unused]] static void PrintTo(Errno e, std::ostream* os) { *os << errno_name(e); }
[[maybe_unused]] static void PrintTo(Phase p, std::ostream* os) { *os << phase_name(p); }

namespace extent_map_test {

using K = ExtentKind;

// One scenario task with a buffered write, so the context has actors
// {task 0, teardown}: two cached-mapping bits for if_seq bumps to clear.
inline Context make_ctx() {
  Scenario sc;
  sc.name = "extent-map-unit";
  sc.tasks = {TaskProgram{"A", {Op{OpKind::kWrite, 0, 4096, false}}}};
  absl::StatusOr<Context> c = make_context(std::move(sc), Policy{});
  EXPECT_TRUE(c.ok()) << c.status();
  return *std::move(c);
}

// A state with fdblocks free and both actors holding a valid cached mapping.
inline State fresh(uint16_t fdblocks) {
  State s{};
  s.fdblocks = fdblocks;
  s.task[0].map_valid = 1;
  s.task[1].map_valid = 1;
  return s;
}

// Marks [b, e) delalloc and moves the reservation out of fdblocks by hand,
// as xfs_bmapi_reserve_delalloc would have (indlen == 0, see the header).
inline void reserved(State& s, int b, int e) {
  for (int i = b; i < e; ++i) set_extent(s, i, K::kDelalloc);
  s.i_delayed_blks = static_cast<uint8_t>(s.i_delayed_blks + (e - b));
  s.m_delalloc_blks = static_cast<uint8_t>(s.m_delalloc_blks + (e - b));
  s.fdblocks = static_cast<uint16_t>(s.fdblocks - (e - b));
}

inline std::vector<K> extents(const State& s, const Context& c) {
  std::vector<K> v;
  for (int b = 0; b < c.nblocks; ++b) v.push_back(extent_at(s, b));
  return v;
}

inline bool all_maps_invalid(const State& s, const Context& c) {
  for (int t = 0; t < c.actors(); ++t) {
    if (s.task[t].map_valid) return false;
  }
  return true;
}

inline bool all_maps_valid(const State& s, const Context& c) {
  for (int t = 0; t < c.actors(); ++t) {
    if (!s.task[t].map_valid) return false;
  }
  return true;
}

}  // namespace extent_map_test
}  // namespace wbcheck::model
