// End-to-end: `wbcheck check --dot`. The graph is read with a small DOT
// parser (dot_graph.h) and compared with the trace file the same run wrote
// (--trace-out): one cluster per task, one node per step in its task's
// cluster labelled with its number, kernel function and file; program order
// between consecutive steps of one process (the trace file's task, or the
// ioend a completion runs for); causal edges only forward and between
// processes; the last step, and only it, highlighted.
//
// Two counterexamples: the seed's under 6.2 (its first violated property's
// trace is task A's alone: no causal edge can exist), and
// mmap-redirty-after-failure under 6.2, where the scenario's own story
// (its description) names the two dependencies that make the bug: A's
// writeback takes the folio B's mmap store redirtied, and B's fsync then
// finds nothing dirty because A's failed writeback punched and cleaned it.
// When Graphviz is installed, `dot -Tsvg` must accept the file.
#include <cstdlib>
#include <map>
#include <set>
#include <string>
#include <utility>

#include "browser.h"  // in_ci
#include "dot_graph.h"
#include "e2e_util.h"
#include "gtest/gtest.h"
#include "seed_views.h"

namespace wbcheck::e2e {
namespace {

using EdgeSet = std::set<std::pair<std::string, std::string>>;

std::string node(size_t n) { return "s" + std::to_string(n); }

const DotNode* find(const DotGraph& g, const std::string& id) {
  for (const DotNode& n : g.nodes) {
    if (n.id == id) return &n;
  }
  return nullptr;
}

// Edges by kind: invisible (ranking), dashed (causal), none (program order).
EdgeSet edges_where(const DotGraph& g, const std::string& style) {
  EdgeSet out;
  for (const DotEdge& e : g.edges) {
    auto it = e.attrs.find("style");
    if ((it == e.attrs.end() ? "" : it->second) == style) out.insert({e.from, e.to});
  }
  return out;
}

// Everything the trace file alone determines about the graph.
void expect_graph_of_trace(const DotGraph& g, const std::vector<TraceStep>& steps, const std::string& property) {
  std::set<std::string> clusters, tasks;
  for (const auto& [name, attrs] : g.subgraphs) {
    clusters.insert(name);
    EXPECT_TRUE(attrs.contains("label")) << name;
  }
  for (const TraceStep& s : steps) tasks.insert("cluster_" + s.task);
  EXPECT_EQ(clusters, tasks) << "one cluster per task";

  ASSERT_EQ(g.nodes.size(), steps.size());
  std::set<std::string> ids;
  for (const DotNode& n : g.nodes) EXPECT_TRUE(ids.insert(n.id).second) << "node defined twice: " << n.id;
  for (const TraceStep& s : steps) {
    const DotNode* n = find(g, node(s.n));
    ASSERT_NE(n, nullptr) << "no node for step " << s.n;
    EXPECT_EQ(n->subgraph, "cluster_" + s.task) << n->id;
    EXPECT_TRUE(n->attrs.at("label").starts_with(std::to_string(s.n) + ": " + s.step + "\n" + s.file))
        << n->attrs.at("label");
    EXPECT_EQ(n->attrs.contains("penwidth"), s.n == steps.size()) << "only the last step is highlighted: " << n->id;
  }
  EXPECT_EQ(find(g, node(steps.size()))->attrs.at("xlabel"), "violates " + property);

  for (const DotEdge& e : g.edges) {
    EXPECT_NE(find(g, e.from), nullptr) << e.from;
    EXPECT_NE(find(g, e.to), nullptr) << e.to;
  }
  EdgeSet program, ranks;
  std::map<std::string, size_t> last;
  for (const TraceStep& s : steps) {
    if (last.contains(s.process)) program.insert({node(last[s.process]), node(s.n)});
    last[s.process] = s.n;
    if (s.n > 1) ranks.insert({node(s.n - 1), node(s.n)});
  }
  EXPECT_EQ(edges_where(g, ""), program) << "program order";
  EXPECT_EQ(edges_where(g, "invis"), ranks) << "invisible edges rank the steps in trace order";
  for (const DotEdge& e : g.edges) {
    if (!e.attrs.contains("style") || e.attrs.at("style") != "dashed") continue;
    const size_t from = std::stoul(e.from.substr(1)), to = std::stoul(e.to.substr(1));
    EXPECT_LT(from, to) << "causal edges go forward";
    EXPECT_NE(steps[from - 1].process, steps[to - 1].process) << e.from << " -> " << e.to;
    EXPECT_FALSE(e.attrs.at("label").empty()) << "a causal edge names what the steps share";
  }
}

TEST(TraceDot, SeedIsTheTraceFilesGraph) {
  const SeedViews& v = seed_views();
  ASSERT_EQ(v.run.exit_code, 10) << v.run.err;
  ASSERT_FALSE(v.trace.is_null());
  const std::vector<TraceStep> steps = trace_steps(v.trace);
  ASSERT_EQ(steps.size(), 11u);  // dirty-block-backed under 6.2 (e2e_seed_test.cc pins it by hand)
  absl::StatusOr<DotGraph> g = parse_dot(read_file(v.dot_path));
  ASSERT_TRUE(g.ok()) << g.status();
  expect_graph_of_trace(*g, steps, v.trace["#meta"]["property"]);
  std::set<std::string> processes;
  for (const TraceStep& s : steps) processes.insert(s.process);
  ASSERT_EQ(processes.size(), 1u) << "the seed's first counterexample is task A's alone";
  EXPECT_TRUE(edges_where(*g, "dashed").empty());
}

// The step of `task` named `step` (its number; 0 when absent or ambiguous).
size_t step_named(const std::vector<TraceStep>& steps, const std::string& task, const std::string& step) {
  size_t found = 0;
  for (const TraceStep& s : steps) {
    if (s.task == task && s.step == step) found = found == 0 ? s.n : SIZE_MAX;
  }
  return found == SIZE_MAX ? 0 : found;
}

TEST(TraceDot, TwoTasksWithTheirCausalEdges) {
  const std::string dot = temp_path("mmap.dot"), trace_path = temp_path("mmap-trace.json");
  Invocation r = run_wbcheck({"check", "--scenario", source_path("examples/scenarios/mmap-redirty-after-failure.json"),
                              "--policy", policy_62(), "--dot", dot, "--trace-out", trace_path});
  ASSERT_EQ(r.exit_code, 10) << r.err;
  const nlohmann::json trace = nlohmann::json::parse(read_file(trace_path));
  const std::vector<TraceStep> steps = trace_steps(trace);
  absl::StatusOr<DotGraph> g = parse_dot(read_file(dot));
  ASSERT_TRUE(g.ok()) << g.status();
  expect_graph_of_trace(*g, steps, trace["#meta"]["property"]);
  const size_t store = step_named(steps, "B", "iomap_page_mkwrite.xfs_buffered_write_iomap_begin");
  const size_t clear = step_named(steps, "A", "write_cache_pages.folio_clear_dirty_for_io");
  const size_t punch = step_named(steps, "A", "xfs_discard_folio.xfs_bmap_punch_delalloc_range");
  const size_t tag = step_named(steps, "B", "write_cache_pages.tag_pages_for_writeback");
  ASSERT_TRUE(store && clear && punch && tag) << "the trace no longer tells the scenario's story";
  const EdgeSet causal = edges_where(*g, "dashed");
  EXPECT_TRUE(causal.contains({node(store), node(clear)})) << "A's writeback takes the folio B redirtied";
  EXPECT_TRUE(causal.contains({node(punch), node(tag)})) << "B's fsync finds the folio A's failure cleaned";
  std::remove(dot.c_str());
  std::remove(trace_path.c_str());
}

// An I/O completion runs as its own process (the ioend), drawn in the cluster
// of the task that submitted it: dio-io-error-read under 5.9 ends with one.
TEST(TraceDot, IoCompletionInItsSubmittersCluster) {
  const std::string dot = temp_path("io.dot"), trace_path = temp_path("io-trace.json");
  Invocation r = run_wbcheck({"check", "--scenario", source_path("examples/scenarios/dio-io-error-read.json"),
                              "--policy", source_path("examples/policies/linux-5.9.json"), "--dot", dot, "--trace-out",
                              trace_path});
  ASSERT_EQ(r.exit_code, 10) << r.err;
  const nlohmann::json trace = nlohmann::json::parse(read_file(trace_path));
  const std::vector<TraceStep> steps = trace_steps(trace);
  absl::StatusOr<DotGraph> g = parse_dot(read_file(dot));
  ASSERT_TRUE(g.ok()) << g.status();
  expect_graph_of_trace(*g, steps, trace["#meta"]["property"]);
  size_t completions = 0;
  for (const TraceStep& s : steps) {
    if (!s.process.starts_with("ioend ")) continue;
    ++completions;
    const DotNode* n = find(*g, node(s.n));
    ASSERT_NE(n, nullptr);
    EXPECT_TRUE(n->attrs.at("label").ends_with("(" + s.process + " completes)")) << n->attrs.at("label");
  }
  EXPECT_GE(completions, 1u) << "the trace no longer has an I/O completion";
  std::remove(dot.c_str());
  std::remove(trace_path.c_str());
}

TEST(TraceDot, SameBytesEveryRun) {
  const std::string again = temp_path("again.dot");
  Invocation r = run_wbcheck({"check", "--scenario", seed_scenario(), "--policy", policy_62(), "--dot", again});
  ASSERT_EQ(r.exit_code, 10) << r.err;
  EXPECT_EQ(read_file(again), read_file(seed_views().dot_path));
  std::remove(again.c_str());
}

// Graphviz missing: a failure in CI (scripts/install-deps installs it), a
// skip elsewhere, as for Chromium (browser.h). Graphviz must also say nothing
// on stderr: its warnings (an unknown attribute, a bad label) are defects.
TEST(TraceDot, GraphvizAcceptsIt) {
  if (std::system("command -v dot >/dev/null 2>&1") != 0) {
    if (in_ci()) FAIL() << "Graphviz (dot) is not installed (CI=true): scripts/install-deps installs it";
    GTEST_SKIP() << "Graphviz (dot) is not installed: apt-get install graphviz (scripts/install-deps)";
  }
  const std::string mmap_dot = temp_path("mmap-for-dot.dot");
  Invocation r = run_wbcheck({"check", "--scenario", source_path("examples/scenarios/mmap-redirty-after-failure.json"),
                              "--policy", policy_62(), "--dot", mmap_dot});
  ASSERT_EQ(r.exit_code, 10) << r.err;
  for (const std::string& dot : {seed_views().dot_path, mmap_dot}) {
    const std::string svg = temp_path("graph.svg"), err = temp_path("dot.err");
    const std::string cmd = "dot -Tsvg '" + dot + "' -o '" + svg + "' 2>'" + err + "'";
    EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
    EXPECT_NE(read_file(svg).find("<svg"), std::string::npos) << dot;
    EXPECT_EQ(read_file(err), "") << dot;
    std::remove(svg.c_str());
    std::remove(err.c_str());
  }
  std::remove(mmap_dot.c_str());
}

}  // namespace
}  // namespace wbcheck::e2e
