#include "model/task_flow.h"

#include <type_traits>

#include "model/domains.h"
#include "model/errseq.h"

namespace wbcheck::model {

Phase initial_phase(const Context& c, int task, int index) {
  if (index >= c.program_length(task)) return Phase::kDone;
  switch (c.op(task, index).kind) {
    case OpKind::kWrite: return Phase::kWriteLock;
    case OpKind::kDioWrite: return Phase::kDioLock;
    case OpKind::kFsync: return Phase::kWbTag;
    case OpKind::kRead: return Phase::kReadLock;
    case OpKind::kMmapWrite: return Phase::kFaultRead;
    case OpKind::kTruncate: return Phase::kTruncLock;
    case OpKind::kPunchHole: return Phase::kPunchLock;
    case OpKind::kShutdown: return Phase::kShutdown;
    case OpKind::kOpen: return Phase::kOpen;
    case OpKind::kSyncFs: return Phase::kSyncFs;
    case OpKind::kEvict: return Phase::kEvict;
    case OpKind::kUnmount: return Phase::kUnmount;
  }
  return Phase::kDone;
}

void finish_op(auto& s, const Context& c, int task, Errno ret) {
  auto& t = s.task[task];
  std::remove_cvref_t<decltype(t)> next{};
  next.op = static_cast<uint8_t>(t.op + 1);
  next.ret = static_cast<uint8_t>(ret);
  next.f_wb_err = t.f_wb_err;  // the open file outlives the syscall
  t = next;
  enter_op(s, c, task);
}

void enter_op(auto& s, const Context& c, int task) {
  Phase p = initial_phase(c, task, s.task[task].op);
  set_phase(s.task[task], p);
  // fsync's first step is the writeback itself: set up its range now.
  if (p == Phase::kWbTag) start_writeback(s, task, 0, c.nfolios - 1, Phase::kSyncCheck);
}

void start_writeback(auto& s, int task, int first, int last, Phase ret) {
  auto& t = s.task[task];
  t.wb_first = static_cast<uint8_t>(first);
  t.wb_last = static_cast<uint8_t>(last);
  t.wb_ret = static_cast<uint8_t>(ret);
  t.wb_err = 0;
  t.err = 0;
  t.ioend = 0;
  t.map_valid = 0;  // a fresh struct iomap_writepage_ctx
  set_phase(t, Phase::kWbTag);
}

void refresh_wait(auto& s, const Context& c, int task) {
  auto& t = s.task[task];
  int arg = 0;
  const Wait w = wait_of(c, task, t, &arg);
  t.wait = static_cast<uint8_t>(w);
  t.wait_arg = static_cast<uint8_t>(arg);
}

Wait wait_of(const Context& c, int task, const auto& t, int* arg_out) {
  Wait w = Wait::kNone;
  int arg = 0;
  switch (phase_of(t)) {
    case Phase::kWriteLock:
    case Phase::kTruncLock:
    case Phase::kPunchLock: w = Wait::kIolockExcl; break;
    case Phase::kDioLock:
    case Phase::kReadLock: w = Wait::kIolockShared; break;
    case Phase::kFaultLock: w = Wait::kMmaplockShared; break;
    case Phase::kTruncMmaplock:
    case Phase::kPunchMmaplock: w = Wait::kMmaplockExcl; break;
    case Phase::kWriteIomapEnd:  // from 6.2 the release starts with filemap_invalidate_lock
      if (c.policy.features.write_delalloc_release) w = Wait::kMmaplockExcl;
      break;
    case Phase::kWriteReleaseFolio: w = Wait::kFolioLock; arg = t.folio; break;
    case Phase::kReadFolio: w = Wait::kFolioUptodateOrUnlocked; arg = t.folio; break;
    case Phase::kFaultRead: w = Wait::kFaultFolio; arg = static_cast<int>(c.op(task, t.op).pos / c.folio_size); break;
    case Phase::kFaultMkwrite: w = Wait::kFolioLock; arg = t.folio; break;
    case Phase::kWriteBegin: w = Wait::kFolioLock; arg = c.folio_of(t.cur); break;
    case Phase::kWbLock:
    case Phase::kDioInvalidate:
    case Phase::kTruncFolio: w = Wait::kFolioLock; arg = t.folio; break;
    case Phase::kWbWaitWriteback:
    case Phase::kWbWait:
    case Phase::kDioInvalidateWait:
    case Phase::kTruncFolioWait: w = Wait::kFolioWriteback; arg = t.folio; break;
    case Phase::kSyncFs: w = Wait::kTasksDone; break;
    case Phase::kEvict: w = Wait::kNoInflight; break;
    default: break;
  }
  *arg_out = arg;
  return w;
}

bool files_open(const auto& s, const Context& c) {
  for (int t = 0; t < c.ntasks; ++t) {
    if (s.task[t].op < c.program_length(t)) return true;
  }
  return false;
}

void mapping_set_error(auto& s, const Context& c, Errno err) {
  if (err == Errno::kOk) return;
  // From here on every file that sampled wb_err earlier will see an error:
  // data lost so far has been reported -- as long as some task can still
  // look. Once every task has finished (unmount's sync_filesystem on), no
  // file is open and an error reaches nobody.
  if (files_open(s, c)) {
    for (int b = 0; b < c.nblocks; ++b) s.block[b].err_since_write = 1;  // only the tracked blocks: no hidden bits
    s.unreported_loss = 0;
  }
  s.wb_err = errseq_set(s.wb_err, err);
  if (err == Errno::kENOSPC) s.as_enospc = 1;
  else s.as_eio = 1;
}

Errno test_and_clear_as_errors(auto& s) {
  Errno err = Errno::kOk;
  if (s.as_enospc) err = Errno::kENOSPC;
  if (s.as_eio) err = Errno::kEIO;
  s.as_enospc = s.as_eio = 0;
  return err;
}

void discard_truncated_block(auto& s, int b) {
  auto& blk = s.block[b];
  blk.uptodate = blk.dirty = blk.cache_ver = 0;
}

void lose_cached_copy(auto& s, const Context& c, int b) {
  auto& blk = s.block[b];
  bool only_copy = blk.uptodate && blk.cache_ver != 0 && blk.cache_ver != blk.disk_ver && blk.io_ver != blk.cache_ver;
  // A loss is owed to the files open when it happens (errseq reports to
  // those); after every task finished, no file is owed anything.
  if (only_copy && !blk.err_since_write && files_open(s, c)) s.unreported_loss = 1;
  blk.cache_ver = 0;
}

void drop_cached_block(auto& s, const Context& c, int b) {
  lose_cached_copy(s, c, b);
  s.block[b].uptodate = s.block[b].dirty = 0;
}

bool fault_fires(FaultMode mode, int choice) {
  switch (mode) {
    case FaultMode::kNever: return false;
    case FaultMode::kAlways: return true;
    case FaultMode::kNondet: return choice == 1;
  }
  return false;
}

#define INSTANTIATE(S) \
  template void finish_op(S&, const Context&, int, Errno); \
  template void enter_op(S&, const Context&, int); \
  template void start_writeback(S&, int, int, int, Phase); \
  template void refresh_wait(S&, const Context&, int); \
  template Wait wait_of(const Context&, int, const TaskOf<S>&, int*); \
  template bool files_open(const S&, const Context&); \
  template void mapping_set_error(S&, const Context&, Errno); \
  template Errno test_and_clear_as_errors(S&); \
  template void discard_truncated_block(S&, int); \
  template void lose_cached_copy(S&, const Context&, int); \
  template void drop_cached_block(S&, const Context&, int);
WBCHECK_FOR_EACH_STATE(INSTANTIATE)
#undef INSTANTIATE

}  // namespace wbcheck::model
