// `wbcheck matrix` below the executable: its command line, the n/a cell of a
// pair the model rejects (which no shipped file produces, so it is built
// here), and the three printers on a hand-made matrix.
#include "cli/matrix.h"

#include <string>

#include "cli/load.h"
#include "cli/options.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace wbcheck::cli {
namespace {

#define EXPECT_CONTAINS(haystack, needle) EXPECT_PRED_FORMAT2(::testing::IsSubstring, needle, haystack)

TEST(MatrixOptions, ParsesEveryFlag) {
  absl::StatusOr<Command> c = parse_command_line({"matrix", "--policies", "P", "--scenarios", "S", "--format",
                                                  "markdown", "--out", "F", "--max-states", "7", "--time-limit", "2"});
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->kind, Command::Kind::kMatrix);
  EXPECT_EQ(c->matrix.policies_dir, "P");
  EXPECT_EQ(c->matrix.scenarios_dir, "S");
  EXPECT_EQ(c->matrix.format, Format::kMarkdown);
  EXPECT_EQ(c->matrix.out, "F");
  EXPECT_EQ(c->matrix.max_states, 7u);
  EXPECT_EQ(c->matrix.time_limit_seconds, 2.0);
}

TEST(MatrixOptions, DefaultsToTheShippedExamplesAsText) {
  absl::StatusOr<Command> c = parse_command_line({"matrix"});
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->matrix.policies_dir, "");
  EXPECT_EQ(c->matrix.scenarios_dir, "");
  EXPECT_EQ(c->matrix.format, Format::kText);
}

TEST(MatrixOptions, CheckDoesNotTakeMarkdown) {
  EXPECT_FALSE(parse_command_line({"check", "--scenario", "S", "--policy", "P", "--format", "markdown"}).ok());
}

std::string example(const std::string& relative) { return std::string(WBCHECK_SOURCE_DIR) + "/examples/" + relative; }

TEST(CheckCell, SummarisesTheReport) {
  absl::StatusOr<model::Scenario> s = load_scenario(example("scenarios/bug217030.json"));
  absl::StatusOr<model::Policy> p = load_policy(example("policies/linux-6.3.json"));
  ASSERT_TRUE(s.ok() && p.ok());
  MatrixCell c = check_cell(*s, *p, CheckOptions{});
  EXPECT_TRUE(c.applicable);
  EXPECT_EQ(c.policy, "linux-6.3");
  EXPECT_EQ(c.scenario, "bug217030");
  EXPECT_EQ(c.verdict, checker::Verdict::kHolds);
  EXPECT_GT(c.states, 0u);
  EXPECT_FALSE(c.properties.empty());
}

// The scenario parser enforces the state's bounds, so a pair the model
// rejects is made by changing a loaded scenario behind the parser's back.
TEST(CheckCell, RejectedPairIsNotApplicableWithTheReason) {
  absl::StatusOr<model::Scenario> s = load_scenario(example("scenarios/bug217030.json"));
  absl::StatusOr<model::Policy> p = load_policy(example("policies/linux-6.3.json"));
  ASSERT_TRUE(s.ok() && p.ok());
  s->geometry.file_blocks = 4 * (model::kMaxFolios + 1);
  MatrixCell c = check_cell(*s, *p, CheckOptions{});
  EXPECT_FALSE(c.applicable);
  EXPECT_EQ(c.scenario, "bug217030");
  EXPECT_CONTAINS(c.reason, "bounds");
  EXPECT_TRUE(c.properties.empty());
}

// Two policies on one scenario; the second is rejected by the model.
Matrix small_matrix() {
  Matrix m;
  m.version = "9.9.9";
  m.property_ids = {"prop-a", "prop-b"};
  m.policies = {{"p1.json", "p1", "first"}, {"p2.json", "p2", "second"}};
  m.scenarios = {{"s.json", "s", "the scenario"}};
  MatrixCell ok{"p1", "s"};
  ok.verdict = checker::Verdict::kViolated;
  ok.states = 42;
  ok.properties = {{"prop-a", checker::Status::kHolds}, {"prop-b", checker::Status::kViolated, 16}};
  MatrixCell na{"p2", "s"};
  na.applicable = false;
  na.reason = "feature x is not modelled yet";
  m.cells = {ok, na};
  return m;
}

TEST(PrintMatrix, TextUsesShortCellsAndFootnotes) {
  std::string t = print_matrix_text(small_matrix());
  EXPECT_CONTAINS(t, "\nscenario s\n");
  EXPECT_CONTAINS(t, "  policy  prop-a  prop-b    states\n");
  EXPECT_CONTAINS(t, "  p1      ok      VIOL(16)  42\n");
  EXPECT_CONTAINS(t, "  p2      n/a     n/a       n/a [1]\n");
  EXPECT_CONTAINS(t, "  [1] p2: feature x is not modelled yet\n");
}

TEST(PrintMatrix, MarkdownTables) {
  std::string md = print_matrix_markdown(small_matrix());
  EXPECT_TRUE(md.starts_with(std::string(kMarkdownBanner) + "\n")) << md;
  EXPECT_CONTAINS(md, "## Scenario `s`\n\nthe scenario\n\n");
  EXPECT_CONTAINS(md, "| policy | `prop-a` | `prop-b` | states |\n| --- | --- | --- | --- |\n");
  EXPECT_CONTAINS(md, "| `p1` | holds | **violated** (16 steps) | 42 |\n");
  EXPECT_CONTAINS(md, "| `p2` | n/a | n/a | n/a [1] |\n");
  EXPECT_CONTAINS(md, "- [1] `p2`: feature x is not modelled yet\n");
  EXPECT_CONTAINS(md, "- `p1`: first\n");
}

TEST(PrintMatrix, JsonCells) {
  std::string text = print_matrix_json(small_matrix());
  EXPECT_TRUE(text.starts_with("{\n  \"tool\": \"wbcheck\",\n  \"version\": \"9.9.9\",\n  \"cells\": [")) << text;
  nlohmann::json j = nlohmann::json::parse(text);
  ASSERT_EQ(j["cells"].size(), 2u);
  const nlohmann::json& ok = j["cells"][0];
  EXPECT_EQ(ok["verdict"], "violated");
  EXPECT_EQ(ok["states"], 42);
  EXPECT_EQ(ok["properties"][0], (nlohmann::json{{"id", "prop-a"}, {"status", "holds"}, {"steps", nullptr}}));
  EXPECT_EQ(ok["properties"][1], (nlohmann::json{{"id", "prop-b"}, {"status", "violated"}, {"steps", 16}}));
  const nlohmann::json& na = j["cells"][1];
  EXPECT_EQ(na["verdict"], "n/a");
  EXPECT_EQ(na["reason"], "feature x is not modelled yet");
  EXPECT_TRUE(na["states"].is_null());
  EXPECT_TRUE(na["properties"].empty());
}

}  // namespace
}  // namespace wbcheck::cli
