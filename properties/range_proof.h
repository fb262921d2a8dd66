// `wbcheck prove-ranges`: the discard contract of a policy's punches, proved
// or refuted with Z3 for every geometry at once (issue 6).
//
// For every punch_delalloc in on_map_failure (what ->discard_folio does), over
// 64-bit bit-vectors: every block size 2^9..2^16, folio size from one block to
// 2 MiB, folio position (folio-aligned, the folio below 2^62), block-aligned
// pos inside the folio, count <= the blocks before pos, i_size past pos, sick
// and corrupt 0 or 1, under the primitive's `when`; and every extent layout
// xfs_bmap_punch_delalloc_range can see at the end of its range (an extent
// holding end_fsb - 1, or the end of the last extent before it, or none; for
// end_fsb == 0 the lookup wraps and finds the file's last extent). The range
// actually punched is [start_fsb, end') with end' from
// xfs_iext_lookup_extent_before. Nothing of that is encoded here: the range
// expressions (Expr::eval_as) and the punch (model/punch_range.h) are the
// model's own code, run on 64-bit symbolic values with the path explorer
// (model/sym/explorer.h), which forks where the lookup's answer decides; the
// layout is free variables bounded by what any data fork obeys. The contract:
//   inside: a non-empty punched range lies in [folio_pos, folio_pos + folio_size);
//   covers: every block of [pos, folio end) that can hold an extent is punched.
// Z3 `unknown` (or its timeout) is never "proved".
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/policy.h"

namespace wbcheck::properties {

enum class RangeVerdict { kProved, kRefuted, kUnknown };
const char* to_string(RangeVerdict v);  // "proved", "refuted", "unknown"

// A geometry and extent layout that breaks the contract.
struct RangeCounterexample {
  std::string clause;  // "inside" or "covers"
  uint64_t block_size = 0, folio_size = 0, folio_pos = 0, pos = 0, count = 0, i_size = 0;
  uint64_t start = 0, end = 0;             // the primitive's byte range
  uint64_t start_fsb = 0, end_fsb = 0;     // xfs_bmap_punch_delalloc_range's blocks
  uint64_t punched_end_fsb = 0;            // after xfs_iext_lookup_extent_before
  std::string layout;                      // what the lookup found
  uint64_t uncovered_fsb = 0;              // covers: a block left with its extent
};

struct RangeProof {
  std::string path;  // "$.hooks.on_map_failure[0]"
  std::string start_text, end_text;
  RangeVerdict verdict = RangeVerdict::kUnknown;
  RangeCounterexample counterexample;  // when refuted
  std::string reason;                  // when unknown: what Z3 said
  double seconds = 0;
};

// One proof per punch_delalloc of on_map_failure, in policy order.
// `timeout_ms` bounds each Z3 query.
std::vector<RangeProof> prove_ranges(const model::Policy& policy, unsigned timeout_ms = 30000);

}  // namespace wbcheck::properties
