// `--format junit`: the run as JUnit XML in the schema Jenkins and GitLab read.
// One <testsuite> ("wbcheck: <scenario> x <policy>") inside <testsuites>, one
// <testcase> per property (classname "<scenario>.<policy>", name the property
// id): a violated property has a <failure type="violated"> whose message is
// the statement and whose text is the trace as the text printer numbers it; an
// unknown one (a limit stopped the search) is <skipped>. The only run-dependent
// value is the `time` attribute of <testsuites>/<testsuite>: the search's
// wall-clock seconds. Test cases carry no time (the search checks every
// property at once), so the rest of the document is byte-for-byte
// reproducible.
#pragma once

#include <string>

#include "checker/report.h"

namespace wbcheck::checker {

std::string print_junit(const Report& r);

}  // namespace wbcheck::checker
