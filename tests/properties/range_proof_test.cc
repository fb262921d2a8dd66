// The discard contract of punch ranges, proved or refuted by Z3 for every
// geometry (properties/range_proof.h). Expected verdicts are worked out by
// hand from the range expressions:
//  - 6.3, [pos, folio_pos + folio_size): starts at pos, ends at the folio's
//    end; if no extent holds the last block the lookup only narrows the end
//    to where the last extent before it ends, past which there is nothing to
//    punch: proved.
//  - 6.2, [pos, round_up(pos, folio_size)): for pos == folio_pos the range is
//    empty, so pos's own block keeps its delalloc (covers broken); at
//    folio_pos == 0 end_fsb is 0, the lookup wraps to the file's last extent,
//    and the punch runs past the folio (inside broken, bug 217030): refuted.
//  - 5.10 / 5.19, [pos, end of the page or folio): proved like 6.3.
#include "properties/range_proof.h"

#include "gtest/gtest.h"
#include "model/expr.h"

namespace wbcheck::properties {
namespace {

model::Policy punch_policy(const char* start, const char* end, const char* when = nullptr) {
  model::Policy p;
  model::Primitive prim{model::PrimitiveKind::kPunchDelalloc, *model::Expr::parse(start), *model::Expr::parse(end),
                        std::nullopt};
  if (when) prim.when = *model::Expr::parse(when);
  p.hooks[static_cast<int>(model::Hook::kOnMapFailure)] = {prim};
  return p;
}

TEST(ProveRanges, Linux63PunchToFolioEndIsProved) {
  std::vector<RangeProof> r = prove_ranges(punch_policy("pos", "folio_pos + folio_size"));
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].path, "$.hooks.on_map_failure[0]");
  EXPECT_EQ(to_string(r[0].verdict), std::string("proved")) << r[0].reason;
}

TEST(ProveRanges, Linux62RoundUpIsRefuted) {
  std::vector<RangeProof> r = prove_ranges(punch_policy("pos", "round_up(pos, folio_size)"));
  ASSERT_EQ(r.size(), 1u);
  ASSERT_EQ(to_string(r[0].verdict), std::string("refuted"));
  const RangeCounterexample& x = r[0].counterexample;
  // Every counterexample of this range has pos at the folio's start: any
  // other pos rounds up to the folio's end, which is 6.3's range.
  EXPECT_EQ(x.pos, x.folio_pos);
  EXPECT_EQ(x.end, x.pos);  // round_up(folio_pos, folio_size) == folio_pos
  // The counterexample is a real one: recompute what it claims.
  EXPECT_EQ(x.start_fsb, x.start / x.block_size);
  EXPECT_EQ(x.end_fsb, (x.end + x.block_size - 1) / x.block_size);
  const uint64_t folio_fsb = x.folio_pos / x.block_size, folio_end = (x.folio_pos + x.folio_size) / x.block_size;
  if (x.clause == "inside") {
    EXPECT_TRUE(x.start_fsb < folio_fsb || x.punched_end_fsb > folio_end);
  } else {
    ASSERT_EQ(x.clause, "covers");
    EXPECT_GE(x.uncovered_fsb, x.pos / x.block_size);
    EXPECT_LT(x.uncovered_fsb, folio_end);
  }
}

// The 217030 shape itself: pos == folio_pos == 0, where end_fsb wraps and
// the punch reaches the file's last extent past the folio.
TEST(ProveRanges, Linux62WrapAtFileStartLeavesTheFolio) {
  std::vector<RangeProof> r = prove_ranges(punch_policy("pos", "round_up(pos, folio_size)", "folio_pos == 0"));
  ASSERT_EQ(to_string(r[0].verdict), std::string("refuted"));
  EXPECT_EQ(r[0].counterexample.folio_pos, 0u);
}

TEST(ProveRanges, OlderWholeRestOfFolioRangesAreProved) {
  for (const char* end : {"round_up(pos + 1, folio_size)", "folio_pos + folio_size"}) {
    std::vector<RangeProof> r = prove_ranges(punch_policy("pos", end));
    EXPECT_EQ(to_string(r[0].verdict), std::string("proved")) << end << ": " << r[0].reason;
  }
}

// A range that starts before pos' folio leaves it.
TEST(ProveRanges, StartingBeforeTheFolioIsRefutedAsInside) {
  std::vector<RangeProof> r = prove_ranges(punch_policy("folio_pos - block_size", "folio_pos + folio_size"));
  ASSERT_EQ(to_string(r[0].verdict), std::string("refuted"));
  EXPECT_EQ(r[0].counterexample.clause, "inside");
}

// A range that stops short of the folio's end leaves blocks with delalloc.
TEST(ProveRanges, StoppingShortIsRefutedAsCovers) {
  std::vector<RangeProof> r = prove_ranges(punch_policy("pos", "pos + block_size"));
  ASSERT_EQ(to_string(r[0].verdict), std::string("refuted"));
  EXPECT_EQ(r[0].counterexample.clause, "covers");
  EXPECT_LT(r[0].counterexample.pos + r[0].counterexample.block_size,
            r[0].counterexample.folio_pos + r[0].counterexample.folio_size);
}

TEST(ProveRanges, OnlyPunchesOfOnMapFailureAreProved) {
  model::Policy p = punch_policy("pos", "folio_pos + folio_size");
  p.hooks[static_cast<int>(model::Hook::kAtInactivate)] = p.hooks[static_cast<int>(model::Hook::kOnMapFailure)];
  EXPECT_EQ(prove_ranges(p).size(), 1u);
}

}  // namespace
}  // namespace wbcheck::properties
