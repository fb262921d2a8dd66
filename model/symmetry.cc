#include "model/symmetry.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <string>

#include "model/steps.h"

namespace wbcheck::model {
namespace {

// What task t sees of s, in bytes that do not depend on t's index: its own
// state, whether it holds IOLOCK or MMAPLOCK exclusive, which folios it has
// locked, which ioends it submitted, and for each block which of its ops
// wrote the versions there (op + 1, or 0).
std::string view_of(const State& s, const Context& c, int t) {
  std::string v(reinterpret_cast<const char*>(&s.task[t]), sizeof s.task[t]);
  v.push_back(static_cast<char>(s.iolock_excl == t + 1));
  v.push_back(static_cast<char>(s.mmaplock_excl == t + 1));
  for (int f = 0; f < c.nfolios; ++f) v.push_back(static_cast<char>(s.folio[f].locked_by == t + 1));
  for (int i = 0; i < c.nfolios; ++i) {
    const IoendState& io = s.io[i];
    if (io.blocks && io.task == t) v.append(reinterpret_cast<const char*>(&io.blocks), sizeof io.blocks);
  }
  std::array<uint8_t, 256> op_of{};  // version -> op + 1 of task t
  for (size_t k = 0; k < c.version[t].size(); ++k) {
    if (c.version[t][k]) op_of[c.version[t][k]] = static_cast<uint8_t>(k + 1);
  }
  for (int b = 0; b < c.nblocks; ++b) {
    const BlockState& blk = s.block[b];
    v.push_back(static_cast<char>(op_of[blk.cache_ver]));
    v.push_back(static_cast<char>(op_of[blk.disk_ver]));
    v.push_back(static_cast<char>(op_of[blk.io_ver]));
  }
  return v;
}

uint8_t rename_owner(uint8_t owner_plus_one, const std::vector<int>& perm) {
  return owner_plus_one ? static_cast<uint8_t>(perm[owner_plus_one - 1] + 1) : 0;
}

}  // namespace

TaskSymmetry::TaskSymmetry(const Context& c) : c_(&c) {
  std::vector<bool> placed(c.ntasks, false);
  for (int i = 0; i < c.ntasks; ++i) {
    if (placed[i]) continue;
    std::vector<int> cls{i};
    for (int j = i + 1; j < c.ntasks; ++j) {
      if (!placed[j] && c.programs[j].ops == c.programs[i].ops) {
        cls.push_back(j);
        placed[j] = true;
      }
    }
    if (cls.size() > 1) classes_.push_back(std::move(cls));
  }
}

State TaskSymmetry::permute(const State& s, const std::vector<int>& perm) const {
  const Context& c = *c_;
  State n = s;
  std::array<uint8_t, 256> ver{};
  for (int v = 0; v < 256; ++v) ver[v] = static_cast<uint8_t>(v);
  for (int t = 0; t < c.ntasks; ++t) {
    n.task[perm[t]] = s.task[t];
    for (size_t k = 0; k < c.version[t].size(); ++k) ver[c.version[t][k]] = c.version[perm[t]][k];
  }
  ver[0] = 0;  // ops that write no data have version 0
  n.iolock_excl = rename_owner(s.iolock_excl, perm);
  n.mmaplock_excl = rename_owner(s.mmaplock_excl, perm);
  for (int f = 0; f < c.nfolios; ++f) n.folio[f].locked_by = rename_owner(s.folio[f].locked_by, perm);
  for (int i = 0; i < c.nfolios; ++i) {
    if (n.io[i].blocks && n.io[i].task < c.ntasks) n.io[i].task = static_cast<uint8_t>(perm[n.io[i].task]);
  }
  for (int b = 0; b < c.nblocks; ++b) {
    BlockState& blk = n.block[b];
    blk.cache_ver = ver[blk.cache_ver];
    blk.disk_ver = ver[blk.disk_ver];
    blk.io_ver = ver[blk.io_ver];
  }
  sort_ioends(n, c);
  return n;
}

State TaskSymmetry::canonical(const State& s, std::vector<int>* renaming) const {
  const Context& c = *c_;
  std::vector<int> local;
  std::vector<int>& perm = renaming != nullptr ? *renaming : local;
  perm.resize(c.ntasks);
  for (int t = 0; t < c.ntasks; ++t) perm[t] = t;
  if (classes_.empty()) return s;
  bool moved = false;
  for (const std::vector<int>& cls : classes_) {
    std::vector<std::pair<std::string, int>> views;
    views.reserve(cls.size());
    for (int t : cls) views.emplace_back(view_of(s, c, t), t);
    std::sort(views.begin(), views.end());
    for (size_t j = 0; j < cls.size(); ++j) {
      perm[views[j].second] = cls[j];
      moved = moved || views[j].second != cls[j];
    }
  }
  return moved ? permute(s, perm) : s;
}

}  // namespace wbcheck::model
