// The cleanup after a buffered write iteration that did not write all of
// its mapping: the user buffer faulted (a short copy, or -EFAULT), or, from
// 6.2, ->iomap_valid found the mapping stale. iomap_iter calls ->iomap_end
// (xfs_buffered_write_iomap_end) with the bytes written; delalloc that this
// iteration reserved itself (IOMAP_F_NEW) and did not write is released.
//
// From 6.2 (198dd8aedee6, 9c7babf94a0d, f43dc4dc3eff; fs/iomap/buffered-io.c,
// the 6.6 form): iomap_write_delalloc_release under invalidate_lock held
// exclusive (page faults cannot redirty a folio meanwhile) walks the cached
// data of [start, end) with mapping_seek_hole_data and keeps the delalloc
// under every dirty folio; from 6.6 it still punches the blocks of a dirty
// folio whose per-block dirty bit is clear (iomap_write_delalloc_ifs_punch),
// which per-block dirty writeback would otherwise never convert (F6).
//
// Before (v6.1 and earlier, xfs_buffered_write_iomap_end in fs/xfs/xfs_iomap.c):
// truncate_pagecache_range over the range, then xfs_bmap_punch_delalloc_range,
// with only IOLOCK_EXCL held, so an mmap store can fault the folio back in
// and dirty it over the delalloc about to go (the race 198dd8aedee6 names),
// and the truncation destroys whatever dirty data another task had there.
//
// The release punches outside the folio it holds locked by design (the range
// before a dirty folio, kernel-notes §5.2): its safety rests on IOLOCK_EXCL
// and invalidate_lock, not on the folio lock, so its punches are not
// ->discard_folio's and the discard-within-locked-folio observation ignores them.
//
// What the model simplifies:
//  - mapping_seek_hole_data reads per-block uptodate bits of a partially
//    uptodate folio without its folio lock (folio_seek_hole_data takes it).
//    Those bits change only under the folio lock, so the model sees a superset
//    of the values the kernel can see.
//  - The folio step locks the folio, punches and unlocks at once: the punch
//    is one ILOCK_EXCL section, and nobody else can act on a folio this task
//    holds locked.
#include <algorithm>

#include "model/domains.h"
#include "model/extent_map.h"
#include "model/locks.h"
#include "model/steps.h"
#include "model/task_flow.h"

namespace wbcheck::model {
namespace {

// xfs_buffered_write_delalloc_punch -> xfs_bmap_punch_delalloc_range over
// blocks [from, to).
void punch(auto& s, const Context& c, int from, int to) {
  xfs_bmap_punch_delalloc_range(s, c, kNotDiscardFolio, uint64_t{c.block_size} * from, uint64_t{c.block_size} * to);
}

// iomap_iter after ->iomap_end: a stale mapping is mapped again from where
// the write stopped; a short copy ends the write.
void after_iomap_end(auto& s, const Context& c, int task) {
  auto& t = s.task[task];
  t.map_new = 0;
  if (t.cur == write_fault_block(c, c.op(task, t.op))) {
    finish_write(s, c, task, Errno::kEFAULT, t.cur);
    return;
  }
  set_phase(t, Phase::kWriteIomapBegin);
}

// mapping_seek_hole_data sees data where the folio is cached and uptodate,
// or, for a folio only partly uptodate, where the block is
// (folio_seek_hole_data -> iomap_is_partially_uptodate, which needs the ifs).
bool cached_data(const auto& s, const Context& c, int b) {
  const auto& f = s.folio[c.folio_of(b)];
  return f.present && (f.uptodate || (f.has_ifs && s.block[b].uptodate));
}

// The end of iomap_write_delalloc_release: punch what is left of the range,
// then filemap_invalidate_unlock.
void release_finish(auto& s, const Context& c, int task) {
  auto& t = s.task[task];
  if (t.punch_start < t.map_end) punch(s, c, t.punch_start, t.map_end);
  rwsem_up(s, task, Rwsem::kMmaplock);
  after_iomap_end(s, c, task);
}

}  // namespace

int write_fault_block(const Context& c, const Op& op) {
  if (!op.faults()) return c.nblocks + 1;
  return static_cast<int>(op.fault_at / c.block_size);
}

// Where an iteration that wrote blocks up to t.cur of its mapping
// [.., map_end) goes: ->iomap_end releases delalloc only when the mapping was
// reserved by this iteration (IOMAP_F_NEW) and some of it is unwritten
// ("Nothing to do if we've written the entire delalloc extent").
void iomap_write_iteration_end(auto& s, const Context& c, int task) {
  auto& t = s.task[task];
  if (t.map_new && t.cur < t.map_end) {
    set_phase(t, Phase::kWriteIomapEnd);
    return;
  }
  after_iomap_end(s, c, task);
}

// xfs_buffered_write_iomap_end for [cur, map_end): from 6.2
// filemap_invalidate_lock (the wait is in refresh_wait) and the start of
// iomap_write_delalloc_release; before, truncate_pagecache_range(start,
// end - 1), one folio per step (paths/truncate.cc), then the punch.
void xfs_buffered_write_iomap_end(auto& s, const Context& c, int task, int) {
  auto& t = s.task[task];
  if (!c.policy.features.write_delalloc_release) {
    start_truncate_pages(s, c, task);
    return;
  }
  rwsem_down_write(s, task, Rwsem::kMmaplock);
  t.scan = t.punch_start = t.cur;
  set_phase(t, Phase::kWriteReleaseSeek);
}

// mapping_seek_hole_data(SEEK_DATA) from the scan position: none left, the
// rest is punched; else SEEK_HOLE from there gives the end of the data range,
// whose folios iomap_write_delalloc_scan takes one by one.
void mapping_seek_hole_data(auto& s, const Context& c, int task, int) {
  auto& t = s.task[task];
  int d = t.scan;
  while (d < t.map_end && !cached_data(s, c, d)) ++d;
  if (d == t.map_end) {
    release_finish(s, c, task);
    return;
  }
  int e = d + 1;
  while (e < t.map_end && cached_data(s, c, e)) ++e;
  t.scan = static_cast<uint8_t>(d);
  t.data_end = static_cast<uint8_t>(e);
  t.folio = static_cast<uint8_t>(c.folio_of(d));
  set_phase(t, Phase::kWriteReleaseFolio);
}

// iomap_write_delalloc_scan for folio t.folio: filemap_lock_folio (gone from
// the cache: skipped), then iomap_write_delalloc_punch: a clean folio is left
// to the final punch; a dirty one keeps its delalloc -- punch up to it, from
// 6.6 punch its blocks that are not dirty, and move punch_start past it
// ("correctly bound to the end of this data range, not the end of the folio").
void iomap_write_delalloc_scan(auto& s, const Context& c, int task, int) {
  auto& t = s.task[task];
  int f = t.folio;
  int folio_end = c.first_block(f) + c.blocks_per_folio;
  int range_end = std::min<int>(t.data_end, folio_end);
  if (s.folio[f].present && s.folio[f].dirty) {
    if (t.scan > t.punch_start) punch(s, c, t.punch_start, t.scan);
    if (c.policy.features.write_delalloc_ifs_punch && s.folio[f].has_ifs) {
      for (int b = t.scan; b < range_end; ++b) {
        if (!s.block[b].dirty) punch(s, c, b, b + 1);
      }
    }
    t.punch_start = static_cast<uint8_t>(range_end);
  }
  if (folio_end < t.data_end) {  // start_byte = folio_next_index(folio) << PAGE_SHIFT
    t.scan = static_cast<uint8_t>(folio_end);
    t.folio = static_cast<uint8_t>(f + 1);
    return;
  }
  t.scan = t.data_end;  // "The next data search starts at the end of this one."
  set_phase(t, Phase::kWriteReleaseSeek);
}

// v6.1 and earlier, after truncate_pagecache_range: xfs_bmap_punch_delalloc_range
// over [cur, map_end), with only IOLOCK_EXCL held.
void xfs_buffered_write_fail_punch(auto& s, const Context& c, int task, int) {
  auto& t = s.task[task];
  punch(s, c, t.cur, t.map_end);
  after_iomap_end(s, c, task);
}

#define INSTANTIATE(S) \
  template void iomap_write_iteration_end(S&, const Context&, int); \
  template void xfs_buffered_write_iomap_end(S&, const Context&, int, int); \
  template void mapping_seek_hole_data(S&, const Context&, int, int); \
  template void iomap_write_delalloc_scan(S&, const Context&, int, int); \
  template void xfs_buffered_write_fail_punch(S&, const Context&, int, int);
WBCHECK_FOR_EACH_STATE(INSTANTIATE)
#undef INSTANTIATE

}  // namespace wbcheck::model
