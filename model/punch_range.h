// The blocks xfs_bmap_punch_delalloc_range(ip, start_byte, end_byte) walks
// (fs/xfs/xfs_bmap_util.c, 6.2), written once over any value type and any
// extent layout: the model runs it on plain integers against its extent map
// (model/extent_map.cc), and prove-ranges on 64-bit symbolic values against
// every layout at once (properties/range_proof.cc).
//
// An extent layout `x` answers the two questions xfs_iext_lookup_extent_before
// asks of the data fork:
//   x.holds(fsb)              an extent holds block fsb;
//   x.previous_end(fsb, &end) there is an extent before fsb (the file's last
//                             one when the cursor ran off the end): true, and
//                             *end is set to where it ends.
#pragma once

namespace wbcheck::model {

// xfs_iext_lookup_extent_before(ip, ifp, &end, ...) (fs/xfs/libxfs/xfs_iext_tree.c):
// look up the extent holding end - 1; if there is none there, fall back to
// the previous extent and move `end` to that extent's end. `end - 1` wraps
// when end == 0. False when there is no extent at or before end - 1.
template <class U, class Extents>
bool xfs_iext_lookup_extent_before(const Extents& x, U* end) {
  const U last = U(*end - 1);
  if (x.holds(last)) return true;
  // No extent holds `last`: the cursor sits on the next extent after it, or
  // past the end, and xfs_iext_prev_extent steps to the previous extent.
  return x.previous_end(last, end);
}

// [start_fsb, end_fsb): the range in blocks (XFS_B_TO_FSBT, XFS_B_TO_FSB),
// then end_fsb moved by the lookup; `rounded_end`, if given, receives end_fsb
// before that move. False when no extent lies at or before it: nothing is
// walked.
template <class U, class Extents>
bool punch_delalloc_range_walk(const Extents& x, const U& start_byte, const U& end_byte, const U& block_log,
                               U* start_fsb, U* end_fsb, U* rounded_end = nullptr) {
  const U block_size = U(U(1) << block_log);
  *start_fsb = U(start_byte >> block_log);                 // XFS_B_TO_FSBT
  *end_fsb = U((end_byte + (block_size - 1)) >> block_log);  // XFS_B_TO_FSB
  if (rounded_end != nullptr) *rounded_end = *end_fsb;
  return xfs_iext_lookup_extent_before(x, end_fsb);
}

}  // namespace wbcheck::model
