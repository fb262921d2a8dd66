// enumerate: wbcheck's reachable states of a scenario x policy, without
// reduction, printed in the format of dump.pmh (SPIN's -DDUMP output), so the
// two state sets can be diffed line by line. Links wbcheck_model only; the
// search is a plain BFS over WbModel::actions/apply with exact (byte-wise)
// state matching, so it also cross-checks wbcheck's fingerprinted count.
//
//   enumerate SCENARIO.json POLICY.json           states, one per line
//   enumerate --count SCENARIO.json POLICY.json   "states N transitions T max_depth D"
//
// Build (bench/compare-spin --check-states does this):
//   g++ -std=c++20 -O2 -I. bench/spin/enumerate.cc BUILD/model/libwbcheck_model.a \
//       $(pkg-config --libs absl_status absl_statusor absl_strings) -o enumerate
#include <cstdio>
#include <cstring>
#include <deque>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "model/task_flow.h"
#include "model/wb_model.h"
#include "nlohmann/json.hpp"

namespace m = wbcheck::model;

namespace {

nlohmann::json read_json(const char* path) {
  std::ifstream in(path);
  if (!in) {
    std::cerr << path << ": cannot read\n";
    std::exit(2);
  }
  return nlohmann::json::parse(in);
}

std::string bytes_of(const m::State& s) { return std::string(reinterpret_cast<const char*>(&s), sizeof s); }

// The fields the Promela models keep, in dump.pmh's order. The phase is printed
// plainly (dump.pmh decodes its XOR). `spare` is the err_since_write of the
// State's first unused block, which must stay 0 (dump.pmh prints 0 there).
std::string line_of(const m::State& s, const m::Context& c) {
  std::ostringstream o;
  int spare = c.nblocks < m::kMaxBlocks ? s.block[c.nblocks].err_since_write : 0;
  o << "S " << s.i_size << ' ' << s.fdblocks << ' ' << s.wb_err << ' ' << int{s.i_delayed_blks} << ' '
    << int{s.m_delalloc_blks} << ' ' << int{s.iolock_excl} << ' ' << int{s.iolock_shared} << ' '
    << int{s.mmaplock_excl} << ' ' << int{s.mmaplock_shared} << ' ' << int{s.as_eio} << ' ' << int{s.as_enospc}
    << ' ' << int{s.warned_convert} << ' ' << int{s.discard_escaped} << ' ' << int{s.evicted} << ' '
    << int{s.unmounted} << ' ' << int{s.fsync_lied} << ' ' << int{s.unreported_loss} << ' ' << spare << ' '
    << int{s.stale_read} << ' ' << int{s.was_unbacked_dirty} << ' ' << int{s.was_dirty_bit_clean} << ' ' << int{s.was_garbage_written} << " |";
  for (int b = 0; b < c.nblocks; ++b) {
    const m::BlockState& k = s.block[b];
    o << ' ' << int{k.extent} << '.' << int{k.uptodate} << '.' << int{k.dirty} << '.' << int{k.cache_ver} << '.'
      << int{k.disk_ver} << '.' << int{k.io_ver} << '.' << int{k.err_since_write};
  }
  o << " |";
  for (int f = 0; f < c.nfolios; ++f) {
    const m::FolioState& k = s.folio[f];
    o << ' ' << int{k.present} << '.' << int{k.locked_by} << '.' << int{k.uptodate} << '.' << int{k.dirty} << '.'
      << int{k.writeback} << '.' << int{k.has_ifs};
  }
  o << " |";
  for (int t = 0; t < c.actors(); ++t) {
    const m::TaskState& k = s.task[t];
    o << ' ' << int{k.op} << '.' << int{k.phase} << '.' << int{k.ret} << '.' << int{k.err} << '.' << int{k.iolock}
      << '.' << int{k.cur} << '.' << int{k.end} << '.' << int{k.folio} << '.' << int{k.map_start} << '.'
      << int{k.map_end} << '.' << int{k.map_kind} << '.' << int{k.map_valid} << '.' << int{k.map_new} << '.'
      << int{k.scan} << '.' << int{k.punch_start} << '.' << int{k.data_end} << '.' << int{k.wb_first} << '.'
      << int{k.wb_last} << '.' << int{k.wb_todo} << '.' << int{k.wb_count} << '.' << int{k.wb_err} << '.'
      << int{k.wb_hook} << '.' << int{k.wb_ret} << '.' << int{k.mmaplock} << '.' << k.ioend << '.' << k.f_wb_err;
  }
  o << " |";
  for (int i = 0; i < c.nfolios; ++i) o << ' ' << s.io[i].blocks << '.' << int{s.io[i].err} << '.' << int{s.io[i].task};
  return o.str();
}

}  // namespace

int main(int argc, char** argv) {
  bool count_only = argc == 4 && std::strcmp(argv[1], "--count") == 0;
  if (argc != 3 && !count_only) {
    std::cerr << "usage: enumerate [--count] SCENARIO.json POLICY.json\n";
    return 2;
  }
  const char* sc_path = argv[argc - 2];
  const char* po_path = argv[argc - 1];
  auto scenario = m::parse_scenario(read_json(sc_path), sc_path);
  auto policy = m::parse_policy(read_json(po_path), po_path);
  if (!scenario.ok() || !policy.ok()) {
    std::cerr << (scenario.ok() ? policy.status() : scenario.status()) << "\n";
    return 2;
  }
  auto model = m::WbModel::create(*std::move(scenario), *std::move(policy));
  if (!model.ok()) {
    std::cerr << model.status() << "\n";
    return 2;
  }
  const m::Context& c = model->context();
  std::set<std::string> seen;
  std::deque<std::pair<m::State, int>> queue;
  m::State init = model->initial_state();
  seen.insert(bytes_of(init));
  queue.push_back({init, 0});
  uint64_t transitions = 0;
  int max_depth = 0;
  std::vector<m::Action> actions;
  while (!queue.empty()) {
    auto [s, depth] = queue.front();
    queue.pop_front();
    max_depth = std::max(max_depth, depth);
    if (!count_only) std::cout << line_of(s, c) << "\n";
    actions.clear();
    model->actions(s, actions);
    for (const m::Action& a : actions) {
      m::State next = model->apply(s, a);
      ++transitions;
      if (seen.insert(bytes_of(next)).second) queue.push_back({next, depth + 1});
    }
  }
  if (count_only) std::cout << "states " << seen.size() << " transitions " << transitions << " max_depth " << max_depth << "\n";
  return 0;
}
