#include "cli/aux_invariants.h"

#include <algorithm>
#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "cli/load.h"
#include "cli/reachable.h"
#include "model/json_path.h"
#include "nlohmann/json.hpp"

namespace wbcheck::cli {
namespace {

using model::JsonCursor;

absl::StatusOr<AuxTable> read_table(const JsonCursor& at, const model::sym::Layout& layout) {
  WBCHECK_JSON_RETURN_IF_ERROR(at.expect_object({"name", "fields", "rows"}));
  AuxTable t;
  WBCHECK_JSON_ASSIGN_OR_RETURN(JsonCursor name, at.require("name"));
  WBCHECK_JSON_ASSIGN_OR_RETURN(t.name, name.get_string());
  WBCHECK_JSON_ASSIGN_OR_RETURN(JsonCursor fields, at.require("fields"));
  WBCHECK_JSON_RETURN_IF_ERROR(fields.expect_array(1));
  for (size_t i = 0; i < fields.size(); ++i) {
    WBCHECK_JSON_ASSIGN_OR_RETURN(std::string key, fields.index(i).get_string());
    auto it = std::find(layout.keys.begin(), layout.keys.end(), key);
    if (it == layout.keys.end()) {
      return fields.index(i).error(absl::StrCat("no state field '", key, "' in this scenario (e.g. \"task[0].phase\")"));
    }
    t.columns.push_back(static_cast<size_t>(it - layout.keys.begin()));
  }
  WBCHECK_JSON_ASSIGN_OR_RETURN(JsonCursor rows, at.require("rows"));
  WBCHECK_JSON_RETURN_IF_ERROR(rows.expect_array(1));
  for (size_t r = 0; r < rows.size(); ++r) {
    const JsonCursor row = rows.index(r);
    WBCHECK_JSON_RETURN_IF_ERROR(row.expect_array(t.columns.size(), t.columns.size()));
    std::vector<uint64_t> values;
    for (size_t i = 0; i < row.size(); ++i) {
      WBCHECK_JSON_ASSIGN_OR_RETURN(uint64_t v, row.index(i).get_uint());
      if (layout.widths[t.columns[i]] < 64 && v >> layout.widths[t.columns[i]] != 0) {
        return row.index(i).error(absl::StrCat("does not fit in ", layout.keys[t.columns[i]], " (",
                                               layout.widths[t.columns[i]], " bits)"));
      }
      values.push_back(v);
    }
    t.rows.push_back(std::move(values));
  }
  return t;
}

}  // namespace

absl::StatusOr<std::vector<AuxTable>> load_aux(const std::string& path, const model::sym::Layout& layout) {
  absl::StatusOr<nlohmann::json> doc = read_json_file(path);
  if (!doc.ok()) return doc.status();
  const JsonCursor root(*doc, path);
  WBCHECK_JSON_RETURN_IF_ERROR(root.expect_object({"description", "invariants"}));
  WBCHECK_JSON_ASSIGN_OR_RETURN(JsonCursor list, root.require("invariants"));
  WBCHECK_JSON_RETURN_IF_ERROR(list.expect_array(0));
  std::vector<AuxTable> out;
  for (size_t i = 0; i < list.size(); ++i) {
    WBCHECK_JSON_ASSIGN_OR_RETURN(AuxTable t, read_table(list.index(i), layout));
    out.push_back(std::move(t));
  }
  return out;
}

z3::expr aux_formula(z3::context& z, const std::vector<AuxTable>& tables, const properties::SymbolicState& s) {
  z3::expr_vector all(z);
  for (const AuxTable& t : tables) {
    z3::expr_vector any(z);
    for (const std::vector<uint64_t>& row : t.rows) {
      z3::expr_vector eq(z);
      for (size_t i = 0; i < t.columns.size(); ++i) {
        const z3::expr& v = s[t.columns[i]];
        eq.push_back(v == z.bv_val(row[i], v.get_sort().bv_size()));
      }
      any.push_back(z3::mk_and(eq));
    }
    all.push_back(z3::mk_or(any));
  }
  return z3::mk_and(all);
}

std::string suggest_aux(const model::WbModel& m) {
  const model::Context& c = m.context();
  const model::sym::Layout layout = model::sym::layout_of(c);
  // Groups of columns: each task's fields with the inode's and the folios'
  // (whose locks the task takes), each folio's and its blocks' with the
  // inode's, the ioends with the inode's, and every task's program counter
  // together (which orders the tasks' progress).
  std::map<std::string, std::vector<size_t>> groups;
  std::vector<size_t> inode, folios;
  for (size_t i = 0; i < layout.keys.size(); ++i) {
    const std::string& k = layout.keys[i];
    std::string group;
    if (k.starts_with("task[")) {
      group = k.substr(0, k.find(']') + 1) + " with the inode and the folios";
      if (k.ends_with(".op") || k.ends_with(".phase")) groups["program counters"].push_back(i);
    } else if (k.starts_with("io[")) {
      group = "ioends with the inode";
    } else if (k.starts_with("folio[")) {
      group = k.substr(0, k.find(']') + 1) + " with the inode";
      folios.push_back(i);
    } else if (k.starts_with("block[")) {
      group = absl::StrCat("folio[", c.folio_of(std::stoi(k.substr(6))), "] with the inode");
    } else {
      inode.push_back(i);
      continue;
    }
    groups[group].push_back(i);
  }
  for (auto& [name, cols] : groups) {
    if (name.starts_with("task[")) cols.insert(cols.begin(), folios.begin(), folios.end());
    if (name != "program counters") cols.insert(cols.begin(), inode.begin(), inode.end());
  }
  std::map<std::string, std::set<std::vector<uint64_t>>> rows;
  const ReachableStates reach(m, [&](const model::State& s) {
    const std::vector<uint64_t> v = model::sym::live_values(c, s);
    for (const auto& [name, cols] : groups) {
      std::vector<uint64_t> row;
      for (size_t col : cols) row.push_back(v[col]);
      rows[name].insert(std::move(row));
    }
    return true;
  });
  nlohmann::ordered_json doc;
  doc["description"] = absl::StrCat("Candidate invariants of scenario ", c.scenario.name, " under policy ",
                                    c.policy.name, ": the projections of the ", reach.seen(),
                                    " states the explicit search reaches. wbcheck prove proves them, so a wrong "
                                    "row set is refuted rather than trusted.");
  doc["invariants"] = nlohmann::ordered_json::array();
  for (const auto& [name, cols] : groups) {
    nlohmann::ordered_json t;
    t["name"] = name;
    t["fields"] = nlohmann::ordered_json::array();
    for (size_t col : cols) t["fields"].push_back(layout.keys[col]);
    t["rows"] = nlohmann::ordered_json::array();
    for (const std::vector<uint64_t>& row : rows[name]) t["rows"].push_back(row);
    doc["invariants"].push_back(std::move(t));
  }
  return doc.dump(1) + "\n";
}

}  // namespace wbcheck::cli
