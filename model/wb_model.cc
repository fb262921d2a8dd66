#include "model/wb_model.h"

#include "model/check.h"
#include "model/enabled.h"
#include "model/extent_map.h"
#include "model/fields.h"
#include "model/observations.h"
#include "model/phase_names.h"
#include "model/primitives.h"
#include "model/step_detail.h"
#include "model/steps.h"
#include "model/task_flow.h"

namespace wbcheck::model {
namespace {

using StepFn = void (*)(State&, const Context&, int, int);
using OutcomesFn = int (*)(const State&, const Context&, int);

// One row per phase: the step it runs, how many fault outcomes it has, and the
// kernel function and file it models (for traces).
struct StepRow {
  Phase phase;
  StepFn run;
  OutcomesFn outcomes;  // nullptr: exactly one
  const char* function;
  const char* file;
};

constexpr StepRow kSteps[] = {
    {Phase::kDone, nullptr, nullptr, "-", "-"},
    {Phase::kWriteLock, xfs_file_buffered_write_lock, nullptr, "xfs_file_buffered_write", "fs/xfs/xfs_file.c"},
    {Phase::kWriteIomapBegin, xfs_buffered_write_iomap_begin, nullptr, "xfs_buffered_write_iomap_begin", "fs/xfs/xfs_iomap.c"},
    {Phase::kWriteBegin, iomap_write_begin, nullptr, "iomap_write_begin", "fs/iomap/buffered-io.c"},
    {Phase::kWriteEnd, iomap_write_end, nullptr, "iomap_write_end", "fs/iomap/buffered-io.c"},
    {Phase::kWriteIomapEnd, xfs_buffered_write_iomap_end, nullptr, "xfs_buffered_write_iomap_end", "fs/xfs/xfs_iomap.c"},
    {Phase::kWriteReleaseSeek, mapping_seek_hole_data, nullptr, "iomap_write_delalloc_release.mapping_seek_hole_data",
     "mm/filemap.c"},
    {Phase::kWriteReleaseFolio, iomap_write_delalloc_scan, nullptr, "iomap_write_delalloc_scan",
     "fs/iomap/buffered-io.c"},
    {Phase::kWriteFailPunch, xfs_buffered_write_fail_punch, nullptr,
     "xfs_buffered_write_iomap_end.xfs_bmap_punch_delalloc_range", "fs/xfs/xfs_iomap.c"},
    {Phase::kSyncCheck, file_check_and_advance_wb_err, nullptr, "file_check_and_advance_wb_err", "mm/filemap.c"},
    {Phase::kWbTag, write_cache_pages_tag, nullptr, "write_cache_pages.tag_pages_for_writeback", "mm/page-writeback.c"},
    {Phase::kWbLock, write_cache_pages_lock, nullptr, "write_cache_pages.folio_clear_dirty_for_io", "mm/page-writeback.c"},
    {Phase::kWbWaitWriteback, write_cache_pages_wait_writeback, nullptr, "folio_wait_writeback", "mm/page-writeback.c"},
    {Phase::kWbMap, xfs_map_blocks, nullptr, "xfs_map_blocks", "fs/xfs/xfs_aops.c"},
    {Phase::kWbConvert, xfs_bmapi_convert_delalloc, convert_outcomes, "xfs_bmapi_convert_delalloc", "fs/xfs/libxfs/xfs_bmap.c"},
    {Phase::kWbHook, run_map_failure_hook, nullptr, "discard_folio", "fs/xfs/xfs_aops.c"},
    {Phase::kWbSubmit, iomap_submit_ioend, nullptr, "iomap_submit_ioend", "fs/iomap/buffered-io.c"},
    {Phase::kWbWait, filemap_fdatawait_range, nullptr, "__filemap_fdatawait_range", "mm/filemap.c"},
    {Phase::kDioLock, xfs_file_dio_write_lock, nullptr, "xfs_file_dio_write_aligned", "fs/xfs/xfs_file.c"},
    {Phase::kDioCheckErrors, filemap_check_errors, nullptr, "filemap_check_errors", "mm/filemap.c"},
    {Phase::kDioInvalidate, invalidate_inode_pages2_range, nullptr, "invalidate_inode_pages2_range", "mm/truncate.c"},
    {Phase::kDioInvalidateWait, invalidate_wait_writeback, nullptr, "folio_wait_writeback", "mm/page-writeback.c"},
    {Phase::kDioIomapBegin, xfs_direct_write_iomap_begin, dio_iomap_begin_outcomes, "xfs_direct_write_iomap_begin", "fs/xfs/xfs_iomap.c"},
    {Phase::kDioEndIo, xfs_dio_write_end_io, dio_end_io_outcomes, "xfs_dio_write_end_io", "fs/xfs/xfs_file.c"},
    {Phase::kReadLock, xfs_file_buffered_read_lock, nullptr, "xfs_file_buffered_read", "fs/xfs/xfs_file.c"},
    {Phase::kReadFolio, filemap_read, nullptr, "filemap_read", "mm/filemap.c"},
    {Phase::kFaultRead, filemap_fault, nullptr, "filemap_fault", "mm/filemap.c"},
    {Phase::kFaultLock, xfs_filemap_page_mkwrite, nullptr, "xfs_filemap_page_mkwrite", "fs/xfs/xfs_file.c"},
    {Phase::kFaultMkwrite, iomap_page_mkwrite, nullptr, "iomap_page_mkwrite", "fs/iomap/buffered-io.c"},
    {Phase::kFaultIomapBegin, xfs_buffered_write_iomap_begin_fault, nullptr,
     "iomap_page_mkwrite.xfs_buffered_write_iomap_begin", "fs/xfs/xfs_iomap.c"},
    {Phase::kTruncLock, do_truncate_lock, nullptr, "do_truncate", "fs/open.c"},
    {Phase::kTruncMmaplock, xfs_vn_setattr_lock, nullptr, "xfs_vn_setattr", "fs/xfs/xfs_iops.c"},
    {Phase::kTruncCheckErrors, truncate_check_errors, nullptr, "filemap_check_errors", "mm/filemap.c"},
    {Phase::kTruncSetsize, truncate_setsize, nullptr, "truncate_setsize", "mm/truncate.c"},
    {Phase::kTruncTransaction, xfs_itruncate_extents, nullptr, "xfs_setattr_size.xfs_itruncate_extents",
     "fs/xfs/xfs_iops.c"},
    {Phase::kTruncFolio, truncate_inode_pages_range, nullptr, "truncate_inode_pages_range", "mm/truncate.c"},
    {Phase::kTruncFolioWait, truncate_wait_writeback, nullptr, "folio_wait_writeback", "mm/page-writeback.c"},
    {Phase::kPunchLock, xfs_file_fallocate_lock, nullptr, "xfs_file_fallocate", "fs/xfs/xfs_file.c"},
    {Phase::kPunchMmaplock, xfs_file_fallocate_mmaplock, nullptr, "xfs_file_fallocate.xfs_flush_unmap_range",
     "fs/xfs/xfs_bmap_util.c"},
    {Phase::kPunchCheckErrors, xfs_flush_unmap_range_check, nullptr, "filemap_check_errors", "mm/filemap.c"},
    {Phase::kPunchUnmap, xfs_free_file_space, nullptr, "xfs_free_file_space.xfs_unmap_extent",
     "fs/xfs/xfs_bmap_util.c"},
    {Phase::kPunchTailCheck, xfs_free_file_space_check, nullptr, "filemap_check_errors", "mm/filemap.c"},
    {Phase::kShutdown, xfs_fs_goingdown, nullptr, "xfs_fs_goingdown.xfs_force_shutdown", "fs/xfs/xfs_fsops.c"},
    {Phase::kOpen, do_dentry_open, nullptr, "do_dentry_open", "fs/open.c"},
    {Phase::kSyncFs, sync_filesystem, nullptr, "sync_filesystem", "fs/sync.c"},
    {Phase::kEvict, evict, nullptr, "evict.xfs_inodegc_set_reclaimable", "fs/xfs/xfs_icache.c"},
    {Phase::kUnmount, xfs_unmountfs, nullptr, "xfs_unmountfs", "fs/xfs/xfs_mount.c"},
};
static_assert(sizeof(kSteps) / sizeof(kSteps[0]) == kNumPhases);

const StepRow& row(const TaskState& t) {
  const StepRow& r = kSteps[t.phase];
  MODEL_CHECK(r.phase == phase_of(t), "step table out of order");
  return r;
}

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
    const StepRow& r = row(s.task[t]);
    int n = r.outcomes ? r.outcomes(s, c_, t) : 1;
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
  if (a.io) {
    xfs_end_ioend(next, c_, a.task, a.choice);
  } else {
    const StepRow& r = row(next.task[a.task]);
    MODEL_CHECK(r.run != nullptr, "step of a finished task");
    r.run(next, c_, a.task, a.choice);
    refresh_wait(next, c_, a.task);
  }
  record_observations(c_, next);
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
