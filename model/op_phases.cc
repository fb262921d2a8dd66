#include "model/op_phases.h"

#include <initializer_list>

namespace wbcheck::model {
namespace {

bool in(Phase p, std::initializer_list<Phase> set) {
  for (Phase q : set) {
    if (p == q) return true;
  }
  return false;
}

// A WB_SYNC_ALL writeback (flushes of fsync, O_SYNC, DIO, truncate, punch, sync).
bool writeback(Phase p) {
  return in(p, {Phase::kWbTag, Phase::kWbLock, Phase::kWbWaitWriteback, Phase::kWbMap, Phase::kWbConvert,
                Phase::kWbHook, Phase::kWbSubmit, Phase::kWbWait});
}
bool truncate_pages(Phase p) { return in(p, {Phase::kTruncFolio, Phase::kTruncFolioWait}); }
// A short or failed write's cleanup, after a buffered write or a fault.
bool write_failure(Phase p) {
  return in(p, {Phase::kWriteIomapEnd, Phase::kWriteReleaseSeek, Phase::kWriteReleaseFolio, Phase::kWriteFailPunch}) ||
         truncate_pages(p);
}
bool buffered_write(Phase p) {
  return in(p, {Phase::kWriteLock, Phase::kWriteIomapBegin, Phase::kWriteBegin, Phase::kWriteEnd, Phase::kSyncCheck}) ||
         write_failure(p) || writeback(p);
}

}  // namespace

bool phase_possible(OpKind k, Phase p) {
  switch (k) {
    case OpKind::kWrite: return buffered_write(p);
    case OpKind::kDioWrite:  // -ENOTBLK falls back to a buffered write
      return in(p, {Phase::kDioLock, Phase::kDioCheckErrors, Phase::kDioInvalidate, Phase::kDioInvalidateWait,
                    Phase::kDioIomapBegin, Phase::kDioEndIo}) ||
             buffered_write(p);
    case OpKind::kFsync: return writeback(p) || p == Phase::kSyncCheck;
    case OpKind::kRead: return in(p, {Phase::kReadLock, Phase::kReadFolio});
    case OpKind::kMmapWrite:
      return in(p, {Phase::kFaultRead, Phase::kFaultLock, Phase::kFaultMkwrite, Phase::kFaultIomapBegin}) ||
             write_failure(p);
    case OpKind::kTruncate:
      return in(p, {Phase::kTruncLock, Phase::kTruncMmaplock, Phase::kTruncCheckErrors, Phase::kTruncSetsize,
                    Phase::kTruncTransaction}) ||
             truncate_pages(p) || writeback(p);
    case OpKind::kPunchHole:
      return in(p, {Phase::kPunchLock, Phase::kPunchMmaplock, Phase::kPunchCheckErrors, Phase::kPunchUnmap,
                    Phase::kPunchTailCheck}) ||
             truncate_pages(p) || writeback(p);
    case OpKind::kShutdown: return p == Phase::kShutdown;
    case OpKind::kOpen: return p == Phase::kOpen;
    case OpKind::kSyncFs: return p == Phase::kSyncFs || writeback(p);
    case OpKind::kEvict: return p == Phase::kEvict;
    case OpKind::kUnmount: return p == Phase::kUnmount;
  }
  return false;
}

}  // namespace wbcheck::model
