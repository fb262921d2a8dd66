// End-to-end: `wbcheck check --trace-out` and `wbcheck replay` on the seed
// scenario (kernel bugzilla 217030). Expected values come from elsewhere than
// the code under test: the first violated property and its length from
// `check --format json` (whose lengths e2e_seed_test.cc pins by hand: 11
// steps for dirty-block-backed, the first property), the scenario file
// (8 blocks in 2 folios, 64 free blocks, tasks A and B), and the report's
// per-step changes, which must be exactly what differs between consecutive
// states of the trace file. Tampered files must be refused with exit 2 and
// the JSON path of what was tampered with.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "e2e_util.h"
#include "swimlane_lines.h"
#include "gtest/gtest.h"
#include "seed_views.h"

namespace wbcheck::e2e {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr size_t kSteps = 11;  // dirty-block-backed under 6.2 (e2e_seed_test.cc)
const char kFirstViolated[] = "dirty-block-backed";

std::string change_text(const json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

void write_json(const std::string& path, const json& j) { std::ofstream(path, std::ios::binary) << j.dump(1); }

class SeedTrace : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    path_ = new std::string(temp_path("seed-trace.json"));
    run_ = new Invocation(run_wbcheck(
        {"check", "--scenario", seed_scenario(), "--policy", policy_62(), "--format", "json", "--trace-out", *path_}));
    report_ = new json(parse_json(*run_));
    trace_ = new json(json::parse(read_file(*path_), nullptr, false));
  }
  static void TearDownTestSuite() {
    std::remove(path_->c_str());
    delete path_;
    delete run_;
    delete report_;
    delete trace_;
    path_ = nullptr;
    run_ = nullptr;
    report_ = nullptr;
    trace_ = nullptr;
  }
  static const json& report_steps() { return property(*report_, kFirstViolated)["trace"]["steps"]; }
  static std::string* path_;
  static Invocation* run_;
  static json* report_;
  static json* trace_;
};
std::string* SeedTrace::path_ = nullptr;
Invocation* SeedTrace::run_ = nullptr;
json* SeedTrace::report_ = nullptr;
json* SeedTrace::trace_ = nullptr;

TEST_F(SeedTrace, HoldsTheFirstViolatedPropertyOfTheReport) {
  ASSERT_EQ(run_->exit_code, 10) << run_->err;
  ASSERT_TRUE(trace_->is_object()) << read_file(*path_);
  std::string first;
  for (const json& p : (*report_)["properties"]) {
    if (p.value("status", "") == "violated" && first.empty()) first = p.value("id", "");
  }
  EXPECT_EQ(first, kFirstViolated);
  const json& meta = (*trace_)["#meta"];
  EXPECT_EQ(meta.value("format", ""), "ITF");
  EXPECT_EQ(meta.value("tool", ""), "wbcheck");
  EXPECT_EQ(meta.value("version", ""), report_->value("version", "?"));
  EXPECT_EQ(meta.value("property", ""), kFirstViolated);
  EXPECT_EQ(meta.value("scenario", ""), "bug217030");
  EXPECT_EQ(meta.value("policy", ""), "linux-6.2");
  EXPECT_EQ(meta.value("scenario_file", ""), seed_scenario());
  EXPECT_EQ(meta.value("policy_file", ""), policy_62());
  EXPECT_EQ(meta.value("statement", ""), property(*report_, kFirstViolated).value("statement", "?"));
  static const std::regex kFingerprint("fnv1a64:[0-9a-f]{16}");
  EXPECT_TRUE(std::regex_match(meta.value("scenario_fingerprint", ""), kFingerprint)) << meta.dump();
  EXPECT_TRUE(std::regex_match(meta.value("policy_fingerprint", ""), kFingerprint)) << meta.dump();
  EXPECT_NE(meta.value("scenario_fingerprint", ""), meta.value("policy_fingerprint", ""));
  // One state per step plus the initial one; as long as the report's trace.
  EXPECT_EQ(report_steps().size(), kSteps);
  EXPECT_EQ(meta.value("steps", 0u), kSteps);
  EXPECT_EQ((*trace_)["states"].size(), kSteps + 1);
  EXPECT_TRUE(read_file(*path_).ends_with("}\n"));
  EXPECT_EQ(temp_leftovers(*path_), std::vector<std::string>{}) << "temporary file left behind";
}

// The whole state at every step, shaped by the scenario file.
TEST_F(SeedTrace, EveryStateHasEveryFieldOfTheScenarioGeometry) {
  ASSERT_TRUE(trace_->is_object());
  const json& vars = (*trace_)["vars"];
  ASSERT_TRUE(vars.is_array());
  for (const char* v : {"i_size", "fdblocks", "i_delayed_blks", "warned_convert_delalloc", "folio", "block", "task", "ioend"}) {
    EXPECT_NE(std::find(vars.begin(), vars.end(), json(v)), vars.end()) << v;
  }
  const json& states = (*trace_)["states"];
  for (size_t i = 0; i < states.size(); ++i) {
    const json& s = states[i];
    EXPECT_EQ(s["#meta"].value("index", 99u), i);
    EXPECT_EQ(s["#meta"].contains("action"), i > 0) << i;
    for (const json& v : vars) EXPECT_TRUE(s.contains(v.get<std::string>())) << "state " << i << " lacks " << v;
    EXPECT_EQ(s.size(), vars.size() + 1) << "state " << i << ": the vars and #meta, nothing else";
    ASSERT_EQ(s["block"].size(), 8u);  // file_blocks
    ASSERT_EQ(s["folio"].size(), 2u);  // 8 KiB of 4 KiB folios
    for (const json& b : s["block"]) {
      for (const char* f : {"extent", "uptodate", "dirty", "cache_ver", "disk_ver", "io_ver"}) EXPECT_TRUE(b.contains(f)) << f;
    }
    EXPECT_TRUE(s["task"].contains("A") && s["task"].contains("B")) << s["task"].dump();
    EXPECT_EQ(s["task"].size(), 3u) << "A, B and the teardown actor";
  }
  const json& initial = states[0];
  EXPECT_EQ(initial["i_size"], 0);
  EXPECT_EQ(initial["fdblocks"], 64);  // free_blocks
  for (const json& b : initial["block"]) EXPECT_EQ(b["extent"], "hole");
}

// Between consecutive states exactly the report's changes differ (plus the
// task phase, which the report leaves out, and the wait derived from it), and
// each state's action is the report's step.
TEST_F(SeedTrace, ConsecutiveStatesDifferByTheReportedChanges) {
  ASSERT_TRUE(trace_->is_object());
  const json& states = (*trace_)["states"];
  const json& steps = report_steps();
  ASSERT_EQ(states.size(), steps.size() + 1);
  static const std::regex kPhaseOrWait(R"(task\[[^\]]+\]\.(phase|wait|wait_arg))");
  for (size_t i = 1; i < states.size(); ++i) {
    const json& step = steps[i - 1];
    const json& action = states[i]["#meta"]["action"];
    EXPECT_EQ(action.value("task", ""), step.value("task", "?")) << i;
    EXPECT_EQ(action.value("step", ""), step.value("step", "?")) << i;
    EXPECT_EQ(action.value("file", ""), step.value("kernel", "?")) << i;
    EXPECT_EQ(action.value("detail", ""), step.value("detail", "?")) << i;
    std::map<std::string, std::string> before = flatten_state(states[i - 1]), after = flatten_state(states[i]);
    ASSERT_EQ(before.size(), after.size());
    std::set<std::string> reported;
    for (const auto& [key, c] : step["changes"].items()) {
      reported.insert(key);
      EXPECT_EQ(before[key], change_text(c["from"])) << "step " << i << " " << key;
      EXPECT_EQ(after[key], change_text(c["to"])) << "step " << i << " " << key;
    }
    for (const auto& [key, value] : before) {
      if (value == after[key] || reported.count(key) || std::regex_match(key, kPhaseOrWait)) continue;
      ADD_FAILURE() << "step " << i << ": " << key << " " << value << "->" << after[key] << " is not in the report";
    }
  }
}

TEST_F(SeedTrace, ReplayReproducesTheViolationPrintingTheReportedSteps) {
  Invocation r = run_wbcheck({"replay", *path_});
  EXPECT_EQ(r.exit_code, 10) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_NE(r.out.find("the state after step 11 violates dirty-block-backed: reproduced\n"), std::string::npos) << r.out;
  // The numbered step lines, as the text report numbers them.
  static const std::regex kStep(R"(^\s+(\d+)\s+(\S+)\s+(\S+)\s+\((\S+)\)$)");
  std::istringstream in(r.out);
  size_t n = 0;
  for (std::string line; std::getline(in, line);) {
    std::smatch m;
    if (!std::regex_match(line, m, kStep)) continue;
    ASSERT_LT(n, report_steps().size()) << line;
    EXPECT_EQ(m[1].str(), std::to_string(n + 1));
    EXPECT_EQ(m[2].str(), report_steps()[n].value("task", "?"));
    EXPECT_EQ(m[3].str(), report_steps()[n].value("step", "?"));
    ++n;
  }
  EXPECT_EQ(n, kSteps) << r.out;
  // And the same steps as `check`'s swimlane for that property, in order.
  Invocation text = run_wbcheck({"check", "--scenario", seed_scenario(), "--policy", policy_62()});
  size_t from = text.out.find("\ndirty-block-backed: violated after ");
  ASSERT_NE(from, std::string::npos) << text.out;
  const size_t to = text.out.find("\n  dirty-block-backed must hold: ", from);
  ASSERT_NE(to, std::string::npos) << text.out;
  std::vector<SwimlaneStep> lanes = swimlane_steps(text.out.substr(from, to - from));
  ASSERT_EQ(lanes.size(), kSteps) << text.out;
  for (size_t i = 0; i < kSteps; ++i) {
    EXPECT_EQ(lanes[i].task, report_steps()[i].value("task", "?")) << i;
    EXPECT_EQ(lanes[i].step, report_steps()[i].value("step", "?")) << i;
    EXPECT_EQ(lanes[i].kernel, report_steps()[i].value("kernel", "?")) << i;
  }
}

// The trace is a shortest counterexample, so none of its proper prefixes
// ends in a violating state: the 10-step prefix replays and holds.
TEST_F(SeedTrace, ReplayOfAPrefixHoldsAndSaysSo) {
  ASSERT_TRUE(trace_->is_object());
  json prefix = *trace_;
  prefix["states"].erase(prefix["states"].size() - 1);
  prefix["#meta"]["steps"] = kSteps - 1;
  std::string path = temp_path("prefix.json");
  write_json(path, prefix);
  Invocation r = run_wbcheck({"replay", path});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("dirty-block-backed holds in the state after step 10: the trace replays but does not "
                       "reproduce the violation"),
            std::string::npos)
      << r.out;
  std::remove(path.c_str());
}

// The fixed policy takes another step 11 (the punch, e2e_seed_test.cc):
// the trace is not one of that model.
TEST_F(SeedTrace, ReplayUnderTheFixedPolicyStopsAtThePunch) {
  Invocation r = run_wbcheck({"replay", *path_, "--policy", policy_63()});
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.err.find(*path_ + ": $.states[11]"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("note: the trace is of policy linux-6.2"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("   10  A"), std::string::npos) << "steps before the mismatch are printed\n" << r.out;
}

// docs/formats.md "Trace files" names every key the file has, in backticks.
TEST_F(SeedTrace, EveryKeyIsDocumented) {
  ASSERT_TRUE(trace_->is_object());
  const std::string doc = read_file(source_path("docs/formats.md"));
  const size_t at = doc.find("\n## Trace files\n");
  ASSERT_NE(at, std::string::npos);
  const std::string section = doc.substr(at);
  std::set<std::string> keys;
  auto add_keys = [&keys](const json& object) {
    for (const auto& [k, unused] : object.items()) keys.insert(k);
  };
  add_keys(*trace_);
  add_keys((*trace_)["#meta"]);
  for (const json& s : (*trace_)["states"]) {
    add_keys(s);
    add_keys(s["#meta"]);
    if (s["#meta"].contains("action")) add_keys(s["#meta"]["action"]);
    for (const char* records : {"folio", "block", "ioend"}) {
      for (const json& r : s[records]) add_keys(r);
    }
    for (const auto& [task, r] : s["task"].items()) add_keys(r);
  }
  EXPECT_TRUE(keys.count("policy_hook")) << "the 6.2 trace runs a hook: the optional key is covered";
  for (const std::string& k : keys) EXPECT_NE(section.find("`" + k + "`"), std::string::npos) << k;
}

// Paths recorded as given resolve against the current directory.
TEST(TraceFile, RelativePathsResolveInTheCurrentDirectory) {
  const std::string root = source_path("");
  const std::string path = temp_path("relative.json");
  Invocation c = run_wbcheck({"check", "--scenario", "examples/scenarios/bug217030.json", "--policy",
                              "examples/policies/linux-6.2.json", "--trace-out", path},
                             root);
  ASSERT_EQ(c.exit_code, 10) << c.err;
  json t = json::parse(read_file(path), nullptr, false);
  EXPECT_EQ(t["#meta"].value("scenario_file", ""), "examples/scenarios/bug217030.json");
  EXPECT_EQ(run_wbcheck({"replay", path}, root).exit_code, 10);
  const std::string elsewhere = fs::path(path).parent_path().string();
  Invocation lost = run_wbcheck({"replay", path}, elsewhere);
  EXPECT_EQ(lost.exit_code, 2);
  EXPECT_NE(lost.err.find("examples/scenarios/bug217030.json: cannot read"), std::string::npos) << lost.err;
  EXPECT_NE(lost.err.find("$[\"#meta\"].scenario_file"), std::string::npos) << lost.err;
  Invocation given = run_wbcheck({"replay", path, "--scenario", seed_scenario(), "--policy", policy_62()}, elsewhere);
  EXPECT_EQ(given.exit_code, 10) << given.err;
  std::remove(path.c_str());
}

TEST(TraceFile, NotWrittenWhenEveryPropertyHolds) {
  const std::string path = temp_path("holds.json");
  Invocation r = run_wbcheck({"check", "--scenario", seed_scenario(), "--policy", policy_63(), "--trace-out", path});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_FALSE(fs::exists(path));
  EXPECT_NE(r.err.find("no property is violated: no trace written to " + path), std::string::npos) << r.err;
  // An earlier trace is left as it was, not removed or emptied.
  std::ofstream(path) << "earlier";
  r = run_wbcheck({"check", "--scenario", seed_scenario(), "--policy", policy_63(), "--trace-out", path});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(read_file(path), "earlier");
  std::remove(path.c_str());
}

TEST(TraceFile, UnwritablePathIsBadInputBeforeTheSearch) {
  const std::string dir = temp_path("trace-dir");
  fs::create_directories(dir);
  Invocation r = run_wbcheck({"check", "--scenario", seed_scenario(), "--policy", policy_62(), "--trace-out", dir});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "") << "no report: the run stopped before searching";
  EXPECT_NE(r.err.find(dir + ": cannot write"), std::string::npos) << r.err;
  fs::remove_all(dir);
}

TEST(TraceFile, ReplayUsageErrors) {
  EXPECT_EQ(run_wbcheck({"replay"}).exit_code, 2);
  EXPECT_EQ(run_wbcheck({"replay", "--scenario", seed_scenario()}).exit_code, 2);
  Invocation missing = run_wbcheck({"replay", "/nonexistent/trace.json"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("/nonexistent/trace.json: cannot read"), std::string::npos) << missing.err;
}

// ---------------------------------------------------------------------------
// Tampered trace files: exit 2 naming the file and the JSON path.

struct Tamper {
  std::string name;
  std::function<void(json&)> edit;  // of the parsed trace; unset: `text` is the file
  std::string where;                // must follow "FILE: " in the message
  std::function<std::string(const std::string&)> text;
};

void PrintTo(const Tamper& t, std::ostream* os) { *os << t.name; }

void renumber(json& t) {
  for (size_t i = 0; i < t["states"].size(); ++i) t["states"][i]["#meta"]["index"] = i;
}

std::vector<Tamper> tampers() {
  return {
      {"edited_value", [](json& t) { t["states"][7]["block"][3]["dirty"] = 1 - t["states"][7]["block"][3]["dirty"].get<int>(); },
       "$.states[7].block[3].dirty"},
      // Step 2 (xfs_buffered_write_iomap_begin) made blocks 0-4 delalloc.
      {"edited_extent", [](json& t) { t["states"][2]["block"][0]["extent"] = "written"; }, "$.states[2].block[0].extent"},
      {"edited_initial_state", [](json& t) { t["states"][0]["fdblocks"] = 63; }, "$.states[0].fdblocks"},
      {"swapped_steps", [](json& t) { std::swap(t["states"][5], t["states"][6]); }, "$.states[5][\"#meta\"].index"},
      {"swapped_steps_renumbered",
       [](json& t) {
         std::swap(t["states"][5], t["states"][6]);
         renumber(t);
       },
       "$.states[5]"},
      {"removed_step", [](json& t) { t["states"].erase(5); }, "$.states[5][\"#meta\"].index"},
      {"removed_step_renumbered",
       [](json& t) {
         t["states"].erase(5);
         renumber(t);
         t["#meta"]["steps"] = kSteps - 1;
       },
       "$.states[5]"},
      {"removed_last_steps", [](json& t) { t["states"].erase(t["states"].size() - 1); }, "$[\"#meta\"].steps"},
      // Steps 1-6 are A's buffered write holding IOLOCK_EXCL: B cannot run.
      {"step_not_enabled", [](json& t) { t["states"][4]["#meta"]["action"]["task"] = "B"; }, "$.states[4][\"#meta\"].action"},
      {"wrong_action_index", [](json& t) { t["states"][4]["#meta"]["action"]["index"] = 3; }, "$.states[4][\"#meta\"].action.index"},
      {"wrong_type_number_as_string", [](json& t) { t["states"][0]["i_size"] = "0"; }, "$.states[0].i_size"},
      {"wrong_type_states_object", [](json& t) { t["states"] = json::object(); }, "$.states"},
      {"wrong_type_action_index", [](json& t) { t["states"][2]["#meta"]["action"]["index"] = "0"; }, "$.states[2][\"#meta\"].action.index"},
      {"wrong_type_folio_object", [](json& t) { t["states"][3]["folio"] = json::object(); }, "$.states[3].folio"},
      {"wrong_type_steps_negative", [](json& t) { t["#meta"]["steps"] = -1; }, "$[\"#meta\"].steps"},
      {"wrong_type_extent_number", [](json& t) { t["states"][3]["block"][1]["extent"] = 1; }, "$.states[3].block[1].extent"},
      {"missing_property", [](json& t) { t["#meta"].erase("property"); }, "$[\"#meta\"].property"},
      {"missing_action", [](json& t) { t["states"][4]["#meta"].erase("action"); }, "$.states[4][\"#meta\"].action"},
      {"missing_field", [](json& t) { t["states"][6]["block"][2].erase("dirty"); }, "$.states[6].block[2].dirty"},
      {"missing_vars", [](json& t) { t.erase("vars"); }, "$.vars"},
      {"unknown_field", [](json& t) { t["states"][3]["bogus"] = 0; }, "$.states[3].bogus"},
      {"unknown_task", [](json& t) { t["states"][3]["task"]["Z"] = t["states"][3]["task"]["A"]; }, "$.states[3].task.Z"},
      {"unknown_property", [](json& t) { t["#meta"]["property"] = "no-such-property"; }, "$[\"#meta\"].property"},
      {"not_itf", [](json& t) { t["#meta"]["format"] = "TLA"; }, "$[\"#meta\"].format"},
      {"not_an_object", [](json& t) { t = json::array({1, 2}); }, "$: expected an object"},
      {"truncated_json", nullptr, "line ", [](const std::string& s) { return s.substr(0, s.size() / 2); }},
      {"empty_file", nullptr, "line 1, column 1: invalid JSON", [](const std::string&) { return std::string(); }},
  };
}

class TamperedTrace : public SeedTrace, public ::testing::WithParamInterface<Tamper> {};

TEST_P(TamperedTrace, IsRefusedNamingTheJsonPath) {
  ASSERT_TRUE(trace_->is_object());
  const Tamper& t = GetParam();
  const std::string path = temp_path(t.name + ".json");
  if (t.edit) {
    json j = *trace_;
    t.edit(j);
    write_json(path, j);
  } else {
    std::ofstream(path, std::ios::binary) << t.text(read_file(*path_));
  }
  Invocation r = run_wbcheck({"replay", path});
  EXPECT_EQ(r.signal, 0);
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("wbcheck: " + path + ": " + t.where), std::string::npos) << r.err;
  std::remove(path.c_str());
}

INSTANTIATE_TEST_SUITE_P(Seed, TamperedTrace, ::testing::ValuesIn(tampers()),
                         [](const ::testing::TestParamInfo<Tamper>& i) { return i.param.name; });

}  // namespace
}  // namespace wbcheck::e2e
