#include "cli/causal_order.h"

#include "absl/strings/str_cat.h"

namespace wbcheck::cli {

uint64_t conflict_bits(const model::Resources& a, const model::Resources& b) {
  const uint64_t touches_a = a.reads | a.writes | a.resets, touches_b = b.reads | b.writes | b.resets;
  return (a.writes & touches_b) | (b.writes & touches_a) | (a.resets & b.reads) | (b.resets & a.reads);
}

std::vector<CausalEdge> causal_edges(const std::vector<StepFootprint>& steps) {
  const size_t n = steps.size();
  // before[j][i]: step i happens before step j through edges already chosen.
  std::vector<std::vector<bool>> before(n, std::vector<bool>(n, false));
  std::vector<CausalEdge> out;
  for (size_t j = 0; j < n; ++j) {
    // Nearest candidates first: once an edge i -> j is taken, everything
    // before i is before j too, so a farther candidate it covers is implied.
    for (size_t i = j; i-- > 0;) {
      if (before[j][i]) continue;
      const bool same = steps[i].process == steps[j].process;
      const uint64_t shared = same ? 0 : conflict_bits(steps[i].resources, steps[j].resources);
      if (!same && shared == 0) continue;
      if (!same) out.push_back({i, j, shared});
      before[j][i] = true;
      for (size_t k = 0; k < i; ++k) {
        if (before[i][k]) before[j][k] = true;
      }
    }
  }
  return out;
}

std::string resource_name(const model::Context& c, int bit) {
  auto actor = [&](int k) { return k < c.actors() ? c.task_name(k) : absl::StrCat(k); };
  if (bit < model::kResIoBlock) return absl::StrCat("block[", bit - model::kResBlock, "]");
  if (bit < model::kResAcct) return absl::StrCat("io block[", bit - model::kResIoBlock, "]");
  switch (bit) {
    case model::kResAcct: return "accounting";
    case model::kResISize: return "i_size";
    case model::kResErrseq: return "errseq";
    case model::kResUnreported: return "unreported loss";
    case model::kResIolock: return "i_rwsem";
    case model::kResMmaplock: return "invalidate_lock";
    case model::kResShutdown: return "shutdown";
    case model::kResSick: return "sick";
    default: break;
  }
  if (bit < model::kResMapValid) return absl::StrCat("alive[", actor(bit - model::kResAlive), "]");
  if (bit < model::kNumResources) return absl::StrCat("mapping seq[", actor(bit - model::kResMapValid), "]");
  return absl::StrCat("resource ", bit);
}

// Runs of consecutive blocks fold as the text trace folds fields: "block[0-3]".
std::string resource_names(const model::Context& c, uint64_t set) {
  std::string out;
  for (int b = 0; b < 64; ++b) {
    if ((set >> b & 1) == 0) continue;
    std::string name = resource_name(c, b);
    if (b < model::kResAcct) {  // a block or an io block: extend the run
      const int base = b < model::kResIoBlock ? model::kResBlock : model::kResIoBlock;
      int e = b;
      while (e + 1 < base + 16 && (set >> (e + 1) & 1)) ++e;
      if (e > b) name = absl::StrCat(base == model::kResBlock ? "block[" : "io block[", b - base, "-", e - base, "]");
      b = e;
    }
    absl::StrAppend(&out, out.empty() ? "" : ", ", name);
  }
  return out;
}

}  // namespace wbcheck::cli
