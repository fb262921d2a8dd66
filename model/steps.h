// One function per atomic step, named after the kernel function it models.
// Each runs with its task's wait satisfied and changes the state in place;
// `choice` picks the outcome of a nondeterministic fault (0 = success).
// The steps are templates over the state type, instantiated in each file for the types of model/domains.h.
#pragma once

#include "model/context.h"
#include "model/expr.h"
#include "model/state.h"

namespace wbcheck::model {

// paths/buffered_write.cc
void xfs_file_buffered_write_lock(auto& s, const Context& c, int t, int choice);
void xfs_buffered_write_iomap_begin(auto& s, const Context& c, int t, int choice);
void iomap_write_begin(auto& s, const Context& c, int t, int choice);
void iomap_write_end(auto& s, const Context& c, int t, int choice);
void file_check_and_advance_wb_err(auto& s, const Context& c, int t, int choice);
// Leaves iomap_file_buffered_write having written up to block written_end:
// IOLOCK dropped, then the O_SYNC flush or the syscall's return.
void finish_write(auto& s, const Context& c, int t, Errno err, int written_end);

// paths/write_failure.cc: ->iomap_end of a write iteration that did not write
// all of its mapping (short copy, or a stale mapping with ->iomap_valid)
void iomap_write_iteration_end(auto& s, const Context& c, int t);
void xfs_buffered_write_iomap_end(auto& s, const Context& c, int t, int choice);
void mapping_seek_hole_data(auto& s, const Context& c, int t, int choice);
void iomap_write_delalloc_scan(auto& s, const Context& c, int t, int choice);
void xfs_buffered_write_fail_punch(auto& s, const Context& c, int t, int choice);
// The block a write's user buffer faults at (past its end when it never does).
int write_fault_block(const Context& c, const Op& op);

// paths/writeback.cc
void write_cache_pages_tag(auto& s, const Context& c, int t, int choice);
void write_cache_pages_lock(auto& s, const Context& c, int t, int choice);
void write_cache_pages_wait_writeback(auto& s, const Context& c, int t, int choice);
void xfs_map_blocks(auto& s, const Context& c, int t, int choice);
void xfs_bmapi_convert_delalloc(auto& s, const Context& c, int t, int choice);
void iomap_submit_ioend(auto& s, const Context& c, int t, int choice);
void filemap_fdatawait_range(auto& s, const Context& c, int t, int choice);
int convert_outcomes(const auto& s, const Context& c, int t);

// paths/discard.cc: the policy's on_map_failure hook
HookEnv hook_env(const auto& s, const Context& c, const auto& t);  // pos, folio_pos, ... for the hook
// iomap_writepage_map releases the folio right after this hook step.
bool hook_step_releases_folio(const auto& s, const Context& c, const auto& t);
void run_map_failure_hook(auto& s, const Context& c, int t, int choice);
// Enters the failure path of iomap_writepage_map after ->map_blocks returned err.
void writepage_map_failed(auto& s, const Context& c, int t, Errno err);

// paths/io_completion.cc: `slot` is the ioend's index in State::io
void xfs_end_ioend(auto& s, const Context& c, int slot, int choice);
int end_ioend_outcomes(const auto& s, const Context& c, int slot);

// paths/dio_write.cc
void xfs_file_dio_write_lock(auto& s, const Context& c, int t, int choice);
void filemap_check_errors(auto& s, const Context& c, int t, int choice);
void invalidate_inode_pages2_range(auto& s, const Context& c, int t, int choice);
void invalidate_wait_writeback(auto& s, const Context& c, int t, int choice);
void xfs_direct_write_iomap_begin(auto& s, const Context& c, int t, int choice);
void xfs_dio_write_end_io(auto& s, const Context& c, int t, int choice);
int dio_iomap_begin_outcomes(const auto& s, const Context& c, int t);
int dio_end_io_outcomes(const auto& s, const Context& c, int t);

// paths/read.cc
void xfs_file_buffered_read_lock(auto& s, const Context& c, int t, int choice);
void filemap_read(auto& s, const Context& c, int t, int choice);
// iomap_read_folio on folio f, which the caller holds locked (or just
// created): every block not yet uptodate is zeroed or read from disk, and the
// folio becomes uptodate. Shared by filemap_read and filemap_fault. False
// (nothing read) on a shut-down filesystem.
bool iomap_read_folio(auto& s, const Context& c, int f);

// paths/page_fault.cc
// filemap_fault's EOF check: the page at pos is at or past
// DIV_ROUND_UP(i_size, PAGE_SIZE), so the fault is VM_FAULT_SIGBUS.
bool fault_page_past_eof(const auto& s, uint64_t pos);
void filemap_fault(auto& s, const Context& c, int t, int choice);
void xfs_filemap_page_mkwrite(auto& s, const Context& c, int t, int choice);
void iomap_page_mkwrite(auto& s, const Context& c, int t, int choice);
void xfs_buffered_write_iomap_begin_fault(auto& s, const Context& c, int t, int choice);

// paths/truncate.cc
void do_truncate_lock(auto& s, const Context& c, int t, int choice);
void xfs_vn_setattr_lock(auto& s, const Context& c, int t, int choice);
void truncate_check_errors(auto& s, const Context& c, int t, int choice);
void truncate_setsize(auto& s, const Context& c, int t, int choice);
void xfs_itruncate_extents(auto& s, const Context& c, int t, int choice);
// truncate_inode_pages_range, shared by truncate and punch hole
void truncate_inode_pages_range(auto& s, const Context& c, int t, int choice);
void truncate_wait_writeback(auto& s, const Context& c, int t, int choice);
// Enters truncate_inode_pages_range over the running op's range (truncate:
// [new size, end); punch hole: xfs_flush_unmap_range's rounded range).
void start_truncate_pages(auto& s, const Context& c, int t);
// Drops MMAPLOCK_EXCL and IOLOCK_EXCL and ends the syscall with ret.
void unlock_excl_and_finish(auto& s, const Context& c, int t, Errno ret);

// paths/punch_hole.cc
void xfs_file_fallocate_lock(auto& s, const Context& c, int t, int choice);
void xfs_file_fallocate_mmaplock(auto& s, const Context& c, int t, int choice);
void xfs_flush_unmap_range_check(auto& s, const Context& c, int t, int choice);
void xfs_free_file_space(auto& s, const Context& c, int t, int choice);
void xfs_free_file_space_check(auto& s, const Context& c, int t, int choice);

// paths/shutdown.cc, paths/open.cc
void xfs_fs_goingdown(auto& s, const Context& c, int t, int choice);
void do_dentry_open(auto& s, const Context& c, int t, int choice);

// paths/teardown.cc
void sync_filesystem(auto& s, const Context& c, int t, int choice);
void evict(auto& s, const Context& c, int t, int choice);
void xfs_unmountfs(auto& s, const Context& c, int t, int choice);

// Writeback internals shared by writeback.cc and discard.cc.
void writepage_next_folio(auto& s, const Context& c, int t);
void writepage_finish_folio(auto& s, const Context& c, int t, bool failed);
void add_to_ioend(auto& s, int t, int b);
void sort_ioends(auto& s, const Context& c);  // canonical order of State::io
int writeback_next_block(const auto& s, const Context& c, int t);  // -1: none left in the folio

}  // namespace wbcheck::model
