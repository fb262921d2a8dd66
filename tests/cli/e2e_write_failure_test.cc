// End-to-end: the history of a failed buffered write's cleanup
// (xfs_buffered_write_iomap_end), cell by cell of the policy matrix, through
// the real binary. Reasons and step counts are worked out by hand from the
// kernel code in the comments; see model/paths/write_failure.cc.
#include <set>
#include <string>

#include "gtest/gtest.h"
#include "history_fixture.h"

namespace wbcheck::e2e {
namespace {

const char kFailPunch[] = "xfs_buffered_write_iomap_end.xfs_bmap_punch_delalloc_range";
const char kTruncate[] = "truncate_inode_pages_range";
const char kFaultStore[] = "iomap_page_mkwrite.xfs_buffered_write_iomap_begin";

// ============ write-fault-vs-mmap: 198dd8aedee6 (v6.2) ============

// Up to 6.1 xfs_buffered_write_iomap_end runs truncate_pagecache_range, then
// xfs_bmap_punch_delalloc_range, holding only IOLOCK_EXCL. The shortest race:
// A 1 IOLOCK, 2 iomap_begin reserves fsb 0-3 (IOMAP_F_NEW), 3 the user buffer
// faults before any folio, 4 ->iomap_end, 5 truncate_inode_pages_range (folio
// 0 not cached); B 6 filemap_fault reads folio 0 in, 7 MMAPLOCK_SHARED, 8
// folio lock, 9 xfs_buffered_write_iomap_begin finds A's delalloc (no new
// reservation), folio_mark_dirty, the store; A 10 the punch removes fsb 0-3
// under B's dirty folio. Nothing shorter: B's dirty folio takes 4 steps and
// A's punch 6, and B's fault must come after A's truncation or the truncation
// drops B's folio.
TEST_F(History, Before62WriteFaultCleanupRacesAnMmapStore) {
  for (const char* policy : {"linux-5.9", "linux-5.10", "linux-5.18", "linux-5.19"}) {
    SCOPED_TRACE(policy);
    Check c = check(policy, "write-fault-vs-mmap");
    EXPECT_EQ(c.exit_code, 10);
    expect_no_unknown(c.report);
    EXPECT_TRUE(violated(c.report).count("dirty-block-backed"));
    const json& steps = steps_of(c.report, "dirty-block-backed");
    SCOPED_TRACE(names(steps));
    ASSERT_EQ(steps.size(), 10u);
    EXPECT_EQ(steps[4].value("step", ""), kTruncate);
    EXPECT_EQ(steps[8].value("task", ""), "B");
    EXPECT_EQ(steps[8].value("step", ""), kFaultStore);
    EXPECT_EQ(steps.back().value("task", ""), "A");
    EXPECT_EQ(steps.back().value("step", ""), kFailPunch);
    EXPECT_EQ(change(steps.back(), "block[1].extent"), "delalloc->hole");
  }
}

// From 6.2 iomap_write_delalloc_release holds invalidate_lock exclusive
// across the scan and the punch: B's fault (MMAPLOCK_SHARED, and the
// invalidate lock to read the folio in) runs wholly before or after. Before:
// folio 0 is dirty and uptodate, so the scan keeps the delalloc under it.
// After: the range is punched while nothing is cached, and B's fault reserves
// fresh delalloc. Every property holds.
TEST_F(History, From62WriteFaultCleanupHolds) {
  for (const char* policy : {"linux-6.2", "linux-6.3", "linux-6.6", "linux-6.9", "linux-6.17"}) {
    SCOPED_TRACE(policy);
    Check c = check(policy, "write-fault-vs-mmap");
    EXPECT_EQ(c.exit_code, 0);
    expect_no_unknown(c.report);
    EXPECT_EQ(violated(c.report), std::set<std::string>{});
  }
}

// ============ write-fault-clean-block: F6, iomap_write_delalloc_ifs_punch ============

// Every shipped kernel holds: before 6.6 writeback writes every uptodate block
// of the dirty folio, so fsb 2's delalloc is converted by the fsync; from 6.6
// iomap_write_delalloc_ifs_punch removes it during the release.
TEST_F(History, WriteFaultCleanBlockHoldsOnEveryKernel) {
  for (const char* policy : {"linux-5.9", "linux-5.19", "linux-6.2", "linux-6.3", "linux-6.6", "linux-6.9",
                             "linux-6.17"}) {
    SCOPED_TRACE(policy);
    Check c = check(policy, "write-fault-clean-block");
    EXPECT_EQ(c.exit_code, 0);
    EXPECT_EQ(violated(c.report), std::set<std::string>{});
  }
}

// 6.6 without the ifs punch (a test policy, not a shipped kernel): the
// release keeps fsb 2's delalloc under the dirty folio, writeback writes only
// the ifs-dirty fsb 0, and the reservation reaches eviction (F3) and unmount
// (F4). One task, so the trace is the only one: A 1-2 the read, 3-6 the write
// of fsb 0, 7 IOLOCK, 8 reserve fsb 2, 9 the fault, 10 invalidate_lock, 11
// SEEK_DATA finds fsb 2, 12 the scan keeps it (folio dirty), 13 SEEK_DATA
// finds nothing more, unlock, -EFAULT; the fsync 14 tag, 15
// folio_clear_dirty_for_io, 16 lookup fsb 0, 17 convert, 18
// folio_start_writeback (no other dirty block), 19 submit, 20 xfs_end_ioend,
// 21 wait, 22 errseq check; umount 23 sync_filesystem, 24 tag, 25 wait, 26 evict.
TEST_F(History, PerBlockDirtyWithoutIfsPunchLeaksTheFailedWritesDelalloc) {
  Invocation r = run_wbcheck({"check", "--scenario", scenario_path("write-fault-clean-block"), "--policy",
                              source_path("tests/data/policies/linux-6.6-without-ifs-punch.json"), "--format",
                              "json"});
  EXPECT_EQ(r.exit_code, 10);
  json report = parse_json(r);
  EXPECT_EQ(violated(report), (std::set<std::string>{"no-delalloc-at-evict", "reservations-balanced"}));
  const json& evict = steps_of(report, "no-delalloc-at-evict");
  SCOPED_TRACE(names(evict));
  ASSERT_EQ(evict.size(), 26u);
  EXPECT_EQ(evict[11].value("step", ""), "iomap_write_delalloc_scan");
  EXPECT_EQ(evict.back().value("step", ""), kEvict);
  TraceState st(evict);
  EXPECT_EQ(st.before(evict.size(), "i_delayed_blks"), "1");  // fsb 2
  EXPECT_EQ(st.before(evict.size(), "block[2].extent"), "delalloc");
}

}  // namespace
}  // namespace wbcheck::e2e
