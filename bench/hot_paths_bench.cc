// The search's inner loop on the seed scenario: listing the enabled actions,
// applying one, fingerprinting a state, evaluating every property, and a
// whole search. `make bench` builds and runs them.
#include <benchmark/benchmark.h>

#include <vector>

#include "checker/bfs.h"
#include "checker/fingerprint.h"
#include "cli/explorable.h"
#include "cli/load.h"
#include "model/wb_model.h"
#include "properties/registry.h"

namespace wbcheck {
namespace {

const model::WbModel& seed_model() {
  static const model::WbModel m = [] {
    auto scenario = cli::load_scenario(WBCHECK_SOURCE_DIR "/examples/scenarios/bug217030.json");
    auto policy = cli::load_policy(WBCHECK_SOURCE_DIR "/examples/policies/linux-6.3.json");
    return *model::WbModel::create(*scenario, *policy);
  }();
  return m;
}

// States reached along the first enabled action of each step: a mix of
// phases, as the search sees them.
std::vector<model::State> sample_states() {
  const model::WbModel& m = seed_model();
  std::vector<model::State> out = {m.initial_state()};
  std::vector<model::Action> actions;
  while (out.size() < 32) {
    actions.clear();
    m.actions(out.back(), actions);
    if (actions.empty()) break;
    out.push_back(m.apply(out.back(), actions[out.size() % actions.size()]));
  }
  return out;
}

void BM_Successors(benchmark::State& st) {
  const model::WbModel& m = seed_model();
  std::vector<model::State> states = sample_states();
  std::vector<model::Action> actions;
  size_t i = 0;
  for (auto _ : st) {
    const model::State& s = states[i++ % states.size()];
    actions.clear();
    m.actions(s, actions);
    for (const model::Action& a : actions) benchmark::DoNotOptimize(m.apply(s, a));
  }
}
BENCHMARK(BM_Successors);

void BM_Fingerprint(benchmark::State& st) {
  std::vector<model::State> states = sample_states();
  size_t i = 0;
  for (auto _ : st) benchmark::DoNotOptimize(checker::fingerprint_of(states[i++ % states.size()]));
  st.SetBytesProcessed(static_cast<int64_t>(st.iterations()) * sizeof(model::State));
}
BENCHMARK(BM_Fingerprint);

void BM_NativeProperties(benchmark::State& st) {
  const model::WbModel& m = seed_model();
  std::vector<model::State> states = sample_states();
  size_t i = 0;
  for (auto _ : st) {
    model::ConcreteView v(m.context(), states[i++ % states.size()]);
    for (const properties::PropertyDef& p : properties::all_properties()) benchmark::DoNotOptimize(p.native(v));
  }
}
BENCHMARK(BM_NativeProperties);

void BM_SeedSearch(benchmark::State& st) {
  const model::WbModel& m = seed_model();
  cli::ExplorableModel em(m);
  std::vector<checker::Invariant<model::State>> inv;
  for (const properties::PropertyDef& p : properties::all_properties()) {
    inv.push_back({p.id, [&m, native = p.native](const model::State& s) { return native(model::ConcreteView(m.context(), s)); }});
  }
  uint64_t states = 0;
  for (auto _ : st) states = checker::check(em, inv, {}).stats.states;
  st.counters["states"] = static_cast<double>(states);
  st.counters["states/s"] = benchmark::Counter(static_cast<double>(states) * st.iterations(), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_SeedSearch);

}  // namespace
}  // namespace wbcheck
