// End-to-end: the --html page of the 6.2 seed in headless Chromium. What the
// test reads is the DOM after the page's script ran (--dump-dom), compared
// with the trace file of the same run (--trace-out): the property id, one
// swimlane row per step with the step's task, the diff shown for a step
// (#step=N, arrow keys, the next button) against the difference of
// consecutive trace states, and every field of the final state. A screenshot must be a real 1280x900 picture of
// a rendered page (decoded here: many colours, the page's own colours
// present), not a blank or an error page.
//
// Chromium missing: a failure in CI (CI=true), a skip elsewhere (browser.h).
#include <fstream>
#include <map>
#include <set>
#include <string>

#include "browser.h"
#include "e2e_util.h"
#include "gtest/gtest.h"
#include "html_report.h"
#include "png_image.h"
#include "seed_views.h"

namespace wbcheck::e2e {
namespace {

using nlohmann::json;

class SeedHtmlBrowser : public ::testing::Test {
 protected:
  void SetUp() override {
    chromium_ = find_chromium();
    if (chromium_.empty()) {
      if (in_ci()) FAIL() << "chromium is not installed (CI=true): scripts/install-deps installs it";
      GTEST_SKIP() << "chromium is not installed: apt-get install chromium (scripts/install-deps)";
    }
    ASSERT_EQ(seed_views().run.exit_code, 10) << seed_views().run.err;
    ASSERT_FALSE(seed_views().trace.is_null());
  }
  // The DOM of `html` (opened at `fragment`) once its script has run.
  std::string dom(const std::string& html, const std::string& fragment = "") {
    absl::StatusOr<BrowserRun> r = run_chromium(chromium_, {"--dump-dom", file_url(html) + fragment});
    EXPECT_TRUE(r.ok()) << r.status();
    if (!r.ok()) return "";
    EXPECT_EQ(r->exit_code, 0) << r->err;
    EXPECT_NE(r->out.find("data-rendered=\"yes\""), std::string::npos) << "the page's script did not finish";
    return r->out;
  }
  std::string chromium_;
};

TEST_F(SeedHtmlBrowser, RenderedStepsAreTheTraceFilesSteps) {
  const json& trace = seed_views().trace;
  const std::string d = dom(seed_views().html_path);
  EXPECT_EQ(text_of_id(d, "code", "property-id"), trace["#meta"]["property"].get<std::string>());
  const auto rows = tags_with_class(d, "tr", "step");
  const std::vector<TraceStep> steps = trace_steps(trace);
  ASSERT_EQ(rows.size(), trace["#meta"]["steps"].get<size_t>());
  ASSERT_EQ(rows.size(), steps.size());
  for (const TraceStep& s : steps) {
    EXPECT_EQ(rows[s.n - 1].at("data-step"), std::to_string(s.n));
    EXPECT_EQ(rows[s.n - 1].at("data-task"), s.task) << "step " << s.n;
  }
  std::set<std::string> lanes, tasks;
  for (const auto& th : tags_with_class(d, "th", "task")) lanes.insert(th.at("data-task"));
  for (const TraceStep& s : steps) tasks.insert(s.task);
  EXPECT_EQ(lanes, tasks) << "one column per task";
}

TEST_F(SeedHtmlBrowser, EachStepShowsItsStateChanges) {
  const json& trace = seed_views().trace;
  const size_t n = trace_steps(trace).size();
  size_t busiest = 1;  // the step with the most changes, besides the first and the last
  for (size_t k = 1; k <= n; ++k) {
    if (trace_changes(trace, k).size() > trace_changes(trace, busiest).size()) busiest = k;
  }
  for (size_t k : {size_t{1}, busiest, n}) {
    const std::string d = dom(seed_views().html_path, "#step=" + std::to_string(k));
    EXPECT_EQ(change_rows(d), trace_changes(trace, k)) << "step " << k;
    const auto current = tags_with_class(d, "tr", "current");
    ASSERT_EQ(current.size(), 1u) << "step " << k;
    EXPECT_EQ(current[0].at("data-step"), std::to_string(k));
  }
}

// The page with a test script run after its own: keys and clicks as a reader
// would give them (the page's script listens on the document).
std::string driven_copy(const std::string& html, const std::string& actions) {
  std::string page = read_file(html);
  const size_t end = page.rfind("</body>");
  if (end == std::string::npos) return "";
  page.insert(end, "<script>\n" + actions + "</script>\n");
  const std::string path = temp_path("driven.html");
  std::ofstream(path, std::ios::binary) << page;
  return path;
}

std::string key(const char* k) {
  return std::string("document.dispatchEvent(new KeyboardEvent(\"keydown\", {key: \"") + k + "\"}));\n";
}

TEST_F(SeedHtmlBrowser, ArrowKeysAndButtonsMoveBetweenSteps) {
  const json& trace = seed_views().trace;
  // From step 1: right, right, next, left: step 3.
  const std::string a = driven_copy(seed_views().html_path, key("ArrowRight") + key("ArrowRight") +
                                                               "document.getElementById(\"next\").click();\n" +
                                                               key("ArrowLeft"));
  const std::string d = dom(a);
  const auto current = tags_with_class(d, "tr", "current");
  ASSERT_EQ(current.size(), 1u);
  EXPECT_EQ(current[0].at("data-step"), "3");
  EXPECT_EQ(change_rows(d), trace_changes(trace, 3));
  // End, then right again: the last step, where "next" is disabled.
  const std::string b = driven_copy(seed_views().html_path, key("End") + key("ArrowRight"));
  const std::string e = dom(b);
  const auto last = tags_with_class(e, "tr", "current");
  ASSERT_EQ(last.size(), 1u);
  EXPECT_EQ(last[0].at("data-step"), std::to_string(trace_steps(trace).size()));
  bool next_disabled = false;
  for (const auto& button : tags_with_class(e, "button", "")) {
    if (button.contains("id") && button.at("id") == "next") next_disabled = button.contains("disabled");
  }
  EXPECT_TRUE(next_disabled);
  std::remove(a.c_str());
  std::remove(b.c_str());
}

TEST_F(SeedHtmlBrowser, FinalStateIsTheTracesLastState) {
  const std::string d = dom(seed_views().html_path);
  const auto want = flatten_state(seed_views().trace["states"].back());
  const auto shown = keyed_cells(d);
  EXPECT_EQ(shown, want);
}

TEST_F(SeedHtmlBrowser, HostileNameRendersAsText) {
  json s = json::parse(read_file(seed_scenario()));
  const std::string name = "<img src=x id=injected>&amp;</script>";
  s["name"] = name;
  const std::string scenario = temp_path("hostile-browser.json"), html = temp_path("hostile-browser.html");
  std::ofstream(scenario) << s.dump();
  Invocation r = run_wbcheck({"check", "--scenario", scenario, "--policy", policy_62(), "--html", html});
  ASSERT_EQ(r.exit_code, 10) << r.err;
  const std::string d = dom(html);
  EXPECT_EQ(d.find("id=\"injected\""), std::string::npos) << "the name became markup";
  EXPECT_NE(text_of_id(d, "p", "source").find(name), std::string::npos) << "the name, shown as text";
  std::remove(scenario.c_str());
  std::remove(html.c_str());
}

// How a screenshot is judged honestly without a reference image: decode it;
// a blank or error page has a handful of colours, a rendered report hundreds
// (anti-aliased text), and the report's own CSS colours must appear: the
// swimlane cells' #eef4ff and the violating step's #ffe4e4.
TEST_F(SeedHtmlBrowser, ScreenshotIsARenderedPage) {
  const std::string png = temp_path("shot.png");
  absl::StatusOr<BrowserRun> r = run_chromium(
      chromium_, {"--screenshot=" + png, "--window-size=1280,900", "--hide-scrollbars", file_url(seed_views().html_path)});
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->exit_code, 0) << r->err;
  const std::string bytes = read_file(png);
  ASSERT_GE(bytes.size(), 8u);
  EXPECT_EQ(bytes.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  absl::StatusOr<PngImage> img = decode_png(bytes);
  ASSERT_TRUE(img.ok()) << img.status();
  EXPECT_EQ(img->width, 1280u);
  EXPECT_EQ(img->height, 900u);
  std::map<uint32_t, size_t> colours;
  for (uint32_t p : img->pixels) ++colours[p];
  EXPECT_GE(colours.size(), 64u) << "too few colours for a page of text";
  EXPECT_TRUE(colours.contains(0xeef4ff)) << "no swimlane cell";
  EXPECT_TRUE(colours.contains(0xffe4e4)) << "no highlighted violating step";
  std::remove(png.c_str());
}

}  // namespace
}  // namespace wbcheck::e2e
