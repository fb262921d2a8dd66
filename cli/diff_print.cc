// The text and JSON renderings of a policy diff.
#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "cli/diff.h"
#include "nlohmann/json.hpp"

namespace wbcheck::cli {
namespace {

std::string status_text(const MatrixProperty& p) {
  if (p.status == checker::Status::kViolated) return absl::StrCat("violated, ", p.steps, " steps");
  return p.status == checker::Status::kHolds ? "holds" : "unknown";
}

const char* verdict(const Diff& d) {
  if (d.changed) return "changed";
  return d.undecided ? "undecided" : "unchanged";
}

// Left-aligned columns two spaces apart, no trailing blanks.
std::string table(const std::vector<std::vector<std::string>>& rows) {
  std::vector<size_t> width(rows.front().size(), 0);
  for (const auto& row : rows) {
    for (size_t i = 0; i < row.size(); ++i) width[i] = std::max(width[i], row[i].size());
  }
  std::string out;
  for (const auto& row : rows) {
    std::string line = " ";
    for (size_t i = 0; i < row.size(); ++i) {
      absl::StrAppend(&line, " ", row[i]);
      if (i + 1 < row.size()) line.append(width[i] - row[i].size() + 1, ' ');
    }
    absl::StrAppend(&out, line, "\n");
  }
  return out;
}

std::string summary(const Diff& d) {
  size_t decided = 0;
  for (const DiffRow& r : d.rows) {
    decided += r.a.status != checker::Status::kUnknown && r.b.status != checker::Status::kUnknown;
  }
  const char* undecided = "; a limit left some property undecided, so more may change";
  if (d.changed) {
    return absl::StrCat(decided, decided == 1 ? " property changes" : " properties change", " verdict",
                        d.undecided ? undecided : "", "\n");
  }
  if (d.undecided) return absl::StrCat("no property changes verdict", undecided, "\n");
  return "no property changes status\n";
}

nlohmann::ordered_json side_json(const MatrixProperty& p) {
  nlohmann::ordered_json steps = p.status == checker::Status::kViolated ? nlohmann::ordered_json(p.steps) : nullptr;
  return {{"status", checker::to_string(p.status)}, {"steps", steps}};
}

}  // namespace

std::string print_diff_text(const Diff& d) {
  std::string out = absl::StrCat("wbcheck ", d.version, ": diff A ", d.policy_a, " -> B ", d.policy_b, ", ",
                                 d.scenarios.size(), d.scenarios.size() == 1 ? " scenario" : " scenarios", "\n",
                                 "verdict: ", verdict(d), "\n\n");
  if (!d.rows.empty()) {
    std::vector<std::vector<std::string>> rows = {{"scenario", "property", "A " + d.policy_a, "B " + d.policy_b}};
    for (const DiffRow& r : d.rows) rows.push_back({r.scenario, r.property, status_text(r.a), status_text(r.b)});
    absl::StrAppend(&out, table(rows), "\n");
  }
  return out + summary(d);
}

std::string print_diff_json(const Diff& d) {
  using Json = nlohmann::ordered_json;
  Json changes = Json::array();
  for (const DiffRow& r : d.rows) {
    changes.push_back({{"scenario", r.scenario}, {"property", r.property}, {"a", side_json(r.a)}, {"b", side_json(r.b)}});
  }
  Json j = {{"tool", "wbcheck"},      {"version", d.version},     {"a", d.policy_a},
            {"b", d.policy_b},        {"scenarios", d.scenarios}, {"changes", changes},
            {"verdict", verdict(d)}};
  return j.dump(2) + "\n";
}

}  // namespace wbcheck::cli
