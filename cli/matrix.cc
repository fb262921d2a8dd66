// `wbcheck matrix`: find the files, load them all (any bad file stops the run
// before the first search), check every pair, print, choose the exit code.
#include "cli/matrix.h"

#include <algorithm>
#include <filesystem>
#include <iostream>

#include "absl/strings/str_cat.h"
#include "cli/check_pair.h"
#include "cli/load.h"
#include "cli/natural_order.h"
#include "cli/run_check.h"
#include "cli/version.h"
#include "properties/registry.h"

namespace wbcheck::cli {
namespace {

// The shipped examples are found the way `list policies` finds them: the
// flag, else ./examples/<kind>, else the source tree's, so the matrix works
// from the repository root and from a build directory alike.
std::string examples_dir(const std::string& flag, const std::string& kind) {
  if (!flag.empty()) return flag;
  std::string local = "examples/" + kind;
  if (std::filesystem::is_directory(local)) return local;
  return std::string(WBCHECK_SOURCE_DIR) + "/" + local;
}

// Every file of `dir` through `load` (load_policy or load_scenario), whose
// error messages already start with the file's path.
template <class T, class Load>
absl::Status load_all(const std::string& dir, Load load, std::vector<T>& loaded, std::vector<MatrixInput>& inputs) {
  absl::StatusOr<std::vector<std::string>> files = json_files(dir);
  if (!files.ok()) return files.status();
  for (const std::string& f : *files) {
    absl::StatusOr<T> x = load(f);
    if (!x.ok()) return x.status();
    inputs.push_back({f, x->name, x->description});
    loaded.push_back(*std::move(x));
  }
  return absl::OkStatus();
}

MatrixCell summarise(const checker::Report& r) {
  MatrixCell c{r.policy, r.scenario};
  c.verdict = r.verdict;
  c.states = r.stats.states;
  for (const checker::ReportProperty& p : r.properties) {
    c.properties.push_back({p.id, p.status, p.status == checker::Status::kViolated ? p.trace.size() : 0});
  }
  return c;
}

CheckOptions cell_options(const MatrixOptions& o) {
  CheckOptions c;
  c.max_states = o.max_states;
  c.time_limit_seconds = o.time_limit_seconds;
  return c;
}

std::string print(const Matrix& m, Format f) {
  switch (f) {
    case Format::kText: return print_matrix_text(m);
    case Format::kMarkdown: return print_matrix_markdown(m);
    case Format::kJson: return print_matrix_json(m);
    case Format::kJunit:
    case Format::kSarif: break;  // check only: parse_matrix never sets them
  }
  return print_matrix_text(m);
}

// A limit that left any property undecided makes the matrix incomplete, even
// in a cell whose verdict is "violated" by another property: a reader of the
// matrix compares properties, so a missing one is not a result.
bool any_unknown(const Matrix& m) {
  for (const MatrixCell& c : m.cells) {
    for (const MatrixProperty& p : c.properties) {
      if (p.status == checker::Status::kUnknown) return true;
    }
  }
  return false;
}

// Both directories, loaded; a status only for bad input.
absl::Status load_inputs(const MatrixOptions& o, Matrix& m, std::vector<model::Policy>& policies,
                         std::vector<model::Scenario>& scenarios) {
  absl::Status st = load_all(examples_dir(o.policies_dir, "policies"), load_policy, policies, m.policies);
  if (!st.ok()) return st;
  return load_all(examples_dir(o.scenarios_dir, "scenarios"), load_scenario, scenarios, m.scenarios);
}

// Every pair, scenario-major. False (with a message naming the pair) on an
// internal error, which ends the run: a matrix with a hole would mislead.
bool run_cells(const std::vector<model::Policy>& policies, const std::vector<model::Scenario>& scenarios,
               const CheckOptions& limits, Matrix& m) {
  for (const model::Scenario& s : scenarios) {
    for (const model::Policy& p : policies) {
      try {
        m.cells.push_back(check_cell(s, p, limits));
      } catch (const std::exception& e) {
        std::cerr << "wbcheck: internal error: scenario " << s.name << ", policy " << p.name << ": " << e.what()
                  << "\n";
        return false;
      }
    }
  }
  return true;
}

}  // namespace

// An unreadable or empty directory is bad input: an empty matrix would look
// like success.
absl::StatusOr<std::vector<std::string>> json_files(const std::string& dir) {
  std::error_code ec;
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
    if (e.path().extension() == ".json") files.push_back(e.path().string());
  }
  if (ec) return absl::InvalidArgumentError(absl::StrCat(dir, ": cannot list: ", ec.message()));
  if (files.empty()) return absl::InvalidArgumentError(absl::StrCat(dir, ": no *.json files"));
  std::sort(files.begin(), files.end(), natural_less);
  return files;
}

MatrixCell check_cell(const model::Scenario& s, const model::Policy& p, const CheckOptions& o) {
  absl::StatusOr<checker::Report> r = check_pair(s, p, o);
  if (r.ok()) return summarise(*r);
  MatrixCell c{p.name, s.name};
  c.applicable = false;
  c.reason = std::string(r.status().message());
  return c;
}

int run_matrix(const MatrixOptions& o) {
  Matrix m;
  m.version = kVersion;
  for (const auto& p : properties::all_properties()) m.property_ids.push_back(p.id);
  std::vector<model::Policy> policies;
  std::vector<model::Scenario> scenarios;
  absl::Status st = load_inputs(o, m, policies, scenarios);
  if (!st.ok()) {
    std::cerr << "wbcheck: " << st.message() << "\n";
    return kExitBadInput;
  }
  if (!output_writable(o.out)) return kExitBadInput;
  if (!run_cells(policies, scenarios, cell_options(o), m)) return kExitInternal;
  if (!write_output(o.out, print(m, o.format))) return kExitBadInput;
  return any_unknown(m) ? kExitInconclusive : kExitHolds;
}

}  // namespace wbcheck::cli
