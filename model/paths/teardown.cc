// Unmount after every task has finished: sync_filesystem writes back what is
// still dirty, evict_inodes drops the page cache and inactivates the inode,
// then xfs_unmountfs tears the mount down. The two DEBUG asserts of kernel-notes
// F3/F4 sit at the ends of evict and unmount; the properties read the state
// they look at.
#include "model/domains.h"
#include "model/extent_map.h"
#include "model/primitives.h"
#include "model/steps.h"
#include "model/task_flow.h"

namespace wbcheck::model {

// sync_filesystem -> sync_inodes_sb: WB_SYNC_ALL writeback of the whole file;
// errors are not reported to anyone.
void sync_filesystem(auto& s, const Context& c, int task, int) {
  start_writeback(s, task, 0, c.nfolios - 1, Phase::kDone);
}

namespace {

// xfs_can_free_eofblocks(ip, force = true) at inactivation (fs/xfs/xfs_bmap_util.c,
// 6.2): the page cache is already gone, so a zero-size file without delalloc
// has nothing to free; otherwise there is something when the first block past
// EOF is mapped or the inode has any delalloc.
bool xfs_can_free_eofblocks(const auto& s, const Context& c, int eof_block) {
  if (s.i_size == 0 && s.i_delayed_blks == 0) return false;
  bool mapped = eof_block < c.nblocks && extent_at(s, eof_block) != ExtentKind::kHole;
  return mapped || s.i_delayed_blks != 0;
}

// xfs_free_eofblocks -> xfs_itruncate_extents(XFS_ISIZE): every block past
// EOF goes; delalloc ones return their reservation.
void xfs_free_eofblocks(auto& s, const Context& c, int eof_block) {
  bool changed = false;
  for (int b = eof_block; b < c.nblocks; ++b) {
    ExtentKind k = extent_at(s, b);
    if (k == ExtentKind::kDelalloc) xfs_bmap_del_extent_delay(s, b);
    if (is_real(k)) {
      set_extent(s, b, ExtentKind::kHole);
      s.fdblocks++;
    }
    changed = changed || k != ExtentKind::kHole;
  }
  if (changed) xfs_iext_inc_seq(s, c);
}

}  // namespace

// evict -> truncate_inode_pages_final (waits for writeback, drops every folio,
// dirty or not), xfs_fs_destroy_inode -> xfs_inactive (the policy's
// at_inactivate hook, then post-EOF blocks), then
// xfs_inodegc_set_reclaimable, which asserts i_delayed_blks == 0 unless the
// fs is shut down (fs/xfs/xfs_icache.c, 6.2). On a shut-down filesystem
// xfs_inode_needs_inactive returns false ("If the log isn't running, push
// inodes straight to reclaim"): no xfs_inactive at all.
void evict(auto& s, const Context& c, int task, int) {
  for (int f = 0; f < c.nfolios; ++f) s.folio[f] = {};
  for (int b = 0; b < c.nblocks; ++b) {
    drop_cached_block(s, c, b);
  }
  if (s.shutdown) {
    s.evicted = 1;
    finish_op(s, c, task, Errno::kOk);
    return;
  }
  HookEnv env;
  env.values[static_cast<int>(Var::kFolioSize)] = c.folio_size;
  env.values[static_cast<int>(Var::kBlockSize)] = c.block_size;
  env.values[static_cast<int>(Var::kISize)] = s.i_size;
  env.values[static_cast<int>(Var::kSick)] = s.sick;
  for (const Primitive& p : c.policy.hooks[static_cast<int>(Hook::kAtInactivate)]) {
    run_primitive(s, c, HookSite{task, -1, env, Errno::kOk}, p);
  }
  int eof_block = static_cast<int>((s.i_size + c.block_size - 1) / c.block_size);
  if (xfs_can_free_eofblocks(s, c, eof_block)) xfs_free_eofblocks(s, c, eof_block);
  s.evicted = 1;
  finish_op(s, c, task, Errno::kOk);
}

// xfs_unmountfs -> xfs_destroy_percpu_counters, which asserts
// m_delalloc_blks == 0 unless shut down (fs/xfs/xfs_super.c).
void xfs_unmountfs(auto& s, const Context& c, int task, int) {
  s.unmounted = 1;
  finish_op(s, c, task, Errno::kOk);
}

#define INSTANTIATE(S) \
  template void sync_filesystem(S&, const Context&, int, int); \
  template void evict(S&, const Context&, int, int); \
  template void xfs_unmountfs(S&, const Context&, int, int);
WBCHECK_FOR_EACH_STATE(INSTANTIATE)
#undef INSTANTIATE

}  // namespace wbcheck::model
