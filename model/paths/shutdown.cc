// Filesystem shutdown: ioctl(XFS_IOC_GOINGDOWN) -> xfs_fs_goingdown ->
// xfs_force_shutdown(mp, SHUTDOWN_FORCE_UMOUNT) -> xfs_do_force_shutdown
// (fs/xfs/xfs_fsops.c; v6.2-v6.6). The op is the
// XFS_FSOP_GOING_FLAGS_NOLOGFLUSH form, xfs_io's `shutdown` without -f: no
// freeze_bdev (whose sync the DEFAULT flag would run first) and no log force.
// It sets XFS_OPSTATE_SHUTDOWN; from then on xfs_is_shutdown(mp) is true.
//
// Where the modelled paths read it (v6.2, the same through v6.6):
//  - xfs_file_write_iter / xfs_file_read_iter: -EIO before any lock
//    (paths/buffered_write.cc, dio_write.cc, read.cc; checked in the lock step)
//  - xfs_buffered_write_iomap_begin, also for page faults; xfs_direct_write_iomap_begin;
//    xfs_read_iomap_begin (iomap_read_folio): -EIO
//  - xfs_map_blocks: -EIO before the xfs_imap_valid fast path (paths/writeback.cc)
//  - xfs_bmapi_convert_delalloc, xfs_itruncate_extents, xfs_unmap_extent:
//    xfs_trans_alloc -> xfs_log_reserve returns -EIO (xlog_is_shutdown)
//  - xfs_discard_folio returns at once, and xfs_inactive does not run
//    (xfs_inode_needs_inactive): the punch_delalloc primitive does nothing
//  - xfs_end_ioend and xfs_dio_write_end_io: -EIO, no unwritten conversion
//  - xfs_file_fsync: -EIO after file_write_and_wait_range (paths/buffered_write.cc)
//  - xfs_file_open: -EIO (paths/open.cc)
//  - xfs_inodegc_set_reclaimable and xfs_destroy_percpu_counters skip their
//    asserts (the properties no-delalloc-at-evict and reservations-balanced)
#include "model/domains.h"
#include "model/steps.h"
#include "model/task_flow.h"

namespace wbcheck::model {

void xfs_fs_goingdown(auto& s, const Context& c, int task, int) {
  s.shutdown = 1;
  finish_op(s, c, task, Errno::kOk);
}

#define INSTANTIATE(S) \
  template void xfs_fs_goingdown(S&, const Context&, int, int);
WBCHECK_FOR_EACH_STATE(INSTANTIATE)
#undef INSTANTIATE

}  // namespace wbcheck::model
