#include "checker/print_junit.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "checker/trace_text.h"
#include "checker/xml_escape.h"

namespace wbcheck::checker {
namespace {

struct Counts {
  size_t tests = 0, failures = 0, skipped = 0;
};

Counts count(const Report& r) {
  Counts c;
  for (const ReportProperty& p : r.properties) {
    ++c.tests;
    if (p.status == Status::kViolated) ++c.failures;
    if (p.status == Status::kUnknown) ++c.skipped;
  }
  return c;
}

// tests="10" failures="3" errors="0" skipped="0" time="0.012"
std::string count_attrs(const Counts& c, const Stats& s) {
  return absl::StrFormat("tests=\"%d\" failures=\"%d\" errors=\"0\" skipped=\"%d\" time=\"%.3f\"", c.tests,
                         c.failures, c.skipped, s.seconds);
}

void append_property(std::string& out, const std::string& name, const std::string& value) {
  absl::StrAppend(&out, "      <property name=\"", xml_attr(name), "\" value=\"", xml_attr(value), "\"/>\n");
}

void append_testcase(std::string& out, const Report& r, const ReportProperty& p) {
  absl::StrAppend(&out, "    <testcase classname=\"", xml_attr(absl::StrCat(r.scenario, ".", r.policy)), "\" name=\"",
                  xml_attr(p.id), "\"");
  switch (p.status) {
    case Status::kHolds:
      absl::StrAppend(&out, "/>\n");
      return;
    case Status::kViolated:
      absl::StrAppend(&out, ">\n      <failure message=\"", xml_attr(p.statement), "\" type=\"violated\">",
                      xml_text(absl::StrCat(p.id, ": violated after ", p.trace.size(), " steps\n", trace_text(p))),
                      "</failure>\n");
      break;
    case Status::kUnknown:
      absl::StrAppend(&out, ">\n      <skipped message=\"", xml_attr(undecided_text(p, r.stats)), "\"/>\n");
      break;
  }
  absl::StrAppend(&out, "    </testcase>\n");
}

}  // namespace

std::string print_junit(const Report& r) {
  const Counts c = count(r);
  const std::string attrs = count_attrs(c, r.stats);
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  absl::StrAppend(&out, "<testsuites name=\"", xml_attr(r.tool), "\" ", attrs, ">\n");
  absl::StrAppend(&out, "  <testsuite name=\"", xml_attr(absl::StrCat(r.tool, ": ", r.scenario, " x ", r.policy)), "\" ",
                  attrs, ">\n");
  absl::StrAppend(&out, "    <properties>\n");
  append_property(out, "version", r.version);
  append_property(out, "scenario", r.scenario);
  append_property(out, "policy", r.policy);
  append_property(out, "verdict", to_string(r.verdict));
  append_property(out, "states", absl::StrCat(r.stats.states));
  append_property(out, "transitions", absl::StrCat(r.stats.transitions));
  append_property(out, "max_depth", absl::StrCat(r.stats.max_depth));
  if (!r.stats.stopped_by.empty()) append_property(out, "stopped_by", r.stats.stopped_by);
  absl::StrAppend(&out, "    </properties>\n");
  for (const ReportProperty& p : r.properties) append_testcase(out, r, p);
  absl::StrAppend(&out, "  </testsuite>\n</testsuites>\n");
  return out;
}

}  // namespace wbcheck::checker
