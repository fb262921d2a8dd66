#include "model/apply.h"

#include "model/check.h"
#include "model/domains.h"
#include "model/observations.h"
#include "model/steps.h"
#include "model/task_flow.h"

namespace wbcheck::model {

template <class S>
const StepRow<S>& step_row(int phase) {
  // Each step function is a template; the typed pointers pick its instantiation for S.
  static constexpr StepRow<S> kSteps[] = {
      {Phase::kDone, nullptr, nullptr, "-", "-"},
      {Phase::kWriteLock, xfs_file_buffered_write_lock, nullptr, "xfs_file_buffered_write", "fs/xfs/xfs_file.c"},
      {Phase::kWriteIomapBegin, xfs_buffered_write_iomap_begin, nullptr, "xfs_buffered_write_iomap_begin", "fs/xfs/xfs_iomap.c"},
      {Phase::kWriteBegin, iomap_write_begin, nullptr, "iomap_write_begin", "fs/iomap/buffered-io.c"},
      {Phase::kWriteEnd, iomap_write_end, nullptr, "iomap_write_end", "fs/iomap/buffered-io.c"},
      {Phase::kWriteIomapEnd, xfs_buffered_write_iomap_end, nullptr, "xfs_buffered_write_iomap_end", "fs/xfs/xfs_iomap.c"},
      {Phase::kWriteReleaseSeek, mapping_seek_hole_data, nullptr, "iomap_write_delalloc_release.mapping_seek_hole_data",
       "mm/filemap.c"},
      {Phase::kWriteReleaseFolio, iomap_write_delalloc_scan, nullptr, "iomap_write_delalloc_scan",
       "fs/iomap/buffered-io.c"},
      {Phase::kWriteFailPunch, xfs_buffered_write_fail_punch, nullptr,
       "xfs_buffered_write_iomap_end.xfs_bmap_punch_delalloc_range", "fs/xfs/xfs_iomap.c"},
      {Phase::kSyncCheck, file_check_and_advance_wb_err, nullptr, "file_check_and_advance_wb_err", "mm/filemap.c"},
      {Phase::kWbTag, write_cache_pages_tag, nullptr, "write_cache_pages.tag_pages_for_writeback", "mm/page-writeback.c"},
      {Phase::kWbLock, write_cache_pages_lock, nullptr, "write_cache_pages.folio_clear_dirty_for_io", "mm/page-writeback.c"},
      {Phase::kWbWaitWriteback, write_cache_pages_wait_writeback, nullptr, "folio_wait_writeback", "mm/page-writeback.c"},
      {Phase::kWbMap, xfs_map_blocks, nullptr, "xfs_map_blocks", "fs/xfs/xfs_aops.c"},
      {Phase::kWbConvert, xfs_bmapi_convert_delalloc, convert_outcomes, "xfs_bmapi_convert_delalloc", "fs/xfs/libxfs/xfs_bmap.c"},
      {Phase::kWbHook, run_map_failure_hook, nullptr, "discard_folio", "fs/xfs/xfs_aops.c"},
      {Phase::kWbSubmit, iomap_submit_ioend, nullptr, "iomap_submit_ioend", "fs/iomap/buffered-io.c"},
      {Phase::kWbWait, filemap_fdatawait_range, nullptr, "__filemap_fdatawait_range", "mm/filemap.c"},
      {Phase::kDioLock, xfs_file_dio_write_lock, nullptr, "xfs_file_dio_write_aligned", "fs/xfs/xfs_file.c"},
      {Phase::kDioCheckErrors, filemap_check_errors, nullptr, "filemap_check_errors", "mm/filemap.c"},
      {Phase::kDioInvalidate, invalidate_inode_pages2_range, nullptr, "invalidate_inode_pages2_range", "mm/truncate.c"},
      {Phase::kDioInvalidateWait, invalidate_wait_writeback, nullptr, "folio_wait_writeback", "mm/page-writeback.c"},
      {Phase::kDioIomapBegin, xfs_direct_write_iomap_begin, dio_iomap_begin_outcomes, "xfs_direct_write_iomap_begin", "fs/xfs/xfs_iomap.c"},
      {Phase::kDioEndIo, xfs_dio_write_end_io, dio_end_io_outcomes, "xfs_dio_write_end_io", "fs/xfs/xfs_file.c"},
      {Phase::kReadLock, xfs_file_buffered_read_lock, nullptr, "xfs_file_buffered_read", "fs/xfs/xfs_file.c"},
      {Phase::kReadFolio, filemap_read, nullptr, "filemap_read", "mm/filemap.c"},
      {Phase::kFaultRead, filemap_fault, nullptr, "filemap_fault", "mm/filemap.c"},
      {Phase::kFaultLock, xfs_filemap_page_mkwrite, nullptr, "xfs_filemap_page_mkwrite", "fs/xfs/xfs_file.c"},
      {Phase::kFaultMkwrite, iomap_page_mkwrite, nullptr, "iomap_page_mkwrite", "fs/iomap/buffered-io.c"},
      {Phase::kFaultIomapBegin, xfs_buffered_write_iomap_begin_fault, nullptr,
       "iomap_page_mkwrite.xfs_buffered_write_iomap_begin", "fs/xfs/xfs_iomap.c"},
      {Phase::kTruncLock, do_truncate_lock, nullptr, "do_truncate", "fs/open.c"},
      {Phase::kTruncMmaplock, xfs_vn_setattr_lock, nullptr, "xfs_vn_setattr", "fs/xfs/xfs_iops.c"},
      {Phase::kTruncCheckErrors, truncate_check_errors, nullptr, "filemap_check_errors", "mm/filemap.c"},
      {Phase::kTruncSetsize, truncate_setsize, nullptr, "truncate_setsize", "mm/truncate.c"},
      {Phase::kTruncTransaction, xfs_itruncate_extents, nullptr, "xfs_setattr_size.xfs_itruncate_extents",
       "fs/xfs/xfs_iops.c"},
      {Phase::kTruncFolio, truncate_inode_pages_range, nullptr, "truncate_inode_pages_range", "mm/truncate.c"},
      {Phase::kTruncFolioWait, truncate_wait_writeback, nullptr, "folio_wait_writeback", "mm/page-writeback.c"},
      {Phase::kPunchLock, xfs_file_fallocate_lock, nullptr, "xfs_file_fallocate", "fs/xfs/xfs_file.c"},
      {Phase::kPunchMmaplock, xfs_file_fallocate_mmaplock, nullptr, "xfs_file_fallocate.xfs_flush_unmap_range",
       "fs/xfs/xfs_bmap_util.c"},
      {Phase::kPunchCheckErrors, xfs_flush_unmap_range_check, nullptr, "filemap_check_errors", "mm/filemap.c"},
      {Phase::kPunchUnmap, xfs_free_file_space, nullptr, "xfs_free_file_space.xfs_unmap_extent",
       "fs/xfs/xfs_bmap_util.c"},
      {Phase::kPunchTailCheck, xfs_free_file_space_check, nullptr, "filemap_check_errors", "mm/filemap.c"},
      {Phase::kShutdown, xfs_fs_goingdown, nullptr, "xfs_fs_goingdown.xfs_force_shutdown", "fs/xfs/xfs_fsops.c"},
      {Phase::kOpen, do_dentry_open, nullptr, "do_dentry_open", "fs/open.c"},
      {Phase::kSyncFs, sync_filesystem, nullptr, "sync_filesystem", "fs/sync.c"},
      {Phase::kEvict, evict, nullptr, "evict.xfs_inodegc_set_reclaimable", "fs/xfs/xfs_icache.c"},
      {Phase::kUnmount, xfs_unmountfs, nullptr, "xfs_unmountfs", "fs/xfs/xfs_mount.c"},
  };
  static_assert(sizeof(kSteps) / sizeof(kSteps[0]) == kNumPhases);
  const StepRow<S>& r = kSteps[phase];
  MODEL_CHECK(r.phase == static_cast<Phase>(phase), "step table out of order");
  return r;
}

template <class S>
int step_outcomes(const S& s, const Context& c, int task) {
  const StepRow<S>& r = step_row<S>(s.task[task].phase);
  return r.outcomes ? r.outcomes(s, c, task) : 1;
}

template <class S>
void apply_action(S& next, const Context& c, const Action& a) {
  if (a.io) {
    xfs_end_ioend(next, c, a.task, a.choice);
  } else {
    const StepRow<S>& r = step_row<S>(next.task[a.task].phase);
    MODEL_CHECK(r.run != nullptr, "step of a finished task");
    r.run(next, c, a.task, a.choice);
    refresh_wait(next, c, a.task);
  }
  record_observations(c, next);
}

#define INSTANTIATE(S) \
  template const StepRow<S>& step_row<S>(int); \
  template int step_outcomes(const S&, const Context&, int); \
  template void apply_action(S&, const Context&, const Action&);
WBCHECK_FOR_EACH_STATE(INSTANTIATE)
#undef INSTANTIATE

}  // namespace wbcheck::model
