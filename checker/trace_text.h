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

// Field values with runs of the same value on consecutive indices folded,
// as changes_text does: "block[0-3].extent delalloc".
std::vector<std::string> state_text(const std::vector<StateValue>& values);

// `items` joined by ", " into lines of at most `width` characters, trailing
// comma included (unless one item is longer), each line prefixed by `indent` and ending in "\n".
std::string wrap_items(const std::vector<std::string>& items, const std::string& indent, size_t width);
// `text` broken at spaces into lines of at most `width` characters, likewise.
std::string wrap_words(const std::string& text, const std::string& indent, size_t width);

// One numbered step (1-based `number`): the line "task step (file)", then the
// detail and the changes, wrapped at about 100 columns. Ends with a newline.
// (`wbcheck replay` prints steps this way as it replays them.)
std::string step_text(const ReportStep& s, size_t number);

// A violated property's trace: "  must hold: ..." and the kernel failure, a
// legend of the locks row when there is one, the swimlane
// (checker/trace_swimlane.h; folded unless `fold` is false), "  the state
// after step N violates <id>", the fields the property reads in that state
// and "  <id> must hold: <statement>"; every line ending with a newline.
std::string trace_text(const ReportProperty& p, bool fold = true);

// Why an unknown property is undecided, in one line: "undecided: the search
// stopped at the max-states limit; every state to depth 7 satisfies it".
std::string undecided_text(const ReportProperty& p, const Stats& s);

}  // namespace wbcheck::checker
