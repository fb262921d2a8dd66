#include "model/extent_map.h"

#include <algorithm>

#include "model/domains.h"
#include "model/merge.h"
#include "model/punch_range.h"

namespace wbcheck::model {

int run_start(const auto& s, int b) {
  ExtentKind k = extent_at(s, b);
  while (b > 0 && extent_at(s, b - 1) == k) --b;
  return b;
}

int run_end(const auto& s, const Context& c, int b) {
  ExtentKind k = extent_at(s, b);
  while (b < c.nblocks && extent_at(s, b) == k) ++b;
  return b;
}

int real_blocks(const auto& s, const Context& c) {
  return count_blocks(s, 0, c.nblocks, [](const auto& st, int b) { return extent_matches(st, b, is_real); });
}

void xfs_iext_inc_seq(auto& s, const Context& c) {
  for (int t = 0; t < c.actors(); ++t) s.task[t].map_valid = 0;
}

bool xfs_bmapi_reserve_delalloc(auto& s, const Context& c, int b, int n) {
  if (s.fdblocks < n) return false;  // xfs_dec_fdblocks fails: -ENOSPC
  s.fdblocks = static_cast<uint16_t>(s.fdblocks - n);
  s.i_delayed_blks = static_cast<uint8_t>(s.i_delayed_blks + n);
  s.m_delalloc_blks = static_cast<uint8_t>(s.m_delalloc_blks + n);
  for (int i = b; i < b + n; ++i) set_extent(s, i, ExtentKind::kDelalloc);
  xfs_iext_inc_seq(s, c);
  return true;
}

void xfs_bmap_del_extent_delay(auto& s, int b) {
  set_extent(s, b, ExtentKind::kHole);
  s.i_delayed_blks--;
  s.m_delalloc_blks--;
  s.fdblocks++;  // xfs_add_fdblocks
}

namespace {

// The model's extent map as the layout punch_delalloc_range_walk asks about.
template <class S>
struct ExtentMap {
  const S& s;
  const Context& c;
  bool holds(uint64_t fsb) const {
    return fsb < static_cast<uint64_t>(c.nblocks) && extent_at(s, static_cast<int>(fsb)) != ExtentKind::kHole;
  }
  bool previous_end(uint64_t fsb, uint64_t* end) const {
    const int below = fsb < static_cast<uint64_t>(c.nblocks) ? static_cast<int>(fsb) : c.nblocks;
    for (int b = below - 1; b >= 0; --b) {
      if (extent_at(s, b) != ExtentKind::kHole) {
        *end = static_cast<uint64_t>(b) + 1;  // got.br_startoff + got.br_blockcount
        return true;
      }
    }
    return false;
  }
};

}  // namespace

bool punch_delalloc_walk(const auto& s, const Context& c, uint64_t start_byte, uint64_t end_byte,
                         uint64_t* start_fsb, uint64_t* end_fsb, uint64_t* rounded_end) {
  const uint64_t block_log = static_cast<uint64_t>(__builtin_ctz(c.block_size));
  return punch_delalloc_range_walk(ExtentMap<std::remove_cvref_t<decltype(s)>>{s, c}, start_byte, end_byte, block_log,
                                   start_fsb, end_fsb, rounded_end);
}

void xfs_bmap_punch_delalloc_range(auto& s, const Context& c, int task, uint64_t start_byte,
                                   uint64_t end_byte) {
  uint64_t start_fsb, end_fsb;
  if (!punch_delalloc_walk(s, c, start_byte, end_byte, &start_fsb, &end_fsb)) return;
  // Walking the extents backwards from end_fsb and trimming each to
  // [start_fsb, end_fsb) deletes exactly the delalloc blocks in that range.
  const int end = static_cast<int>(std::min<uint64_t>(end_fsb, static_cast<uint64_t>(c.nblocks)));
  const int start = static_cast<int>(std::min<uint64_t>(start_fsb, static_cast<uint64_t>(end)));
  auto delalloc = [](const auto& st, int b) { return extent_matches(st, b, [](ExtentKind k) { return k == ExtentKind::kDelalloc; }); };
  const bool changed = any_block(s, start, end, delalloc);
  for (int blk = start; blk < end; ++blk) {
    merge_paths(s, c, [&](auto& st) {
      if (!delalloc(st, blk)) return;
      const auto& f = st.folio[c.folio_of(blk)];
      if (task != kNotDiscardFolio && f.present && f.locked_by != task + 1) st.discard_escaped = 1;
      xfs_bmap_del_extent_delay(st, blk);
    });
  }
  if (changed) xfs_iext_inc_seq(s, c);
}

void convert_delalloc_extent(auto& s, const Context& c, int b) {
  int e = run_end(s, c, b);
  for (int i = run_start(s, b); i < e; ++i) {
    set_extent(s, i, ExtentKind::kUnwritten);
    s.block[i].disk_ver = kVersionGarbage;  // allocated, not yet written
    s.i_delayed_blks--;
    s.m_delalloc_blks--;
  }
  xfs_iext_inc_seq(s, c);
}

bool xfs_iomap_write_direct(auto& s, const Context& c, int b, int e) {
  const int holes = count_blocks(
      s, b, e, [](const auto& st, int i) { return extent_matches(st, i, [](ExtentKind k) { return k == ExtentKind::kHole; }); });
  if (s.fdblocks < holes) return false;
  s.fdblocks = static_cast<uint16_t>(s.fdblocks - holes);
  for (int i = b; i < e; ++i) {
    merge_paths(s, c, [&](auto& st) {
      ExtentKind k = extent_at(st, i);
      if (k == ExtentKind::kHole) {
        set_extent(st, i, ExtentKind::kUnwritten);
        st.block[i].disk_ver = kVersionGarbage;  // allocated, not yet written
      }
      // xfs_bmapi_allocate takes a delalloc extent whole (bma->offset =
      // got.br_startoff), also the part outside the direct write's range.
      if (k == ExtentKind::kDelalloc) convert_delalloc_extent(st, c, i);
    });
  }
  xfs_iext_inc_seq(s, c);
  return true;
}

void xfs_bunmapi_range(auto& s, const Context& c, int b, int e) {
  const int end = std::min(e, c.nblocks);
  const bool changed = any_block(
      s, b, end, [](const auto& st, int i) { return extent_matches(st, i, [](ExtentKind k) { return k != ExtentKind::kHole; }); });
  for (int i = b; i < end; ++i) {
    merge_paths(s, c, [&](auto& st) {
      ExtentKind k = extent_at(st, i);
      if (k == ExtentKind::kDelalloc) xfs_bmap_del_extent_delay(st, i);
      if (is_real(k)) {
        set_extent(st, i, ExtentKind::kHole);
        st.block[i].disk_ver = 0;  // a hole has no disk block
        st.fdblocks++;
      }
    });
  }
  if (changed) xfs_iext_inc_seq(s, c);
}

void xfs_iomap_write_unwritten(auto& s, const Context& c, uint32_t mask) {
  auto unwritten = [](const auto& st, int b) {
    return extent_matches(st, b, [](ExtentKind k) { return k == ExtentKind::kUnwritten; });
  };
  bool changed = false;
  for (int b = 0; b < c.nblocks; ++b) {
    if (!(mask >> b & 1)) continue;
    changed = changed || any_block(s, b, b + 1, unwritten);
    merge_paths(s, c, [&](auto& st) {
      if (unwritten(st, b)) set_extent(st, b, ExtentKind::kWritten);
    });
  }
  if (changed) xfs_iext_inc_seq(s, c);
}

#define INSTANTIATE(S) \
  template int run_start(const S&, int); \
  template int run_end(const S&, const Context&, int); \
  template int real_blocks(const S&, const Context&); \
  template void xfs_iext_inc_seq(S&, const Context&); \
  template bool xfs_bmapi_reserve_delalloc(S&, const Context&, int, int); \
  template void xfs_bmap_del_extent_delay(S&, int); \
  template bool punch_delalloc_walk(const S&, const Context&, uint64_t, uint64_t, uint64_t*, uint64_t*, uint64_t*); \
  template void xfs_bmap_punch_delalloc_range(S&, const Context&, int, uint64_t, uint64_t); \
  template void convert_delalloc_extent(S&, const Context&, int); \
  template bool xfs_iomap_write_direct(S&, const Context&, int, int); \
  template void xfs_bunmapi_range(S&, const Context&, int, int); \
  template void xfs_iomap_write_unwritten(S&, const Context&, uint32_t);
WBCHECK_FOR_EACH_STATE(INSTANTIATE)
#undef INSTANTIATE

}  // namespace wbcheck::model
