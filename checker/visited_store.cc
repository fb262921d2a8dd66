#include "checker/visited_store.h"

#include <algorithm>

#include "checker/check.h"

namespace wbcheck::checker {

std::pair<uint32_t, bool> VisitedStore::insert(const Fingerprint& fp, const Node& node) {
  WBCHECK_CHECK(size() < kMaxNodes, "more than 2^32-2 states: node ids overflow");
  const auto id = static_cast<uint32_t>(size());
  if (uint64_t{id} + 1 == uint64_t{1} << id_bits_) widen_ids();
  if (std::optional<uint32_t> old = shards_[shard_index(fp)].insert(fp, id, fps_, id_bits_)) return {*old, false};
  append(fp, node, id);
  return {id, true};
}

uint32_t VisitedStore::add_node(const Fingerprint& fp, const Node& node) {
  WBCHECK_CHECK(size() < kMaxNodes, "more than 2^32-2 states: node ids overflow");
  const auto id = static_cast<uint32_t>(size());
  if (uint64_t{id} + 1 == uint64_t{1} << id_bits_) widen_ids();
  append(fp, node, id);
  return id;
}

void VisitedStore::index_node(uint32_t id) {
  const Fingerprint fp = unpack(fps_[id]);
  shards_[shard_index(fp)].insert_new(fp, id, fps_, id_bits_);
}

void VisitedStore::append(const Fingerprint& fp, const Node& node, uint32_t id) {
  const uint64_t depths = depth_starts_.size();
  WBCHECK_CHECK(node.depth + uint64_t{1} == depths || node.depth == depths, "nodes stored out of BFS order");
  if (node.depth == depths) depth_starts_.push_back(id);
  fps_.push_back(pack(fp));
  parents_.push_back(node.parent_or_initial);
  actions_.push_back(node.action);
}

void VisitedStore::widen_ids() {
  for (IdTable& t : shards_) t.widen_ids(id_bits_);
  ++id_bits_;
}

uint32_t VisitedStore::depth(uint32_t id) const {
  const auto after = std::upper_bound(depth_starts_.begin(), depth_starts_.end(), id);
  return static_cast<uint32_t>(after - depth_starts_.begin() - 1);
}

uint64_t VisitedStore::bytes() const {
  uint64_t bytes = fps_.bytes() + parents_.bytes() + actions_.bytes() +
                   depth_starts_.capacity() * sizeof(depth_starts_[0]);
  for (const IdTable& t : shards_) bytes += t.bytes();
  return bytes;
}

uint64_t VisitedStore::growth_bytes(const Fingerprint& fp, uint32_t depth) const {
  uint64_t bytes = shard(fp).growth_bytes() + fps_.growth_bytes() + parents_.growth_bytes() + actions_.growth_bytes();
  if (depth == depth_starts_.size() && depth_starts_.size() == depth_starts_.capacity()) {
    bytes += std::max<uint64_t>(1, depth_starts_.capacity() * 2) * sizeof(depth_starts_[0]);
  }
  return bytes;
}

uint64_t VisitedStore::growth_bytes(const std::array<uint64_t, kShards>& new_per_shard) const {
  uint64_t n = 0, bytes = 0;
  for (int s = 0; s < kShards; ++s) {
    bytes += shards_[s].growth_bytes(new_per_shard[s]);
    n += new_per_shard[s];
  }
  return bytes + fps_.growth_bytes(n) + parents_.growth_bytes(n) + actions_.growth_bytes(n);
}

Path VisitedStore::path_to(uint32_t id) const {
  Path path;
  path.node_ids.push_back(id);
  while (depth(id) > 0) {
    path.action_indices.push_back(actions_[id]);
    id = parents_[id];
    path.node_ids.push_back(id);
  }
  path.initial_index = parents_[id];
  std::reverse(path.action_indices.begin(), path.action_indices.end());
  std::reverse(path.node_ids.begin(), path.node_ids.end());
  return path;
}

}  // namespace wbcheck::checker
