// The end of the writeback path of model/paths/writeback.cc: iomap_submit_ioend
// putting the ioend in flight (or marking it failed after a failed writeback)
// and __filemap_fdatawait_range walking the range and returning the first
// error. What the completion then does is in io_completion_steps_test.cc.
// Geometry and fixtures are in step_fixtures.h.
#include "model/steps.h"

#include "gtest/gtest.h"
#include "model/errseq.h"
#include "model/task_flow.h"
#include "step_fixtures.h"

namespace wbcheck::model::steps_test {
namespace {

// ============================= submit and wait ==============================

State at_submit(const Context& c, uint16_t ioend, Errno wb_err) {
  State s = fresh();
  start_writeback(s, 0, 0, c.nfolios - 1, Phase::kSyncCheck);
  s.task[0].ioend = ioend;
  s.task[0].wb_err = static_cast<uint8_t>(wb_err);
  set_phase(s.task[0], Phase::kWbSubmit);
  return s;
}

// A healthy ioend is submitted: its blocks are in flight with no error, and
// filemap_write_and_wait_range goes on to wait from folio 0.
TEST(IomapSubmitIoend, HealthyIoendGoesInFlight) {
  Context c = one_task(fsync_op());
  State s = at_submit(c, 0b11, Errno::kOk);
  iomap_submit_ioend(s, c, 0, 0);
  EXPECT_EQ(s.io[0].blocks, 0b11);
  EXPECT_EQ(s.io[0].err, 0);
  EXPECT_EQ(s.io[0].task, 0);
  EXPECT_EQ(s.io[1].blocks, 0);  // one ioend, in the first slot
  EXPECT_EQ(s.task[0].ioend, 0);
  EXPECT_EQ(s.task[0].folio, 0);
  EXPECT_EQ(phase(s, 0), Phase::kWbWait);
}

// With an error from write_cache_pages the bio is ended at once with
// errno_to_blk_status(-EFSCORRUPTED) = BLK_STS_IOERR (-EUCLEAN is not in
// blk_errors[]), i.e. -EIO at completion. The wait still runs (err != -EIO).
TEST(IomapSubmitIoend, FailedWritebackMarksTheIoendFailed) {
  Context c = one_task(fsync_op());
  State s = at_submit(c, 0b11, Errno::kEFSCORRUPTED);
  iomap_submit_ioend(s, c, 0, 0);
  EXPECT_EQ(s.io[0].blocks, 0b11);
  EXPECT_EQ(err_of(s.io[0].err), Errno::kEIO);
  EXPECT_EQ(phase(s, 0), Phase::kWbWait);
}

// filemap_write_and_wait_range skips the wait after -EIO ("the -EIO is
// special case"): straight back to the caller with the error.
TEST(IomapSubmitIoend, EioSkipsTheWait) {
  Context c = one_task(fsync_op());
  State s = at_submit(c, 0b11, Errno::kEIO);
  iomap_submit_ioend(s, c, 0, 0);
  EXPECT_EQ(phase(s, 0), Phase::kSyncCheck);
  EXPECT_EQ(err_of(s.task[0].err), Errno::kEIO);
}

// errno_to_blk_status keeps the errnos listed in
// blk_errors[] (block/blk-core.c): -EAGAIN -> BLK_STS_AGAIN, -ENOSPC ->
// BLK_STS_NOSPC, and blk_status_to_errno maps them back. xfs_end_ioend then
// calls iomap_finish_ioends(ioend, -EAGAIN / -ENOSPC), and
// iomap_finish_folio_write -> mapping_set_error records that errno (AS_ENOSPC
// for -ENOSPC), not -EIO.
TEST(IomapSubmitIoend, CompletionErrorKeepsEagainAndEnospc) {
  Context c = one_task(fsync_op());
  State s = at_submit(c, 0b1, Errno::kEAGAIN);
  iomap_submit_ioend(s, c, 0, 0);
  xfs_end_ioend(s, c, 0, 0);
  EXPECT_EQ(errseq_errno(s.wb_err), Errno::kEAGAIN);
  State n = at_submit(c, 0b1, Errno::kENOSPC);
  iomap_submit_ioend(n, c, 0, 0);
  xfs_end_ioend(n, c, 0, 0);
  EXPECT_EQ(errseq_errno(n.wb_err), Errno::kENOSPC);
  EXPECT_EQ(n.as_enospc, 1);
  EXPECT_EQ(n.as_eio, 0);
}

// __filemap_fdatawait_range over folios 0..1, one per step, then back to the
// caller's phase with the writeback's first error; the writeback locals are
// cleared.
TEST(FilemapFdatawaitRange, WalksTheRangeThenReturnsFirstError) {
  Context c = one_task(fsync_op());
  State s = at_submit(c, 0, Errno::kEFSCORRUPTED);
  s.task[0].folio = 0;
  set_phase(s.task[0], Phase::kWbWait);
  filemap_fdatawait_range(s, c, 0, 0);
  EXPECT_EQ(s.task[0].folio, 1);
  EXPECT_EQ(phase(s, 0), Phase::kWbWait);
  filemap_fdatawait_range(s, c, 0, 0);
  EXPECT_EQ(phase(s, 0), Phase::kSyncCheck);
  EXPECT_EQ(err_of(s.task[0].err), Errno::kEFSCORRUPTED);
  EXPECT_EQ(s.task[0].wb_err, 0);
  EXPECT_EQ(s.task[0].wb_last, 0);
}

}  // namespace
}  // namespace wbcheck::model::steps_test
