// The contract between the checker and whatever it explores.
//
// The checker never includes model/: it sees a type M that satisfies Model.
// M::State is a fixed-size, trivially copyable value with a unique object
// representation, so its bytes are its canonical encoding and the checker
// fingerprints them directly. M::Action is a small value naming one enabled
// step; actions() lists them in a fixed order so that the same state always
// yields the same successors in the same order (deterministic output, BFS
// traces that are reproducible byte for byte).
#pragma once

#include <concepts>
#include <cstdint>
#include <string>
#include <type_traits>
#include <vector>

namespace wbcheck::checker {

// What one step of a trace says about itself, for printers.
struct StepInfo {
  std::string task;    // who runs the step, e.g. "A"
  std::string step;    // the kernel function it models, e.g. "xfs_map_blocks.lookup"
  std::string kernel;  // the source file of that function, e.g. "fs/xfs/xfs_aops.c"
  std::string detail;  // what the step decides, e.g. "no extent at fsb 4: WARN_ON_ONCE, -EAGAIN"
  std::string hook;    // JSON path of the policy hook it runs, e.g. "$.hooks.on_map_failure[0]"; else empty
};

// One named piece of state that a step changed.
struct Change {
  std::string key;  // e.g. "folio[1].dirty"
  int64_t before;
  int64_t after;
  std::string before_text, after_text;  // readable values; empty: print the numbers
};

// Which shared resources an action reads and writes. Resource ids are the
// model's business (one per folio, per block, per lock, per counter...); the
// checker only intersects the sets. Used by partial-order reduction.
struct Footprint {
  static constexpr int kMaxResources = 256;
  uint32_t task = 0;
  uint64_t reads[kMaxResources / 64] = {};
  uint64_t writes[kMaxResources / 64] = {};

  void read(int r) { reads[r / 64] |= uint64_t{1} << (r % 64); }
  void write(int r) { writes[r / 64] |= uint64_t{1} << (r % 64); }
  // Two actions are dependent when one writes what the other touches.
  bool conflicts_with(const Footprint& o) const {
    for (int i = 0; i < kMaxResources / 64; ++i) {
      if ((writes[i] & (o.reads[i] | o.writes[i])) || (o.writes[i] & reads[i])) return true;
    }
    return false;
  }
};

template <class M>
concept Model = requires(const M& m, const typename M::State& s, const typename M::Action& a,
                         std::vector<typename M::State>& states,
                         std::vector<typename M::Action>& actions) {
  requires std::is_trivially_copyable_v<typename M::State>;
  requires std::has_unique_object_representations_v<typename M::State>;
  requires std::is_trivially_copyable_v<typename M::Action>;
  // Appends the initial states, in a fixed order.
  { m.initial_states(states) } -> std::same_as<void>;
  // Appends the actions enabled in s, in a fixed order.
  { m.actions(s, actions) } -> std::same_as<void>;
  // The successor of s under a (a must be enabled in s).
  { m.apply(s, a) } -> std::same_as<typename M::State>;
  // Who runs a in s and which kernel function it models.
  { m.describe(s, a) } -> std::same_as<StepInfo>;
  // The named pieces of state that differ between two states, in a fixed order.
  { m.changes(s, s) } -> std::same_as<std::vector<Change>>;
};

}  // namespace wbcheck::checker
