#include "cli/prove.h"

#include <cstring>
#include <iostream>
#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "cli/aux_invariants.h"
#include "cli/reachable.h"
#include "cli/run_check.h"
#include "cli/symbolic_run.h"
#include "model/fields.h"
#include "nlohmann/json.hpp"
#include "properties/induction.h"
#include "properties/wb_symbolic.h"

namespace wbcheck::cli {
namespace {

// A shortest path of the explicit model from the initial state to `target`;
// nullopt: not reachable.
std::optional<std::vector<model::State>> path_to(const model::WbModel& m, const model::State& target) {
  bool found = false;
  const ReachableStates reach(m, [&](const model::State& s) {
    found = std::memcmp(&s, &target, sizeof s) == 0;
    return !found;
  });
  if (!found) return std::nullopt;
  return reach.path_to(target);
}

std::vector<std::string> failing_tables(const std::vector<AuxTable>& tables, const properties::StateValues& v) {
  std::vector<std::string> out;
  for (const AuxTable& t : tables) {
    bool member = false;
    for (const auto& row : t.rows) {
      bool eq = true;
      for (size_t i = 0; i < t.columns.size() && eq; ++i) eq = v[t.columns[i]] == row[i];
      member = member || eq;
    }
    if (!member) out.push_back("aux: " + t.name);
  }
  return out;
}

// The counterexample to induction as text: its first state's fields (the
// nonzero ones), then each step's changes, then what the last state breaks.
std::string cti_text(const model::WbModel& m, const properties::WbSymbolic& sys, const std::vector<AuxTable>& tables,
                     const std::vector<properties::StateValues>& cti, bool first_reachable) {
  const std::vector<model::State> states = states_of(sys, cti);
  const model::State zero{};
  std::string out = absl::StrCat("counterexample to induction (", cti.size() - 1, " steps):\n  first state:");
  for (const model::FieldChange& ch : m.changes(zero, states.front())) {
    absl::StrAppend(&out, " ", ch.key, "=", ch.after_text);
  }
  absl::StrAppend(&out, "\n");
  for (size_t i = 0; i + 1 < states.size(); ++i) {
    absl::StrAppend(&out, "  step ", i + 1, ":");
    for (const model::FieldChange& ch : m.changes(states[i], states[i + 1])) {
      absl::StrAppend(&out, " ", ch.key, " ", ch.before_text, "->", ch.after_text);
    }
    absl::StrAppend(&out, "\n");
  }
  std::vector<std::string> broken = sys.violations(cti.back());
  for (const std::string& t : failing_tables(tables, cti.back())) broken.push_back(t);
  absl::StrAppend(&out, "  the last state breaks:");
  for (const std::string& b : broken) absl::StrAppend(&out, " ", b);
  absl::StrAppend(&out, "\n  the first state is ",
                  first_reachable ? "REACHABLE (explicit search): the path is a real execution"
                                  : "not reachable (explicit search): the invariants are too weak to carry the "
                                    "induction",
                  "\n");
  return out;
}

}  // namespace

int run_prove(const ProveOptions& o) {
  absl::StatusOr<model::WbModel> m = load_model(o.check);
  if (!m.ok()) {
    std::cerr << "wbcheck: " << m.status().message() << "\n";
    return kExitBadInput;
  }
  if (!o.suggest_aux.empty()) return write_output(o.suggest_aux, suggest_aux(*m)) ? kExitHolds : kExitBadInput;
  // The step case runs the steps on unreachable states too, whose indices
  // may point one past the scenario's last block or folio: the state's
  // arrays must have room for that.
  if (m->context().nblocks >= model::kMaxBlocks || m->context().nfolios >= model::kMaxFolios) {
    std::cerr << "wbcheck: prove: supports up to " << model::kMaxBlocks - 1 << " blocks and " << model::kMaxFolios - 1
              << " folios\n";
    return kExitBadInput;
  }
  const model::sym::Layout layout = model::sym::layout_of(m->context());
  std::vector<AuxTable> tables;
  if (!o.aux.empty()) {
    absl::StatusOr<std::vector<AuxTable>> t = load_aux(o.aux, layout);
    if (!t.ok()) {
      std::cerr << "wbcheck: " << t.status().message() << "\n";
      return kExitBadInput;
    }
    tables = *std::move(t);
  }
  if (!output_writable(o.check.out)) return kExitBadInput;
  const auto start = std::chrono::steady_clock::now();
  z3::context z;
  properties::WbSymbolic sys(*m, z);
  auto aux = [&](z3::context& zz, const properties::SymbolicState& s) { return aux_formula(zz, tables, s); };
  absl::StatusOr<properties::InductionResult> r = properties::k_induction(sys, z, o.max_k, aux, o.timeout_ms);
  if (!r.ok()) {
    std::cerr << "wbcheck: prove: " << r.status().message() << "\n";
    return kExitInternal;
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  checker::Report report;
  std::string detail;
  bool aux_wrong = false;
  if (r->verdict == properties::InductionVerdict::kViolated || r->aux_refuted) {
    absl::StatusOr<checker::Trace<ExplorableModel>> trace = explicit_trace(*m, states_of(sys, r->trace));
    if (!trace.ok()) {
      std::cerr << "wbcheck: prove: " << trace.status().message() << "\n";
      return kExitInternal;
    }
    if (r->aux_refuted) {
      report = symbolic_report(*m, checker::Status::kUnknown, r->k, nullptr);
      detail = absl::StrCat("an auxiliary invariant fails in a reachable state (", trace->steps.size(),
                            " steps from the initial state):");
      for (const std::string& t : failing_tables(tables, r->trace.back())) absl::StrAppend(&detail, " ", t);
      absl::StrAppend(&detail, "\nnothing is proved with a wrong invariant\n");
    } else {
      report = symbolic_report(*m, checker::Status::kUnknown, r->k == 0 ? 0 : r->k - 1, &*trace);
      if (report.verdict != checker::Verdict::kViolated) {
        std::cerr << "wbcheck: prove: the native evaluator finds no violation at the end of the base case's trace\n";
        return kExitInternal;
      }
    }
  } else if (r->verdict == properties::InductionVerdict::kHolds) {
    report = symbolic_report(*m, checker::Status::kHolds, r->k, nullptr);
    detail = absl::StrCat("proved by k-induction at k = ", r->k, " with ", tables.size(), " auxiliary invariant(s)\n");
  } else {
    report = symbolic_report(*m, checker::Status::kUnknown, r->k, nullptr);
    if (r->z3_unknown) detail = absl::StrCat("Z3 answered unknown (", r->unknown_reason, "): not proved\n");
    if (!r->cti.empty()) {
      detail += absl::StrCat("not proved up to k = ", r->k, "\n");
      const std::vector<model::State> cti = states_of(sys, r->cti);
      const std::optional<std::vector<model::State>> prefix = path_to(*m, cti.front());
      detail += cti_text(*m, sys, tables, r->cti, prefix.has_value());
      if (prefix) {
        // A reachable start makes the whole path real: the explicit path to
        // it, then the counterexample's steps (each one explicit step).
        std::vector<model::State> whole = *prefix;
        whole.insert(whole.end(), cti.begin() + 1, cti.end());
        absl::StatusOr<checker::Trace<ExplorableModel>> trace = explicit_trace(*m, whole);
        if (!trace.ok()) {
          std::cerr << "wbcheck: prove: " << trace.status().message() << "\n";
          return kExitInternal;
        }
        report = symbolic_report(*m, checker::Status::kUnknown, r->k, &*trace);
        const std::vector<std::string> tables_broken = failing_tables(tables, r->cti.back());
        if (report.verdict == checker::Verdict::kViolated) {
          detail += "a property fails at its end: the counterexample above runs from the initial state\n";
        } else if (!tables_broken.empty()) {
          detail += "an auxiliary invariant fails at its end, in a reachable state: it is wrong, and nothing is "
                    "proved with it\n";
          aux_wrong = true;
        } else {
          std::cerr << "wbcheck: prove: a reachable state breaks the symbolic domain assumption\n";
          return kExitInternal;
        }
      }
    }
  }
  report.stats.seconds = seconds;
  const properties::WbSymbolic::Stats& st = sys.stats();
  const std::string stats = absl::StrFormat(
      "prove:\n  %-28s %d\n  %-28s %d relations, %d paths, %d solver checks, %.2f s\n  %-28s %.2f s\n", "k", r->k,
      "step paths enumerated", st.relations, st.paths, st.solver_checks, st.seconds, "time", seconds);
  std::string out;
  if (o.check.format == Format::kJson) {
    nlohmann::json j = nlohmann::json::parse(checker::print_json(report));
    j["engine"] = "k-induction";
    j["prove"] = {{"k", r->k},
                  {"proved", r->verdict == properties::InductionVerdict::kHolds},
                  {"aux_invariants", tables.size()},
                  {"aux_refuted", r->aux_refuted || aux_wrong},
                  {"z3_unknown", r->z3_unknown},
                  {"unknown_reason", r->unknown_reason},
                  {"detail", detail},
                  {"seconds", seconds}};
    out = j.dump(2) + "\n";
  } else {
    out = print_symbolic(report, "prove", detail + "\n" + stats, o.check.fold);
  }
  if (!write_output(o.check.out, out)) return kExitBadInput;
  if (r->aux_refuted || aux_wrong) return kExitInconclusive;
  return exit_code_of(report.verdict);
}

}  // namespace wbcheck::cli
