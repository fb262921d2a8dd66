#include "model/phase_names.h"

namespace wbcheck::model {
namespace {

// Indexed by Phase; the name is the short form used in `task[X].phase` diffs.
constexpr const char* kPhaseNames[kNumPhases] = {
    "done",
    "write.lock", "write.iomap_begin", "write.begin", "write.end",
    "write.iomap_end", "write.release_seek", "write.release_folio", "write.fail_punch",
    "sync.check",
    "wb.tag", "wb.lock", "wb.wait_writeback", "wb.map", "wb.convert", "wb.hook",
    "wb.submit", "wb.wait",
    "dio.lock", "dio.check_errors", "dio.invalidate", "dio.invalidate_wait",
    "dio.iomap_begin", "dio.end_io",
    "read.lock", "read.folio",
    "fault.read", "fault.lock", "fault.mkwrite", "fault.iomap_begin",
    "truncate.lock", "truncate.mmaplock", "truncate.check_errors", "truncate.setsize",
    "truncate.transaction", "truncate_pages.folio", "truncate_pages.wait_writeback",
    "punch.lock", "punch.mmaplock", "punch.check_errors", "punch.unmap", "punch.tail_check",
    "shutdown", "open",
    "teardown.sync", "teardown.evict", "teardown.unmount",
};

}  // namespace

const char* phase_name(Phase p) {
  int i = static_cast<int>(p);
  return i < kNumPhases ? kPhaseNames[i] : "?";
}

const char* wait_name(Wait w) {
  switch (w) {
    case Wait::kNone: return "-";
    case Wait::kIolockExcl: return "IOLOCK_EXCL";
    case Wait::kIolockShared: return "IOLOCK_SHARED";
    case Wait::kFolioLock: return "folio_lock";
    case Wait::kFolioWriteback: return "folio_wait_writeback";
    case Wait::kTasksDone: return "tasks_done";
    case Wait::kNoInflight: return "no_inflight_io";
    case Wait::kMmaplockExcl: return "MMAPLOCK_EXCL";
    case Wait::kMmaplockShared: return "MMAPLOCK_SHARED";
    case Wait::kFolioUptodateOrUnlocked: return "folio_uptodate_or_unlocked";
    case Wait::kFaultFolio: return "folio_lock+invalidate_lock_shared";
  }
  return "?";
}

}  // namespace wbcheck::model
