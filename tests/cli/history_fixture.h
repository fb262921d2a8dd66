// The fixture of the kernel-history end-to-end tests (e2e_history_test.cc,
// e2e_write_failure_test.cc): the matrix over the shipped examples, run once
// per suite, `wbcheck check --format json` per pair with a check that the
// matrix cell agrees, and helpers to read a report's traces.
#pragma once

#include <set>
#include <string>

#include "e2e_util.h"
#include "gtest/gtest.h"

namespace wbcheck::e2e {

using nlohmann::json;

inline std::string scenario_path(const std::string& name) { return source_path("examples/scenarios/" + name + ".json"); }
inline std::string policy_path(const std::string& name) { return source_path("examples/policies/" + name + ".json"); }

// Step names as the binary prints them (model/wb_model.cc).
inline constexpr char kEvict[] = "evict.xfs_inodegc_set_reclaimable";
inline constexpr char kUnmount[] = "xfs_unmountfs";
inline constexpr char kPunch[] = "xfs_discard_folio.xfs_bmap_punch_delalloc_range";
inline constexpr char kInvalidate[] = "iomap_invalidate_folio";
inline constexpr char kSetError[] = "mapping_set_error";
inline constexpr char kConvert[] = "xfs_bmapi_convert_delalloc";

// The matrix over the shipped examples, run once for the suite, and one
// `check --format json` per pair.
class History : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    Invocation r = run_wbcheck({"matrix", "--format", "json"}, WBCHECK_SOURCE_DIR);
    matrix_exit_ = r.exit_code;
    matrix_ = new json(parse_json(r));
  }
  static void TearDownTestSuite() {
    delete matrix_;
    matrix_ = nullptr;
  }

  struct Check {
    int exit_code = -1;
    json report;
  };

  // `wbcheck check` on one pair; also checks that the matrix cell agrees.
  static Check check(const std::string& policy, const std::string& scenario) {
    Invocation r = run_wbcheck(
        {"check", "--scenario", scenario_path(scenario), "--policy", policy_path(policy), "--format", "json"});
    EXPECT_EQ(r.signal, 0);
    EXPECT_EQ(r.err, "") << policy << " x " << scenario;
    Check c{r.exit_code, parse_json(r)};
    EXPECT_EQ(c.report.value("policy", ""), policy);
    EXPECT_EQ(c.report.value("scenario", ""), scenario);
    expect_matrix_agrees(c.report, policy, scenario);
    return c;
  }

  // The matrix cell of the pair says what `check` says: verdict, states, each
  // property's status and, when violated, its trace length.
  static void expect_matrix_agrees(const json& report, const std::string& policy, const std::string& scenario) {
    SCOPED_TRACE("matrix cell " + policy + " x " + scenario);
    ASSERT_EQ(matrix_exit_, 0);
    ASSERT_TRUE(matrix_->contains("cells"));
    const json* cell = nullptr;
    for (const json& c : (*matrix_)["cells"]) {
      if (c.value("policy", "") == policy && c.value("scenario", "") == scenario) cell = &c;
    }
    ASSERT_NE(cell, nullptr);
    EXPECT_EQ(cell->value("verdict", "?"), report.value("verdict", "!"));
    EXPECT_EQ((*cell)["states"], report["stats"]["states"]);
    ASSERT_EQ((*cell)["properties"].size(), report["properties"].size());
    for (size_t i = 0; i < report["properties"].size(); ++i) {
      const json& m = (*cell)["properties"][i];
      const json& p = report["properties"][i];
      EXPECT_EQ(m["id"], p["id"]);
      EXPECT_EQ(m["status"], p["status"]) << p.value("id", "");
      if (p.value("status", "") == "violated") {
        EXPECT_EQ(m["steps"], p["trace"]["steps"].size()) << p.value("id", "");
      } else {
        EXPECT_TRUE(m["steps"].is_null()) << p.value("id", "");
      }
    }
  }

  static inline json* matrix_ = nullptr;
  static inline int matrix_exit_ = -1;
};

inline std::set<std::string> violated(const json& report) {
  std::set<std::string> out;
  for (const json& p : report["properties"]) {
    if (p.value("status", "") == "violated") out.insert(p.value("id", ""));
  }
  return out;
}

// Every property has a definite status: nothing was cut short by a limit.
inline void expect_no_unknown(const json& report) {
  for (const json& p : report["properties"]) EXPECT_NE(p.value("status", ""), "unknown") << p.value("id", "");
}

inline const json& steps_of(const json& report, const std::string& id) {
  static const json kEmpty = json::array();
  const json& p = property(report, id);
  if (!p.contains("trace") || !p["trace"].contains("steps")) return kEmpty;
  return p["trace"]["steps"];
}

inline std::string names(const json& steps) {
  std::string out;
  for (size_t i = 0; i < steps.size(); ++i) {
    out += std::to_string(i + 1) + " " + steps[i].value("task", "?") + ":" + steps[i].value("step", "?") + "\n";
  }
  return out;
}

inline bool has_step(const json& steps, const std::string& name) {
  for (const json& s : steps) {
    if (s.value("step", "") == name) return true;
  }
  return false;
}

}  // namespace wbcheck::e2e
