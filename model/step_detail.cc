#include "model/step_detail.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "model/extent_map.h"
#include "model/steps.h"
#include "model/task_flow.h"

namespace wbcheck::model {
namespace {

const char* kind_name(ExtentKind k) {
  static constexpr const char* kNames[] = {"hole", "delalloc", "unwritten", "written"};
  return kNames[static_cast<int>(k)];
}

std::string fsb_range(int a, int e) {
  return e - a == 1 ? absl::StrCat("fsb ", a) : absl::StrCat("fsb ", a, "-", e - 1);
}

std::string map_detail(const State& s, const Context& c, int task) {
  const TaskState& t = s.task[task];
  int b = writeback_next_block(s, c, task);
  if (b < 0) {
    return t.wb_count ? absl::StrCat("folio ", t.folio, ": ", t.wb_count, " blocks in the ioend, folio_start_writeback")
                      : absl::StrCat("folio ", t.folio, ": nothing to write");
  }
  if (t.map_valid && t.map_start <= b && b < t.map_end) {
    return absl::StrCat("fsb ", b, " inside the cached ", kind_name(static_cast<ExtentKind>(t.map_kind)),
                        " mapping ", fsb_range(t.map_start, t.map_end));
  }
  ExtentKind k = extent_at(s, b);
  const char* next = k == ExtentKind::kHole ? "IOMAP_HOLE, skipped"
                     : k == ExtentKind::kDelalloc ? "drop ILOCK, convert next"
                                                  : "added to the ioend";
  return absl::StrCat("fsb ", b, " is ", kind_name(k), ": ", next);
}

std::string convert_detail(const State& s, const Context& c, const Action& a) {
  int b = s.task[a.task].cur;
  ExtentKind k = extent_at(s, b);
  if (k == ExtentKind::kHole) return absl::StrCat("no extent at fsb ", b, ": WARN_ON_ONCE(whichfork != XFS_COW_FORK), -EAGAIN");
  if (is_real(k)) return absl::StrCat("fsb ", b, " already ", kind_name(k), " (raced conversion)");
  if (fault_fires(c.scenario.faults.alloc, a.choice)) {
    return absl::StrCat("xfs_bmapi_allocate fails: -", errno_name(c.scenario.faults.alloc_errno));
  }
  return absl::StrCat("allocates ", fsb_range(run_start(s, b), run_end(s, c, b)), " as unwritten");
}

std::string hook_primitive_detail(const State& s, const Context& c, int task) {
  const TaskState& t = s.task[task];
  const Primitive& p = c.policy.hooks[static_cast<int>(Hook::kOnMapFailure)][t.wb_hook];
  HookEnv env = hook_env(s, c, t);
  if (p.kind == PrimitiveKind::kPunchDelalloc) {
    return absl::StrFormat("pos=%#x: punch [%s, %s) = [%#x, %#x) holding folio %d locked", env.get(Var::kPos),
                           p.start->text(), p.end->text(), p.start->eval(env), p.end->eval(env), t.folio);
  }
  if (p.kind == PrimitiveKind::kSetMappingError) return absl::StrCat("error -", errno_name(err_of(t.err)));
  return absl::StrCat("folio ", t.folio);
}

// The primitive, and the exit from iomap_writepage_map when it is the last.
std::string hook_detail(const State& s, const Context& c, int task) {
  const TaskState& t = s.task[task];
  std::string d = hook_primitive_detail(s, c, task);
  if (!hook_step_is_last(s, c, t)) return d;
  return absl::StrCat(d, "; then ", t.wb_count ? "folio_start_writeback, folio_unlock" : "folio_unlock (count == 0)");
}

}  // namespace

std::string step_detail(const State& s, const Context& c, const Action& a) {
  if (a.io) {
    const IoendState& io = s.io[a.task];
    if (io.err) return absl::StrCat("the bio was ended with -", errno_name(static_cast<Errno>(io.err)), ": extents stay unwritten");
    if (fault_fires(c.scenario.faults.io, a.choice)) return "the write bio fails: -EIO, extents stay unwritten";
    return "I/O done: unwritten -> written";
  }
  const TaskState& t = s.task[a.task];
  switch (phase_of(t)) {
    case Phase::kWbMap: return map_detail(s, c, a.task);
    case Phase::kWbConvert: return convert_detail(s, c, a);
    case Phase::kWbHook: return hook_detail(s, c, a.task);
    case Phase::kWbTag: {
      std::string dirty;
      for (int f = t.wb_first; f <= t.wb_last; ++f) {
        if (s.folio[f].present && s.folio[f].dirty) absl::StrAppend(&dirty, dirty.empty() ? "" : ",", f);
      }
      std::string range = t.wb_first == t.wb_last ? absl::StrCat("folio ", t.wb_first)
                                                  : absl::StrCat("folios ", t.wb_first, "-", t.wb_last);
      return absl::StrCat(range, ", dirty: {", dirty, "}");
    }
    case Phase::kWbLock:
    case Phase::kDioInvalidate: return absl::StrCat("folio ", t.folio);
    case Phase::kWriteBegin:
    case Phase::kWriteEnd: return absl::StrCat("folio ", c.folio_of(t.cur));
    default: return "";
  }
}

}  // namespace wbcheck::model
