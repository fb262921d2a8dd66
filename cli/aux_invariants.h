// Auxiliary invariants for `wbcheck prove` (docs/formats.md, "Auxiliary
// invariants"): tables over state fields, each saying "the tuple of these
// fields is one of these rows". k-induction proves them along with the
// properties and assumes them in its step case (properties/induction.h), so
// a wrong table is refuted, never trusted; where they come from does not
// matter for soundness. `prove --suggest-aux` writes candidate tables: the
// projections of the explicit search's reachable states onto each task's
// fields, the inode's, and each folio's with its blocks.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <z3++.h>

#include "absl/status/statusor.h"
#include "model/sym/state.h"
#include "model/wb_model.h"
#include "properties/induction.h"

namespace wbcheck::cli {

struct AuxTable {
  std::string name;
  std::vector<size_t> columns;  // indices into the symbolic layout
  std::vector<std::vector<uint64_t>> rows;
};

// Reads the file; errors name the file and the JSON path.
absl::StatusOr<std::vector<AuxTable>> load_aux(const std::string& path, const model::sym::Layout& layout);

// The tables as one formula over a symbolic state.
z3::expr aux_formula(z3::context& z, const std::vector<AuxTable>& tables, const properties::SymbolicState& s);

// Candidate tables from the explicit search of m (every reachable state), as
// the JSON text of an --aux file.
std::string suggest_aux(const model::WbModel& m);

}  // namespace wbcheck::cli
