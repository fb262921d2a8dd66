// The failure branch of iomap_writepage_map (fs/iomap/buffered-io.c, 6.2):
//
//   if (unlikely(error)) {
//           if (wpc->ops->discard_folio)
//                   wpc->ops->discard_folio(folio, pos);   <- the policy's hook
//           if (!count) { folio_unlock(folio); goto done; }
//   }
//   folio_start_writeback(folio); folio_unlock(folio); ...
//   done: mapping_set_error(folio->mapping, error);
//
// PG_dirty is already clear (folio_clear_dirty_for_io) and nothing redirties
// it. What happens to extents, uptodate bits and error reporting is the
// policy's on_map_failure hook: its primitives run in order, one atomic step
// each, with the folio still locked.
#include "model/check.h"
#include "model/domains.h"
#include "model/extent_map.h"
#include "model/primitives.h"
#include "model/steps.h"
#include "model/task_flow.h"

namespace wbcheck::model {
namespace {

const std::vector<Primitive>& hook(const Context& c) {
  return c.policy.hooks[static_cast<int>(Hook::kOnMapFailure)];
}

}  // namespace

HookEnv hook_env(const auto& s, const Context& c, const auto& t) {
  HookEnv env;
  auto set = [&env](Var v, uint64_t x) { env.values[static_cast<int>(v)] = x; };
  set(Var::kPos, uint64_t{t.cur} * c.block_size);
  set(Var::kFolioPos, uint64_t{t.folio} * c.folio_size);
  set(Var::kFolioSize, c.folio_size);
  set(Var::kBlockSize, c.block_size);
  set(Var::kCount, t.wb_count);
  set(Var::kISize, s.i_size);
  set(Var::kSick, s.sick);
  set(Var::kCorrupt, err_of(t.err) == Errno::kEFSCORRUPTED);
  return env;
}

namespace {


// Whether the hook is at iomap_writepage_map's `done` label: nothing left but
// mapping_set_error (or nothing at all). iomap releases the folio (unlock, or
// folio_start_writeback + unlock) before it gets there, so a concurrent
// fsync can find the folio clean and unlocked before the error is recorded.
bool at_done_label(const Context& c, const auto& t) {
  return t.wb_hook >= hook(c).size() || hook(c)[t.wb_hook].kind == PrimitiveKind::kSetMappingError;
}

// Skips primitives whose `when` is false (a local decision, no step of its
// own); releases the folio on reaching the `done` label (a release is a left
// mover, so it joins the step before); when nothing is left, leaves
// iomap_writepage_map.
void advance_hook(auto& s, const Context& c, int task) {
  auto& t = s.task[task];
  HookEnv env = hook_env(s, c, t);
  while (t.wb_hook < hook(c).size() && !primitive_applies(hook(c)[t.wb_hook], env)) t.wb_hook++;
  if (at_done_label(c, t) && s.folio[t.folio].locked_by == task + 1) {
    writepage_finish_folio(s, c, task, /*failed=*/true);
  }
  if (t.wb_hook < hook(c).size()) return;
  t.wb_hook = 0;
  writepage_next_folio(s, c, task);
}


}  // namespace

bool hook_step_releases_folio(const auto& s, const Context& c, const auto& t) {
  if (hook(c)[t.wb_hook].kind == PrimitiveKind::kSetMappingError) return false;  // released already
  HookEnv env = hook_env(s, c, t);
  size_t i = t.wb_hook + 1;
  while (i < hook(c).size() && !primitive_applies(hook(c)[i], env)) ++i;
  return i >= hook(c).size() || hook(c)[i].kind == PrimitiveKind::kSetMappingError;
}

void writepage_map_failed(auto& s, const Context& c, int task, Errno err) {
  auto& t = s.task[task];
  if (!t.wb_err) t.wb_err = static_cast<uint8_t>(err);  // WB_SYNC_ALL: go on, return the first
  t.err = static_cast<uint8_t>(err);                    // this folio's error
  t.wb_hook = 0;
  t.map_valid = 0;
  set_phase(t, Phase::kWbHook);
  advance_hook(s, c, task);
}

void run_map_failure_hook(auto& s, const Context& c, int task, int) {
  auto& t = s.task[task];
  MODEL_CHECK(t.wb_hook < hook(c).size(), "hook step past the hook's last primitive");
  run_primitive(s, c, HookSite{task, t.folio, hook_env(s, c, t), err_of(t.err)}, hook(c)[t.wb_hook]);
  t.wb_hook++;
  advance_hook(s, c, task);
}

#define INSTANTIATE(S) \
  template HookEnv hook_env(const S&, const Context&, const TaskOf<S>&); \
  template bool hook_step_releases_folio(const S&, const Context&, const TaskOf<S>&); \
  template void writepage_map_failed(S&, const Context&, int, Errno); \
  template void run_map_failure_hook(S&, const Context&, int, int);
WBCHECK_FOR_EACH_STATE(INSTANTIATE)
#undef INSTANTIATE

}  // namespace wbcheck::model
