// docs/formats.md is the reference of the scenario and policy formats. This
// test keeps it honest: it asks the loaders themselves what they accept and
// fails when the doc does not say it.
//
// The lists are not copied here. Each comes from the loader's own table:
// the key list of an object is the "(allowed: ...)" of the error the loader
// gives for an unknown key placed in that object; enum values are the
// "one of ..." of the error for a bad value; hooks and primitives the "valid
// hooks: ..." and "valid primitives: ..." of theirs; whether a primitive
// needs a locked folio is whether the loader rejects it in at_inactivate;
// variables, functions and operators of the expression language come from
// var_name(), the parser's error message and what the parser accepts.
//
// What is checked against docs/formats.md:
//   - every key, op, enum value, hook, primitive, feature, expression variable,
//     function and operator appears in backticks (`name`);
//   - the row of each op in the op table lists exactly its keys, and the row
//     of each primitive lists exactly its keys, says whether it needs a
//     locked folio, and names its kernel function;
//   - the limits table gives the compile-time bounds of model/scenario.h and
//     model/policy.h, and every bracketed range in the loader's messages for
//     block_size, free_blocks and task names ("[512, 65536]") is in the doc;
//   - every ```json block loads; a block that does not load must be shown
//     with the exact message the loader gives for it.
#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "model/expr.h"
#include "model/policy.h"
#include "model/scenario.h"
#include "nlohmann/json.hpp"

namespace wbcheck::model {
namespace {

using nlohmann::json;

constexpr char kProbe[] = "wbcheck_doc_probe";
constexpr char kFile[] = "probe.json";

const std::string& doc() {
  static const std::string text = [] {
    std::ifstream in(WBCHECK_FORMATS_DOC);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }();
  return text;
}

bool documented(const std::string& name) { return doc().find("`" + name + "`") != std::string::npos; }

std::vector<std::string> split(const std::string& s, const std::string& sep) {
  std::vector<std::string> out;
  size_t at = 0;
  for (;;) {
    size_t next = s.find(sep, at);
    out.push_back(s.substr(at, next == std::string::npos ? std::string::npos : next - at));
    if (next == std::string::npos) return out;
    at = next + sep.size();
  }
}

std::string trim(const std::string& s) {
  size_t a = s.find_first_not_of(' '), b = s.find_last_not_of(' ');
  return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

// The comma-separated list between `open` and the next ')' of a message.
std::vector<std::string> list_after(const std::string& msg, const std::string& open) {
  size_t at = msg.find(open);
  if (at == std::string::npos) return {};
  at += open.size();
  return split(msg.substr(at, msg.find(')', at) - at), ", ");
}

// The quoted names of `expected one of "a", "b", got ...`.
std::vector<std::string> enum_values(const std::string& msg) {
  std::vector<std::string> out;
  size_t at = msg.find("one of ");
  size_t stop = msg.find(", got", at);
  if (at == std::string::npos || stop == std::string::npos) return out;
  std::string list = msg.substr(at + 7, stop - at - 7);
  for (const std::string& q : split(list, ", ")) {
    if (q.size() >= 2 && q.front() == '"' && q.back() == '"') out.push_back(q.substr(1, q.size() - 2));
  }
  return out;
}

// The names in backticks in a piece of Markdown.
std::set<std::string> backticked(const std::string& s) {
  std::set<std::string> out;
  size_t at = 0;
  for (;;) {
    size_t a = s.find('`', at);
    if (a == std::string::npos) return out;
    size_t b = s.find('`', a + 1);
    if (b == std::string::npos) return out;
    out.insert(s.substr(a + 1, b - a - 1));
    at = b + 1;
  }
}

// The cells of the table row whose first cell is `name` in backticks.
std::vector<std::string> row(const std::string& name) {
  std::istringstream in(doc());
  std::string line;
  const std::string head = "| `" + name + "` |";
  while (std::getline(in, line)) {
    if (line.rfind(head, 0) != 0) continue;
    std::vector<std::string> cells = split(line, "|");
    // "| a | b |" splits into "", " a ", " b ", "".
    std::vector<std::string> out;
    for (size_t i = 1; i + 1 < cells.size(); ++i) out.push_back(trim(cells[i]));
    return out;
  }
  return {};
}

std::set<std::string> as_set(const std::vector<std::string>& v) { return {v.begin(), v.end()}; }

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const std::string& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

// A scenario that loads, with every optional object present so that each
// can be probed.
json base_scenario() {
  return json::parse(R"json({
    "name": "probe",
    "geometry": {"block_size": 1024, "folio_size": 4096, "file_blocks": 8},
    "initial": {"size": 0, "extents": [{"start": 0, "blocks": 1, "kind": "written"}]},
    "faults": {},
    "tasks": [{"name": "A", "ops": [{"op": "fsync"}]}]
  })json");
}

json base_policy() { return json::parse(R"json({"name": "probe", "features": {}, "hooks": {}})json"); }

std::string scenario_error(const json& d) {
  absl::StatusOr<Scenario> s = parse_scenario(d, kFile);
  return s.ok() ? "" : std::string(s.status().message());
}

std::string policy_error(const json& d) {
  absl::StatusOr<Policy> p = parse_policy(d, kFile);
  return p.ok() ? "" : std::string(p.status().message());
}

// The keys the loader allows in the object at `where`, from the error for an
// unknown key put there.
std::vector<std::string> allowed_keys(const std::string& error) {
  EXPECT_NE(error.find(std::string("unknown key '") + kProbe + "'"), std::string::npos) << error;
  return list_after(error, "(allowed: ");
}

std::vector<std::string> scenario_keys(json d, const std::string& where) {
  d[json::json_pointer(where)][kProbe] = 0;
  std::vector<std::string> keys = allowed_keys(scenario_error(d));
  EXPECT_FALSE(keys.empty()) << "no key list for " << where;
  return keys;
}

std::vector<std::string> scenario_enum(const std::string& where) {
  json d = base_scenario();
  d[json::json_pointer(where)] = kProbe;
  std::string err = scenario_error(d);
  std::vector<std::string> values = enum_values(err);
  EXPECT_FALSE(values.empty()) << "no value list for " << where << " in: " << err;
  return values;
}

std::vector<std::string> op_names() {
  static const std::vector<std::string> names = scenario_enum("/tasks/0/ops/0/op");
  return names;
}

std::vector<std::string> op_keys(const std::string& op) {
  json d = base_scenario();
  d["tasks"][0]["ops"][0] = json{{"op", op}};
  return scenario_keys(d, "/tasks/0/ops/0");
}

std::vector<std::string> primitive_names() {
  json d = base_policy();
  d["hooks"]["on_map_failure"] = json::array({json{{kProbe, json::object()}}});
  std::string err = policy_error(d);
  std::vector<std::string> names = list_after(err, "(valid primitives: ");
  EXPECT_FALSE(names.empty()) << err;
  return names;
}

std::vector<std::string> primitive_keys(const std::string& prim) {
  json d = base_policy();
  d["hooks"]["on_map_failure"] = json::array({json{{prim, json{{kProbe, 0}}}}});
  std::vector<std::string> keys = allowed_keys(policy_error(d));
  EXPECT_FALSE(keys.empty()) << prim;
  return keys;
}

// Whether the loader refuses `prim` in at_inactivate, the hook that holds no folio.
bool needs_locked_folio(const std::string& prim, const std::vector<std::string>& keys) {
  json body = json::object();
  if (std::count(keys.begin(), keys.end(), "start")) body["start"] = "0";
  if (std::count(keys.begin(), keys.end(), "end")) body["end"] = "0";
  json d = base_policy();
  d["hooks"]["at_inactivate"] = json::array({json{{prim, body}}});
  std::string err = policy_error(d);
  // set_mapping_error is refused there for another reason: no error in hand.
  bool needs = err.find("needs a locked folio") != std::string::npos;
  EXPECT_TRUE(err.empty() || needs || err.find("has no error to record") != std::string::npos) << err;
  return needs;
}

void expect_documented(const std::vector<std::string>& names, const std::string& what) {
  for (const std::string& n : names) {
    EXPECT_TRUE(documented(n)) << what << " `" << n << "` is accepted by the loader but not in docs/formats.md";
  }
}

TEST(FormatsDoc, Exists) { ASSERT_FALSE(doc().empty()) << WBCHECK_FORMATS_DOC << " is missing or empty"; }

TEST(FormatsDoc, ProbeDocumentsLoad) {
  EXPECT_EQ(scenario_error(base_scenario()), "");
  EXPECT_EQ(policy_error(base_policy()), "");
}

TEST(FormatsDoc, ScenarioKeys) {
  const std::pair<const char*, const char*> kObjects[] = {
      {"", "scenario key"},
      {"/geometry", "$.geometry key"},
      {"/initial", "$.initial key"},
      {"/initial/extents/0", "$.initial.extents[] key"},
      {"/faults", "$.faults key"},
      {"/tasks/0", "$.tasks[] key"},
  };
  for (const auto& [where, what] : kObjects) expect_documented(scenario_keys(base_scenario(), where), what);
}

TEST(FormatsDoc, ScenarioEnums) {
  expect_documented(op_names(), "op");
  expect_documented(scenario_enum("/faults/alloc"), "$.faults.alloc value");
  expect_documented(scenario_enum("/faults/io"), "$.faults.io value");
  expect_documented(scenario_enum("/faults/alloc_errno"), "$.faults.alloc_errno value");
  expect_documented(scenario_enum("/initial/extents/0/kind"), "extent kind");
}

// The op table: "| `write` | `pos`, `len`, ... | ..." lists exactly the keys
// the loader allows besides "op".
TEST(FormatsDoc, OpTableRows) {
  ASSERT_FALSE(op_names().empty());
  for (const std::string& op : op_names()) {
    std::vector<std::string> keys = op_keys(op);
    expect_documented(keys, "key of op " + op);
    keys.erase(std::remove(keys.begin(), keys.end(), "op"), keys.end());
    std::vector<std::string> cells = row(op);
    ASSERT_GE(cells.size(), 2u) << "no op table row starting | `" << op << "` |";
    EXPECT_EQ(backticked(cells[1]), as_set(keys))
        << "op " << op << ": the table lists " << cells[1] << ", the loader allows " << join(keys);
  }
}

TEST(FormatsDoc, PolicyKeys) {
  json d = base_policy();
  d[kProbe] = 0;
  expect_documented(allowed_keys(policy_error(d)), "policy key");
  d = base_policy();
  d["features"][kProbe] = true;
  std::vector<std::string> features = allowed_keys(policy_error(d));
  EXPECT_FALSE(features.empty());
  expect_documented(features, "feature");
  d = base_policy();
  d["hooks"][kProbe] = json::array();
  std::string err = policy_error(d);
  std::vector<std::string> hooks = list_after(err, "(valid hooks: ");
  EXPECT_EQ(hooks.size(), static_cast<size_t>(kNumHooks)) << err;
  expect_documented(hooks, "hook");
}

// The primitive table: "| `punch_delalloc` | `start`, `end`, `when` | no |
// `xfs_bmap_punch_delalloc_range` ... |".
TEST(FormatsDoc, PrimitiveTableRows) {
  std::vector<std::string> names = primitive_names();
  // The loader's list and the primitive table of model/policy.cc agree.
  std::set<std::string> table;
  for (int k = 0; k < kNumPrimitives; ++k) table.insert(primitive_name(static_cast<PrimitiveKind>(k)));
  EXPECT_EQ(as_set(names), table);
  for (const std::string& prim : names) {
    std::vector<std::string> keys = primitive_keys(prim);
    expect_documented(keys, "key of primitive " + prim);
    std::vector<std::string> cells = row(prim);
    ASSERT_GE(cells.size(), 4u) << "no primitive table row starting | `" << prim << "` |";
    EXPECT_EQ(backticked(cells[1]), as_set(keys))
        << prim << ": the table lists " << cells[1] << ", the loader allows " << join(keys);
    EXPECT_EQ(cells[2], needs_locked_folio(prim, keys) ? "yes" : "no") << prim << ": needs a locked folio";
  }
  for (int k = 0; k < kNumPrimitives; ++k) {
    const PrimitiveInfo& info = primitive_info(static_cast<PrimitiveKind>(k));
    std::vector<std::string> cells = row(info.name);
    ASSERT_GE(cells.size(), 4u) << info.name;
    EXPECT_TRUE(backticked(cells[3]).count(info.function))
        << info.name << ": its row does not name its kernel function `" << info.function << "`";
  }
}

TEST(FormatsDoc, ExpressionLanguage) {
  for (int v = 0; v < kNumVars; ++v) {
    std::string name = var_name(static_cast<Var>(v));
    EXPECT_TRUE(documented(name)) << "expression variable `" << name << "` is not in docs/formats.md";
    EXPECT_TRUE(row(name).size() >= 2) << "no variable table row starting | `" << name << "` |";
  }
  // The functions, as the parser names them when it finds nothing to parse:
  // "... round_up(x, y), round_down(x, y) or '('".
  absl::StatusOr<Expr> empty = Expr::parse("");
  ASSERT_FALSE(empty.ok());
  std::string msg(empty.status().message());
  std::vector<std::string> functions;
  for (size_t at = msg.find("(x, y)"); at != std::string::npos; at = msg.find("(x, y)", at + 1)) {
    size_t start = msg.find_last_of(" (", at - 1) + 1;
    functions.push_back(msg.substr(start, at - start));
  }
  EXPECT_GE(functions.size(), 2u) << msg;
  for (const std::string& f : functions) {
    EXPECT_TRUE(Expr::parse(f + "(pos, 4096)").ok()) << f;
    EXPECT_TRUE(documented(f)) << "expression function `" << f << "` is not in docs/formats.md";
  }
  // Operators: every token of this superset that the parser accepts between
  // two operands must be documented (a new operator shows up here).
  const char* kCandidates[] = {"+",  "-",  "*",  "/",  "%",  "&", "|",  "^",  "<<", ">>",
                               "==", "!=", "<",  "<=", ">",  ">=", "&&", "||", "="};
  int accepted = 0;
  for (const char* op : kCandidates) {
    if (!Expr::parse(std::string("pos ") + op + " 1").ok()) continue;
    ++accepted;
    EXPECT_TRUE(documented(op)) << "operator `" << op << "` is accepted but not in docs/formats.md";
  }
  EXPECT_GE(accepted, 8);
}

// The limits table: "| `kMaxBlocks` | 16 | ...".
TEST(FormatsDoc, Limits) {
  const std::pair<const char*, size_t> kLimits[] = {
      {"kMaxBlocks", kMaxBlocks}, {"kMaxFolios", kMaxFolios},         {"kMaxTasks", kMaxTasks},
      {"kMaxOps", kMaxOps},       {"kMaxHookPrimitives", kMaxHookPrimitives},
  };
  for (const auto& [name, value] : kLimits) {
    std::vector<std::string> cells = row(name);
    ASSERT_GE(cells.size(), 2u) << "no limits table row starting | `" << name << "` |";
    EXPECT_EQ(cells[1], std::to_string(value)) << name;
  }
}

// Every "[a, b]" range of these loader messages is quoted in the doc.
TEST(FormatsDoc, Ranges) {
  const std::pair<const char*, json> kBad[] = {
      {"/geometry/block_size", 3},
      {"/free_blocks", 70000},
      {"/tasks/0/name", "bad name"},
  };
  for (const auto& [where, value] : kBad) {
    json d = base_scenario();
    d[json::json_pointer(where)] = value;
    std::string err = scenario_error(d);
    size_t a = err.find('[', err.find("expected "));
    ASSERT_NE(a, std::string::npos) << err;
    std::string range = err.substr(a, err.find(']', a) - a + 1);
    EXPECT_NE(doc().find(range), std::string::npos) << where << ": the doc does not quote " << range;
  }
}

// The ```json blocks: examples load; a bad example is followed by its exact error.
TEST(FormatsDoc, JsonExamples) {
  std::istringstream in(doc());
  std::string line, block;
  bool inside = false;
  int scenarios = 0, policies = 0, bad = 0;
  while (std::getline(in, line)) {
    if (!inside) {
      inside = line == "```json";
      block.clear();
      continue;
    }
    if (line != "```") {
      block += line + "\n";
      continue;
    }
    inside = false;
    json d = json::parse(block, nullptr, /*allow_exceptions=*/false);
    ASSERT_FALSE(d.is_discarded()) << "a ```json block is not JSON:\n" << block;
    bool is_scenario = d.contains("tasks");
    ASSERT_TRUE(is_scenario || d.contains("hooks")) << "neither a scenario nor a policy:\n" << block;
    std::string err = is_scenario ? scenario_error(d) : policy_error(d);
    if (err.empty()) {
      (is_scenario ? scenarios : policies)++;
      continue;
    }
    ++bad;
    // "probe.json: $.path: message" -> "$.path: message", as the doc shows it after its own file name.
    std::string shown = err.substr(std::string(kFile).size() + 2);
    EXPECT_NE(doc().find(shown), std::string::npos) << "a bad example's message is not in the doc: " << shown;
  }
  EXPECT_GE(scenarios, 1);
  EXPECT_GE(policies, 1);
  EXPECT_GE(bad, 1);
}

}  // namespace
}  // namespace wbcheck::model
