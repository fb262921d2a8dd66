// The swimlane text trace (checker/trace_swimlane.h, trace_text.h) and the
// slice that decides which steps may be folded (checker/trace_slice.h), on
// hand-built reports. Expected layouts follow the rules in the headers: an
// 8-column step-number margin, lanes min(24, 96 / lanes) columns wide unless
// a function would pass column 120.
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "checker/report.h"
#include "checker/trace_slice.h"
#include "checker/trace_swimlane.h"
#include "checker/trace_text.h"

namespace wbcheck::checker {
namespace {

ResourceSet set_of(std::initializer_list<int> bits) {
  ResourceSet r;
  for (int b : bits) r.set(b);
  return r;
}

StepAccess access(std::initializer_list<int> reads, std::initializer_list<int> writes) {
  return {set_of(reads), set_of(writes)};
}

// s1 writes 1, which nobody reads: irrelevant. s0 writes 0, which s2 reads,
// and s2 writes 2, which the last step reads.
TEST(RelevantStepsTest, BackwardThroughReads) {
  std::vector<StepAccess> steps = {access({0}, {0}), access({1}, {1}), access({0, 2}, {2}), access({2, 3}, {3})};
  EXPECT_EQ(relevant_steps(steps, set_of({3})), (std::vector<bool>{true, false, true, true}));
}

// A read before the write does not make the write relevant.
TEST(RelevantStepsTest, ReadsBeforeTheWriteDoNotCount) {
  std::vector<StepAccess> steps = {access({5}, {}), access({}, {5}), access({}, {})};
  EXPECT_EQ(relevant_steps(steps, set_of({})), (std::vector<bool>{false, false, true}));
}

// What the property reads makes its writer relevant; the last step always is.
TEST(RelevantStepsTest, PropertyReadsAndTheLastStep) {
  std::vector<StepAccess> steps = {access({}, {7}), access({}, {9}), access({}, {8})};
  EXPECT_EQ(relevant_steps(steps, set_of({7})), (std::vector<bool>{true, false, true}));
  EXPECT_TRUE(relevant_steps({}, set_of({1})).empty());
}

ReportStep step(const std::string& task, const std::string& name, bool relevant = true,
                std::vector<std::string> holds = {}) {
  ReportStep s{{task, name, "k.c", "", ""}, {}};
  s.relevant = relevant;
  s.holds = std::move(holds);
  return s;
}

const std::string kBar = "|" + std::string(23, ' ');  // a lane of 24 columns crossed

// Steps 2-4 (C, C, B) form a run of three irrelevant steps: one line. Steps 6-7
// are a run of two: shown.
TEST(SwimlaneTest, FoldsRunsOfThreeOrMoreIrrelevantSteps) {
  ReportProperty p{"id", "s", "c", Status::kViolated, 8, {}};
  p.lanes = {"A", "B", "C"};
  p.trace = {step("A", "a1"),        step("C", "c1", false), step("C", "c2", false), step("B", "b1", false),
             step("A", "a2"),        step("C", "c3", false), step("C", "c4", false), step("A", "a3")};
  const std::string header = "  step  A" + std::string(23, ' ') + "B" + std::string(23, ' ') + "C\n";
  EXPECT_EQ(swimlane_text(p, true), header +
                                        "     1  a1  (k.c)\n"
                                        "        ... 3 steps of tasks C, B folded (--no-fold to show)\n"
                                        "     5  a2  (k.c)\n"
                                        "     6  " + kBar + kBar + "c3  (k.c)\n"
                                        "     7  " + kBar + kBar + "c4  (k.c)\n"
                                        "     8  a3  (k.c)\n");
  EXPECT_EQ(swimlane_text(p, false), header +
                                         "     1  a1  (k.c)\n"
                                         "     2  " + kBar + kBar + "c1  (k.c)\n"
                                         "     3  " + kBar + kBar + "c2  (k.c)\n"
                                         "     4  " + kBar + "b1  (k.c)\n"
                                         "     5  a2  (k.c)\n"
                                         "     6  " + kBar + kBar + "c3  (k.c)\n"
                                         "     7  " + kBar + kBar + "c4  (k.c)\n"
                                         "     8  a3  (k.c)\n");
}

// After every step, and after a folded run (its last step's), a row of what
// each lane holds; "|" for nothing.
TEST(SwimlaneTest, LocksRowAfterEachStepAndFold) {
  ReportProperty p{"id", "s", "c", Status::kViolated, 5, {}};
  p.lanes = {"A", "B"};
  p.trace = {step("A", "f", true, {"IO=x F0", ""}),   step("B", "x", false, {"IO=x F0", "MM=s"}),
             step("B", "y", false, {"IO=x F0", ""}),  step("B", "z", false, {"", "IO=s F1"}),
             step("B", "g", true, {"", "IO=s F1"})};
  EXPECT_EQ(swimlane_text(p, true), "  step  A" + std::string(23, ' ') + "B\n"
                                    "     1  f  (k.c)\n"
                                    "  locks IO=x F0" + std::string(17, ' ') + "|\n"
                                    "        ... 3 steps of task B folded (--no-fold to show)\n"
                                    "  locks " + kBar + "IO=s F1\n"
                                    "     5  " + kBar + "g  (k.c)\n"
                                    "  locks " + kBar + "IO=s F1\n");
}

// The whole trace text: statement, kernel failure, the legend of the locks
// row, the swimlane, the violating step, the property's fields in that state
// (runs of equal values folded) and the statement again, wrapped at 120.
TEST(TraceTextTest, EndsWithTheViolatingStateAndTheStatement) {
  const std::string statement = std::string(60, 'x') + " " + std::string(60, 'y');
  ReportProperty p{"no-warn", statement, "F1", Status::kViolated, 1, {}};
  p.lanes = {"A"};
  p.trace = {step("A", "f", true, {"IO=x"})};
  p.violating_state = {{"block[0].extent", 0, "hole"}, {"block[1].extent", 0, "hole"},
                       {"block[2].extent", 1, "delalloc"}, {"warned", 1, ""}};
  EXPECT_EQ(trace_text(p),
            "  must hold: " + std::string(60, 'x') + "\n"
            "    " + std::string(60, 'y') + "\n"
            "  kernel failure: F1\n"
            "  locks held after each step: IO=x|s IOLOCK (i_rwsem) exclusive|shared, MM=x|s MMAPLOCK\n"
            "  (invalidate_lock), F0,1 folios locked; ILOCK is held only within one step\n"
            "\n"
            "  step  A\n"
            "     1  f  (k.c)\n"
            "  locks IO=x\n"
            "  the state after step 1 violates no-warn\n"
            "  | block[0-1].extent hole, block[2].extent delalloc, warned 1\n"
            "  no-warn must hold: " + std::string(60, 'x') + "\n"
            "    " + std::string(60, 'y') + "\n");
}

// Five lanes would be 19 columns wide, but the 48-character function in the
// fifth lane must end by column 120: (120 - 8 - 48) / 4 = 16. It leaves no
// room for its file (on the next line) nor for its detail under it (back at
// the margin); no line passes 120 columns.
TEST(SwimlaneTest, FiveLanesStayWithin120Columns) {
  ReportProperty p{"id", "s", "c", Status::kViolated, 1, {}};
  p.lanes = {"A", "B", "C", "D", "umount"};
  ReportStep s{{"umount", "xfs_discard_folio.xfs_bmap_punch_delalloc_range", "fs/xfs/xfs_bmap_util.c",
                "pos=0: punch [pos, round_up(pos, folio_size)) = [0, 0) holding folio 0 locked; then folio_unlock "
                "(count == 0) and more words to wrap",
                ""},
               {}};
  for (int i = 0; i < 12; ++i) s.changes.push_back({"field_" + std::to_string(i), 0, 100000, "", ""});
  s.holds = {"IO=x MM=x F0,1,2,3", "IO=s MM=s F4,5,6,7", "", "", ""};
  p.trace = {s};
  const std::string text = swimlane_text(p, true);
  std::string bar16 = "|" + std::string(15, ' ');
  EXPECT_NE(text.find("     1  " + bar16 + bar16 + bar16 + bar16 +
                      "xfs_discard_folio.xfs_bmap_punch_delalloc_range\n"
                      "          (fs/xfs/xfs_bmap_util.c)\n"
                      "          pos=0: punch"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("\n  locks IO=x MM=x F0,1,2,3 IO=s MM=s F4,5,6,7 |" + std::string(15, ' ') + "|"),
            std::string::npos)
      << text;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) EXPECT_LE(line.size(), kMaxColumns) << line;
}

}  // namespace
}  // namespace wbcheck::checker
