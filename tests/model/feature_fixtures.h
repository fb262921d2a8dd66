// Helpers shared by the feature and hook tests: hook primitives, the 6.6 and
// 6.9 policies built in code, and drivers for one folio of writeback.
#pragma once

#include <optional>
#include <vector>

#include "gtest/gtest.h"
#include "model/fields.h"
#include "model/steps.h"
#include "model/task_flow.h"
#include "properties/definitions.h"
#include "step_fixtures.h"

namespace wbcheck::model::steps_test {

inline Primitive clear_ifs_dirty_folio() {
  return Primitive{PrimitiveKind::kClearIfsDirty, expr("folio_pos"), expr("folio_pos + folio_size"), std::nullopt};
}
inline Primitive mark_sick(const char* when = nullptr) {
  return Primitive{PrimitiveKind::kMarkSick, std::nullopt, std::nullopt,
                   when ? std::optional<Expr>(expr(when)) : std::nullopt};
}

inline Policy with_hook(Policy p, std::vector<Primitive> on_map_failure) {
  p.hooks[static_cast<int>(Hook::kOnMapFailure)] = std::move(on_map_failure);
  return p;
}

// examples/policies/linux-6.6.json: per-block dirty, the 6.3 punch, no clear
// on the count == 0 exit, the DIO fallback.
inline Policy linux_6_6() {
  Policy p = linux_6_3();
  p.name = "linux-6.6";
  p.features.per_block_dirty = true;
  p.features.dio_flush_error_fallback = true;
  return p;
}

// examples/policies/linux-6.9.json: + writeback before map, and the hook
// clears every ifs dirty bit of the folio before mapping_set_error.
inline Policy linux_6_9() {
  Policy p = linux_6_6();
  p.name = "linux-6.9";
  p.features.writeback_before_map = true;
  p.hooks[static_cast<int>(Hook::kOnMapFailure)] = {punch("pos", "folio_pos + folio_size"),
                                                    clear_ifs_dirty_folio(), set_error()};
  return p;
}

inline bool ifs_dirty_consistent(const Context& c, const State& s) {
  return properties::ifs_dirty_consistent(ConcreteView(c, s));
}

// Runs the task's writeback steps until it leaves iomap_writepage_map for the
// folio it is on (phase no longer map/convert/hook), at most `limit` steps.
inline void run_folio(State& s, const Context& c, int t, int limit = 16) {
  for (int i = 0; i < limit; ++i) {
    switch (phase(s, t)) {
      case Phase::kWbMap: xfs_map_blocks(s, c, t, 0); break;
      case Phase::kWbConvert: xfs_bmapi_convert_delalloc(s, c, t, 0); break;
      case Phase::kWbHook: run_map_failure_hook(s, c, t, 0); break;
      default: return;
    }
  }
  ADD_FAILURE() << "iomap_writepage_map did not finish the folio in " << limit << " steps";
}

// A WB_SYNC_ALL pass of task 0 about to lock folio f (write_cache_pages).
inline State at_wb_lock(const Context& c, int f) {
  State s = fresh();
  start_writeback(s, 0, 0, c.nfolios - 1, Phase::kSyncCheck);
  s.task[0].wb_todo = static_cast<uint8_t>(1u << f);
  s.task[0].folio = static_cast<uint8_t>(f);
  set_phase(s.task[0], Phase::kWbLock);
  return s;
}


}  // namespace wbcheck::model::steps_test
