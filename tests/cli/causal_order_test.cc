// cli/causal_order.h on hand-made footprints, with the expected Hasse
// diagram worked out by hand in each comment.
#include "cli/causal_order.h"

#include <vector>

#include "cli/check_pair.h"
#include "cli/load.h"
#include "gtest/gtest.h"
#include "model/wb_model.h"

namespace wbcheck::cli {
namespace {

uint64_t bit(int b) { return uint64_t{1} << b; }
StepFootprint reads(int process, uint64_t r) { return {process, {r, 0, 0}}; }
StepFootprint writes(int process, uint64_t w) { return {process, {0, w, 0}}; }
StepFootprint resets(int process, uint64_t s) { return {process, {0, 0, s}}; }

using Edges = std::vector<std::pair<size_t, size_t>>;
Edges pairs(const std::vector<CausalEdge>& e) {
  Edges out;
  for (const CausalEdge& x : e) out.emplace_back(x.from, x.to);
  return out;
}

TEST(CausalOrder, FlowDependenceAcrossProcesses) {
  // 0 P0 writes r0; 1 P1 reads r0: 0 -> 1 on r0.
  std::vector<CausalEdge> e = causal_edges({writes(0, bit(0)), reads(1, bit(0))});
  ASSERT_EQ(pairs(e), (Edges{{0, 1}}));
  EXPECT_EQ(e[0].shared, bit(0));
}

TEST(CausalOrder, ReadsCommuteAndProgramOrderIsNotCausal) {
  // Two readers of r0 commute; 0 and 2 are both P0: program order, not an edge.
  EXPECT_EQ(pairs(causal_edges({reads(0, bit(0)), reads(1, bit(0)), writes(0, bit(0))})), (Edges{{1, 2}}));
}

TEST(CausalOrder, AntiDependence) {
  // 0 P0 reads r5, 1 P1 writes r5: the write must stay after the read.
  EXPECT_EQ(pairs(causal_edges({reads(0, bit(5)), writes(1, bit(5))})), (Edges{{0, 1}}));
}

TEST(CausalOrder, ImpliedEdgesAreLeftOut) {
  // 0 P0 w r0; 1 P0 w r1; 2 P1 r r0+r1: 1 -> 2 is needed; 0 -> 2 follows
  // from 0 -> 1 (program order) -> 2.
  EXPECT_EQ(pairs(causal_edges({writes(0, bit(0)), writes(0, bit(1)), reads(1, bit(0) | bit(1))})), (Edges{{1, 2}}));
  // 0 P0 w r0; 1 P1 r r0; 2 P2 r r0 w r1; 3 P1 r r1:
  // 0->1, 0->2 (1 reads, 2 needs 0's write), 2->3 (r1). 0->3 is implied.
  EXPECT_EQ(pairs(causal_edges({writes(0, bit(0)), reads(1, bit(0)), {2, {bit(0), bit(1), 0}}, reads(1, bit(1))})),
            (Edges{{0, 1}, {0, 2}, {2, 3}}));
}

TEST(CausalOrder, ResetsCommuteWithEachOtherNotWithReads) {
  // 0 P0 resets r2; 1 P1 resets r2: independent. 2 P2 reads r2: after both.
  EXPECT_EQ(pairs(causal_edges({resets(0, bit(2)), resets(1, bit(2)), reads(2, bit(2))})), (Edges{{1, 2}, {0, 2}}));
}

TEST(CausalOrder, ResourceNames) {
  absl::StatusOr<model::Scenario> s = load_scenario(WBCHECK_SOURCE_DIR "/examples/scenarios/bug217030.json");
  absl::StatusOr<model::Policy> p = load_policy(WBCHECK_SOURCE_DIR "/examples/policies/linux-6.2.json");
  ASSERT_TRUE(s.ok() && p.ok());
  absl::StatusOr<model::WbModel> m = make_model(*s, *p);
  ASSERT_TRUE(m.ok()) << m.status();
  const model::Context& c = m->context();
  EXPECT_EQ(resource_name(c, 3), "block[3]");
  EXPECT_EQ(resource_name(c, 16 + 2), "io block[2]");
  EXPECT_EQ(resource_name(c, 33), "i_size");
  EXPECT_EQ(resource_name(c, 40), "alive[A]");      // tasks A, B, then the teardown actor
  EXPECT_EQ(resource_name(c, 45 + 2), "mapping seq[umount]");
  EXPECT_EQ(resource_names(c, bit(0) | bit(34)), "block[0], errseq");
  // Runs of blocks fold; a run stops at the end of its family (15 | 16).
  EXPECT_EQ(resource_names(c, bit(1) | bit(2) | bit(3) | bit(5) | bit(15) | bit(16) | bit(17) | bit(32) | bit(33)),
            "block[1-3], block[5], block[15], io block[0-1], accounting, i_size");
}

}  // namespace
}  // namespace wbcheck::cli
