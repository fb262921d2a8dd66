#include "model/step_detail.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "model/extent_map.h"
#include "model/fields.h"
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
  if (s.shutdown) return absl::StrCat("fsb ", b, ": shut down, -EIO");
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
  if (s.shutdown) return "xfs_trans_alloc: shut down, -EIO";
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
    const uint64_t start = p.start->eval(env), end = p.end->eval(env);
    std::string d = absl::StrFormat("pos=%#x: punch [%s, %s) = [%#x, %#x) holding folio %d locked", env.get(Var::kPos),
                                    p.start->text(), p.end->text(), start, end, t.folio);
    uint64_t first, last, rounded;
    if (!punch_delalloc_walk(s, c, start, end, &first, &last, &rounded)) {
      return absl::StrCat(d, "; no extent at or before fsb ", rounded, " - 1: nothing is walked");
    }
    if (last != rounded) {
      // The widening the 6.2 bug rests on, spelled out against the source.
      absl::StrAppend(&d, "; end_fsb ", rounded, ": no extent holds end_fsb - 1", rounded == 0 ? " (it wraps)" : "",
                      ", so xfs_iext_lookup_extent_before moves end_fsb to ", last,
                      ", the end of the extent before it: fsb ", first, "..", last - 1, " are walked");
    }
    return d;
  }
  if (p.kind == PrimitiveKind::kSetMappingError) return absl::StrCat("error -", errno_name(err_of(t.err)));
  return absl::StrCat("folio ", t.folio);
}

// The primitive, and the exit from iomap_writepage_map when it is the last.
std::string hook_detail(const State& s, const Context& c, int task) {
  const TaskState& t = s.task[task];
  std::string d = hook_primitive_detail(s, c, task);
  if (!hook_step_releases_folio(s, c, t)) return d;
  return absl::StrCat(d, "; then ", t.wb_count ? "folio_start_writeback, folio_unlock" : "folio_unlock (count == 0)");
}

int eof_block(const State& s, const Context& c) {
  return static_cast<int>((uint64_t{s.i_size} + c.block_size - 1) / c.block_size);
}

// The versions of blocks [b, e) in `s`'s cache: "v1,v1,zeros".
std::string versions(const State& s, const Context& c, int b, int e) {
  std::string out;
  for (int i = b; i < e; ++i) {
    absl::StrAppend(&out, i > b ? "," : "", field_value_text(c, Field::kCacheVer, s.block[i].cache_ver));
  }
  return out;
}

// filemap_read for one folio: where it stops, whether it reads the folio in,
// and what it returns (from the state after the step).
std::string read_detail(const State& s, const Context& c, const Action& a) {
  const TaskState& t = s.task[a.task];
  int eof = eof_block(s, c);
  if (t.cur >= eof) return absl::StrCat("ki_pos ", uint64_t{t.cur} * c.block_size, " >= i_size ", s.i_size, ": done");
  int f = t.folio;
  int range_end = std::min<int>(t.end, c.first_block(f) + c.blocks_per_folio);
  const FolioState& folio = s.folio[f];
  State after = s;
  filemap_read(after, c, a.task, a.choice);
  std::string how = folio.uptodate ? "uptodate, copied without the folio lock"
                    : !folio.present ? "absent: created and read in (iomap_read_folio)"
                    : after.folio[f].uptodate ? "not uptodate: locked and read in (iomap_read_folio)"
                                              : "not uptodate, but the blocks read are: locked, not read in";
  int copy_end = std::min(range_end, eof);
  std::string got = copy_end > t.cur ? absl::StrCat("; returns ", fsb_range(t.cur, copy_end), ": ",
                                                    versions(after, c, t.cur, copy_end))
                                     : "";
  return absl::StrCat("folio ", f, " ", how, got);
}

std::string fault_detail(const State& s, const Context& c, const Action& a) {
  const TaskState& t = s.task[a.task];
  const Op& op = c.op(a.task, t.op);
  int f = static_cast<int>(op.pos / c.folio_size);
  if (fault_page_past_eof(s, op.pos)) {
    return absl::StrCat("page at ", op.pos, " past EOF (i_size ", s.i_size, "): VM_FAULT_SIGBUS");
  }
  const FolioState& folio = s.folio[f];
  const char* how = !folio.present ? "absent: created and read in"
                    : folio.uptodate ? "uptodate"
                                     : "not uptodate: read in";
  return absl::StrCat("folio ", f, " ", how, "; VM_FAULT_LOCKED, unlocked before ->page_mkwrite");
}

std::string mkwrite_detail(const State& s, const Context& c, const Action& a) {
  int f = s.task[a.task].folio;
  uint64_t folio_pos = uint64_t{c.folio_size} * f;
  const char* again = ": -EFAULT, VM_FAULT_NOPAGE, fault again";
  if (!s.folio[f].present) return absl::StrCat("folio ", f, " left the page cache", again);
  if (folio_pos >= s.i_size) return absl::StrCat("folio ", f, " past EOF", again);
  uint64_t len = std::min<uint64_t>(c.folio_size, s.i_size - folio_pos);
  return absl::StrCat("folio ", f, ": folio_mkwrite_check_truncate = ", len);
}

std::string mkwrite_iomap_detail(const State& s, const Context& c, const Action& a) {
  const TaskState& t = s.task[a.task];
  int b = t.cur;
  ExtentKind k = extent_at(s, b);
  int e = b + 1;
  while (e < t.end && extent_at(s, e) == k) ++e;
  std::string d = absl::StrCat(fsb_range(b, e), " is ", kind_name(k));
  if (k == ExtentKind::kHole) {
    if (s.fdblocks < e - b) return absl::StrCat(d, ": reservation fails, -ENOSPC, VM_FAULT_SIGBUS");
    absl::StrAppend(&d, ": reserved as delalloc");
  }
  absl::StrAppend(&d, "; folio_mark_dirty");
  if (e < t.end) return d;
  const Op& op = c.op(a.task, t.op);
  int first = static_cast<int>(op.pos / c.block_size);
  int last = std::min(static_cast<int>((op.pos + op.len) / c.block_size), eof_block(s, c));
  int version = c.version[a.task][t.op];
  std::string stored = last > first ? absl::StrCat(fsb_range(first, last), " <- v", version) : "nothing below EOF";
  return absl::StrCat(d, "; VM_FAULT_LOCKED, MMAPLOCK dropped, the store: ", stored, ", folio_unlock");
}

// The page cache truncation of folio t.folio: what happens to it, from the
// state after the step.
std::string truncate_folio_detail(const State& s, const Context& c, const Action& a) {
  int f = s.task[a.task].folio;
  if (!s.folio[f].present) return absl::StrCat("folio ", f, " not cached");
  State after = s;
  truncate_inode_pages_range(after, c, a.task, a.choice);
  if (after.folio[f].locked_by == a.task + 1 && after.folio[f].writeback) {
    return absl::StrCat("folio ", f, " locked, under writeback: folio_wait_writeback");
  }
  if (!after.folio[f].present) return absl::StrCat("folio ", f, ": truncate_inode_folio, removed");
  return absl::StrCat("folio ", f, ": truncate_inode_partial_folio, zeroed past ",
                      uint64_t{c.op(a.task, s.task[a.task].op).pos});
}

std::string error_check_detail(const State& s, const Action& a) {
  Errno err = err_of(s.task[a.task].err);
  if (err != Errno::kOk) return absl::StrCat("the flush failed: -", errno_name(err));
  if (s.as_eio) return "AS_EIO set: -EIO";
  if (s.as_enospc) return "AS_ENOSPC set: -ENOSPC";
  return "no error";
}

}  // namespace

std::string extents_removed(const State& before, const State& after, const Context& c) {
  std::string out;
  for (int b = 0; b < c.nblocks; ++b) {
    if (extent_at(before, b) != ExtentKind::kHole && extent_at(after, b) == ExtentKind::kHole) {
      absl::StrAppend(&out, out.empty() ? "" : ",", b);
    }
  }
  return out.empty() ? "no extents to remove" : absl::StrCat("removes fsb {", out, "}");
}

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
    case Phase::kWriteEnd:
    case Phase::kWriteIomapEnd:
    case Phase::kWriteReleaseSeek:
    case Phase::kWriteReleaseFolio:
    case Phase::kWriteFailPunch: return write_detail(s, c, a);
    case Phase::kReadFolio: return read_detail(s, c, a);
    case Phase::kFaultRead: return fault_detail(s, c, a);
    case Phase::kFaultMkwrite: return mkwrite_detail(s, c, a);
    case Phase::kFaultIomapBegin: return mkwrite_iomap_detail(s, c, a);
    case Phase::kTruncMmaplock: {
      uint64_t newsize = c.op(a.task, t.op).pos;
      if (newsize > s.i_size) return absl::StrCat("grow ", s.i_size, " -> ", newsize);
      return absl::StrCat("shrink ", s.i_size, " -> ", newsize, ": flush the folio holding ", newsize);
    }
    case Phase::kTruncCheckErrors:
    case Phase::kPunchCheckErrors:
    case Phase::kPunchTailCheck: return error_check_detail(s, a);
    case Phase::kTruncSetsize: return absl::StrCat("i_size ", s.i_size, " -> ", c.op(a.task, t.op).pos);
    case Phase::kTruncFolio: return truncate_folio_detail(s, c, a);
    case Phase::kTruncTransaction:
    case Phase::kPunchUnmap: {
      if (s.shutdown) return "xfs_trans_alloc: shut down, -EIO";
      State after = s;
      if (phase_of(t) == Phase::kTruncTransaction) xfs_itruncate_extents(after, c, a.task, a.choice);
      else xfs_free_file_space(after, c, a.task, a.choice);
      return extents_removed(s, after, c);
    }
    case Phase::kOpen:
      if (s.shutdown) return "xfs_file_open: shut down, -EIO";
      return absl::StrCat("f_wb_err = errseq_sample(", field_value_text(c, Field::kWbErr, s.wb_err), ")");
    default: return "";
  }
}

}  // namespace wbcheck::model
