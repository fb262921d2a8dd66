// Where a task is inside its current kernel path. Each phase is the atomic step
// the task takes next; the step is named after the kernel function it models.
#pragma once

#include <cstdint>

namespace wbcheck::model {

enum class Phase : uint8_t {
  kDone = 0,           // the task's program is finished
  // buffered write (paths/buffered_write.cc)
  kWriteLock,          // xfs_ilock(IOLOCK_EXCL) in xfs_file_buffered_write
  kWriteIomapBegin,    // xfs_buffered_write_iomap_begin under ILOCK_EXCL
  kWriteBegin,         // iomap_write_begin: folio lock + ->iomap_valid
  kWriteEnd,           // __iomap_write_end + i_size update + folio unlock
  // a short or failed buffered write's cleanup (paths/write_failure.cc)
  kWriteIomapEnd,      // xfs_buffered_write_iomap_end: invalidate_lock, or (<= 6.1) the page cache truncation
  kWriteReleaseSeek,   // iomap_write_delalloc_release: mapping_seek_hole_data(SEEK_DATA, SEEK_HOLE)
  kWriteReleaseFolio,  // iomap_write_delalloc_scan: one folio locked, the punches around it
  kWriteFailPunch,     // (<= 6.1) xfs_bmap_punch_delalloc_range after truncate_pagecache_range
  kSyncCheck,          // file_check_and_advance_wb_err after the flush
  // writeback of a range (paths/writeback.cc): write_cache_pages + iomap
  kWbTag,              // tag_pages_for_writeback + lookup of TOWRITE folios
  kWbLock,             // folio_lock, dirty check, folio_clear_dirty_for_io
  kWbWaitWriteback,    // folio_wait_writeback with the folio locked (WB_SYNC_ALL)
  kWbMap,              // xfs_map_blocks for the next block (fast path or ILOCK_SHARED lookup)
  kWbConvert,          // xfs_bmapi_convert_delalloc under ILOCK_EXCL
  kWbHook,             // the policy's on_map_failure primitives, one per step
  kWbSubmit,           // iomap_submit_ioend
  kWbWait,             // __filemap_fdatawait_range, one folio per step
  // direct I/O write (paths/dio_write.cc)
  kDioLock,            // xfs_ilock(IOLOCK_SHARED) in xfs_file_dio_write_aligned
  kDioCheckErrors,     // filemap_check_errors after the flush
  kDioInvalidate,      // invalidate_inode_pages2_range, one folio per step
  kDioInvalidateWait,  // folio_wait_writeback inside invalidate_inode_pages2_range
  kDioIomapBegin,      // xfs_direct_write_iomap_begin under ILOCK_EXCL
  kDioEndIo,           // xfs_dio_write_end_io
  // buffered read (paths/read.cc)
  kReadLock,           // xfs_ilock(IOLOCK_SHARED) in xfs_file_buffered_read
  kReadFolio,          // filemap_read, one folio per step (read in if not uptodate, copy out)
  // store through a shared mapping (paths/page_fault.cc)
  kFaultRead,          // filemap_fault: the folio read in and locked, then unlocked by do_shared_fault
  kFaultLock,          // xfs_filemap_page_mkwrite: MMAPLOCK_SHARED in __xfs_filemap_fault
  kFaultMkwrite,       // iomap_page_mkwrite: folio_lock + folio_mkwrite_check_truncate
  kFaultIomapBegin,    // xfs_buffered_write_iomap_begin (IOMAP_FAULT) per extent, folio_mark_dirty; then the store
  // truncate (paths/truncate.cc)
  kTruncLock,          // do_truncate: inode_lock (IOLOCK_EXCL)
  kTruncMmaplock,      // xfs_vn_setattr: MMAPLOCK_EXCL, then xfs_setattr_size up to its new-EOF flush
  kTruncCheckErrors,   // filemap_check_errors after the new-EOF flush
  kTruncSetsize,       // truncate_setsize: i_size_write
  kTruncTransaction,   // xfs_setattr_size's transaction: xfs_itruncate_extents; locks dropped
  // page cache truncation shared by truncate and punch hole (paths/truncate.cc)
  kTruncFolio,         // truncate_inode_pages_range, one folio per step
  kTruncFolioWait,     // folio_wait_writeback with the folio locked
  // hole punch (paths/punch_hole.cc)
  kPunchLock,          // xfs_file_fallocate: xfs_ilock(IOLOCK_EXCL)
  kPunchMmaplock,      // xfs_file_fallocate: xfs_ilock(MMAPLOCK_EXCL), then xfs_flush_unmap_range's flush
  kPunchCheckErrors,   // filemap_check_errors after that flush
  kPunchUnmap,         // xfs_free_file_space: xfs_unmap_extent over the range
  kPunchTailCheck,     // filemap_check_errors after xfs_free_file_space's EOF-page flush
  // shutdown and open (paths/shutdown.cc, paths/open.cc)
  kShutdown,           // xfs_fs_goingdown -> xfs_force_shutdown
  kOpen,               // do_dentry_open: errseq sample + xfs_file_open
  // teardown (paths/teardown.cc)
  kSyncFs,             // sync_filesystem, once every task has finished
  kEvict,              // evict: truncate_inode_pages_final + xfs_inactive + reclaim check
  kUnmount,            // xfs_unmountfs: xfs_destroy_percpu_counters
};
inline constexpr int kNumPhases = static_cast<int>(Phase::kUnmount) + 1;

}  // namespace wbcheck::model
