// Completion of a submitted ioend (model/paths/io_completion.cc):
// xfs_end_ioend converting unwritten extents and ending writeback on success,
// leaving the extents and recording the error on failure, and the I/O fault
// that fails a healthy ioend. Submission is in writeback_submit_steps_test.cc.
// Geometry and fixtures are in step_fixtures.h.
#include "model/steps.h"

#include "gtest/gtest.h"
#include "model/errseq.h"
#include "model/extent_map.h"
#include "step_fixtures.h"

namespace wbcheck::model::steps_test {
namespace {

// ============================= I/O completion ===============================

State in_flight(const Context& c, uint16_t mask, Errno err) {
  State s = fresh();
  for (int b = 0; b < c.nblocks; ++b) {
    if (!(mask >> b & 1)) continue;
    set_extent(s, b, K::kUnwritten);
    s.block[b].cache_ver = 3;
    s.block[b].io_ver = 3;
    s.folio[c.folio_of(b)].present = 1;
    s.folio[c.folio_of(b)].writeback = 1;
  }
  s.io[0] = {mask, static_cast<uint8_t>(err), 0};
  return s;
}

// Success: the data is on disk (disk_ver = io_ver), xfs_iomap_write_unwritten
// converts the unwritten extents (if_seq bump), folio_end_writeback.
TEST(XfsEndIoend, SuccessConvertsUnwrittenAndEndsWriteback) {
  Context c = one_task(fsync_op());
  State s = in_flight(c, 0b11, Errno::kOk);
  s.task[1].map_valid = 1;
  xfs_end_ioend(s, c, 0, 0);
  EXPECT_EQ(extent_at(s, 0), K::kWritten);
  EXPECT_EQ(extent_at(s, 1), K::kWritten);
  EXPECT_EQ(s.block[0].disk_ver, 3);
  EXPECT_EQ(s.block[0].io_ver, 0);
  EXPECT_EQ(s.folio[0].writeback, 0);
  EXPECT_EQ(s.io[0].blocks, 0);
  EXPECT_EQ(s.task[1].map_valid, 0);
  EXPECT_EQ(s.wb_err, 0);
}

// Error on a data-fork (non-COW) ioend: xfs_end_ioend goes to `done` without
// touching extents (they stay unwritten: reads give zeros), nothing reaches
// disk; iomap_finish_folio_write records -EIO and ends writeback.
TEST(XfsEndIoend, ErrorLeavesExtentsAndRecordsEio) {
  Context c = one_task(fsync_op());
  State s = in_flight(c, 0b11, Errno::kEIO);
  xfs_end_ioend(s, c, 0, 0);
  EXPECT_EQ(extent_at(s, 0), K::kUnwritten);
  EXPECT_EQ(s.block[0].disk_ver, 0);
  EXPECT_EQ(s.block[0].io_ver, 0);
  EXPECT_EQ(s.folio[0].writeback, 0);
  EXPECT_EQ(errseq_errno(s.wb_err), Errno::kEIO);
  EXPECT_EQ(s.as_eio, 1);
  EXPECT_EQ(s.io[0].blocks, 0);
  EXPECT_EQ(s.io[0].err, 0);
}

// A device error (faults.io) on a healthy ioend behaves the same way.
TEST(XfsEndIoend, IoFaultFailsAHealthyIoend) {
  Faults f;
  f.io = FaultMode::kNondet;
  Context c = one_task(fsync_op(), Policy{}, f);
  State s = in_flight(c, 0b1, Errno::kOk);
  EXPECT_EQ(end_ioend_outcomes(s, c, 0), 2);
  xfs_end_ioend(s, c, 0, 1);
  EXPECT_EQ(extent_at(s, 0), K::kUnwritten);
  EXPECT_EQ(errseq_errno(s.wb_err), Errno::kEIO);
  State failed = in_flight(c, 0b1, Errno::kEIO);
  EXPECT_EQ(end_ioend_outcomes(failed, c, 0), 1);  // already failed at submission
}

}  // namespace
}  // namespace wbcheck::model::steps_test
