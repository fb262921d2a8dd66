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
  kOnMapFailure,  // iomap_writepage_map: ->map_blocks failed at pos; folio locked, PG_dirty already clear
};
inline constexpr int kNumHooks = 1;
const char* hook_name(Hook h);

enum class PrimitiveKind : uint8_t {
  kPunchDelalloc,    // xfs_bmap_punch_delalloc_range(ip, start, end) under ILOCK_EXCL
  kClearUptodate,    // folio_clear_uptodate(folio) and the per-block uptodate bits
  kSetMappingError,  // mapping_set_error(mapping, error): errseq + AS_EIO/AS_ENOSPC
};
inline constexpr int kNumPrimitives = 3;
const char* primitive_name(PrimitiveKind k);
// One line on what the primitive does, for `wbcheck list primitives`.
const char* primitive_summary(PrimitiveKind k);

// Bounds the hook's position counter in the packed state.
inline constexpr size_t kMaxHookPrimitives = 16;

struct Primitive {
  PrimitiveKind kind;
  std::optional<Expr> start, end;  // byte range, for range primitives
  std::optional<Expr> when;        // run only when this condition is non-zero
};

// Era behaviours that are not the discard hook (kernel-notes §3).
struct Features {
  bool per_block_dirty = false;  // 6.6+: writeback writes ifs-dirty blocks, not uptodate ones
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
