// The data fork's extent map, one ExtentKind per block, and the XFS functions
// that change it together with the delalloc accounting (i_delayed_blks,
// m_delalloc_blks, sb_fdblocks).
//
// XFS merges adjacent delalloc extents (xfs_bmap_add_extent_hole_delay), so a
// maximal run of delalloc blocks is one extent. Adjacent real extents may be
// separate in XFS; every use below treats a run of one real kind the way XFS
// treats each of its extents, so the merge changes no outcome.
#pragma once

#include <cstdint>

#include "model/context.h"
#include "model/state.h"

namespace wbcheck::model {

inline ExtentKind extent_at(const auto& s, int b) { return static_cast<ExtentKind>(s.block[b].extent); }
inline bool is_real(ExtentKind k) { return k == ExtentKind::kUnwritten || k == ExtentKind::kWritten; }
inline void set_extent(auto& s, int b, ExtentKind k) { s.block[b].extent = static_cast<uint8_t>(k); }

// [run_start, run_end) of the maximal run of blocks of b's kind.
int run_start(const auto& s, int b);
int run_end(const auto& s, const Context& c, int b);
// Number of blocks backed by a real (allocated) extent.
int real_blocks(const auto& s, const Context& c);

// xfs_iext_update_extent/xfs_iext_inc_seq: any change to the extent list bumps
// if_seq, which invalidates every cached mapping (iomap cookies, wpc->iomap).
// Only equality with a cached copy is ever tested, so the model keeps a
// "cached mapping still valid" bit per task instead of the counter.
void xfs_iext_inc_seq(auto& s, const Context& c);

// xfs_bmapi_reserve_delalloc: reserve [b, b+n) as delalloc. False on -ENOSPC.
bool xfs_bmapi_reserve_delalloc(auto& s, const Context& c, int b, int n);

// xfs_bmap_del_extent_delay for one block: the reservation goes back.
void xfs_bmap_del_extent_delay(auto& s, int b);

// The blocks xfs_bmap_punch_delalloc_range(start_byte, end_byte) walks:
// [start_fsb, end_fsb) once xfs_iext_lookup_extent_before has moved end_fsb
// (to the end of the extent before it when no extent holds end_fsb - 1,
// which wraps when end_fsb is 0). `rounded_end`, if given, receives end_fsb
// before that move. False when no extent lies at or before it: nothing is
// walked.
bool punch_delalloc_walk(const auto& s, const Context& c, uint64_t start_byte, uint64_t end_byte,
                         uint64_t* start_fsb, uint64_t* end_fsb, uint64_t* rounded_end = nullptr);

// xfs_bmap_punch_delalloc_range(ip, start_byte, end_byte) (fs/xfs/xfs_bmap_util.c, 6.2),
// with xfs_iext_lookup_extent_before widening end_fsb. `task` is the
// ->discard_folio caller: removing delalloc behind a cached folio it does not
// hold locked is recorded. kNotDiscardFolio: a caller whose safety rests on
// other locks (a failed write's cleanup under IOLOCK_EXCL).
inline constexpr int kNotDiscardFolio = -1;
void xfs_bmap_punch_delalloc_range(auto& s, const Context& c, int task, uint64_t start_byte,
                                   uint64_t end_byte);

// xfs_bmapi_convert_delalloc's allocation: the whole delalloc extent holding b
// becomes unwritten (XFS_BMAPI_PREALLOC); the reservation is consumed.
void convert_delalloc_extent(auto& s, const Context& c, int b);

// xfs_iomap_write_direct over [b, e): holes become unwritten, and every
// delalloc extent touching [b, e) is allocated whole as unwritten (its
// reservation consumed). False on -ENOSPC (not enough free blocks for the holes).
bool xfs_iomap_write_direct(auto& s, const Context& c, int b, int e);

// xfs_bunmapi over blocks [b, e) of the data fork (xfs_itruncate_extents,
// xfs_unmap_extent): delalloc returns its reservation
// (xfs_bmap_del_extent_delay), real extents return their blocks to sb_fdblocks
// (xfs_bmap_del_extent_real and the deferred free). Every block becomes a hole.
void xfs_bunmapi_range(auto& s, const Context& c, int b, int e);

// xfs_iomap_write_unwritten over the blocks in `mask`.
void xfs_iomap_write_unwritten(auto& s, const Context& c, uint32_t mask);

}  // namespace wbcheck::model
