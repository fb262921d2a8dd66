#include "cli/trace_annotate.h"

#include <optional>
#include <vector>

#include "checker/trace_slice.h"
#include "model/fields.h"
#include "model/footprint.h"
#include "model/held_locks.h"
#include "properties/property_fields.h"
#include "properties/registry.h"

namespace wbcheck::cli {
namespace {

using checker::ResourceSet;
using model::Field;

// The resources of the slice: the footprint's (model/footprint.h), then one
// private resource per actor (its program counter and locals, which only its
// own steps read and write: every step of a task depends on the task's earlier
// steps), then one per field that no footprint resource covers (the sticky
// observations and the ioend slots).
constexpr int kPrivate = model::kNumResources;
constexpr int kOwn = 64;
static_assert(kPrivate + model::kMaxTasks + 1 <= kOwn);
static_assert(kOwn + model::kNumFields <= static_cast<int>(ResourceSet().size()));

ResourceSet scalar_resources(Field f) {
  ResourceSet r;
  switch (f) {
    case Field::kISize: r.set(model::kResISize); break;
    case Field::kFdblocks: case Field::kIDelayedBlks: case Field::kMDelallocBlks: r.set(model::kResAcct); break;
    case Field::kIolockExcl: case Field::kIolockShared: r.set(model::kResIolock); break;
    case Field::kMmaplockExcl: case Field::kMmaplockShared: r.set(model::kResMmaplock); break;
    case Field::kWbErr: case Field::kAsEio: case Field::kAsEnospc: r.set(model::kResErrseq); break;
    case Field::kShutdown: r.set(model::kResShutdown); break;
    case Field::kSick: r.set(model::kResSick); break;
    case Field::kUnreportedLoss: r.set(model::kResUnreported); break;
    default: r.set(kOwn + static_cast<int>(f)); break;
  }
  return r;
}

// The resources that hold field instance (f, index).
ResourceSet resources_of(const model::Context& c, Field f, int index) {
  ResourceSet r;
  switch (model::field_info(f).arity) {
    case model::Arity::kOne: return scalar_resources(f);
    case model::Arity::kPerBlock:
      r.set(model::kResBlock + index);
      if (f == Field::kIoVer) r.set(model::kResIoBlock + index);
      return r;
    case model::Arity::kPerFolio:  // a folio's flags count as its blocks' (model/footprint.h)
      for (int b = c.first_block(index); b < c.first_block(index) + c.blocks_per_folio; ++b) r.set(model::kResBlock + b);
      return r;
    case model::Arity::kPerTask:
      r.set(kPrivate + index);
      if (f == Field::kTaskOp) r.set(model::kResAlive + index);
      if (f == Field::kTaskIolock) r.set(model::kResIolock);
      if (f == Field::kTaskMmaplock) r.set(model::kResMmaplock);
      return r;
    case model::Arity::kPerIoend:  // slots are kept sorted, so any block's I/O may move any slot
      for (int b = 0; b < model::kMaxBlocks; ++b) r.set(model::kResIoBlock + b);
      r.set(kOwn + static_cast<int>(f));
      return r;
  }
  return r;
}

// The state invariants recorded by WbModel::apply after every step: a step
// that sets one may have read any block (model/observations.h).
bool observes_whole_state(Field f) {
  return f == Field::kWasUnbackedDirty || f == Field::kWasDirtyBitClean || f == Field::kWasGarbageWritten;
}

bool alive(const model::Context& c, int task, int64_t op) { return op < c.program_length(task); }

model::Resources footprint(const model::Context& c, const model::State& s, const model::Action& a) {
  std::vector<model::ProcessInfo> infos;
  model::process_infos(s, c, infos);
  return infos[a.io ? c.actors() + a.task : a.task].next;
}

// The resources of the fields that differ between the two states; `whole`
// is set when one of them is a record of a state invariant.
ResourceSet changed_resources(const model::Context& c, const model::State& s, const model::State& t, bool& whole) {
  ResourceSet out;
  const model::ConcreteView before(c, s), after(c, t);
  for (int i = 0; i < model::kNumFields; ++i) {
    auto f = static_cast<Field>(i);
    for (int k = 0; k < model::field_instances(c, f); ++k) {
      if (before.get(f, k) == after.get(f, k)) continue;
      ResourceSet r = resources_of(c, f, k);
      // The next op of a task that has more to do changes its program
      // counter, not whether it is alive (what the alive resource stands for).
      if (f == Field::kTaskOp && alive(c, k, before.get(f, k)) == alive(c, k, after.get(f, k))) {
        r.reset(model::kResAlive + k);
      }
      out |= r;
      whole |= observes_whole_state(f);
    }
  }
  return out;
}

// Reads and writes of one step: its footprint in the state before it (what
// its process's next step reads, enabling condition included, and writes:
// what partial-order reduction already relies on, checker/por.h), every field
// it changed, and its task's private resource. The footprint's writes cover
// state that is no field, such as the blocks in a task's cached ioend, which
// other tasks' steps may read. Reads include the plain writes and the changed
// fields (the outcome may depend on the old value, as in taking a lock or
// i_size = max(i_size, end)) but not the footprint's resets, which set a
// value whatever it was (marking a cached mapping stale).
checker::StepAccess step_access(const model::Context& c, const checker::Trace<ExplorableModel>::Step& step) {
  const model::Resources next = footprint(c, step.before, step.action);
  bool whole = false;
  ResourceSet changed = changed_resources(c, step.before, step.after, whole);
  const int actor = step.action.io ? step.before.io[step.action.task].task : step.action.task;
  changed.set(kPrivate + actor);
  checker::StepAccess a;
  a.writes = ResourceSet(next.writes | next.resets) | changed;
  a.reads = ResourceSet(next.reads | next.writes) | changed;
  if (whole) a.reads.set();
  return a;
}

void annotate(const model::WbModel& m, const properties::PropertyDef& def, properties::PropertyFields& fields,
              const checker::Trace<ExplorableModel>& t, checker::ReportProperty& p) {
  const model::Context& c = m.context();
  p.lanes.clear();
  for (int k = 0; k < c.actors(); ++k) p.lanes.push_back(c.task_name(k));
  const model::State& last = t.steps.empty() ? t.initial : t.steps.back().after;
  const model::ConcreteView view(c, last);
  ResourceSet property_reads;
  p.violating_state.clear();
  for (const properties::FieldRef& r : fields.of(def)) {
    property_reads |= resources_of(c, r.field, r.index);
    const int64_t v = view.get(r.field, r.index);
    p.violating_state.push_back({model::field_key(c, r.field, r.index), v, model::field_value_text(c, r.field, v)});
  }
  std::vector<checker::StepAccess> access;
  for (size_t i = 0; i < t.steps.size() && i < p.trace.size(); ++i) {
    checker::ReportStep& rs = p.trace[i];
    rs.holds.clear();
    for (int k = 0; k < c.actors(); ++k) rs.holds.push_back(model::held_locks_text(t.steps[i].after, c, k));
    access.push_back(step_access(c, t.steps[i]));
  }
  const std::vector<bool> relevant = checker::relevant_steps(access, property_reads);
  for (size_t i = 0; i < relevant.size(); ++i) p.trace[i].relevant = relevant[i];
}

}  // namespace

void annotate_traces(const model::WbModel& m, const checker::Result<ExplorableModel>& result,
                     checker::Report& report) {
  const auto& defs = properties::all_properties();
  std::optional<properties::PropertyFields> fields;  // made once, and only when there is a trace
  for (size_t k = 0; k < report.properties.size() && k < result.properties.size() && k < defs.size(); ++k) {
    if (!result.properties[k].trace) continue;
    if (!fields) fields.emplace(m.context());
    annotate(m, defs[k], *fields, *result.properties[k].trace, report.properties[k]);
  }
}

}  // namespace wbcheck::cli
