// The model's part of the text trace (cli/trace_annotate.h): the locks row,
// the violating state's fields, and which steps a violation depends on.
//
// Folding must be sound: dropping every step the slice calls irrelevant
// leaves a path to a violating state. A shortest counterexample therefore
// has no irrelevant step (else dropping them would give a shorter one), which
// every example's traces must show; and a trace lengthened by steps of a task
// that cannot matter must have exactly those steps folded.
#include <sstream>
#include <string>
#include <vector>

#include "checker/report.h"
#include "cli/check_pair.h"
#include "cli/load.h"
#include "cli/trace_annotate.h"
#include "gtest/gtest.h"
#include "model/fields.h"
#include "properties/registry.h"
#include "tests/cli/example_files.h"

namespace wbcheck::cli {
namespace {

std::string source(const std::string& relative) { return std::string(WBCHECK_SOURCE_DIR) + "/" + relative; }

model::Scenario seed_scenario() {
  absl::StatusOr<model::Scenario> s = load_scenario(source("examples/scenarios/bug217030.json"));
  EXPECT_TRUE(s.ok()) << s.status();
  return *s;
}

model::Policy policy(const std::string& name) {
  absl::StatusOr<model::Policy> p = load_policy(source("examples/policies/" + name + ".json"));
  EXPECT_TRUE(p.ok()) << p.status();
  return *p;
}

const checker::ReportProperty& property(const checker::Report& r, const std::string& id) {
  for (const checker::ReportProperty& p : r.properties) {
    if (p.id == id) return p;
  }
  ADD_FAILURE() << "no property " << id;
  static const checker::ReportProperty none{};
  return none;
}

// For every example pair: each step of each (shortest) counterexample is
// relevant, and no line of the text report passes 120 columns.
TEST(TraceAnnotateTest, ShortestTracesOfTheExamplesFoldNothing) {
  constexpr uint64_t kMaxStates = 200000;
  size_t traces = 0;
  for (const auto& pfile : testing::json_files("examples/policies")) {
    absl::StatusOr<model::Policy> p = load_policy(pfile.string());
    ASSERT_TRUE(p.ok()) << p.status();
    for (const auto& sfile : testing::json_files("examples/scenarios")) {
      absl::StatusOr<model::Scenario> s = load_scenario(sfile.string());
      ASSERT_TRUE(s.ok()) << s.status();
      CheckOptions o;
      o.max_states = kMaxStates;
      o.threads = 1;
      absl::StatusOr<checker::Report> r = check_pair(*s, *p, o);
      if (!r.ok()) continue;  // a pair the model rejects (e2e_matrix_test covers those)
      SCOPED_TRACE(pfile.filename().string() + " x " + sfile.filename().string());
      // With POR a trace is shortest once the second, full search found it
      // before the limit (checker/bfs.h).
      if (r->stats.trace_states >= kMaxStates) continue;
      for (const checker::ReportProperty& prop : r->properties) {
        traces += !prop.trace.empty();
        for (size_t i = 0; i < prop.trace.size(); ++i) {
          EXPECT_TRUE(prop.trace[i].relevant) << prop.id << " step " << i + 1;
          EXPECT_EQ(prop.trace[i].holds.size(), prop.lanes.size()) << prop.id;
        }
      }
      std::istringstream text(checker::print_text(*r));
      for (std::string line; std::getline(text, line);) EXPECT_LE(line.size(), 120u) << line;
    }
  }
  EXPECT_GE(traces, 100u) << "the examples have over a hundred counterexamples (116 when written)";
}

// The seed under 6.2, no-convert-delalloc-warn's 16 steps (README.md): A's
// O_SYNC buffered write holds IOLOCK_EXCL from xfs_file_buffered_write to the
// end of its last iomap_write_end, each folio locked from iomap_write_begin to
// iomap_write_end; its writeback locks folio 0 in folio_clear_dirty_for_io and
// keeps it through the failed conversion until xfs_discard_folio's
// folio_unlock (step 15). B's direct write holds IOLOCK_SHARED from step 11,
// and its flush locks folio 1 at step 13. The teardown (umount) holds nothing.
TEST(TraceAnnotateTest, LocksOfTheSeedTrace) {
  CheckOptions o;
  o.threads = 1;
  absl::StatusOr<checker::Report> r = check_pair(seed_scenario(), policy("linux-6.2"), o);
  ASSERT_TRUE(r.ok()) << r.status();
  const checker::ReportProperty& p = property(*r, "no-convert-delalloc-warn");
  ASSERT_EQ(p.trace.size(), 16u);
  EXPECT_EQ(p.lanes, (std::vector<std::string>{"A", "B", "umount"}));
  const std::vector<std::vector<std::string>> expected = {
      {"IO=x", "", ""}, {"IO=x", "", ""},     {"IO=x F0", "", ""},  {"IO=x", "", ""},
      {"IO=x F1", "", ""}, {"", "", ""},       {"", "", ""},         {"F0", "", ""},
      {"F0", "", ""},   {"F0", "", ""},       {"F0", "IO=s", ""},   {"F0", "IO=s", ""},
      {"F0", "IO=s F1", ""}, {"F0", "IO=s F1", ""}, {"", "IO=s F1", ""}, {"", "IO=s F1", ""}};
  for (size_t i = 0; i < expected.size(); ++i) EXPECT_EQ(p.trace[i].holds, expected[i]) << "step " << i + 1;
}

// Both WARN-style properties read one sticky flag each (properties/
// definitions.h), set in the violating state.
TEST(TraceAnnotateTest, ViolatingStateIsWhatThePropertyReads) {
  CheckOptions o;
  o.threads = 1;
  absl::StatusOr<checker::Report> r = check_pair(seed_scenario(), policy("linux-6.2"), o);
  ASSERT_TRUE(r.ok()) << r.status();
  const checker::ReportProperty& warn = property(*r, "no-convert-delalloc-warn");
  ASSERT_EQ(warn.violating_state.size(), 1u);
  EXPECT_EQ(warn.violating_state[0].key, "warned_convert_delalloc");
  EXPECT_EQ(warn.violating_state[0].value, 1);
  const checker::ReportProperty& escaped = property(*r, "discard-within-locked-folio");
  ASSERT_EQ(escaped.violating_state.size(), 1u);
  EXPECT_EQ(escaped.violating_state[0].key, "discard_outside_folio_lock");
  EXPECT_EQ(escaped.violating_state[0].value, 1);
}

// The seed with a third task C that opens the file four times: each open
// only samples mapping->wb_err into C's own file (model/paths/open.cc), which
// neither A's nor B's steps nor the WARN read. Three of the opens in front of
// the seed's 16-step trace still end in the WARN, and exactly those three
// steps fold. (Not all four: C's last op ends its program, and A's writeback
// reads which files are still open, for error reporting.)
TEST(TraceAnnotateTest, StepsOfAnUninvolvedTaskFold) {
  absl::StatusOr<nlohmann::json> json = read_json_file(source("examples/scenarios/bug217030.json"));
  ASSERT_TRUE(json.ok()) << json.status();
  (*json)["tasks"].push_back({{"name", "C"}, {"ops", {{{"op", "open"}}, {{"op", "open"}}, {{"op", "open"}}, {{"op", "open"}}}}});
  absl::StatusOr<model::Scenario> scenario = scenario_from_text("seed+C", json->dump());
  ASSERT_TRUE(scenario.ok()) << scenario.status();
  absl::StatusOr<model::WbModel> m = make_model(*scenario, policy("linux-6.2"));
  ASSERT_TRUE(m.ok()) << m.status();
  CheckOptions o;
  o.threads = 1;
  checker::Report shortest = search_model(*m, o);
  const size_t k = 1;  // no-convert-delalloc-warn
  ASSERT_EQ(properties::all_properties()[k].id, std::string("no-convert-delalloc-warn"));
  ASSERT_EQ(shortest.properties[k].trace.size(), 16u);

  // Replay: C's three opens, then the shortest trace's actions (found again
  // by their step names, each enabled where it is taken).
  const ExplorableModel plain(*m);
  checker::Trace<ExplorableModel> t{m->initial_state(), {}};
  model::State x = t.initial;
  auto take = [&](const model::Action& a) {
    std::vector<model::Action> enabled;
    plain.actions(x, enabled);
    bool found = false;
    for (const model::Action& e : enabled) found |= e.task == a.task && e.choice == a.choice && e.io == a.io;
    ASSERT_TRUE(found) << "step " << t.steps.size() + 1 << " is not enabled";
    model::State y = plain.apply(x, a);
    t.steps.push_back({a, x, y});
    x = y;
  };
  for (int i = 0; i < 3; ++i) take(model::Action{2, 0, 0});
  for (const checker::ReportStep& s : shortest.properties[k].trace) {
    std::vector<model::Action> enabled;
    plain.actions(x, enabled);
    bool taken = false;
    for (const model::Action& a : enabled) {
      checker::StepInfo info = plain.describe(x, a);
      if (taken || info.task != s.info.task || info.step != s.info.step || info.detail != s.info.detail) continue;
      take(a);
      taken = true;
    }
    ASSERT_TRUE(taken) << s.info.task << " " << s.info.step;
  }
  ASSERT_EQ(t.steps.size(), 19u);
  ASSERT_FALSE(properties::all_properties()[k].native(model::ConcreteView(m->context(), x)));

  checker::Result<ExplorableModel> result{checker::Verdict::kViolated, {}, {}};
  std::vector<checker::PropertyText> text;
  for (const auto& def : properties::all_properties()) {
    result.properties.push_back({def.id, checker::Status::kHolds, std::nullopt, 0});
    text.push_back({def.statement, def.catches});
  }
  result.properties[k] = {result.properties[k].id, checker::Status::kViolated, t, 19};
  checker::Report report = checker::make_report(plain, result, text);
  annotate_traces(*m, result, report);
  const checker::ReportProperty& p = report.properties[k];
  ASSERT_EQ(p.trace.size(), 19u);
  for (size_t i = 0; i < 19; ++i) EXPECT_EQ(p.trace[i].relevant, i >= 3) << "step " << i + 1;
  const std::string folded = checker::print_text(report);
  EXPECT_NE(folded.find("        ... 3 steps of task C folded (--no-fold to show)\n"), std::string::npos) << folded;
  EXPECT_EQ(folded.find("\n     1  "), std::string::npos) << folded;
  const std::string all = checker::print_text(report, {.fold = false});
  EXPECT_EQ(all.find("folded"), std::string::npos);
  for (int n : {1, 2, 3, 19}) EXPECT_NE(all.find("\n  " + std::string(n < 10 ? "   " : "  ") + std::to_string(n) + "  "), std::string::npos) << n;
}

}  // namespace
}  // namespace wbcheck::cli
