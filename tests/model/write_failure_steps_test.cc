// The steps of model/paths/write_failure.cc: a buffered write whose user
// buffer faults (or, from 6.2, whose mapping went stale) ends its iteration,
// and xfs_buffered_write_iomap_end releases the delalloc the iteration
// reserved (IOMAP_F_NEW) and did not write: from 6.2 iomap_write_delalloc_release
// under invalidate_lock (mapping_seek_hole_data, iomap_write_delalloc_scan,
// from 6.6 iomap_write_delalloc_ifs_punch); up to 6.1 truncate_pagecache_range
// and xfs_bmap_punch_delalloc_range. Default geometry: 1 KiB blocks, 4 KiB
// folios, 8 blocks (two folios). Expected values are derived from the kernel
// code quoted in the comments, not from the model's output.
#include "model/steps.h"

#include "gtest/gtest.h"
#include "model/extent_map.h"
#include "model/task_flow.h"
#include "step_fixtures.h"

namespace wbcheck::model::steps_test {
namespace {

Op faulting_write(uint64_t pos, uint64_t len, uint64_t fault_at) {
  Op op = write_op(pos, len);
  op.fault_at = fault_at;
  return op;
}

Policy release_policy(bool ifs_punch = false) {
  Policy p;
  p.features.write_iomap_valid = true;
  p.features.write_delalloc_release = true;
  p.features.per_block_dirty = ifs_punch;
  p.features.write_delalloc_ifs_punch = ifs_punch;
  return p;
}

// Runs the write from its IOLOCK to the first step of ->iomap_end (or its end).
void write_until_iomap_end(State& s, const Context& c) {
  xfs_file_buffered_write_lock(s, c, 0, 0);
  for (int i = 0; i < 16; ++i) {
    switch (phase(s, 0)) {
      case Phase::kWriteIomapBegin: xfs_buffered_write_iomap_begin(s, c, 0, 0); break;
      case Phase::kWriteBegin: iomap_write_begin(s, c, 0, 0); break;
      case Phase::kWriteEnd: iomap_write_end(s, c, 0, 0); break;
      default: return;
    }
  }
}

// ========================= the iteration's end ============================

// fault_at == pos: fault_in_iov_iter_readable fails for the first chunk, so
// -EFAULT before iomap_write_begin: no folio. The iteration reserved fsb 0-3
// (IOMAP_F_NEW) and wrote nothing: ->iomap_end has [0, 4) to release.
TEST(WriteFault, AtStartEndsIterationBeforeAnyFolio) {
  Context c = one_task(faulting_write(0, 4096, 0), release_policy());
  State s = fresh();
  write_until_iomap_end(s, c);
  EXPECT_EQ(phase(s, 0), Phase::kWriteIomapEnd);
  EXPECT_EQ(s.folio[0].present, 0);
  EXPECT_EQ(s.task[0].map_new, 1);
  EXPECT_EQ(s.task[0].cur, 0);
  EXPECT_EQ(s.task[0].map_end, 4);
  EXPECT_EQ(s.i_delayed_blks, 4);
}

// A fault at 2048 inside the folio: the copy stops there; fsb 0-1 are written
// (dirty, uptodate, i_size 2048), fsb 2-3 are left for ->iomap_end.
TEST(WriteFault, InsideFolioWritesTheBlocksBeforeIt) {
  Context c = one_task(faulting_write(0, 4096, 2048), release_policy());
  State s = fresh();
  write_until_iomap_end(s, c);
  EXPECT_EQ(phase(s, 0), Phase::kWriteIomapEnd);
  EXPECT_EQ(s.block[0].dirty, 1);
  EXPECT_EQ(s.block[1].dirty, 1);
  EXPECT_EQ(s.block[2].uptodate, 0);
  EXPECT_EQ(s.folio[0].dirty, 1);
  EXPECT_EQ(s.folio[0].locked_by, 0);
  EXPECT_EQ(s.i_size, 2048u);
  EXPECT_EQ(s.task[0].cur, 2);
}

// The iteration found delalloc it did not reserve (found_imap, no
// IOMAP_F_NEW): "If we didn't reserve the blocks, we're not allowed to punch
// them." The write returns -EFAULT with nothing written and the delalloc stays.
TEST(WriteFault, ExistingDelallocIsNotReleased) {
  Context c = one_task(faulting_write(0, 4096, 0), release_policy());
  State s = fresh();
  reserved(s, 0, 4);
  write_until_iomap_end(s, c);
  EXPECT_EQ(phase(s, 0), Phase::kDone);
  EXPECT_EQ(err_of(s.task[0].ret), Errno::kEFAULT);
  EXPECT_EQ(s.iolock_excl, 0);
  EXPECT_EQ(s.i_delayed_blks, 4);
}

// A hole followed by delalloc: the reservation of fsb 0-1 merges with fsb 2-3
// (xfs_bmap_add_extent_hole_delay) and the mapping is the merged extent, to
// the end of the write: [0, 4), IOMAP_F_NEW.
TEST(WriteFault, NewReservationMergesWithTheDelallocAfterIt) {
  Context c = one_task(faulting_write(0, 4096, 0), release_policy());
  State s = fresh();
  reserved(s, 2, 4);
  write_until_iomap_end(s, c);
  EXPECT_EQ(s.task[0].map_new, 1);
  EXPECT_EQ(s.task[0].map_end, 4);
  EXPECT_EQ(s.i_delayed_blks, 4);
}

// ->iomap_end from 6.2 waits for invalidate_lock exclusive; before, it has
// no lock to take (truncate_pagecache_range runs under IOLOCK_EXCL only).
TEST(WriteIomapEnd, WaitsForInvalidateLockFrom62Only) {
  for (bool release : {true, false}) {
    Policy p;
    p.features.write_delalloc_release = release;
    Context c = one_task(faulting_write(0, 4096, 0), p);
    State s = fresh();
    write_until_iomap_end(s, c);
    refresh_wait(s, c, 0);
    EXPECT_EQ(static_cast<Wait>(s.task[0].wait), release ? Wait::kMmaplockExcl : Wait::kNone) << release;
  }
}

// ====================== iomap_write_delalloc_release ======================

// Nothing cached: SEEK_DATA finds no data, the whole [0, 4) is punched, the
// reservation goes back (fdblocks 64 again), the lock is dropped, and the
// write returns -EFAULT (nothing written).
TEST(DelallocRelease, NothingCachedPunchesTheWholeRange) {
  Context c = one_task(faulting_write(0, 4096, 0), release_policy());
  State s = fresh();
  write_until_iomap_end(s, c);
  xfs_buffered_write_iomap_end(s, c, 0, 0);
  EXPECT_EQ(s.mmaplock_excl, 1);
  EXPECT_EQ(phase(s, 0), Phase::kWriteReleaseSeek);
  mapping_seek_hole_data(s, c, 0, 0);
  for (int b = 0; b < 4; ++b) EXPECT_EQ(extent_at(s, b), K::kHole) << b;
  EXPECT_EQ(s.fdblocks, 64);
  EXPECT_EQ(s.i_delayed_blks, 0);
  EXPECT_EQ(s.mmaplock_excl, 0);
  EXPECT_EQ(s.discard_escaped, 0);  // not ->discard_folio
  EXPECT_EQ(phase(s, 0), Phase::kDone);
  EXPECT_EQ(err_of(s.task[0].ret), Errno::kEFAULT);
}

// A short write (fault at 2048): fsb 2-3 are not uptodate in the folio, so
// SEEK_DATA from 2048 finds no data there and [2, 4) is punched; fsb 0-1 keep
// their delalloc. The write returns the bytes written (0 errno).
TEST(DelallocRelease, ShortWritePunchesOnlyTheUnwrittenPart) {
  Context c = one_task(faulting_write(0, 4096, 2048), release_policy());
  State s = fresh();
  write_until_iomap_end(s, c);
  xfs_buffered_write_iomap_end(s, c, 0, 0);
  mapping_seek_hole_data(s, c, 0, 0);
  EXPECT_EQ(extent_at(s, 0), K::kDelalloc);
  EXPECT_EQ(extent_at(s, 1), K::kDelalloc);
  EXPECT_EQ(extent_at(s, 2), K::kHole);
  EXPECT_EQ(extent_at(s, 3), K::kHole);
  EXPECT_EQ(s.i_delayed_blks, 2);
  EXPECT_EQ(phase(s, 0), Phase::kDone);
  EXPECT_EQ(err_of(s.task[0].ret), Errno::kOk);
}

// A dirty, uptodate folio 0 over the range (another task's mmap store):
// SEEK_DATA finds data at fsb 0 and SEEK_HOLE its end at fsb 4 (folio 1 is
// absent); the scan locks folio 0, finds it dirty, punches nothing before it
// and moves punch_start to 4: the delalloc under the dirty folio stays.
TEST(DelallocRelease, KeepsDelallocUnderADirtyFolio) {
  Context c = one_task(faulting_write(0, 4096, 0), release_policy());
  State s = fresh();
  write_until_iomap_end(s, c);
  cached_folio(s, c, 0, /*dirty=*/true);
  xfs_buffered_write_iomap_end(s, c, 0, 0);
  mapping_seek_hole_data(s, c, 0, 0);
  EXPECT_EQ(phase(s, 0), Phase::kWriteReleaseFolio);
  EXPECT_EQ(s.task[0].scan, 0);
  EXPECT_EQ(s.task[0].data_end, 4);
  EXPECT_EQ(s.task[0].folio, 0);
  refresh_wait(s, c, 0);
  EXPECT_EQ(static_cast<Wait>(s.task[0].wait), Wait::kFolioLock);
  iomap_write_delalloc_scan(s, c, 0, 0);
  EXPECT_EQ(s.task[0].punch_start, 4);
  EXPECT_EQ(phase(s, 0), Phase::kWriteReleaseSeek);
  mapping_seek_hole_data(s, c, 0, 0);
  for (int b = 0; b < 4; ++b) EXPECT_EQ(extent_at(s, b), K::kDelalloc) << b;
  EXPECT_EQ(s.folio[0].locked_by, 0);
  EXPECT_EQ(phase(s, 0), Phase::kDone);
}

// A clean, uptodate folio: data, but iomap_write_delalloc_punch returns at
// once for a folio that is not dirty, so the final punch covers it too.
TEST(DelallocRelease, PunchesUnderACleanFolio) {
  Context c = one_task(faulting_write(0, 4096, 0), release_policy());
  State s = fresh();
  write_until_iomap_end(s, c);
  cached_folio(s, c, 0, /*dirty=*/false);
  xfs_buffered_write_iomap_end(s, c, 0, 0);
  mapping_seek_hole_data(s, c, 0, 0);
  iomap_write_delalloc_scan(s, c, 0, 0);
  EXPECT_EQ(s.task[0].punch_start, 0);
  mapping_seek_hole_data(s, c, 0, 0);
  for (int b = 0; b < 4; ++b) EXPECT_EQ(extent_at(s, b), K::kHole) << b;
  EXPECT_EQ(s.i_delayed_blks, 0);
}

// F6 (6.6): folio 0 uptodate and dirty with only fsb 0's dirty bit set; the
// failed write reserved fsb 2. iomap_write_delalloc_ifs_punch punches fsb 2
// (uptodate, not dirty); without it the delalloc stays, and per-block dirty
// writeback would never convert it.
TEST(DelallocRelease, IfsPunchRemovesCleanBlocksOfADirtyFolio) {
  for (bool ifs_punch : {true, false}) {
    Context c = one_task(faulting_write(2048, 1024, 2048), release_policy(ifs_punch));
    State s = fresh();
    cached_folio(s, c, 0, /*dirty=*/false);
    s.folio[0].dirty = 1;
    s.block[0].dirty = 1;
    write_until_iomap_end(s, c);
    EXPECT_EQ(extent_at(s, 2), K::kDelalloc);
    xfs_buffered_write_iomap_end(s, c, 0, 0);
    mapping_seek_hole_data(s, c, 0, 0);
    EXPECT_EQ(s.task[0].scan, 2);
    EXPECT_EQ(s.task[0].data_end, 3);
    iomap_write_delalloc_scan(s, c, 0, 0);
    EXPECT_EQ(s.task[0].punch_start, 3);
    mapping_seek_hole_data(s, c, 0, 0);
    EXPECT_EQ(extent_at(s, 2), ifs_punch ? K::kHole : K::kDelalloc) << ifs_punch;
    EXPECT_EQ(phase(s, 0), Phase::kDone);
  }
}

// A folio only partly uptodate: mapping_seek_hole_data looks at the
// per-block bits (iomap_is_partially_uptodate). Folio 0 dirty with fsb 1
// uptodate only; the range [0, 4): data is [1, 2). The scan punches [0, 1)
// before the dirty folio, keeps fsb 1, and the final punch takes [2, 4).
TEST(DelallocRelease, PartlyUptodateFolioSplitsTheRange) {
  Context c = one_task(faulting_write(0, 4096, 0), release_policy());
  State s = fresh();
  write_until_iomap_end(s, c);
  s.folio[0].present = 1;
  s.folio[0].has_ifs = 1;
  s.folio[0].dirty = 1;
  s.block[1].uptodate = 1;
  s.block[1].dirty = 1;
  xfs_buffered_write_iomap_end(s, c, 0, 0);
  mapping_seek_hole_data(s, c, 0, 0);
  EXPECT_EQ(s.task[0].scan, 1);
  EXPECT_EQ(s.task[0].data_end, 2);
  iomap_write_delalloc_scan(s, c, 0, 0);
  EXPECT_EQ(extent_at(s, 0), K::kHole);
  EXPECT_EQ(s.task[0].punch_start, 2);
  EXPECT_EQ(s.task[0].scan, 2);
  mapping_seek_hole_data(s, c, 0, 0);
  EXPECT_EQ(extent_at(s, 1), K::kDelalloc);
  EXPECT_EQ(extent_at(s, 2), K::kHole);
  EXPECT_EQ(extent_at(s, 3), K::kHole);
}

// ============================ up to v6.1 ==================================

// truncate_pagecache_range over [0, 4096 - 1): folio 0 is dropped -- with
// another task's unsynced data in it, an unreported loss -- then
// xfs_bmap_punch_delalloc_range removes fsb 0-3.
TEST(WriteFailTruncate, DropsTheFolioThenPunches) {
  Context c = one_task(faulting_write(0, 4096, 0));
  State s = fresh();
  write_until_iomap_end(s, c);
  cached_folio(s, c, 0, /*dirty=*/true, /*ver=*/7);
  xfs_buffered_write_iomap_end(s, c, 0, 0);
  EXPECT_EQ(phase(s, 0), Phase::kTruncFolio);
  EXPECT_EQ(s.task[0].folio, 0);
  truncate_inode_pages_range(s, c, 0, 0);
  EXPECT_EQ(s.folio[0].present, 0);
  EXPECT_EQ(s.unreported_loss, 1);
  EXPECT_EQ(phase(s, 0), Phase::kWriteFailPunch);
  EXPECT_EQ(s.mmaplock_excl, 0);  // no invalidate_lock before 198dd8aedee6
  xfs_buffered_write_fail_punch(s, c, 0, 0);
  for (int b = 0; b < 4; ++b) EXPECT_EQ(extent_at(s, b), K::kHole) << b;
  EXPECT_EQ(s.fdblocks, 64);
  EXPECT_EQ(phase(s, 0), Phase::kDone);
  EXPECT_EQ(err_of(s.task[0].ret), Errno::kEFAULT);
}

// A short write at 2048: the truncation covers fsb 2-3 of folio 0 only
// (truncate_inode_partial_folio): they are zeroed and fsb 0-1 keep the data
// just written; the folio stays.
TEST(WriteFailTruncate, PartialFolioIsZeroedNotDropped) {
  Context c = one_task(faulting_write(0, 4096, 2048));
  State s = fresh();
  write_until_iomap_end(s, c);
  xfs_buffered_write_iomap_end(s, c, 0, 0);
  truncate_inode_pages_range(s, c, 0, 0);
  EXPECT_EQ(s.folio[0].present, 1);
  EXPECT_EQ(s.folio[0].locked_by, 0);
  EXPECT_NE(s.block[0].cache_ver, 0);
  EXPECT_EQ(s.block[2].cache_ver, 0);
  EXPECT_EQ(s.unreported_loss, 0);
  xfs_buffered_write_fail_punch(s, c, 0, 0);
  EXPECT_EQ(extent_at(s, 1), K::kDelalloc);
  EXPECT_EQ(extent_at(s, 2), K::kHole);
}

}  // namespace
}  // namespace wbcheck::model::steps_test
