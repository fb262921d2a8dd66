#include "model/primitives.h"

#include "model/domains.h"
#include "model/extent_map.h"
#include "model/task_flow.h"

namespace wbcheck::model {
namespace {

constexpr uint32_t kPageSize = 4096;  // a folio larger than this is a large folio

// Blocks [first, last) of folio f that a byte range [start, end) touches.
void blocks_of_range(const Context& c, int f, uint64_t start, uint64_t end, int* first, int* last) {
  uint64_t fpos = uint64_t{c.folio_size} * f;
  uint64_t lo = std::max(start, fpos), hi = std::min(end, fpos + c.folio_size);
  *first = static_cast<int>(lo / c.block_size);
  *last = hi > lo ? static_cast<int>((hi + c.block_size - 1) / c.block_size) : *first;
}

bool blocks_in_an_ioend(const auto& s, const Context& c, int f) {
  uint32_t mask = ((1u << c.blocks_per_folio) - 1) << c.first_block(f);
  for (int t = 0; t < c.actors(); ++t) {
    if (s.task[t].ioend & mask) return true;
  }
  for (int i = 0; i < c.nfolios; ++i) {
    if (s.io[i].blocks & mask) return true;
  }
  return false;
}

void folio_clear_uptodate(auto& s, const Context& c, int f) {
  s.folio[f].uptodate = 0;
  for (int b = c.first_block(f); b < c.first_block(f) + c.blocks_per_folio; ++b) drop_cached_block(s, c, b);
}

// folio_redirty_for_writepage: PG_dirty again. Before 6.6 the blocks from pos
// on still hold unwritten data (the ghost dirty bits say so), except zeros a
// read brought in over a hole, an unwritten extent or past EOF (cache version
// 0), which nothing has to write; from 6.6 it does not touch the per-block
// dirty bits, which writeback clears.
void folio_redirty_for_writepage(auto& s, const Context& c, int f, uint64_t pos) {
  s.folio[f].dirty = 1;
  if (c.policy.features.per_block_dirty) return;
  for (int b = static_cast<int>(pos / c.block_size); b < c.first_block(f) + c.blocks_per_folio; ++b) {
    if (s.block[b].uptodate && s.block[b].cache_ver != 0) s.block[b].dirty = 1;
  }
}

}  // namespace

void ifs_free(auto& s, const Context& c, int f) {
  if (!s.folio[f].has_ifs) return;
  if (blocks_in_an_ioend(s, c, f)) s.ifs_freed_under_io = 1;
  s.folio[f].has_ifs = 0;
  for (int b = c.first_block(f); b < c.first_block(f) + c.blocks_per_folio; ++b) {
    // Without ifs the folio flag speaks for every block: a block that was
    // uptodate in a folio that is not loses its data.
    if (!s.folio[f].uptodate) drop_cached_block(s, c, b);
    s.block[b].dirty = 0;
  }
}

// iomap_invalidate_folio (fs/iomap/buffered-io.c): the whole folio cancels
// PG_dirty and releases the per-folio state; a partial range releases it only
// for a large folio in 5.17/5.18 ("Must release the iop so the page can be split").
void iomap_invalidate_folio(auto& s, const Context& c, int f, uint64_t start, uint64_t end) {
  uint64_t offset = start - uint64_t{c.folio_size} * f, len = end - start;
  if (offset == 0 && len == c.folio_size) {
    s.folio[f].dirty = 0;  // folio_cancel_dirty
    ifs_free(s, c, f);
  } else if (c.folio_size > kPageSize && c.policy.features.large_folio_invalidate_frees_ifs) {
    ifs_free(s, c, f);
  }
}

bool primitive_applies(const Primitive& p, const HookEnv& env) { return !p.when || p.when->eval(env) != 0; }

void run_primitive(auto& s, const Context& c, const HookSite& site, const Primitive& p) {
  if (!primitive_applies(p, site.env)) return;
  uint64_t start = p.start ? p.start->eval(site.env) : 0, end = p.end ? p.end->eval(site.env) : 0;
  int f = site.folio;
  switch (p.kind) {
    case PrimitiveKind::kPunchDelalloc:
      // Both places a policy punches return before the punch on a shut-down
      // filesystem: xfs_discard_folio starts with `if (xfs_is_shutdown(mp))
      // return;` (v5.19+; xfs_discard_page before that skips to its
      // invalidate, which the policy lists as a primitive of its own), and
      // xfs_inactive does not run at all (xfs_inode_needs_inactive returns
      // false when shut down). The on_convert_missing_extent hook cannot
      // meet it: xfs_bmapi_convert_delalloc fails in xfs_trans_alloc first.
      if (s.shutdown) return;
      xfs_bmap_punch_delalloc_range(s, c, site.task, start, end);
      return;
    case PrimitiveKind::kMarkSick: s.sick = 1; return;
    case PrimitiveKind::kSetMappingError: mapping_set_error(s, c, site.err); return;
    default: break;
  }
  if (f < 0) return;  // folio primitives where no folio is held: rejected at load time
  switch (p.kind) {
    case PrimitiveKind::kClearUptodate: folio_clear_uptodate(s, c, f); return;
    case PrimitiveKind::kInvalidateFolio: iomap_invalidate_folio(s, c, f, start, end); return;
    case PrimitiveKind::kRedirty: folio_redirty_for_writepage(s, c, f, site.env.get(Var::kPos)); return;
    case PrimitiveKind::kClearIfsDirty: {
      int first, last;
      blocks_of_range(c, f, start, end, &first, &last);
      for (int b = first; b < last; ++b) s.block[b].dirty = 0;
      return;
    }
    default: return;
  }
}

#define INSTANTIATE(S) \
  template void run_primitive(S&, const Context&, const HookSite&, const Primitive&); \
  template void ifs_free(S&, const Context&, int); \
  template void iomap_invalidate_folio(S&, const Context&, int, uint64_t, uint64_t);
WBCHECK_FOR_EACH_STATE(INSTANTIATE)
#undef INSTANTIATE

}  // namespace wbcheck::model
