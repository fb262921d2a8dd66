// End-to-end: `wbcheck check --html` without a browser (the headless-browser
// tests are e2e_html_browser_test.cc). The page's data block must say what
// the trace file of the same run says, step by step, down to each step's
// changes (recomputed here from consecutive states of the trace file); the
// page must fetch nothing; names from input files must stay text, never
// markup, in the page and in the DOT graph.
#include <filesystem>
#include <fstream>
#include <string>

#include "dot_graph.h"
#include "e2e_util.h"
#include "gtest/gtest.h"
#include "html_report.h"
#include "seed_views.h"

namespace wbcheck::e2e {
namespace {

using nlohmann::json;

TEST(SeedHtml, DataBlockSaysWhatTheTraceFileSays) {
  const SeedViews& v = seed_views();
  ASSERT_EQ(v.run.exit_code, 10) << v.run.err;
  const json data = html_data_block(read_file(v.html_path));
  ASSERT_TRUE(data.is_object());
  EXPECT_EQ(data["property"]["id"], v.trace["#meta"]["property"]);
  EXPECT_EQ(data["property"]["statement"], v.trace["#meta"]["statement"]);
  EXPECT_EQ(data["scenario"], v.trace["#meta"]["scenario"]);
  EXPECT_EQ(data["policy"], v.trace["#meta"]["policy"]);
  const std::vector<TraceStep> steps = trace_steps(v.trace);
  ASSERT_EQ(data["steps"].size(), steps.size());
  for (const TraceStep& s : steps) {
    const json& d = data["steps"][s.n - 1];
    EXPECT_EQ(d["n"], s.n);
    EXPECT_EQ(d["task"], s.task) << s.n;
    EXPECT_EQ(d["step"], s.step) << s.n;
    EXPECT_EQ(d["file"], s.file) << s.n;
    std::map<std::string, std::pair<std::string, std::string>> shown;
    for (const json& c : d["changes"]) shown[c["key"]] = {c["from"], c["to"]};
    EXPECT_EQ(shown, trace_changes(v.trace, s.n)) << "step " << s.n;
  }
  EXPECT_EQ(data["final_state"], [&] {
    json last = v.trace["states"].back();
    last.erase("#meta");
    return last;
  }());
}

TEST(SeedHtml, FetchesNothing) {
  const std::string html = read_file(seed_views().html_path);
  ASSERT_FALSE(html.empty());
  for (const char* bad : {" src=", " href=", "url(", "@import", "http://", "https://", "<link", "<iframe", "<img"}) {
    EXPECT_EQ(html.find(bad), std::string::npos) << bad;
  }
  EXPECT_NE(html.find("default-src 'none'"), std::string::npos) << "the page's content security policy";
}

TEST(SeedHtml, RowsComeFromTheScriptNotTheFile) {
  // The browser test counts rendered rows: they must be the script's work.
  EXPECT_TRUE(tags_with_class(read_file(seed_views().html_path), "tr", "step").empty());
}

// A scenario whose name is everything an HTML page or a DOT file must escape.
const char kHostile[] = "</script><img src=x onerror=alert(1)>&amp;\"q\"'a'<!--\\n";

std::string hostile_scenario() {
  json s = json::parse(read_file(seed_scenario()));
  s["name"] = kHostile;
  const std::string path = temp_path("hostile.json");
  std::ofstream(path) << s.dump();
  return path;
}

TEST(SeedHtml, InputNamesStayText) {
  const std::string scenario = hostile_scenario(), html = temp_path("hostile.html"), dot = temp_path("hostile.dot");
  Invocation r = run_wbcheck({"check", "--scenario", scenario, "--policy", policy_62(), "--html", html, "--dot", dot});
  ASSERT_EQ(r.exit_code, 10) << r.err;
  const std::string page = read_file(html);
  EXPECT_EQ(html_data_block(page)["scenario"], kHostile);
  EXPECT_EQ(page.find("<img"), std::string::npos);
  EXPECT_NE(page.find("&lt;/script&gt;&lt;img"), std::string::npos) << "the title, escaped";
  absl::StatusOr<DotGraph> g = parse_dot(read_file(dot));
  ASSERT_TRUE(g.ok()) << g.status();
  for (const char* f : {scenario.c_str(), html.c_str(), dot.c_str()}) std::remove(f);
}

TEST(SeedHtml, NothingViolatedWritesNothing) {
  const std::string html = temp_path("holds.html"), dot = temp_path("holds.dot");
  Invocation r = run_wbcheck({"check", "--scenario", seed_scenario(), "--policy", policy_63(), "--html", html, "--dot", dot});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_FALSE(std::filesystem::exists(html));
  EXPECT_FALSE(std::filesystem::exists(dot));
  EXPECT_NE(r.err.find("nothing written to " + html), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("nothing written to " + dot), std::string::npos) << r.err;
}

TEST(SeedHtml, UnwritablePathIsBadInputBeforeTheSearch) {
  for (const char* flag : {"--html", "--dot"}) {
    Invocation r = run_wbcheck({"check", "--scenario", seed_scenario(), "--policy", policy_62(), flag,
                                "/nonexistent-wbcheck-dir/x"});
    EXPECT_EQ(r.exit_code, 2) << flag;
    EXPECT_NE(r.err.find("/nonexistent-wbcheck-dir/x"), std::string::npos) << r.err;
    EXPECT_EQ(r.out, "") << "no report: the search never ran";
  }
}

TEST(SeedHtml, SameBytesEveryRun) {
  const std::string again = temp_path("again.html");
  Invocation r = run_wbcheck({"check", "--scenario", seed_scenario(), "--policy", policy_62(), "--html", again});
  ASSERT_EQ(r.exit_code, 10) << r.err;
  EXPECT_EQ(read_file(again), read_file(seed_views().html_path));
  std::remove(again.c_str());
}

TEST(SeedHtml, WrittenAtomically) {
  EXPECT_TRUE(temp_leftovers(seed_views().html_path).empty());
  EXPECT_TRUE(temp_leftovers(seed_views().dot_path).empty());
}

}  // namespace
}  // namespace wbcheck::e2e
