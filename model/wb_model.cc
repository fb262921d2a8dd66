#include "model/wb_model.h"

#include "model/apply.h"
#include "model/enabled.h"
#include "model/extent_map.h"
#include "model/fields.h"
#include "model/phase_names.h"
#include "model/primitives.h"
#include "model/step_detail.h"
#include "model/steps.h"
#include "model/task_flow.h"

namespace wbcheck::model {
namespace {

const StepRow<State>& row(const TaskState& t) { return step_row<State>(t.phase); }

// A step of the hook names the primitive's kernel function.
StepDescription hook_step(const Context& c, const TaskState& t) {
  PrimitiveKind k = c.policy.hooks[static_cast<int>(Hook::kOnMapFailure)][t.wb_hook].kind;
  // The punch is what ->discard_folio (xfs_discard_folio) does; say so.
  const PrimitiveInfo& info = primitive_info(k);
  if (k == PrimitiveKind::kPunchDelalloc) return {"", "xfs_discard_folio.xfs_bmap_punch_delalloc_range", info.file};
  return {"", info.function, info.file};
}

}  // namespace

// The JSON path, in the policy file, of the hook primitive(s) the task's next
// step runs: what a reader (or a SARIF viewer) should open next to the trace.
std::string WbModel::hook_path(const State& s, const TaskState& t) const {
  auto hook = [this](Hook h) { return c_.policy.hooks[static_cast<int>(h)]; };
  switch (phase_of(t)) {
    case Phase::kWbHook: return "$.hooks.on_map_failure[" + std::to_string(t.wb_hook) + "]";
    case Phase::kWbConvert:
      if (extent_at(s, t.cur) == ExtentKind::kHole && !hook(Hook::kOnConvertMissingExtent).empty()) {
        return "$.hooks.on_convert_missing_extent";
      }
      return "";
    case Phase::kEvict: return hook(Hook::kAtInactivate).empty() ? "" : "$.hooks.at_inactivate";
    default: return "";
  }
}

absl::StatusOr<WbModel> WbModel::create(Scenario scenario, Policy policy) {
  absl::StatusOr<Context> c = make_context(std::move(scenario), std::move(policy));
  if (!c.ok()) return c.status();
  return WbModel(*std::move(c));
}

State WbModel::initial_state() const {
  State s{};
  const Scenario& sc = c_.scenario;
  s.i_size = static_cast<uint32_t>(sc.initial_size);
  s.fdblocks = static_cast<uint16_t>(sc.free_blocks);
  for (int b = 0; b < c_.nblocks && b < static_cast<int>(sc.initial_extents.size()); ++b) {
    set_extent(s, b, sc.initial_extents[b]);
    if (sc.initial_extents[b] == ExtentKind::kWritten) s.block[b].disk_ver = kVersionInitial;
    if (sc.initial_extents[b] == ExtentKind::kUnwritten) s.block[b].disk_ver = kVersionGarbage;
  }
  for (int t = 0; t < c_.actors(); ++t) {
    enter_op(s, c_, t);
    refresh_wait(s, c_, t);
  }
  return s;
}

void WbModel::actions(const State& s, std::vector<Action>& out) const {
  ConcreteView v(c_, s);
  for (int t = 0; t < c_.actors(); ++t) {
    if (!task_enabled(v, t)) continue;
    int n = step_outcomes(s, c_, t);
    for (int k = 0; k < n; ++k) out.push_back({static_cast<uint8_t>(t), static_cast<uint8_t>(k), 0});
  }
  for (int slot = 0; slot < c_.nfolios; ++slot) {
    if (!io_pending(v, slot)) continue;
    int n = end_ioend_outcomes(s, c_, slot);
    for (int k = 0; k < n; ++k) out.push_back({static_cast<uint8_t>(slot), static_cast<uint8_t>(k), 1});
  }
}

State WbModel::apply(const State& s, const Action& a) const {
  State next = s;
  apply_action(next, c_, a);
  return next;
}

StepDescription WbModel::describe(const State& s, const Action& a) const {
  if (a.io) return {c_.task_name(s.io[a.task].task), "xfs_end_ioend", "fs/xfs/xfs_aops.c", step_detail(s, c_, a)};
  std::string task = c_.task_name(a.task);
  const TaskState& t = s.task[a.task];
  StepDescription d = phase_of(t) == Phase::kWbHook ? hook_step(c_, t)
                                                     : StepDescription{"", row(t).function, row(t).file};
  d.task = task;
  d.detail = step_detail(s, c_, a);
  d.hook = hook_path(s, t);
  if (phase_of(t) == Phase::kWbMap) {
    int b = writeback_next_block(s, c_, a.task);
    bool fast = t.map_valid && t.map_start <= b && b < t.map_end;
    d.step = b < 0 ? "iomap_writepage_map.folio_start_writeback"
                   : (fast ? "xfs_map_blocks.xfs_imap_valid" : "xfs_map_blocks.lookup");
  }
  return d;
}

std::vector<FieldChange> WbModel::changes(const State& before, const State& after) const {
  std::vector<FieldChange> out;
  ConcreteView vb(c_, before), va(c_, after);
  for (int i = 0; i < kNumFields; ++i) {
    Field f = static_cast<Field>(i);
    if (f == Field::kTaskWait || f == Field::kTaskWaitArg) continue;  // derived from the phase
    for (int k = 0; k < field_instances(c_, f); ++k) {
      int64_t x = vb.get(f, k), y = va.get(f, k);
      if (x == y) continue;
      out.push_back({field_key(c_, f, k), x, y, field_value_text(c_, f, x), field_value_text(c_, f, y)});
    }
  }
  return out;
}

}  // namespace wbcheck::model
