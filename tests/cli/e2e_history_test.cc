// End-to-end: the kernel history of the writeback error policy, cell by cell
// of the policy matrix (issue 4), through the real `wbcheck` binary and its
// JSON output. Each test says which properties a (policy, scenario) pair
// violates and which it holds, with the reason worked out by hand from the
// kernel code (kernel-notes §1, §3, §4; docs/kernel-policy-sources.md) in a
// comment beside the assertion. For every violated property it also checks the
// step the counterexample ends on (the step that makes the property false),
// and that `wbcheck check` agrees with `wbcheck matrix --format json`.
//
// Step counts are derived by hand from the model's granularity (model/README:
// one step per lock-held critical section; hook primitives one step each; a
// task's releases fused into its previous step) for scenarios with a single
// scenario task, where there is no interleaving to choose: the shortest trace
// is the only one.
#include <set>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "history_fixture.h"

namespace wbcheck::e2e {
namespace {

// ============ linux-5.9 vs 5.10 x partial-folio-failure (763e4cdc0f6d) ============

// partial-folio-failure: fsb 0-1 preallocated unwritten, an O_SYNC write of
// folio 0 reserves delalloc fsb 2-3 (fdblocks 64 -> 62), every allocation
// fails with -ENOSPC. Writeback maps fsb 0-1 into the ioend (count = 2) and
// fails to convert fsb 2.
//
// linux-5.9: xfs_discard_page runs only `if (!count)`, so with count 2 nothing
// is punched; the bio fails, the extents stay unwritten, and fsb 2-3 keep their
// delalloc behind a clean folio. i_size is 4096 (fsb 4), so xfs_free_eofblocks
// does not reach fsb 2-3: xfs_inodegc_set_reclaimable finds i_delayed_blks ==
// 2 (F3), and xfs_destroy_percpu_counters finds m_delalloc_blks == 2 (F4).
// Nothing else breaks: the write returns the error, every drop of cached data
// follows a mapping_set_error, the unwritten extents hide the old contents.
//
// Shortest trace (one task, no choice): A: 1 xfs_file_buffered_write, 2
// iomap_begin (unwritten fsb 0-1), 3 write_begin, 4 write_end (fsb 0-1), 5
// iomap_begin (reserve fsb 2-3), 6 write_begin, 7 write_end, 8 tag, 9
// folio_clear_dirty_for_io, 10 lookup fsb 0, 11 fast path fsb 1, 12 lookup fsb
// 2, 13 convert fails, 14 mapping_set_error (the three count == 0 primitives
// are skipped; then folio_start_writeback), 15 iomap_submit_ioend (-ENOSPC is
// not -EIO: the wait follows), 16 xfs_end_ioend, 17 wait folio 0, 18
// file_check_and_advance_wb_err; umount: 19 sync_filesystem, 20 tag (nothing
// dirty), 21-22 wait folios 0-1, 23 evict, 24 xfs_unmountfs.
TEST_F(History, Linux59PartialFolioFailureLeaksTheReservation) {
  Check c = check("linux-5.9", "partial-folio-failure");
  EXPECT_EQ(c.exit_code, 10);
  EXPECT_EQ(c.report.value("verdict", ""), "violated");
  expect_no_unknown(c.report);
  EXPECT_EQ(violated(c.report), (std::set<std::string>{"no-delalloc-at-evict", "reservations-balanced"}));

  const json& evict = steps_of(c.report, "no-delalloc-at-evict");
  SCOPED_TRACE(names(evict));
  ASSERT_EQ(evict.size(), 23u);
  EXPECT_EQ(evict.back().value("task", ""), "umount");
  EXPECT_EQ(evict.back().value("step", ""), kEvict);
  EXPECT_EQ(change(evict.back(), "evicted"), "0->1");
  TraceState st(evict);
  EXPECT_EQ(st.before(evict.size(), "i_delayed_blks"), "2");  // fsb 2-3
  EXPECT_EQ(st.inconsistency(), "");
  // count > 0 skipped the discard: no punch anywhere, but the error was
  // recorded (the `done:` label), by the hook and again by the failed bio.
  EXPECT_FALSE(has_step(evict, kPunch));
  EXPECT_TRUE(has_step(evict, kSetError));
  EXPECT_EQ(evict[13].value("step", ""), kSetError);
  EXPECT_EQ(evict[12].value("step", ""), kConvert);

  const json& unmount = steps_of(c.report, "reservations-balanced");
  ASSERT_EQ(unmount.size(), 24u);
  EXPECT_EQ(unmount.back().value("step", ""), kUnmount);
  EXPECT_EQ(change(unmount.back(), "unmounted"), "0->1");
  TraceState su(unmount);
  EXPECT_EQ(su.before(unmount.size(), "m_delalloc_blks"), "2");
  EXPECT_EQ(su.before(unmount.size(), "fdblocks"), "62");  // 64 - 2 reserved, never returned
}

// linux-5.10: "support partial page discard": every mapping error punches
// [pos, end of page) = [2048, 4096), fsb 2-3, whatever count is; their 2 blocks
// return. The partial iomap_invalidatepage(page, 2048, 2048) is a no-op on a
// 4 KiB page, and count == 2 skips ClearPageUptodate. Everything holds.
TEST_F(History, Linux510PartialFolioFailureHolds) {
  Check c = check("linux-5.10", "partial-folio-failure");
  EXPECT_EQ(c.exit_code, 0);
  EXPECT_EQ(c.report.value("verdict", ""), "holds");
  EXPECT_EQ(violated(c.report), std::set<std::string>{});
  expect_no_unknown(c.report);
  EXPECT_EQ(property(c.report, "reservations-balanced").value("status", ""), "holds");
  EXPECT_EQ(property(c.report, "no-delalloc-at-evict").value("status", ""), "holds");
}

// ===== linux-5.18 vs 5.10 / 5.19 x large-folio-invalidate (60d8231089f0, e9c3a8e820ed) =====

// large-folio-invalidate: 4 KiB blocks, one 16 KiB folio over fsb 0-3 (fsb 0-1
// preallocated unwritten), an O_SYNC write of the whole folio, allocations
// fail with -ENOSPC. Writeback adds fsb 0-1 to the ioend (write_bytes_pending
// != 0) and fails on fsb 2.
//
// linux-5.18: the discard punches [8192, 16384) and calls
// iomap_invalidate_folio(folio, 8192, 8192): not the full folio, but the folio
// is large, so "Must release the iop so the page can be split" frees it while
// fsb 0-1 are still in the ioend: the xfs/314 use-after-free. The trace ends on
// that invalidate. Shortest trace: 1 lock, 2 iomap_begin (fsb 0-1), 3
// write_begin, 4 write_end, 5 iomap_begin (reserve fsb 2-3), 6 write_begin, 7
// write_end, 8 tag, 9 folio_clear_dirty_for_io, 10 lookup fsb 0, 11 fast path
// fsb 1, 12 lookup fsb 2, 13 convert fails, 14 punch, 15 invalidate.
// Everything else holds as in 5.10: the punch returns the reservation.
TEST_F(History, Linux518LargeFolioInvalidateFreesTheIfsUnderWriteback) {
  Check c = check("linux-5.18", "large-folio-invalidate");
  EXPECT_EQ(c.exit_code, 10);
  expect_no_unknown(c.report);
  EXPECT_EQ(violated(c.report), std::set<std::string>{"no-ifs-free-under-writeback"});
  const json& steps = steps_of(c.report, "no-ifs-free-under-writeback");
  SCOPED_TRACE(names(steps));
  ASSERT_EQ(steps.size(), 15u);
  const json& last = steps.back();
  EXPECT_EQ(last.value("task", ""), "A");
  EXPECT_EQ(last.value("step", ""), kInvalidate);
  EXPECT_EQ(change(last, "ifs_freed_under_io"), "0->1");
  EXPECT_EQ(change(last, "folio[0].ifs"), "1->0");
  EXPECT_EQ(steps[13].value("step", ""), kPunch);  // the discard's punch first
  // The free happens with the folio locked by A, before it starts writeback.
  TraceState st(steps);
  EXPECT_EQ(st.before(steps.size() - 1, "folio[0].locked_by"), "A");
  EXPECT_EQ(st.inconsistency(), "");
}

// linux-5.10: the same partial invalidate; before 60d8231089f0 only the full
// range releases the iop, so nothing is freed under I/O.
// linux-5.19: e9c3a8e820ed removed the invalidate from the discard altogether.
TEST_F(History, Linux510And519LargeFolioInvalidateHold) {
  for (const char* policy : {"linux-5.10", "linux-5.19"}) {
    SCOPED_TRACE(policy);
    Check c = check(policy, "large-folio-invalidate");
    EXPECT_EQ(c.exit_code, 0);
    EXPECT_EQ(property(c.report, "no-ifs-free-under-writeback").value("status", ""), "holds");
    EXPECT_EQ(violated(c.report), std::set<std::string>{});
    expect_no_unknown(c.report);
  }
}

// ================ linux-6.2 vs 6.3 x bug217030 (8ac5b996bf51) =================

// bug217030 under linux-6.2 (kernel-notes §1): A's O_SYNC write reserves fsb
// 0-4, its writeback of folio 0 fails to allocate at pos 0 and
// xfs_discard_folio punches [0, round_up(0, 4096)) = [0, 0), widened by
// xfs_iext_lookup_extent_before to the whole extent fsb 0-4, while A holds only
// folio 0: fsb 4 lies behind folio 1 (discard-within-locked-folio, ends on A's
// punch). B's direct-IO flush of folio 1 looked fsb 4 up as delalloc before the
// punch and converts after it: no extent, WARN (no-convert-delalloc-warn, ends
// on B's convert). Folio 1 is dirty over a hole after the punch
// (dirty-block-backed). The punch returned every block, so eviction and unmount
// balance.
//
// Shortest traces: the escape needs A alone: 1 lock, 2 iomap_begin (fsb 0-4),
// 3 write_begin f0, 4 write_end f0, 5 write_begin f1, 6 write_end f1, 7 tag, 8
// folio_clear_dirty_for_io f0, 9 lookup fsb 0, 10 convert fails, 11 punch: 11
// steps. The WARN needs those 11 A steps and B's dio lock, tag, lock of folio
// 1, lookup of fsb 4 (all after A's step 6, which made folio 1 dirty and
// dropped IOLOCK_EXCL, and before A's punch) and B's convert: 16 steps.
TEST_F(History, Linux62Bug217030WarnsAndPunchesOutsideTheLockedFolio) {
  Check c = check("linux-6.2", "bug217030");
  EXPECT_EQ(c.exit_code, 10);
  expect_no_unknown(c.report);
  EXPECT_EQ(violated(c.report), (std::set<std::string>{"dirty-block-backed", "no-convert-delalloc-warn",
                                                        "discard-within-locked-folio"}));

  const json& warn = steps_of(c.report, "no-convert-delalloc-warn");
  {
    SCOPED_TRACE(names(warn));
    ASSERT_EQ(warn.size(), 16u);
    EXPECT_EQ(warn.back().value("task", ""), "B");
    EXPECT_EQ(warn.back().value("step", ""), kConvert);
    EXPECT_EQ(change(warn.back(), "warned_convert_delalloc"), "0->1");
    // The step before B's convert that changed fsb 4 is A's punch.
    EXPECT_EQ(warn[14].value("task", ""), "A");
    EXPECT_EQ(warn[14].value("step", ""), kPunch);
    EXPECT_EQ(change(warn[14], "block[4].extent"), "delalloc->hole");
  }

  const json& escape = steps_of(c.report, "discard-within-locked-folio");
  SCOPED_TRACE(names(escape));
  ASSERT_EQ(escape.size(), 11u);
  EXPECT_EQ(escape.back().value("task", ""), "A");
  EXPECT_EQ(escape.back().value("step", ""), kPunch);
  EXPECT_EQ(change(escape.back(), "discard_outside_folio_lock"), "0->1");
  EXPECT_EQ(change(escape.back(), "block[4].extent"), "delalloc->hole");
  EXPECT_EQ(change(escape.back(), "i_delayed_blks"), "5->0");
  TraceState st(escape);
  st.seed("folio[1].locked_by", "none");
  EXPECT_EQ(st.before(escape.size() - 1, "folio[0].locked_by"), "A");
  EXPECT_EQ(st.before(escape.size() - 1, "folio[1].locked_by"), "none");
}

// linux-6.3: the punch ends at folio_pos + folio_size = 4096, so it never
// leaves folio 0: fsb 4 keeps its delalloc, B's convert finds it (and fails to
// allocate like A), no WARN, nothing dirty loses its backing. Every property
// holds.
TEST_F(History, Linux63Bug217030HoldsEverything) {
  Check c = check("linux-6.3", "bug217030");
  EXPECT_EQ(c.exit_code, 0);
  EXPECT_EQ(c.report.value("verdict", ""), "holds");
  ASSERT_EQ(c.report["properties"].size(), kAllIds.size());
  for (const json& p : c.report["properties"]) EXPECT_EQ(p.value("status", ""), "holds") << p.value("id", "");
}

// ============ linux-6.6 vs 6.9 / 6.17 x per-block-dirty-failure (7ea1d9b4a840) ============

// per-block-dirty-failure: an O_SYNC write of folio 0 (4 dirty blocks), every
// allocation failing with -EFSCORRUPTED, count == 0. linux-6.6: the discard
// punches [0, 4096), then `if (!count) { folio_unlock; goto done; }` skips
// iomap_clear_range_dirty, so once the folio is unlocked (joined to the punch
// step; mapping_set_error comes after, at `done`) it is clean with four ifs
// dirty bits: ifs-dirty-consistent, ending on the punch step. Shortest trace:
// 1 lock, 2 iomap_begin, 3 write_begin, 4 write_end, 5 tag, 6
// folio_clear_dirty_for_io, 7 lookup, 8 convert fails, 9 punch + unlock. The
// punch returned the reservation: nothing else is violated.
TEST_F(History, Linux66PerBlockDirtyFailureLeavesDirtyBitsOnACleanFolio) {
  Check c = check("linux-6.6", "per-block-dirty-failure");
  EXPECT_EQ(c.exit_code, 10);
  expect_no_unknown(c.report);
  EXPECT_EQ(violated(c.report), std::set<std::string>{"ifs-dirty-consistent"});
  const json& steps = steps_of(c.report, "ifs-dirty-consistent");
  SCOPED_TRACE(names(steps));
  ASSERT_EQ(steps.size(), 9u);
  const json& last = steps.back();
  EXPECT_EQ(last.value("task", ""), "A");
  EXPECT_EQ(last.value("step", ""), kPunch);
  EXPECT_EQ(change(last, "folio[0].locked_by"), "A->none");
  TraceState st(steps);
  for (int b = 0; b < 4; ++b) {
    std::string key = "block[" + std::to_string(b) + "].dirty";
    EXPECT_EQ(st.before(steps.size(), key), "1") << key;
  }
  EXPECT_EQ(st.before(steps.size(), "folio[0].dirty"), "0");
}

// linux-6.9 and linux-6.17: iomap_clear_range_dirty(folio, 0, folio_size) on
// every outcome (the hook's clear_ifs_dirty): the clean folio has no dirty bit.
TEST_F(History, Linux69And617PerBlockDirtyFailureHold) {
  for (const char* policy : {"linux-6.9", "linux-6.17"}) {
    SCOPED_TRACE(policy);
    Check c = check(policy, "per-block-dirty-failure");
    EXPECT_EQ(c.exit_code, 0);
    EXPECT_EQ(property(c.report, "ifs-dirty-consistent").value("status", ""), "holds");
    EXPECT_EQ(violated(c.report), std::set<std::string>{});
    expect_no_unknown(c.report);
  }
}

// ============ the 2023 proposals x efbig-extent-limit and bug217030 ============

// efbig-extent-limit (F5, Brian Foster): write 5 KiB (delalloc fsb 0-4), fsync;
// the conversion fails with -EFBIG, a non-corruption error. Shortest trace of
// the leak: A: 1 lock, 2 iomap_begin, 3 write_begin f0, 4 write_end f0, 5
// write_begin f1, 6 write_end f1 (not O_SYNC: the write returns, fsync starts),
// 7 tag, 8 lock f0, 9 lookup, 10 convert fails, 11 mapping_set_error, 12 lock
// f1, 13 lookup fsb 4, 14 convert fails, 15 mapping_set_error, 16-17 wait
// folios 0-1, 18 file_check_and_advance_wb_err; umount: 19 sync_filesystem, 20
// tag, 21-22 wait, 23 evict, 24 xfs_unmountfs.
void expect_efbig_leak(const json& report, const std::string& policy) {
  SCOPED_TRACE(policy);
  expect_no_unknown(report);
  EXPECT_EQ(violated(report), (std::set<std::string>{"no-delalloc-at-evict", "reservations-balanced"}));
  const json& evict = steps_of(report, "no-delalloc-at-evict");
  SCOPED_TRACE(names(evict));
  ASSERT_EQ(evict.size(), 23u);
  EXPECT_EQ(evict.back().value("step", ""), kEvict);
  EXPECT_EQ(change(evict.back(), "evicted"), "0->1");
  EXPECT_FALSE(has_step(evict, kPunch));
  TraceState st(evict);
  EXPECT_EQ(st.before(evict.size(), "i_delayed_blks"), "5");  // fsb 0-4, all inside i_size 5120
  EXPECT_EQ(change(evict.back(), "i_delayed_blks"), "");      // xfs_inactive punched nothing
  const json& unmount = steps_of(report, "reservations-balanced");
  ASSERT_EQ(unmount.size(), 24u);
  EXPECT_EQ(unmount.back().value("step", ""), kUnmount);
  TraceState su(unmount);
  EXPECT_EQ(su.before(unmount.size(), "m_delalloc_blks"), "5");
}

// proposal-remove-discard (patch 3/3 alone): no ->discard_folio, no redirty.
// The failed folios are clean over delalloc that nothing will ever write or
// punch: at reclaim i_delayed_blks == 5 (F3), at unmount m_delalloc_blks == 5
// (F4). Brian's objection to 3/3.
TEST_F(History, ProposalRemoveDiscardLeaksOnEfbig) {
  Check c = check("proposal-remove-discard", "efbig-extent-limit");
  EXPECT_EQ(c.exit_code, 10);
  expect_efbig_leak(c.report, "proposal-remove-discard");
}

// proposal-sick-inode (patches 2/3 + 3/3): patch 2/3 marks the inode sick only
// for -EFSCORRUPTED/-EFSBADCRC allocation failures; -EFBIG leaves it healthy,
// so xfs_inactive's `if (!xfs_inode_is_healthy(ip))` punch does not run and the
// same five blocks leak: no mark_sick step in the trace, sick never set.
TEST_F(History, ProposalSickInodeAlsoLeaksOnEfbig) {
  Check c = check("proposal-sick-inode", "efbig-extent-limit");
  EXPECT_EQ(c.exit_code, 10);
  expect_efbig_leak(c.report, "proposal-sick-inode");
  const json& evict = steps_of(c.report, "no-delalloc-at-evict");
  EXPECT_FALSE(has_step(evict, "xfs_bmap_mark_sick"));
  EXPECT_TRUE(TraceState(evict).changes_of("sick").empty());
}

// proposal-sick-inode x bug217030: every failure is -EFSCORRUPTED, so the first
// failed conversion marks the inode sick; nothing is punched at writeback (no
// over-punch, no WARN, no escape, dirty blocks keep their delalloc), and at
// eviction xfs_inactive punches [0, i_size) of the sick inode, returning every
// reservation before the reclaim check and the unmount counters. Everything
// holds.
TEST_F(History, ProposalSickInodeHoldsOnBug217030) {
  Check c = check("proposal-sick-inode", "bug217030");
  EXPECT_EQ(c.exit_code, 0);
  EXPECT_EQ(c.report.value("verdict", ""), "holds");
  ASSERT_EQ(c.report["properties"].size(), kAllIds.size());
  for (const json& p : c.report["properties"]) EXPECT_EQ(p.value("status", ""), "holds") << p.value("id", "");
}

}  // namespace
}  // namespace wbcheck::e2e
