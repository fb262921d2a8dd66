// The writeback error policy as data: for each hook (a point in a kernel path
// where the filesystem reacts to an error), the list of primitives it runs, plus
// the era `features` that are not the discard policy itself.
//
// A primitive models one kernel function faithfully, edge cases included
// (punch_delalloc is xfs_bmap_punch_delalloc_range with the range widening of
// xfs_iext_lookup_extent_before). Nothing in the model looks at a policy's name.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "model/expr.h"
#include "nlohmann/json_fwd.hpp"

namespace wbcheck::model {

enum class Hook : uint8_t {
  // iomap_writepage_map: ->map_blocks failed at pos; the folio is locked and
  // PG_dirty already clear. Each primitive is an atomic step of its own.
  kOnMapFailure,
  // xfs_bmapi_convert_delalloc found no data-fork extent at offset_fsb. An
  // absent or empty hook is the kernel's WARN_ON_ONCE and -EAGAIN; a non-empty
  // one runs instead (inside the same ILOCK_EXCL section) and the conversion
  // fails with -EFSCORRUPTED, as the unmerged 2023 proposal did.
  kOnConvertMissingExtent,
  // xfs_inactive at eviction, before xfs_inodegc_set_reclaimable; no folio
  // exists any more. Runs inside the eviction step.
  kAtInactivate,
};
inline constexpr int kNumHooks = 3;
const char* hook_name(Hook h);

enum class PrimitiveKind : uint8_t {
  kPunchDelalloc,    // xfs_bmap_punch_delalloc_range(ip, start, end) under ILOCK_EXCL
  kClearUptodate,    // folio_clear_uptodate(folio) and the per-block uptodate bits
  kInvalidateFolio,  // iomap_invalidate_folio(folio, start - folio_pos, end - start)
  kClearIfsDirty,    // iomap_clear_range_dirty(folio, start - folio_pos, end - start)
  kRedirty,          // folio_redirty_for_writepage(wbc, folio)
  kMarkSick,         // xfs_bmap_mark_sick / xfs_inode_mark_sick
  kSetMappingError,  // mapping_set_error(mapping, error): errseq + AS_EIO/AS_ENOSPC
};
inline constexpr int kNumPrimitives = 7;
// Everything fixed about a primitive, one row per kind (model/policy.cc).
struct PrimitiveInfo {
  PrimitiveKind kind;
  const char* name;      // its JSON key
  const char* function;  // the kernel function a step running it is named after
  const char* file;      // that function's source file
  bool takes_range;      // has "start"/"end" expressions
  bool acts_on_folio;    // needs the hook to hold a folio
  const char* summary;   // one line for `wbcheck list primitives`
};
const PrimitiveInfo& primitive_info(PrimitiveKind k);
inline const char* primitive_name(PrimitiveKind k) { return primitive_info(k).name; }
inline const char* primitive_summary(PrimitiveKind k) { return primitive_info(k).summary; }

// Bounds the hook's position counter in the packed state.
inline constexpr size_t kMaxHookPrimitives = 16;

struct Primitive {
  PrimitiveKind kind;
  std::optional<Expr> start, end;  // byte range, for range primitives
  std::optional<Expr> when;        // run only when this condition is non-zero
};

// Era behaviours that are not the discard hook (kernel-notes §3).
struct Features {
  // 6.6+ (4ce02c679722): writeback writes the ifs-dirty blocks (not the
  // uptodate ones) and clears every per-block dirty bit once the folio is
  // handed to writeback; the early count == 0 error exit skips that clear.
  bool per_block_dirty = false;
  // 6.9+ (Christoph's rework): folio_start_writeback before the mapping loop,
  // folio_end_writeback at once when nothing was submitted.
  bool writeback_before_map = false;
  // 5.17/5.18 (60d8231089f0): iomap_invalidate_folio releases the per-folio
  // state of a large folio even for a partial range.
  bool large_folio_invalidate_frees_ifs = false;
  // 6.6+ (kiocb_invalidate_pages): a direct write whose flush fails falls
  // back to a buffered write (-ENOTBLK) instead of failing.
  bool dio_flush_error_fallback = false;
  // 6.2+ (d7b64041164c, 304a68b9c63b): iomap_write_begin asks ->iomap_valid
  // (xfs_iomap_valid: the cookie against if_seq); a stale mapping ends the
  // iteration (->iomap_end) and maps again. Before, a write kept using the
  // mapping it got from xfs_buffered_write_iomap_begin.
  bool write_iomap_valid = false;
  // 6.2+ (198dd8aedee6, 9c7babf94a0d, f43dc4dc3eff): a failed or short write
  // releases its unused new delalloc with iomap_write_delalloc_release under
  // invalidate_lock held exclusive, keeping it under dirty cached data.
  // Before, xfs_buffered_write_iomap_end ran truncate_pagecache_range and
  // then xfs_bmap_punch_delalloc_range, with only IOLOCK_EXCL held.
  bool write_delalloc_release = false;
  // 6.6+ (4ce02c679722): iomap_write_delalloc_ifs_punch, the release also
  // punches the blocks of a dirty folio whose per-block dirty bit is clear.
  bool write_delalloc_ifs_punch = false;
};

struct Policy {
  std::string name;
  std::string description;
  std::vector<std::string> follows;  // kernel commits this policy reproduces
  std::vector<Primitive> hooks[kNumHooks];
  Features features;
};

// Builds a Policy from parsed JSON; errors name `file` and the JSON path.
absl::StatusOr<Policy> parse_policy(const nlohmann::json& doc, const std::string& file);

}  // namespace wbcheck::model
