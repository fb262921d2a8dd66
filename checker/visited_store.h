// The BFS visited set: fingerprint -> node id, plus a compact node per state.
//
// A node records how its state was first reached (parent node and the index of
// the action within the parent's actions() list), never the state itself;
// traces are rebuilt by replaying those indices from an initial state.
#pragma once

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "checker/fingerprint.h"

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

  // Stores fp with node unless present. Returns {node id, newly inserted}.
  std::pair<uint32_t, bool> insert(const Fingerprint& fp, const Node& node);
  std::optional<uint32_t> find(const Fingerprint& fp) const;
  bool contains(const Fingerprint& fp) const { return ids_.contains(fp); }

  const Node& node(uint32_t id) const { return nodes_[id]; }
  uint64_t size() const { return nodes_.size(); }
  // Approximate heap bytes: hash slots + control bytes + the node vector.
  uint64_t bytes() const;
  // The bytes the next insert of a new fingerprint allocates while still
  // holding the old arrays (hash table rehash, node vector reallocation); 0
  // when it fits. Lets a memory limit stop the search before such a jump
  // rather than notice it afterwards in the peak RSS.
  uint64_t growth_bytes() const;
  // Follows parent links from id back to its root.
  Path path_to(uint32_t id) const;

 private:
  absl::flat_hash_map<Fingerprint, uint32_t> ids_;
  std::vector<Node> nodes_;
};

}  // namespace wbcheck::checker
