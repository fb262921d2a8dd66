#include "cli/baseline.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "cli/load.h"
#include "cli/run_check.h"
#include "model/json_path.h"

namespace wbcheck::cli {
namespace {

using checker::Status;

constexpr Status kStatuses[] = {Status::kHolds, Status::kViolated, Status::kUnknown};

absl::StatusOr<Baseline::Entry> load_entry(const model::JsonCursor& p) {
  if (!p.is_object()) return p.expected("an object with id and status");
  Baseline::Entry e;
  WBCHECK_JSON_ASSIGN_OR_RETURN(model::JsonCursor id, p.require("id"));
  WBCHECK_JSON_ASSIGN_OR_RETURN(e.id, id.get_string());
  WBCHECK_JSON_ASSIGN_OR_RETURN(model::JsonCursor status, p.require("status"));
  WBCHECK_JSON_ASSIGN_OR_RETURN(int s, status.get_enum({"holds", "violated", "unknown"}));
  e.status = kStatuses[s];
  return e;
}

absl::Status load_properties(const model::JsonCursor& root, Baseline& b) {
  WBCHECK_JSON_ASSIGN_OR_RETURN(model::JsonCursor props, root.require("properties"));
  WBCHECK_JSON_RETURN_IF_ERROR(props.expect_array(0));
  std::set<std::string> seen;
  for (size_t i = 0; i < props.size(); ++i) {
    WBCHECK_JSON_ASSIGN_OR_RETURN(Baseline::Entry e, load_entry(props.index(i)));
    if (!seen.insert(e.id).second) {
      return props.index(i).key("id").error(absl::StrCat("duplicate property id \"", e.id, "\""));
    }
    b.properties.push_back(std::move(e));
  }
  return absl::OkStatus();
}

BaselineChange classify(std::optional<Status> before, std::optional<Status> after) {
  if (!after) return BaselineChange::kDropped;
  if (before == after) return BaselineChange::kUnchanged;
  if (*after == Status::kViolated) return BaselineChange::kNewViolation;
  if (*after == Status::kUnknown) {
    return before == Status::kUnknown ? BaselineChange::kUnchanged : BaselineChange::kNewInconclusive;
  }
  if (!before) return BaselineChange::kAdded;
  return *before == Status::kViolated ? BaselineChange::kFixed : BaselineChange::kDecided;
}

std::string status_text(std::optional<Status> s) { return s ? checker::to_string(*s) : "absent"; }

}  // namespace

absl::StatusOr<Baseline> load_baseline(const std::string& path) {
  absl::StatusOr<nlohmann::json> doc = read_json_file(path);
  if (!doc.ok()) return doc.status();
  model::JsonCursor root(*doc, path);
  Baseline b;
  b.path = path;
  WBCHECK_JSON_ASSIGN_OR_RETURN(model::JsonCursor tool, root.require("tool"));
  if (!tool.value().is_string() || tool.value().get<std::string>() != "wbcheck") {
    return tool.expected("\"wbcheck\"", "a baseline is a `wbcheck check --format json` report");
  }
  WBCHECK_JSON_ASSIGN_OR_RETURN(model::JsonCursor scenario, root.require("scenario"));
  WBCHECK_JSON_ASSIGN_OR_RETURN(b.scenario, scenario.get_string());
  if (root.value().contains("scenario_fingerprint")) {
    WBCHECK_JSON_ASSIGN_OR_RETURN(b.scenario_fingerprint, root.key("scenario_fingerprint").get_string());
  }
  WBCHECK_JSON_ASSIGN_OR_RETURN(model::JsonCursor policy, root.require("policy"));
  WBCHECK_JSON_ASSIGN_OR_RETURN(b.policy, policy.get_string());
  WBCHECK_JSON_RETURN_IF_ERROR(load_properties(root, b));
  return b;
}

absl::Status check_baseline_scenario(const Baseline& b, const std::string& scenario, const std::string& fingerprint) {
  if (b.scenario != scenario) {
    return absl::InvalidArgumentError(absl::StrCat(b.path, ": $.scenario: the baseline is a report of scenario \"",
                                                   b.scenario, "\", this run checks \"", scenario, "\""));
  }
  if (!b.scenario_fingerprint.empty() && !fingerprint.empty() && b.scenario_fingerprint != fingerprint) {
    return absl::InvalidArgumentError(absl::StrCat(
        b.path, ": $.scenario_fingerprint: the baseline is a report of another version of scenario \"", scenario,
        "\" (", b.scenario_fingerprint, "; this run's file is ", fingerprint, "): record the baseline again"));
  }
  return absl::OkStatus();
}

const char* to_string(BaselineChange c) {
  switch (c) {
    case BaselineChange::kNewViolation: return "new violation";
    case BaselineChange::kNewInconclusive: return "new inconclusive";
    case BaselineChange::kFixed: return "fixed";
    case BaselineChange::kDecided: return "decided";
    case BaselineChange::kAdded: return "added";
    case BaselineChange::kDropped: return "dropped";
    case BaselineChange::kUnchanged: return "unchanged";
  }
  return "?";
}

std::vector<PropertyComparison> compare_to_baseline(const Baseline& b, const checker::Report& r) {
  std::vector<PropertyComparison> out;
  std::set<std::string> reported;
  for (const checker::ReportProperty& p : r.properties) {
    std::optional<Status> before;
    for (const Baseline::Entry& e : b.properties) {
      if (e.id == p.id) before = e.status;
    }
    out.push_back({p.id, before, p.status, classify(before, p.status)});
    reported.insert(p.id);
  }
  for (const Baseline::Entry& e : b.properties) {
    if (!reported.contains(e.id)) out.push_back({e.id, e.status, std::nullopt, BaselineChange::kDropped});
  }
  return out;
}

int baseline_exit_code(const std::vector<PropertyComparison>& c) {
  bool inconclusive = false;
  for (const PropertyComparison& p : c) {
    if (p.change == BaselineChange::kNewViolation) return kExitViolated;
    inconclusive |= p.change == BaselineChange::kNewInconclusive;
  }
  return inconclusive ? kExitInconclusive : kExitHolds;
}

std::string print_baseline(const Baseline& b, const std::vector<PropertyComparison>& c) {
  std::string out = absl::StrCat("baseline ", b.path, " (scenario ", b.scenario, ", policy ", b.policy, "):\n");
  size_t unchanged = 0;
  for (const PropertyComparison& p : c) {
    if (p.change == BaselineChange::kUnchanged) {
      ++unchanged;
      continue;
    }
    absl::StrAppend(&out, absl::StrFormat("  %-28s %-8s -> %-8s  %s\n", p.id, status_text(p.before),
                                          status_text(p.after), to_string(p.change)));
  }
  absl::StrAppend(&out, "  ", unchanged, " unchanged\n");
  const int code = baseline_exit_code(c);
  const char* outcome = code == kExitViolated       ? "a property is newly violated"
                        : code == kExitInconclusive ? "no new violation, but a property is newly inconclusive"
                                                    : "no new violation or inconclusive property";
  absl::StrAppend(&out, "against the baseline: ", outcome, " (exit ", code, ")\n");
  return out;
}

}  // namespace wbcheck::cli
