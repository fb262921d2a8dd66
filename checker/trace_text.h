// The human-readable pieces of a report that more than one printer shows: a
// step's state changes as folded "key before->after" items, and a violated
// property's counterexample as numbered steps (the text printer's layout,
// also the body of a JUnit <failure>).
#pragma once

#include <string>
#include <vector>

#include "checker/report.h"

namespace wbcheck::checker {

// Changes as "key before->after", with runs of the same change on consecutive
// indices folded: "block[0-4].extent delalloc->hole".
std::vector<std::string> changes_text(const std::vector<Change>& changes);

// One numbered step (1-based `number`): the line "task step (file)", then the
// detail and the changes, wrapped at about 100 columns. Ends with a newline.
std::string step_text(const ReportStep& s, size_t number);

// A violated property's trace, from "  must hold: ..." to "  the state after
// step N violates <id>", every line ending with a newline.
std::string trace_text(const ReportProperty& p);

// Why an unknown property is undecided, in one line: "undecided: the search
// stopped at the max-states limit; every state to depth 7 satisfies it".
std::string undecided_text(const ReportProperty& p, const Stats& s);

}  // namespace wbcheck::checker
