// End-to-end: `wbcheck check --format junit|sarif` on the seed scenario
// (bug 217030) under linux-6.2 (violated, exit 10) and linux-6.3 (holds,
// exit 0), checked against the same run's --format json and text output.
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "e2e_util.h"
#include "e2e_xml.h"
#include "swimlane_lines.h"
#include "gtest/gtest.h"

namespace wbcheck::e2e {
namespace {

using nlohmann::json;

TEST(TinyXmlReader, AcceptsAndRejects) {
  EXPECT_TRUE(XmlReader("<a x=\"1&amp;&#10;\"><b/>t&lt;<c></c></a>").parse());
  for (const char* bad : {"<a>", "<a></b>", "<a x=1/>", "<a>&bogus;</a>", "<a>x<y</a>", "<a/><b/>", "<a x=\"1\"x=\"2\"/>",
                          "<a>\x01</a>"}) {
    EXPECT_FALSE(XmlReader(bad).parse()) << bad;
  }
  auto a = XmlReader("<a x=\"&quot;q&apos;\">t&gt;<b/><b/></a>").parse();
  ASSERT_TRUE(a);
  EXPECT_EQ(a->attr("x"), "\"q'");
  EXPECT_EQ(a->text, "t>");
  EXPECT_EQ(a->all("b").size(), 2u);
}

// xmllint, when libxml2-utils is installed (it is not a dependency): a second,
// real parser's opinion.
void xmllint_if_present(const std::string& xml) {
  if (std::system("command -v xmllint >/dev/null 2>&1") != 0) return;
  std::string path = temp_path("junit.xml");
  {
    std::FILE* f = std::fopen(path.c_str(), "wb");
    ASSERT_NE(f, nullptr);
    std::fwrite(xml.data(), 1, xml.size(), f);
    std::fclose(f);
  }
  EXPECT_EQ(std::system(("xmllint --noout '" + path + "'").c_str()), 0) << xml;
  std::remove(path.c_str());
}

// ---------------------------------------------------------------------------

// The policies are given relative to the source tree (run there), as a CI job
// would give them.
const char kPolicy62[] = "examples/policies/linux-6.2.json";
const char kPolicy63[] = "examples/policies/linux-6.3.json";
const char kScenario[] = "examples/scenarios/bug217030.json";

Invocation check(const std::string& policy, const std::string& format, std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {"check", "--scenario", kScenario, "--policy", policy, "--format", format};
  args.insert(args.end(), extra.begin(), extra.end());
  return run_wbcheck(args, source_path(""));
}

// Replaces every time="..." attribute value by T.
std::string without_time_attrs(std::string xml) {
  for (size_t at = xml.find(" time=\""); at != std::string::npos; at = xml.find(" time=\"", at + 1)) {
    size_t close = xml.find('"', at + 7);
    xml.replace(at + 7, close - (at + 7), "T");
  }
  return xml;
}

// The text printer's block for a violated property: from "<id>: violated" to
// its closing "  <id> must hold: ..." line.
std::string text_trace_block(const std::string& text, const std::string& id) {
  size_t b = text.find("\n" + id + ": violated after ");
  if (b == std::string::npos) return "";
  // It ends with "  <id> must hold: ...", then an empty line.
  size_t e = text.find("\n\n", text.find("\n  " + id + " must hold: ", b));
  if (e == std::string::npos) return "";
  return text.substr(b + 1, e - b);
}

class SeedCiFormats : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    json62_ = new json(parse_json(check(kPolicy62, "json")));
    text62_ = new std::string(check(kPolicy62, "text").out);
  }
  static void TearDownTestSuite() {
    delete json62_;
    delete text62_;
  }
  static json* json62_;
  static std::string* text62_;
};
json* SeedCiFormats::json62_ = nullptr;
std::string* SeedCiFormats::text62_ = nullptr;

TEST_F(SeedCiFormats, Junit62IsOneSuiteOfTenWithThreeFailures) {
  Invocation r = check(kPolicy62, "junit");
  EXPECT_EQ(r.signal, 0);
  ASSERT_EQ(r.exit_code, 10) << r.err;
  EXPECT_EQ(r.err, "");
  xmllint_if_present(r.out);
  std::unique_ptr<Element> root = parse_xml(r.out);
  ASSERT_TRUE(root);
  EXPECT_EQ(root->name, "testsuites");
  std::vector<const Element*> suites = root->all("testsuite");
  ASSERT_EQ(suites.size(), 1u);
  const Element& suite = *suites[0];
  EXPECT_EQ(suite.attr("name"), "wbcheck: bug217030 x linux-6.2");
  EXPECT_EQ(suite.attr("tests"), "10");
  EXPECT_EQ(suite.attr("failures"), "3");
  EXPECT_EQ(suite.attr("errors"), "0");
  EXPECT_EQ(suite.attr("skipped"), "0");
  EXPECT_TRUE(suite.has("time"));
  EXPECT_EQ(root->attr("tests"), "10");
  EXPECT_EQ(root->attr("failures"), "3");

  std::vector<const Element*> cases = suite.all("testcase");
  ASSERT_EQ(cases.size(), kAllIds.size());
  for (size_t i = 0; i < cases.size(); ++i) {
    const Element& tc = *cases[i];
    const std::string& id = kAllIds[i];
    EXPECT_EQ(tc.attr("classname"), "bug217030.linux-6.2");
    EXPECT_EQ(tc.attr("name"), id);
    EXPECT_FALSE(tc.has("time")) << id;
    const json& p = property(*json62_, id);
    EXPECT_TRUE(tc.all("skipped").empty()) << id;
    std::vector<const Element*> failures = tc.all("failure");
    if (p.value("status", "") != "violated") {
      EXPECT_TRUE(failures.empty()) << id;
      continue;
    }
    ASSERT_EQ(failures.size(), 1u) << id;
    EXPECT_EQ(failures[0]->attr("message"), p.value("statement", "?"));
    EXPECT_EQ(failures[0]->attr("type"), "violated");
    // The failure text is the text printer's trace, byte for byte, and it
    // numbers every step of the JSON trace in order.
    std::string block = text_trace_block(*text62_, id);
    ASSERT_FALSE(block.empty()) << id;
    EXPECT_EQ(failures[0]->text, block) << id;
    const json& steps = p["trace"]["steps"];
    std::vector<SwimlaneStep> lines = swimlane_steps(failures[0]->text);
    ASSERT_EQ(lines.size(), steps.size()) << id;
    for (size_t s = 0; s < steps.size(); ++s) {
      EXPECT_EQ(lines[s].number, s + 1) << id;
      EXPECT_EQ(lines[s].task, steps[s].value("task", "?")) << id << " step " << s + 1;
      EXPECT_EQ(lines[s].step, steps[s].value("step", "?")) << id << " step " << s + 1;
      EXPECT_EQ(lines[s].kernel, steps[s].value("kernel", "?")) << id << " step " << s + 1;
    }
  }
}

TEST_F(SeedCiFormats, Junit63HasNoFailures) {
  Invocation r = check(kPolicy63, "junit");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  xmllint_if_present(r.out);
  std::unique_ptr<Element> root = parse_xml(r.out);
  ASSERT_TRUE(root);
  ASSERT_EQ(root->all("testsuite").size(), 1u);
  const Element& suite = *root->all("testsuite")[0];
  EXPECT_EQ(suite.attr("name"), "wbcheck: bug217030 x linux-6.3");
  EXPECT_EQ(suite.attr("tests"), "10");
  EXPECT_EQ(suite.attr("failures"), "0");
  EXPECT_EQ(suite.attr("skipped"), "0");
  std::vector<const Element*> cases = suite.all("testcase");
  ASSERT_EQ(cases.size(), 10u);
  for (const Element* tc : cases) {
    EXPECT_TRUE(tc->children.empty()) << tc->attr("name");
    EXPECT_EQ(tc->attr("classname"), "bug217030.linux-6.3");
  }
}

TEST_F(SeedCiFormats, JunitIsReproducibleButForTheSuiteTime) {
  Invocation a = check(kPolicy62, "junit"), b = check(kPolicy62, "junit");
  EXPECT_EQ(without_time_attrs(a.out), without_time_attrs(b.out));
}

TEST_F(SeedCiFormats, JunitLimitMakesSkippedCasesAndExitFive) {
  Invocation r = check(kPolicy62, "junit", {"--max-states", "20"});
  EXPECT_EQ(r.exit_code, 5) << r.err;
  std::unique_ptr<Element> root = parse_xml(r.out);
  ASSERT_TRUE(root);
  const Element& suite = *root->all("testsuite")[0];
  size_t skipped = 0;
  for (const Element* tc : suite.all("testcase")) {
    for (const Element* s : tc->all("skipped")) {
      ++skipped;
      EXPECT_TRUE(s->attr("message").starts_with("undecided: the search stopped at the max-states limit"))
          << s->attr("message");
    }
  }
  EXPECT_GT(skipped, 0u);
  EXPECT_EQ(suite.attr("skipped"), std::to_string(skipped));
}

// The SARIF result's codeFlow steps, merged across its threadFlows in
// executionOrder, as {task, step, message, kernel}.
std::vector<std::vector<std::string>> flow_steps(const json& result) {
  std::map<int, std::vector<std::string>> by_order;
  for (const json& tf : result["codeFlows"][0]["threadFlows"]) {
    for (const json& loc : tf["locations"]) {
      EXPECT_EQ(by_order.count(loc["executionOrder"].get<int>()), 0u) << "duplicate executionOrder";
      by_order[loc["executionOrder"].get<int>()] = {tf.value("id", "?"),
                                                    loc["location"]["logicalLocations"][0].value("name", "?"),
                                                    loc["location"]["message"].value("text", "?"),
                                                    loc["properties"].value("kernel", "?")};
    }
  }
  std::vector<std::vector<std::string>> out;
  int expect = 1;
  for (auto& [order, step] : by_order) {
    EXPECT_EQ(order, expect++) << "executionOrder is not 1..N";
    out.push_back(step);
  }
  return out;
}

TEST_F(SeedCiFormats, Sarif62HasOneResultPerViolatedPropertyWithItsTrace) {
  Invocation r = check(kPolicy62, "sarif");
  EXPECT_EQ(r.signal, 0);
  ASSERT_EQ(r.exit_code, 10) << r.err;
  EXPECT_EQ(r.err, "");
  json j = parse_json(r);
  ASSERT_TRUE(j.is_object());
  EXPECT_EQ(j.value("$schema", ""), "https://json.schemastore.org/sarif-2.1.0.json");
  EXPECT_EQ(j.value("version", ""), "2.1.0");
  ASSERT_EQ(j["runs"].size(), 1u);
  const json& run = j["runs"][0];
  const json& driver = run["tool"]["driver"];
  EXPECT_EQ(driver.value("name", ""), "wbcheck");
  EXPECT_EQ(driver.value("version", ""), json62_->value("version", "?"));
  EXPECT_FALSE(driver.contains("informationUri"));
  ASSERT_EQ(driver["rules"].size(), kAllIds.size());
  for (size_t i = 0; i < kAllIds.size(); ++i) {
    const json& rule = driver["rules"][i];
    const json& p = property(*json62_, kAllIds[i]);
    EXPECT_EQ(rule.value("id", ""), kAllIds[i]);
    EXPECT_EQ(rule["shortDescription"].value("text", ""), p.value("statement", "?"));
    EXPECT_EQ(rule["fullDescription"].value("text", ""), p.value("catches", "?"));
  }

  std::vector<const json*> violated;
  for (const json& p : (*json62_)["properties"]) {
    if (p.value("status", "") == "violated") violated.push_back(&p);
  }
  ASSERT_EQ(violated.size(), 3u);
  ASSERT_EQ(run["results"].size(), violated.size());
  for (size_t i = 0; i < violated.size(); ++i) {
    const json& res = run["results"][i];
    const json& p = *violated[i];
    const std::string id = p.value("id", "?");
    EXPECT_EQ(res.value("ruleId", ""), id);
    EXPECT_EQ(driver["rules"][res.value("ruleIndex", 99)].value("id", ""), id);
    EXPECT_EQ(res.value("kind", ""), "fail");
    EXPECT_EQ(res.value("level", ""), "error");
    const json& steps = p["trace"]["steps"];
    EXPECT_EQ(res["message"].value("text", ""),
              p.value("statement", "?") + ": violated after " + std::to_string(steps.size()) + " steps");
    ASSERT_EQ(res["locations"].size(), 1u);
    EXPECT_EQ(res["locations"][0]["physicalLocation"]["artifactLocation"].value("uri", ""), kPolicy62);

    ASSERT_EQ(res["codeFlows"].size(), 1u) << id;
    std::vector<std::vector<std::string>> flow = flow_steps(res);
    ASSERT_EQ(flow.size(), steps.size()) << id;
    for (size_t s = 0; s < steps.size(); ++s) {
      std::string detail = steps[s].value("detail", "");
      std::string step = steps[s].value("step", "?");
      EXPECT_EQ(flow[s][0], steps[s].value("task", "?")) << id << " step " << s + 1;
      EXPECT_EQ(flow[s][1], step) << id << " step " << s + 1;
      EXPECT_EQ(flow[s][2], detail.empty() ? step : step + ": " + detail) << id << " step " << s + 1;
      EXPECT_EQ(flow[s][3], steps[s].value("kernel", "?")) << id << " step " << s + 1;
    }
  }
  // The WARN's trace interleaves both tasks: two threadFlows, A first.
  const json& warn = run["results"][1];
  ASSERT_EQ(warn.value("ruleId", ""), "no-convert-delalloc-warn");
  ASSERT_EQ(warn["codeFlows"][0]["threadFlows"].size(), 2u);
  EXPECT_EQ(warn["codeFlows"][0]["threadFlows"][0].value("id", ""), "A");
  EXPECT_EQ(warn["codeFlows"][0]["threadFlows"][0]["locations"].size(), 11u);
  EXPECT_EQ(warn["codeFlows"][0]["threadFlows"][1].value("id", ""), "B");
  EXPECT_EQ(warn["codeFlows"][0]["threadFlows"][1]["locations"].size(), 5u);
}

// The 6.2 WARN trace's 15th step is A's xfs_discard_folio punch, the policy's
// first on_map_failure primitive: the JSON step names that hook entry, and the
// SARIF result points into the policy file at it, the last hook primitive the
// counterexample ran.
TEST_F(SeedCiFormats, ViolationsPointAtThePolicyHookTheyRan) {
  const json& steps = property(*json62_, "no-convert-delalloc-warn")["trace"]["steps"];
  ASSERT_EQ(steps.size(), 16u);
  EXPECT_EQ(steps[14]["policy_hook"], "$.hooks.on_map_failure[0]");
  EXPECT_FALSE(steps[15].contains("policy_hook"));  // B's convert runs no hook (empty hook: the WARN)
  json sarif = parse_json(check(kPolicy62, "sarif"));
  for (const json& r : sarif["runs"][0]["results"]) {
    if (r["ruleId"] != "no-convert-delalloc-warn") continue;
    EXPECT_EQ(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], kPolicy62);
    EXPECT_EQ(r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"], "$.hooks.on_map_failure[0]");
    return;
  }
  ADD_FAILURE() << "no SARIF result for no-convert-delalloc-warn";
}

TEST_F(SeedCiFormats, Sarif63HasNoResults) {
  Invocation r = check(kPolicy63, "sarif");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  json j = parse_json(r);
  ASSERT_TRUE(j.is_object());
  EXPECT_EQ(j.value("version", ""), "2.1.0");
  ASSERT_EQ(j["runs"].size(), 1u);
  EXPECT_TRUE(j["runs"][0]["results"].is_array());
  EXPECT_TRUE(j["runs"][0]["results"].empty());
  EXPECT_EQ(j["runs"][0]["tool"]["driver"]["rules"].size(), kAllIds.size());
  EXPECT_EQ(j["runs"][0]["properties"].value("verdict", ""), "holds");
}

TEST_F(SeedCiFormats, SarifIsByteForByteReproducible) {
  Invocation a = check(kPolicy62, "sarif"), b = check(kPolicy62, "sarif");
  EXPECT_EQ(a.out, b.out);
}

TEST_F(SeedCiFormats, SarifUndecidedPropertiesAreOpenWithLevelNone) {
  Invocation r = check(kPolicy62, "sarif", {"--max-states", "20"});
  EXPECT_EQ(r.exit_code, 5) << r.err;
  json j = parse_json(r);
  ASSERT_TRUE(j.is_object());
  const json& results = j["runs"][0]["results"];
  ASSERT_FALSE(results.empty());
  for (const json& res : results) {
    if (res.value("kind", "") == "fail") continue;
    EXPECT_EQ(res.value("kind", ""), "open");
    EXPECT_EQ(res.value("level", ""), "none");
    EXPECT_NE(res["message"].value("text", "").find("undecided: the search stopped at the max-states limit"),
              std::string::npos);
    EXPECT_FALSE(res.contains("codeFlows"));
  }
  EXPECT_EQ(j["runs"][0]["properties"].value("stoppedBy", ""), "max-states");
}

TEST(CiFormats, AbsolutePolicyPathIsAFileUri) {
  Invocation r = run_wbcheck({"check", "--scenario", seed_scenario(), "--policy", policy_62(), "--format", "sarif"});
  ASSERT_EQ(r.exit_code, 10) << r.err;
  json j = parse_json(r);
  ASSERT_TRUE(j.is_object());
  EXPECT_EQ(j["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"].value("uri", ""),
            "file://" + policy_62());
}

TEST(CiFormats, OutFileGetsTheSameDocument) {
  std::string path = temp_path("report.xml");
  Invocation r = run_wbcheck(
      {"check", "--scenario", seed_scenario(), "--policy", policy_63(), "--format", "junit", "--out", path});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "");
  std::string xml = read_file(path);
  EXPECT_TRUE(parse_xml(xml));
  EXPECT_NE(xml.find("<testsuite name=\"wbcheck: bug217030 x linux-6.3\""), std::string::npos);
  std::remove(path.c_str());
}

TEST(CiFormats, UnknownFormatIsUsageErrorNamingTheChoices) {
  Invocation r = run_wbcheck({"check", "--scenario", seed_scenario(), "--policy", policy_62(), "--format", "xunit"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--format: expected text, json, junit or sarif, got 'xunit'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("[--format text|json|junit|sarif]"), std::string::npos) << r.err;
}

// matrix keeps its own formats.
TEST(CiFormats, MatrixDoesNotTakeCiFormats) {
  for (const char* f : {"junit", "sarif"}) {
    Invocation r = run_wbcheck({"matrix", "--format", f});
    EXPECT_EQ(r.exit_code, 2) << f;
    EXPECT_NE(r.err.find("--format: expected text, markdown or json"), std::string::npos) << r.err;
  }
}

}  // namespace
}  // namespace wbcheck::e2e
