// print_junit and xml_escape on hand-built Reports.
#include <gtest/gtest.h>

#include <string>

#include "checker/print_junit.h"
#include "checker/trace_text.h"
#include "checker/xml_escape.h"
#include "report_fixtures.h"

namespace wbcheck::checker {
namespace {

using testing::sample_report;

size_t count_of(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
  return n;
}

TEST(XmlEscapeTest, MarkupCharacters) {
  EXPECT_EQ(xml_text("a<b>&c\"d'e"), "a&lt;b&gt;&amp;c&quot;d&apos;e");
  EXPECT_EQ(xml_attr("a<b>&c\"d'e"), "a&lt;b&gt;&amp;c&quot;d&apos;e");
  EXPECT_EQ(xml_text("&amp;"), "&amp;amp;");  // escaping is not idempotent, on purpose
  EXPECT_EQ(xml_text("]]>"), "]]&gt;");
}

TEST(XmlEscapeTest, WhitespaceControls) {
  EXPECT_EQ(xml_text("a\tb\nc\rd"), "a\tb\nc&#13;d");
  EXPECT_EQ(xml_attr("a\tb\nc\rd"), "a&#9;b&#10;c&#13;d");
}

TEST(XmlEscapeTest, OtherControlsBecomeReplacementCharacter) {
  const std::string fffd = "\xEF\xBF\xBD";
  EXPECT_EQ(xml_text(std::string("a\x01" "b\x1f" "c\x0b\x0c", 7)), "a" + fffd + "b" + fffd + "c" + fffd + fffd);
  EXPECT_EQ(xml_attr(std::string("x\0y", 3)), "x" + fffd + "y");
  EXPECT_EQ(xml_text("\x1b[31m"), fffd + "[31m");
  // Not XML characters either: U+FFFE, U+FFFF.
  EXPECT_EQ(xml_text("\xEF\xBF\xBE\xEF\xBF\xBF"), fffd + fffd);
}

TEST(XmlEscapeTest, PlainTextAndUtf8Untouched) {
  EXPECT_EQ(xml_text("xfs_discard_folio [0, 0) -> ok"), "xfs_discard_folio [0, 0) -&gt; ok");
  EXPECT_EQ(xml_attr("caf\xC3\xA9 \xE2\x86\x92 \x7f"), "caf\xC3\xA9 \xE2\x86\x92 \x7f");
  EXPECT_EQ(xml_text(""), "");
}

TEST(PrintJunitTest, WholeDocumentOfTheSample) {
  Report r = sample_report();
  const std::string trace = xml_text("no-warn: violated after 3 steps\n" + trace_text(r.properties[0]));
  const std::string expected =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<testsuites name=\"wbcheck\" tests=\"3\" failures=\"1\" errors=\"0\" skipped=\"1\" time=\"0.250\">\n"
      "  <testsuite name=\"wbcheck: toy x p-1.0\" tests=\"3\" failures=\"1\" errors=\"0\" skipped=\"1\" "
      "time=\"0.250\">\n"
      "    <properties>\n"
      "      <property name=\"version\" value=\"9.9.9\"/>\n"
      "      <property name=\"scenario\" value=\"toy\"/>\n"
      "      <property name=\"policy\" value=\"p-1.0\"/>\n"
      "      <property name=\"verdict\" value=\"violated\"/>\n"
      "      <property name=\"states\" value=\"12\"/>\n"
      "      <property name=\"transitions\" value=\"30\"/>\n"
      "      <property name=\"max_depth\" value=\"3\"/>\n"
      "      <property name=\"stopped_by\" value=\"max-states\"/>\n"
      "    </properties>\n"
      "    <testcase classname=\"toy.p-1.0\" name=\"no-warn\">\n"
      "      <failure message=\"convert never finds a hole\" type=\"violated\">" +
      trace +
      "</failure>\n"
      "    </testcase>\n"
      "    <testcase classname=\"toy.p-1.0\" name=\"balanced\"/>\n"
      "    <testcase classname=\"toy.p-1.0\" name=\"no-stale\">\n"
      "      <skipped message=\"undecided: the search stopped at the max-states limit; every state to depth 2 "
      "satisfies it\"/>\n"
      "    </testcase>\n"
      "  </testsuite>\n"
      "</testsuites>\n";
  EXPECT_EQ(print_junit(r), expected);
}

// The failure text is the text printer's trace: the swimlane of two lanes
// of 24 columns (checker/trace_swimlane.h), B's step in the second lane with
// A's bar before it, details and changes indented under the step's lane.
TEST(PrintJunitTest, FailureTextIsTheNumberedTrace) {
  std::string out = print_junit(sample_report());
  const std::string bar = "|" + std::string(23, ' ');
  EXPECT_NE(out.find("no-warn: violated after 3 steps\n"
                     "  must hold: convert never finds a hole\n"
                     "  kernel failure: F1: WARN_ON_ONCE\n\n"
                     "  step  A" + std::string(23, ' ') + "B\n"
                     "     1  xfs_map_blocks.lookup  (fs/xfs/xfs_aops.c)\n"
                     "          fsb 0 is delalloc\n"
                     "          | block[0-1].extent hole-&gt;delalloc\n"
                     "     2  " + bar + "punch  (fs/xfs/xfs_bmap_util.c)\n"
                     "        " + bar + "  | fdblocks 59-&gt;64\n"
                     "     3  xfs_bmapi_convert_delalloc  (fs/xfs/libxfs/xfs_bmap.c)\n"
                     "          no extent at fsb 4\n"
                     "  the state after step 3 violates no-warn\n"
                     "  no-warn must hold: convert never finds a hole\n</failure>"),
            std::string::npos)
      << out;
}

TEST(PrintJunitTest, AllHoldNoLimit) {
  Report r = sample_report();
  r.verdict = Verdict::kHolds;
  r.stats.stopped_by.clear();
  for (ReportProperty& p : r.properties) {
    p.status = Status::kHolds;
    p.trace.clear();
  }
  std::string out = print_junit(r);
  EXPECT_EQ(count_of(out, "tests=\"3\" failures=\"0\" errors=\"0\" skipped=\"0\""), 2u) << out;
  EXPECT_EQ(count_of(out, "<testcase "), 3u);
  EXPECT_EQ(count_of(out, "<failure"), 0u);
  EXPECT_EQ(count_of(out, "<skipped"), 0u);
  EXPECT_EQ(out.find("stopped_by"), std::string::npos);
  EXPECT_NE(out.find("<property name=\"verdict\" value=\"holds\"/>"), std::string::npos);
}

// Everything that comes from input files or the model is escaped: scenario
// and policy names, property text, step details.
TEST(PrintJunitTest, EscapesEverythingItQuotes) {
  Report r = sample_report();
  r.scenario = "a<b";
  r.policy = "p\"&'q";
  r.properties[0].statement = "x < y && \"z\"";
  r.properties[0].trace[0].info.detail = "pos=0: punch [0, 0) <widened> \x01";
  std::string out = print_junit(r);
  EXPECT_NE(out.find("<testsuite name=\"wbcheck: a&lt;b x p&quot;&amp;&apos;q\""), std::string::npos) << out;
  EXPECT_NE(out.find("classname=\"a&lt;b.p&quot;&amp;&apos;q\""), std::string::npos);
  EXPECT_NE(out.find("<failure message=\"x &lt; y &amp;&amp; &quot;z&quot;\""), std::string::npos);
  EXPECT_NE(out.find("punch [0, 0) &lt;widened&gt; \xEF\xBF\xBD\n"), std::string::npos);
  EXPECT_EQ(out.find('\x01'), std::string::npos);
}

TEST(PrintJunitTest, OnlyTheSuiteTimeDependsOnTheRun) {
  Report a = sample_report(), b = sample_report();
  b.stats.seconds = 12.3456;
  b.stats.peak_rss_bytes = 1 << 30;
  std::string x = print_junit(a), y = print_junit(b);
  EXPECT_EQ(count_of(y, "time=\"12.346\""), 2u);
  EXPECT_EQ(count_of(y, "time="), 2u);  // testsuites and testsuite, no testcase
  for (std::string* s : {&x, &y}) {
    for (size_t at = s->find("time=\""); at != std::string::npos; at = s->find("time=\"", at + 1)) {
      s->replace(at, s->find('"', at + 6) - at + 1, "time=\"T\"");
    }
  }
  EXPECT_EQ(x, y);
}

TEST(UndecidedTextTest, WithAndWithoutALimitName) {
  Report r = sample_report();
  EXPECT_EQ(undecided_text(r.properties[2], r.stats),
            "undecided: the search stopped at the max-states limit; every state to depth 2 satisfies it");
  r.stats.stopped_by.clear();
  EXPECT_EQ(undecided_text(r.properties[2], r.stats),
            "undecided: the search stopped early; every state to depth 2 satisfies it");
}

}  // namespace
}  // namespace wbcheck::checker
