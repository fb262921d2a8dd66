// visited_store.h, id_table.h and chunked_array.h: the BFS visited set.
#include "checker/visited_store.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "checker/chunked_array.h"

namespace wbcheck::checker {
namespace {

// A well-spread fingerprint per number, as the search's would be.
Fingerprint fp_of(uint64_t i) { return fingerprint(&i, sizeof i); }

TEST(VisitedStoreTest, InsertFindAndPath) {
  VisitedStore store;
  const Fingerprint a{1, 1}, b{2, 2}, c{3, 3};
  EXPECT_EQ(store.insert(a, Node{7, 0, 0}), std::make_pair(0u, true));  // initial state #7
  EXPECT_EQ(store.insert(b, Node{0, 1, 3}), std::make_pair(1u, true));
  EXPECT_EQ(store.insert(c, Node{1, 2, 2}), std::make_pair(2u, true));
  EXPECT_EQ(store.insert(b, Node{0, 2, 9}), std::make_pair(1u, false));  // keeps the first
  EXPECT_EQ(store.size(), 3u);
  EXPECT_EQ(store.find(c), 2u);
  EXPECT_FALSE(store.find(Fingerprint{4, 4}).has_value());
  EXPECT_GT(store.bytes(), 0u);
  const Path path = store.path_to(2);
  EXPECT_EQ(path.initial_index, 7u);
  EXPECT_EQ(path.action_indices, (std::vector<uint32_t>{3, 2}));
  EXPECT_EQ(path.node_ids, (std::vector<uint32_t>{0, 1, 2}));
}

// The depth is not stored but found from the first id of each depth.
TEST(VisitedStoreTest, DepthComesFromTheLevels) {
  VisitedStore store;
  const std::vector<uint32_t> depths = {0, 0, 1, 1, 1, 2, 3, 3};
  const std::vector<uint32_t> parents = {0, 1, 0, 1, 1, 4, 5, 5};
  for (uint32_t i = 0; i < depths.size(); ++i) {
    ASSERT_TRUE(store.insert(fp_of(i), Node{parents[i], depths[i], static_cast<uint16_t>(i)}).second);
  }
  for (uint32_t i = 0; i < depths.size(); ++i) {
    const Node n = store.node(i);
    EXPECT_EQ(n.depth, depths[i]) << i;
    EXPECT_EQ(store.depth(i), depths[i]) << i;
    EXPECT_EQ(n.parent_or_initial, parents[i]) << i;
    EXPECT_EQ(n.action, i) << i;
  }
  const Path path = store.path_to(7);
  EXPECT_EQ(path.initial_index, 1u);
  EXPECT_EQ(path.node_ids, (std::vector<uint32_t>{1, 4, 5, 7}));
  EXPECT_EQ(path.action_indices, (std::vector<uint32_t>{4, 5, 7}));
  EXPECT_EQ(store.path_to(1).node_ids, (std::vector<uint32_t>{1}));
}

TEST(VisitedStoreDeathTest, NodesOutOfBfsOrderAreAnInternalError) {
  VisitedStore store;
  store.insert(fp_of(0), Node{0, 0, 0});
  store.insert(fp_of(1), Node{0, 1, 0});
  EXPECT_EXIT(store.insert(fp_of(2), Node{0, 0, 0}), ::testing::ExitedWithCode(3), "out of BFS order");
  EXPECT_EXIT(store.insert(fp_of(3), Node{0, 3, 0}), ::testing::ExitedWithCode(3), "out of BFS order");
}

// Fingerprints equal in every bit the table looks at before the fingerprint
// array (the shard's low bits, the home slot's high bits of lo, the tag's high
// bits of hi) are still told apart, and each is found again.
TEST(VisitedStoreTest, FingerprintsCollidingInTheTableBitsStayDistinct) {
  VisitedStore store;
  std::vector<Fingerprint> fps;
  for (uint32_t i = 0; i < 300; ++i) fps.push_back(Fingerprint{0x5a5a000000000000ULL | (uint64_t{i} << 6), i});
  for (uint32_t i = 0; i < 300; ++i) fps.push_back(Fingerprint{0x5a5a000000000000ULL, 0x10000u | i});
  for (uint32_t i = 0; i < fps.size(); ++i) {
    EXPECT_EQ(store.insert(fps[i], Node{0, 0, 0}), std::make_pair(i, true)) << i;
  }
  for (uint32_t i = 0; i < fps.size(); ++i) {
    EXPECT_EQ(store.find(fps[i]), i) << i;
    EXPECT_FALSE(store.insert(fps[i], Node{0, 0, 0}).second) << i;
  }
  EXPECT_FALSE(store.contains(Fingerprint{0x5a5a000000000000ULL, 0x10000u | 300}));
  EXPECT_FALSE(store.contains(Fingerprint{0x5a5a000000000000ULL | (uint64_t{300} << 6), 300}));
}

// Past 2^16 ids the table's slots trade tag bits for id bits in place; every
// id stored before must still be found, and nothing new appears.
TEST(VisitedStoreTest, EveryIdIsFoundAcrossIdWidening) {
  VisitedStore store;
  constexpr uint32_t kN = 300000;  // past 2^16, 2^17 and 2^18
  for (uint32_t i = 0; i < kN; ++i) ASSERT_TRUE(store.insert(fp_of(i), Node{0, 0, 0}).second) << i;
  for (uint32_t i = 0; i < kN; ++i) ASSERT_EQ(store.find(fp_of(i)), i) << i;
  for (uint32_t i = kN; i < kN + 1000; ++i) EXPECT_FALSE(store.contains(fp_of(i))) << i;
}

// growth_bytes() predicts exactly the inserts that allocate (a shard's
// growth, a node array's next chunk), which is what lets --max-memory stop
// before the allocation rather than after it.
TEST(VisitedStoreTest, GrowthBytesPredictsEveryAllocation) {
  VisitedStore store;
  int growths = 0;
  for (uint64_t i = 0; i < 200000; ++i) {
    const Fingerprint fp = fp_of(i);
    const auto depth = static_cast<uint32_t>(i / 50000);  // a new depth now and then
    const uint64_t predicted = store.growth_bytes(fp, depth);
    const uint64_t before = store.bytes();
    store.insert(fp, Node{0, depth, 0});
    const bool grew = store.bytes() != before;
    ASSERT_EQ(predicted > 0, grew) << "insert #" << i;
    if (grew) {
      ++growths;
      EXPECT_GE(predicted, store.bytes() - before) << "insert #" << i;
    }
  }
  EXPECT_GT(growths, 10);
}

// The point of the layout (issue 5): at most 24 allocated bytes per stored
// state once the store is large, whatever the point in the growth cycle.
TEST(VisitedStoreTest, AtMostTwentyFourBytesPerStateWhenLarge) {
  VisitedStore store;
  uint64_t worst = 0;
  for (uint64_t i = 0; i < 2000000; ++i) {
    store.insert(fp_of(i), Node{0, 0, 0});
    if (i >= 500000 && i % 1000 == 0) worst = std::max(worst, store.bytes() / store.size());
  }
  EXPECT_LE(worst, 24u);
  EXPECT_GE(worst, 22u);  // the bytes are counted, not assumed
}

TEST(ChunkedArrayTest, IndexesAcrossChunksAndCountsCapacity) {
  ChunkedArray<uint32_t> a;
  EXPECT_EQ(a.bytes(), 0u);
  const uint64_t n = 3 * ChunkedArray<uint32_t>::kChunk + 5;
  for (uint64_t i = 0; i < n; ++i) {
    const uint64_t predicted = a.growth_bytes();
    const uint64_t before = a.bytes();
    a.push_back(static_cast<uint32_t>(i * 7));
    ASSERT_EQ(predicted > 0, a.bytes() != before) << i;
  }
  EXPECT_EQ(a.size(), n);
  for (uint64_t i = 0; i < n; ++i) ASSERT_EQ(a[i], i * 7) << i;
  // Four chunks' elements, plus their pointers.
  EXPECT_GE(a.bytes(), 4 * ChunkedArray<uint32_t>::kChunk * sizeof(uint32_t));
  EXPECT_LE(a.bytes(), 4 * ChunkedArray<uint32_t>::kChunk * sizeof(uint32_t) + 64);
}

}  // namespace
}  // namespace wbcheck::checker
