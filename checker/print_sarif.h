// `--format sarif`: the run as one SARIF 2.1.0 log (OASIS Static Analysis
// Results Interchange Format), for code-scanning dashboards.
//
// One run. tool.driver is wbcheck with one rule per property (id, statement
// as shortDescription, the kernel failure it catches as fullDescription).
// Results:
//   - a violated property: kind "fail", level "error", message "<statement>:
//     violated after N steps", located at the policy file, with one codeFlow
//     holding one threadFlow per task (id = the task name, in order of first
//     appearance); each threadFlowLocation is one trace step: executionOrder
//     = its 1-based position in the whole trace, location.message "<step>:
//     <detail>" (just "<step>" without a detail), logicalLocations naming the
//     kernel function, and properties {kernel: source file, changes: the text
//     printer's folded "key before->after" items};
//   - an unknown property (a limit stopped the search): kind "open", level
//     "none" (SARIF 2.1.0 §3.27.9: "open" is a rule the tool evaluated without
//     enough information to decide; any kind other than "fail" requires level
//     "none"), same location, message "<statement>: undecided: ...";
//   - a property that holds: no result.
// Keys come in a fixed order and nothing depends on the run's timing, so the
// same inputs give the same bytes.
#pragma once

#include <string>
#include <string_view>

#include "checker/report.h"

namespace wbcheck::checker {

// `policy_path` is the policy file as given on the command line: results are
// located there (artifactLocation.uri = sarif_uri(policy_path)).
std::string print_sarif(const Report& r, std::string_view policy_path);

// A file path as a SARIF artifactLocation.uri: a relative path stays relative
// (as given), an absolute one becomes a file:// URI; bytes outside RFC 3986's
// unreserved set, '/' and the sub-delimiters (space, '%', '#', '?', ':',
// non-ASCII...) are percent-encoded.
std::string sarif_uri(std::string_view path);

}  // namespace wbcheck::checker
