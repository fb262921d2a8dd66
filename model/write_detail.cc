// Trace details of a buffered write and of its failure cleanup
// (paths/buffered_write.cc, paths/write_failure.cc): where the copy stops,
// what ->iomap_end releases, and what each scan step keeps or punches.
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "model/extent_map.h"
#include "model/step_detail.h"
#include "model/steps.h"
#include "model/task_flow.h"

namespace wbcheck::model {
namespace {

std::string fsbs(int a, int e) { return e - a == 1 ? absl::StrCat("fsb ", a) : absl::StrCat("fsb ", a, "-", e - 1); }

// What the step removes, found by running it on a copy.
std::string punched_by(const State& s, const Context& c, const Action& a, void (*step)(State&, const Context&, int, int)) {
  State after = s;
  step(after, c, a.task, a.choice);
  return extents_removed(s, after, c);
}

std::string write_begin_detail(const State& s, const Context& c, const Action& a) {
  const TaskState& t = s.task[a.task];
  const Op& op = c.op(a.task, t.op);
  int f = c.folio_of(t.cur);
  if (t.cur == write_fault_block(c, op)) {
    return absl::StrFormat("fault_in_iov_iter_readable fails at %#x: -EFAULT, the iteration ends", op.fault_at);
  }
  if (!t.map_valid && c.policy.features.write_iomap_valid) {
    return absl::StrCat("folio ", f, ": ->iomap_valid: if_seq moved, IOMAP_F_STALE, the iteration ends");
  }
  return absl::StrCat("folio ", f);
}

std::string write_end_detail(const State& s, const Context& c, const Action& a) {
  const TaskState& t = s.task[a.task];
  const Op& op = c.op(a.task, t.op);
  int f = c.folio_of(t.cur);
  int fault = write_fault_block(c, op);
  if (fault > t.cur && fault < c.first_block(f) + c.blocks_per_folio && fault < t.end) {
    return absl::StrFormat("folio %d: the copy stops at the fault at %#x", f, op.fault_at);
  }
  return absl::StrCat("folio ", f);
}

}  // namespace

std::string write_detail(const State& s, const Context& c, const Action& a) {
  const TaskState& t = s.task[a.task];
  switch (phase_of(t)) {
    case Phase::kWriteBegin: return write_begin_detail(s, c, a);
    case Phase::kWriteEnd: return write_end_detail(s, c, a);
    case Phase::kWriteIomapEnd: {
      std::string range = absl::StrCat("IOMAP_F_NEW delalloc ", fsbs(t.cur, t.map_end), " not written: ");
      if (c.policy.features.write_delalloc_release) {
        return range + "filemap_invalidate_lock, iomap_write_delalloc_release";
      }
      return range + absl::StrFormat("truncate_pagecache_range(%#x, %#x), then the punch", t.cur * c.block_size,
                                     t.map_end * c.block_size - 1);
    }
    case Phase::kWriteReleaseSeek: {
      State after = s;
      mapping_seek_hole_data(after, c, a.task, a.choice);
      const TaskState& n = after.task[a.task];
      if (phase_of(n) == Phase::kWriteReleaseFolio) {
        return absl::StrCat("SEEK_DATA from fsb ", t.scan, ": cached data ", fsbs(n.scan, n.data_end));
      }
      std::string punch = t.punch_start < t.map_end
                              ? absl::StrCat("punch ", fsbs(t.punch_start, t.map_end), ": ", extents_removed(s, after, c))
                              : std::string("nothing left to punch");
      return absl::StrCat("no cached data from fsb ", t.scan, ": ", punch, "; filemap_invalidate_unlock");
    }
    case Phase::kWriteReleaseFolio: {
      const FolioState& f = s.folio[t.folio];
      if (!f.present) return absl::StrCat("folio ", t.folio, " gone from the cache: skipped");
      if (!f.dirty) return absl::StrCat("folio ", t.folio, " clean: left to the final punch");
      return absl::StrCat("folio ", t.folio, " dirty: its delalloc is kept; ",
                          punched_by(s, c, a, iomap_write_delalloc_scan));
    }
    case Phase::kWriteFailPunch:
      return absl::StrCat("punch ", fsbs(t.cur, t.map_end), " with IOLOCK_EXCL only: ",
                          punched_by(s, c, a, xfs_buffered_write_fail_punch));
    default: return "";
  }
}

}  // namespace wbcheck::model
