#include "checker/visited_store.h"

#include <algorithm>

#include "checker/check.h"

namespace wbcheck::checker {

std::pair<uint32_t, bool> VisitedStore::insert(const Fingerprint& fp, const Node& node) {
  const auto next_id = static_cast<uint32_t>(nodes_.size());
  auto [it, inserted] = ids_.try_emplace(fp, next_id);
  if (!inserted) return {it->second, false};
  WBCHECK_CHECK(nodes_.size() < kMaxNodes, "more than 2^32-2 states: node ids overflow");
  nodes_.push_back(node);
  return {next_id, true};
}

std::optional<uint32_t> VisitedStore::find(const Fingerprint& fp) const {
  auto it = ids_.find(fp);
  if (it == ids_.end()) return std::nullopt;
  return it->second;
}

namespace {
using Slot = std::pair<const Fingerprint, uint32_t>;
}  // namespace

uint64_t VisitedStore::bytes() const {
  return ids_.capacity() * (sizeof(Slot) + 1) + nodes_.capacity() * sizeof(Node);
}

// abseil's flat_hash_map grows once it holds capacity - capacity / 8 entries
// (its 7/8 maximum load), to capacity * 2 + 1; std::vector doubles.
// tests/checker/misc_test.cc checks the prediction against the real growth.
uint64_t VisitedStore::growth_bytes() const {
  uint64_t bytes = 0;
  const uint64_t cap = ids_.capacity();
  if (ids_.size() >= cap - cap / 8) bytes += (cap * 2 + 1) * (sizeof(Slot) + 1);
  if (nodes_.size() == nodes_.capacity()) bytes += std::max<uint64_t>(1, nodes_.capacity() * 2) * sizeof(Node);
  return bytes;
}

Path VisitedStore::path_to(uint32_t id) const {
  Path path;
  path.node_ids.push_back(id);
  while (nodes_[id].depth > 0) {
    path.action_indices.push_back(nodes_[id].action);
    id = nodes_[id].parent_or_initial;
    path.node_ids.push_back(id);
  }
  path.initial_index = nodes_[id].parent_or_initial;
  std::reverse(path.action_indices.begin(), path.action_indices.end());
  std::reverse(path.node_ids.begin(), path.node_ids.end());
  return path;
}

}  // namespace wbcheck::checker
