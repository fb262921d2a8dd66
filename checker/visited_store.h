// The BFS visited set: fingerprint -> node id, plus a compact node per state.
//
// A node records how its state was first reached (parent node and the index of
// the action within the parent's actions() list), never the state itself;
// traces are rebuilt by replaying those indices from an initial state.
//
// Layout, 18 bytes per node plus the hash table's 4.4-5.3 (checker/id_table.h):
//  - node-indexed arrays in chunks (checker/chunked_array.h): the 96-bit
//    fingerprint (12 bytes), the parent id (4) and the action index (2);
//  - the depth is not stored: ids are handed out in BFS order, so each depth
//    is a contiguous id range, and the first id of every depth suffices;
//  - the hash table holds only ids, split into kShards independent shards by
//    the fingerprint's low bits, so that a shard grows (and holds its old and
//    new slots at once) by 1/kShards of the table at a time.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "checker/chunked_array.h"
#include "checker/fingerprint.h"
#include "checker/id_table.h"

namespace wbcheck::checker {

struct Node {
  // depth > 0: the parent node id. depth == 0: the index of this state in
  // initial_states().
  uint32_t parent_or_initial;
  uint32_t depth;
  uint16_t action;  // index within the parent's actions(); 0 for roots
};

// How a node is reached: the initial state index and the action indices.
struct Path {
  uint32_t initial_index = 0;
  std::vector<uint32_t> action_indices;
  std::vector<uint32_t> node_ids;  // root first, then one per action
};

class VisitedStore {
 public:
  static constexpr uint32_t kMaxNodes = UINT32_MAX - 1;
  static constexpr uint32_t kMaxActions = UINT16_MAX + 1;  // per state
  static constexpr int kShardBits = 6;
  static constexpr int kShards = 1 << kShardBits;

  // Stores fp with node unless present. Returns {node id, newly inserted}.
  // Nodes come in BFS order: node.depth is the depth of the last node stored
  // or one more (0 for the first).
  std::pair<uint32_t, bool> insert(const Fingerprint& fp, const Node& node);
  std::optional<uint32_t> find(const Fingerprint& fp) const { return shard(fp).find(fp, fps_, id_bits_); }
  bool contains(const Fingerprint& fp) const { return find(fp).has_value(); }

  Node node(uint32_t id) const { return Node{parents_[id], depth(id), actions_[id]}; }
  Fingerprint fingerprint(uint32_t id) const { return unpack(fps_[id]); }
  // Found by binary search over the depths' first ids.
  uint32_t depth(uint32_t id) const;
  uint64_t size() const { return fps_.size(); }
  // Heap bytes allocated (capacities, not sizes): the node arrays, the hash
  // table's slots and the first id of every depth.
  uint64_t bytes() const;
  // The bytes that inserting fp at `depth`, if new, allocates while still
  // holding what it replaces (a shard's grown slots, a node array's next
  // chunk); 0 when it fits. Lets a memory limit stop the search before such a
  // jump rather than notice it afterwards in the peak RSS.
  uint64_t growth_bytes(const Fingerprint& fp, uint32_t depth) const;
  // Follows parent links from id back to its root.
  Path path_to(uint32_t id) const;
  // The first id of `depth` (< the number of depths stored).
  uint32_t depth_start(uint32_t depth) const { return depth_starts_[depth]; }
  // The same, or size() when nothing of that depth is stored yet.
  uint32_t first_id_from(uint32_t depth) const {
    return depth < depth_starts_.size() ? depth_starts_[depth] : static_cast<uint32_t>(size());
  }

  // insert() in two halves, for the parallel search (checker/parallel_bfs.h):
  // add_node() appends a node whose fingerprint is known to be new, in id
  // order, from one thread; index_node() then enters it into its shard's
  // table. index_node() and find() calls may run concurrently as long as no
  // two of them touch the same shard while one of them is an index_node().
  uint32_t add_node(const Fingerprint& fp, const Node& node);
  void index_node(uint32_t id);
  static int shard_index(const Fingerprint& fp) { return static_cast<int>(fp.lo & (kShards - 1)); }
  // An upper bound of what adding new_per_shard[s] new fingerprints of each
  // shard s allocates (as growth_bytes(); the depth table aside).
  uint64_t growth_bytes(const std::array<uint64_t, kShards>& new_per_shard) const;
  // Starts loading fp's home slot into the cache, for a find() soon after.
  void prefetch(const Fingerprint& fp) const { shard(fp).prefetch(fp); }

 private:
  const IdTable& shard(const Fingerprint& fp) const { return shards_[shard_index(fp)]; }
  void widen_ids();
  void append(const Fingerprint& fp, const Node& node, uint32_t id);

  std::array<IdTable, kShards> shards_;
  FingerprintArray fps_;               // by node id
  ChunkedArray<uint32_t> parents_;     // by node id: Node::parent_or_initial
  ChunkedArray<uint16_t> actions_;     // by node id: Node::action
  std::vector<uint32_t> depth_starts_; // the first id of each depth
  int id_bits_ = 16;                   // every id + 1 < 2^id_bits_ (see id_table.h)
};

}  // namespace wbcheck::checker
