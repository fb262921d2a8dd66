// Filesystem shutdown (model/paths/shutdown.cc) and the xfs_is_shutdown checks
// of the paths the model covers, and a second open of the file
// (model/paths/open.cc). Expected values come from the v6.2-v6.6 sources
// named in each comment (fs/xfs/xfs_fsops.c, xfs_file.c, xfs_iomap.c,
// xfs_aops.c, xfs_inode.c, xfs_log.c, fs/open.c, lib/errseq.c); geometry and
// fixtures are in step_fixtures.h (1 KiB blocks, 4 KiB folios, 8 blocks).
#include "model/steps.h"

#include "gtest/gtest.h"
#include "model/errseq.h"
#include "model/extent_map.h"
#include "model/task_flow.h"
#include "step_fixtures.h"

namespace wbcheck::model::steps_test {
namespace {

Op shutdown_op() { return Op{OpKind::kShutdown, 0, 0, false}; }
Op open_op() { return Op{OpKind::kOpen, 0, 0, false}; }
Op read_op(uint64_t pos, uint64_t len) { return Op{OpKind::kRead, pos, len, false}; }
Op mmap_op(uint64_t pos, uint64_t len) { return Op{OpKind::kMmapWrite, pos, len, false}; }

State shut_down(uint16_t fdblocks = 64) {
  State s = fresh(fdblocks);
  s.shutdown = 1;
  return s;
}

// ============================ the shutdown op =============================

// XFS_IOC_GOINGDOWN(NOLOGFLUSH) -> xfs_force_shutdown: XFS_OPSTATE_SHUTDOWN
// is set and the ioctl returns 0.
TEST(XfsFsGoingdown, SetsShutdown) {
  Context c = one_task(shutdown_op());
  State s = fresh();
  enter_op(s, c, 0);
  EXPECT_EQ(phase(s, 0), Phase::kShutdown);
  xfs_fs_goingdown(s, c, 0, 0);
  EXPECT_EQ(s.shutdown, 1);
  EXPECT_EQ(phase(s, 0), Phase::kDone);
  EXPECT_EQ(err_of(s.task[0].ret), Errno::kOk);
}

// ================================ writeback ===============================

// xfs_map_blocks: `if (xfs_is_shutdown(mp)) return -EIO;` before the
// xfs_imap_valid fast path, so even a block inside the cached mapping fails.
// The 6.3 hook runs: xfs_discard_folio returns at once on a shut-down fs (the
// punch does nothing, the delalloc stays), mapping_set_error(-EIO) records
// it; the folio is unlocked (count == 0) and the writeback returns -EIO.
TEST(ShutdownWriteback, MapBlocksFailsDiscardPunchesNothing) {
  Context c = one_task(fsync_op(), linux_6_3());
  State s = shut_down();
  cached_folio(s, c, 0, /*dirty=*/false);
  reserved(s, 0, 4);
  mapping_folio(s, c, 0, 0, 0, 4);
  s.task[0].map_valid = 1;  // a cached mapping covering fsb 0
  s.task[0].map_start = 0;
  s.task[0].map_end = 4;
  s.task[0].map_kind = static_cast<uint8_t>(K::kUnwritten);
  xfs_map_blocks(s, c, 0, 0);
  EXPECT_EQ(phase(s, 0), Phase::kWbHook);
  EXPECT_EQ(err_of(s.task[0].err), Errno::kEIO);
  EXPECT_EQ(s.task[0].ioend, 0);
  run_map_failure_hook(s, c, 0, 0);  // punch_delalloc: nothing on a shut-down fs
  EXPECT_EQ(extent_at(s, 0), K::kDelalloc);
  EXPECT_EQ(s.i_delayed_blks, 4);
  EXPECT_EQ(s.discard_escaped, 0);
  run_map_failure_hook(s, c, 0, 0);  // set_mapping_error
  EXPECT_EQ(s.as_eio, 1);
  EXPECT_EQ(errseq_errno(s.wb_err), Errno::kEIO);
  EXPECT_EQ(s.folio[0].locked_by, 0);
  EXPECT_EQ(phase(s, 0), Phase::kSyncCheck);
  EXPECT_EQ(err_of(s.task[0].err), Errno::kEIO);
}

// xfs_bmapi_convert_delalloc starts with xfs_trans_alloc, which fails with
// -EIO on a shut-down fs (xfs_log_reserve: xlog_is_shutdown) before the
// extent lookup: a missing extent no longer WARNs, and an alloc fault has no
// second outcome.
TEST(ShutdownWriteback, ConvertFailsInXfsTransAlloc) {
  Context c = one_task(fsync_op(), linux_6_3(), alloc_fault(FaultMode::kNondet));
  State s = at_convert(c, 0, 0);  // fsb 0 is a hole: the 217030 case
  s.shutdown = 1;
  EXPECT_EQ(convert_outcomes(s, c, 0), 1);
  xfs_bmapi_convert_delalloc(s, c, 0, 0);
  EXPECT_EQ(s.warned_convert, 0);
  EXPECT_EQ(err_of(s.task[0].err), Errno::kEIO);
  EXPECT_EQ(err_of(s.task[0].wb_err), Errno::kEIO);
}

// xfs_end_ioend: "Just clean up the in-memory structures if the fs has been
// shut down": -EIO whatever the bio did. The bio wrote v1 to disk, but the
// extent stays unwritten; folio_end_writeback runs and the error is recorded.
TEST(ShutdownWriteback, EndIoendSkipsTheConversion) {
  Context c = one_task(fsync_op());
  State s = shut_down();
  set_extent(s, 0, K::kUnwritten);
  s.block[0].disk_ver = kVersionGarbage;
  s.block[0].io_ver = 1;
  s.folio[0].present = s.folio[0].writeback = 1;
  s.io[0] = {1, 0, 0};
  xfs_end_ioend(s, c, 0, 0);
  EXPECT_EQ(extent_at(s, 0), K::kUnwritten);
  EXPECT_EQ(s.block[0].disk_ver, 1);
  EXPECT_EQ(s.block[0].io_ver, 0);
  EXPECT_EQ(s.folio[0].writeback, 0);
  EXPECT_EQ(s.io[0].blocks, 0);
  EXPECT_EQ(s.as_eio, 1);
  EXPECT_EQ(errseq_errno(s.wb_err), Errno::kEIO);
}

// ================================ syscalls ================================

// xfs_file_fsync: file_write_and_wait_range first (its errseq check wins and
// advances the cursor), then `if (xfs_is_shutdown(mp)) return -EIO;`.
TEST(ShutdownFsync, EioAfterTheFlushErrseqFirst) {
  Context c = one_task(fsync_op());
  State s = shut_down();
  set_phase(s.task[0], Phase::kSyncCheck);
  file_check_and_advance_wb_err(s, c, 0, 0);
  EXPECT_EQ(err_of(s.task[0].ret), Errno::kEIO);
  EXPECT_EQ(s.fsync_lied, 0);

  State t = shut_down();
  t.wb_err = errseq_set(0, Errno::kEFBIG);
  set_phase(t.task[0], Phase::kSyncCheck);
  file_check_and_advance_wb_err(t, c, 0, 0);
  EXPECT_EQ(err_of(t.task[0].ret), Errno::kEFBIG);
  EXPECT_EQ(t.task[0].f_wb_err, t.wb_err);
}

// xfs_file_write_iter: -EIO before xfs_file_buffered_write takes IOLOCK.
TEST(ShutdownWrite, WriteIterFailsWithoutTheLock) {
  Context c = one_task(write_op(0, 1024));
  State s = shut_down();
  enter_op(s, c, 0);
  xfs_file_buffered_write_lock(s, c, 0, 0);
  EXPECT_EQ(s.iolock_excl, 0);
  EXPECT_EQ(phase(s, 0), Phase::kDone);
  EXPECT_EQ(err_of(s.task[0].ret), Errno::kEIO);
}

// xfs_buffered_write_iomap_begin: -EIO before the lookup (a shutdown after
// xfs_file_write_iter's check): nothing reserved, IOLOCK dropped, the write
// returns -EIO when nothing was written yet.
TEST(ShutdownWrite, IomapBeginFailsBeforeReserving) {
  Context c = one_task(write_op(0, 2048));
  State s = fresh();
  enter_op(s, c, 0);
  xfs_file_buffered_write_lock(s, c, 0, 0);
  s.shutdown = 1;
  xfs_buffered_write_iomap_begin(s, c, 0, 0);
  EXPECT_EQ(extent_at(s, 0), K::kHole);
  EXPECT_EQ(s.fdblocks, 64);
  EXPECT_EQ(s.iolock_excl, 0);
  EXPECT_EQ(err_of(s.task[0].ret), Errno::kEIO);
}

// The direct write: xfs_file_write_iter's check; then, for a shutdown after
// it, xfs_direct_write_iomap_begin's (-EIO, no allocation) and
// xfs_dio_write_end_io's (-EIO: the data reached the disk but the extents
// stay unwritten and i_size does not grow).
TEST(ShutdownDio, EveryCheckFailsTheWrite) {
  Context c = one_task(dio_op(4096, 1024));
  State s = shut_down();
  xfs_file_dio_write_lock(s, c, 0, 0);
  EXPECT_EQ(s.iolock_shared, 0);
  EXPECT_EQ(err_of(s.task[0].ret), Errno::kEIO);

  State t = fresh();
  xfs_file_dio_write_lock(t, c, 0, 0);
  t.task[0].cur = 4;
  t.task[0].end = 5;
  set_phase(t.task[0], Phase::kDioIomapBegin);
  t.shutdown = 1;
  xfs_direct_write_iomap_begin(t, c, 0, 0);
  EXPECT_EQ(extent_at(t, 4), K::kHole);
  EXPECT_EQ(t.fdblocks, 64);
  EXPECT_EQ(t.iolock_shared, 0);
  EXPECT_EQ(err_of(t.task[0].ret), Errno::kEIO);

  State u = fresh();
  xfs_file_dio_write_lock(u, c, 0, 0);
  u.task[0].cur = 4;
  u.task[0].end = 5;
  set_extent(u, 4, K::kUnwritten);
  set_phase(u.task[0], Phase::kDioEndIo);
  u.shutdown = 1;
  xfs_dio_write_end_io(u, c, 0, 0);
  EXPECT_EQ(extent_at(u, 4), K::kUnwritten);
  EXPECT_EQ(u.block[4].disk_ver, c.version[0][0]);
  EXPECT_EQ(u.i_size, 0u);
  EXPECT_EQ(err_of(u.task[0].ret), Errno::kEIO);
}

// xfs_file_read_iter: -EIO before IOLOCK_SHARED. A shutdown during the read:
// an uptodate folio is still copied (filemap_read never calls into XFS for
// it), an absent one cannot be read in (xfs_read_iomap_begin: -EIO); the new
// folio stays cached, not uptodate, and the read returns -EIO.
TEST(ShutdownRead, EntryCheckAndReadIn) {
  Context c = one_task(read_op(0, 8192));
  State s = shut_down();
  s.i_size = 8192;
  xfs_file_buffered_read_lock(s, c, 0, 0);
  EXPECT_EQ(s.iolock_shared, 0);
  EXPECT_EQ(err_of(s.task[0].ret), Errno::kEIO);

  State t = fresh();
  t.i_size = 8192;
  xfs_file_buffered_read_lock(t, c, 0, 0);
  t.shutdown = 1;
  filemap_read(t, c, 0, 0);  // folio 0 absent
  EXPECT_EQ(t.folio[0].present, 1);
  EXPECT_EQ(t.folio[0].uptodate, 0);
  EXPECT_EQ(t.iolock_shared, 0);
  EXPECT_EQ(err_of(t.task[0].ret), Errno::kEIO);

  State u = fresh();
  u.i_size = 8192;
  cached_folio(u, c, 0, /*dirty=*/false);
  xfs_file_buffered_read_lock(u, c, 0, 0);
  u.shutdown = 1;
  filemap_read(u, c, 0, 0);  // folio 0 copied; folio 1 next
  EXPECT_EQ(phase(u, 0), Phase::kReadFolio);
  filemap_read(u, c, 0, 0);  // folio 1 cannot be read in: short read, no error
  EXPECT_EQ(phase(u, 0), Phase::kDone);
  EXPECT_EQ(err_of(u.task[0].ret), Errno::kOk);
}

// A store through a mapping: filemap_fault cannot read the folio in
// (VM_FAULT_SIGBUS, the model's -EFAULT); ->page_mkwrite's
// xfs_buffered_write_iomap_begin returns -EIO (e4826691cc7e) with the folio
// unlocked and MMAPLOCK dropped, nothing reserved.
TEST(ShutdownFault, ReadInAndMkwriteFail) {
  Context c = one_task(mmap_op(0, 1024));
  State s = shut_down();
  s.i_size = 4096;
  enter_op(s, c, 0);
  filemap_fault(s, c, 0, 0);
  EXPECT_EQ(phase(s, 0), Phase::kDone);
  EXPECT_EQ(err_of(s.task[0].ret), Errno::kEFAULT);

  State t = fresh();
  t.i_size = 4096;
  enter_op(t, c, 0);
  filemap_fault(t, c, 0, 0);
  xfs_filemap_page_mkwrite(t, c, 0, 0);
  iomap_page_mkwrite(t, c, 0, 0);
  t.shutdown = 1;
  xfs_buffered_write_iomap_begin_fault(t, c, 0, 0);
  EXPECT_EQ(extent_at(t, 0), K::kHole);
  EXPECT_EQ(t.folio[0].locked_by, 0);
  EXPECT_EQ(t.mmaplock_shared, 0);
  EXPECT_EQ(err_of(t.task[0].ret), Errno::kEIO);
}

// ================================ eviction ================================

// xfs_inode_needs_inactive: "If the log isn't running, push inodes straight
// to reclaim": on a shut-down fs xfs_inactive does not run, so neither the
// policy's at_inactivate punch nor xfs_free_eofblocks; the delalloc stays
// (the F3 ASSERT is skipped too). Live, both run.
TEST(ShutdownEvict, NoInactivation) {
  Policy p = linux_6_3();
  p.hooks[static_cast<int>(Hook::kAtInactivate)] = {punch("0", "i_size")};
  Context c = make_ctx({TaskProgram{"A", {fsync_op()}}}, p);
  int umount = c.teardown();
  for (bool down : {true, false}) {
    State s = fresh();
    s.shutdown = down;
    s.i_size = 4096;
    reserved(s, 0, 2);
    set_extent(s, 4, K::kUnwritten);  // the first block past EOF (xfs_can_free_eofblocks)
    s.task[umount].op = 1;            // sync_filesystem done
    evict(s, c, umount, 0);
    EXPECT_EQ(s.evicted, 1);
    EXPECT_EQ(extent_at(s, 0), down ? K::kDelalloc : K::kHole) << down;
    EXPECT_EQ(extent_at(s, 4), down ? K::kUnwritten : K::kHole) << down;
    EXPECT_EQ(s.i_delayed_blks, down ? 2 : 0) << down;
  }
}

// ================================== open ==================================

// do_dentry_open: f_wb_err = errseq_sample(wb_err). An error no file has seen
// is not hidden (the sample is 0), so the new file's fsync reports it.
TEST(DoDentryOpen, UnseenErrorIsReportedToTheNewFile) {
  Context cf = make_ctx({TaskProgram{"A", {open_op(), fsync_op()}}});
  State s = fresh();
  s.wb_err = errseq_set(0, Errno::kEIO);
  s.task[0].f_wb_err = 0x77;  // the old file's cursor, whatever it was
  enter_op(s, cf, 0);
  do_dentry_open(s, cf, 0, 0);
  EXPECT_EQ(s.task[0].f_wb_err, 0);
  EXPECT_EQ(err_of(s.task[0].ret), Errno::kOk);
  set_phase(s.task[0], Phase::kSyncCheck);
  file_check_and_advance_wb_err(s, cf, 0, 0);
  EXPECT_EQ(err_of(s.task[0].ret), Errno::kEIO);
}

// An error already seen (by another file's fsync) is sampled as it is: the
// new file starts past it and its fsync returns 0.
TEST(DoDentryOpen, SeenErrorIsNotReportedAgain) {
  Context cf = make_ctx({TaskProgram{"A", {open_op(), fsync_op()}}});
  State s = fresh();
  s.wb_err = static_cast<uint16_t>(errseq_set(0, Errno::kEIO) | kErrseqSeen);
  enter_op(s, cf, 0);
  do_dentry_open(s, cf, 0, 0);
  EXPECT_EQ(s.task[0].f_wb_err, s.wb_err);
  set_phase(s.task[0], Phase::kSyncCheck);
  file_check_and_advance_wb_err(s, cf, 0, 0);
  EXPECT_EQ(err_of(s.task[0].ret), Errno::kOk);
}

// xfs_file_open: -EIO on a shut-down fs; the task keeps its old file.
TEST(DoDentryOpen, ShutdownFailsTheOpen) {
  Context c = one_task(open_op());
  State s = shut_down();
  s.wb_err = errseq_set(0, Errno::kEIO);
  s.task[0].f_wb_err = 0x33;
  enter_op(s, c, 0);
  do_dentry_open(s, c, 0, 0);
  EXPECT_EQ(err_of(s.task[0].ret), Errno::kEIO);
  EXPECT_EQ(s.task[0].f_wb_err, 0x33);
}

}  // namespace
}  // namespace wbcheck::model::steps_test
