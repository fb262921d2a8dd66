// The text and markdown renderings of a matrix: one table per scenario,
// policies as rows, property ids as columns, then the states explored. Both
// are built from the same rows so they cannot disagree; only the cell
// spelling and the table syntax differ.
#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "cli/matrix.h"

namespace wbcheck::cli {
namespace {

// How a format spells what goes in a table.
struct Style {
  std::string (*property)(const MatrixProperty&);
  std::string (*name)(const std::string&);
  const char* not_applicable;
};

struct Table {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> notes;  // "[n] policy: reason", for n/a rows
};

// Rows for one scenario. `note` numbers the n/a footnotes across the whole
// document, so that a number is never reused for a different reason.
Table scenario_table(const Matrix& m, size_t s, const Style& st, int& note) {
  Table t;
  t.header.push_back("policy");
  for (const std::string& id : m.property_ids) t.header.push_back(st.name(id));
  t.header.push_back("states");
  for (size_t p = 0; p < m.policies.size(); ++p) {
    const MatrixCell& c = m.cell(s, p);
    std::vector<std::string> row = {st.name(c.policy)};
    if (!c.applicable) {
      std::string mark = absl::StrCat("[", ++note, "]");
      row.resize(m.property_ids.size() + 1, st.not_applicable);
      row.push_back(absl::StrCat(st.not_applicable, " ", mark));
      t.notes.push_back(absl::StrCat(mark, " ", st.name(c.policy), ": ", c.reason));
    } else {
      for (const MatrixProperty& prop : c.properties) row.push_back(st.property(prop));
      row.push_back(absl::StrCat(c.states));
    }
    t.rows.push_back(std::move(row));
  }
  return t;
}

// ---------------------------------------------------------------------------
// text

std::string text_property(const MatrixProperty& p) {
  switch (p.status) {
    case checker::Status::kHolds: return "ok";
    case checker::Status::kViolated: return absl::StrCat("VIOL(", p.steps, ")");
    case checker::Status::kUnknown: return "?";
  }
  return "?";
}

std::string plain(const std::string& s) { return s; }

// Left-aligned columns two spaces apart, no trailing blanks.
std::string text_table(const Table& t) {
  std::vector<size_t> width(t.header.size(), 0);
  for (size_t i = 0; i < t.header.size(); ++i) width[i] = t.header[i].size();
  for (const auto& row : t.rows) {
    for (size_t i = 0; i < row.size(); ++i) width[i] = std::max(width[i], row[i].size());
  }
  auto line = [&width](const std::vector<std::string>& cells) {
    std::string out = " ";
    for (size_t i = 0; i < cells.size(); ++i) {
      absl::StrAppend(&out, " ", cells[i]);
      if (i + 1 < cells.size()) out.append(width[i] - cells[i].size() + 1, ' ');
    }
    return out + "\n";
  };
  std::string out = line(t.header);
  for (const auto& row : t.rows) out += line(row);
  for (const std::string& n : t.notes) absl::StrAppend(&out, "  ", n, "\n");
  return out;
}

// ---------------------------------------------------------------------------
// markdown

std::string md_property(const MatrixProperty& p) {
  switch (p.status) {
    case checker::Status::kHolds: return "holds";
    case checker::Status::kViolated: return absl::StrCat("**violated** (", p.steps, " steps)");
    case checker::Status::kUnknown: return "unknown";
  }
  return "unknown";
}

// Names come from input files; keep them from breaking a table row.
std::string md_name(const std::string& s) {
  return absl::StrCat("`", absl::StrReplaceAll(s, {{"|", "\\|"}, {"\n", " "}, {"`", "'"}}), "`");
}

std::string md_row(const std::vector<std::string>& cells) { return absl::StrCat("| ", absl::StrJoin(cells, " | "), " |\n"); }

std::string md_table(const Table& t) {
  std::string out = md_row(t.header);
  out += md_row(std::vector<std::string>(t.header.size(), "---"));
  for (const auto& row : t.rows) out += md_row(row);
  if (!t.notes.empty()) out += "\n";
  for (const std::string& n : t.notes) absl::StrAppend(&out, "- ", n, "\n");
  return out;
}

constexpr char kMarkdownIntro[] =
    "# Policy matrix\n"
    "\n"
    "Every policy checked against every scenario by `wbcheck matrix`, one exhaustive\n"
    "search per cell. A property is `holds` when it holds in every reachable state,\n"
    "`**violated** (N steps)` when the shortest counterexample takes N steps\n"
    "(`wbcheck check --scenario S --policy P` prints it step by step), `unknown` when\n"
    "a limit stopped the search first, and `n/a` when the model does not support the\n"
    "pair (the note under the table says why). `states` is the number of distinct\n"
    "states the search stored. The properties are described in the README.\n";

std::string md_policies(const Matrix& m) {
  std::string out = "\n## Policies\n\n";
  for (const MatrixInput& p : m.policies) absl::StrAppend(&out, "- ", md_name(p.name), ": ", p.description, "\n");
  return out;
}

}  // namespace

std::string print_matrix_text(const Matrix& m) {
  std::string out = absl::StrCat("wbcheck ", m.version, " matrix: ", m.policies.size(), " policies x ",
                                 m.scenarios.size(), " scenarios\n",
                                 "cells: ok holds, VIOL(n) violated after n steps, ? unknown (a limit was hit), "
                                 "n/a the model does not support the pair\n");
  const Style style{text_property, plain, "n/a"};
  int note = 0;
  for (size_t s = 0; s < m.scenarios.size(); ++s) {
    absl::StrAppend(&out, "\nscenario ", m.scenarios[s].name, "\n", text_table(scenario_table(m, s, style, note)));
  }
  return out;
}

std::string print_matrix_markdown(const Matrix& m) {
  std::string out = absl::StrCat(kMarkdownBanner, "\n", kMarkdownIntro, md_policies(m));
  const Style style{md_property, md_name, "n/a"};
  int note = 0;
  for (size_t s = 0; s < m.scenarios.size(); ++s) {
    const MatrixInput& sc = m.scenarios[s];
    absl::StrAppend(&out, "\n## Scenario ", md_name(sc.name), "\n\n", sc.description, "\n\n",
                    md_table(scenario_table(m, s, style, note)));
  }
  return out;
}

}  // namespace wbcheck::cli
