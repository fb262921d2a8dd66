// Which member of a state a Field instance is: the one switch from the field
// table to the state layout, over any field wrapper. `fn` gets the member
// (a plain integer of State, a Z3 value of the symbolic state) and its result
// is returned.
#pragma once

#include "model/fields.h"
#include "model/state.h"

namespace wbcheck::model {

template <class S, class Fn>
auto with_field(S& s, Field f, int i, Fn&& fn) {
  switch (f) {
    case Field::kISize: return fn(s.i_size);
    case Field::kFdblocks: return fn(s.fdblocks);
    case Field::kIDelayedBlks: return fn(s.i_delayed_blks);
    case Field::kMDelallocBlks: return fn(s.m_delalloc_blks);
    case Field::kIolockExcl: return fn(s.iolock_excl);
    case Field::kIolockShared: return fn(s.iolock_shared);
    case Field::kMmaplockExcl: return fn(s.mmaplock_excl);
    case Field::kMmaplockShared: return fn(s.mmaplock_shared);
    case Field::kWbErr: return fn(s.wb_err);
    case Field::kAsEio: return fn(s.as_eio);
    case Field::kAsEnospc: return fn(s.as_enospc);
    case Field::kWarnedConvert: return fn(s.warned_convert);
    case Field::kDiscardEscaped: return fn(s.discard_escaped);
    case Field::kEvicted: return fn(s.evicted);
    case Field::kUnmounted: return fn(s.unmounted);
    case Field::kShutdown: return fn(s.shutdown);
    case Field::kSick: return fn(s.sick);
    case Field::kIfsFreedUnderIo: return fn(s.ifs_freed_under_io);
    case Field::kFsyncLied: return fn(s.fsync_lied);
    case Field::kUnreportedLoss: return fn(s.unreported_loss);
    case Field::kStaleRead: return fn(s.stale_read);
    case Field::kWasUnbackedDirty: return fn(s.was_unbacked_dirty);
    case Field::kWasDirtyBitClean: return fn(s.was_dirty_bit_clean);
    case Field::kWasGarbageWritten: return fn(s.was_garbage_written);
    case Field::kFolioPresent: return fn(s.folio[i].present);
    case Field::kFolioLockedBy: return fn(s.folio[i].locked_by);
    case Field::kFolioUptodate: return fn(s.folio[i].uptodate);
    case Field::kFolioDirty: return fn(s.folio[i].dirty);
    case Field::kFolioWriteback: return fn(s.folio[i].writeback);
    case Field::kFolioHasIfs: return fn(s.folio[i].has_ifs);
    case Field::kExtent: return fn(s.block[i].extent);
    case Field::kBlockUptodate: return fn(s.block[i].uptodate);
    case Field::kBlockDirty: return fn(s.block[i].dirty);
    case Field::kCacheVer: return fn(s.block[i].cache_ver);
    case Field::kDiskVer: return fn(s.block[i].disk_ver);
    case Field::kIoVer: return fn(s.block[i].io_ver);
    case Field::kTaskOp: return fn(s.task[i].op);
    case Field::kTaskPhase: return fn(s.task[i].phase);
    case Field::kTaskWait: return fn(s.task[i].wait);
    case Field::kTaskWaitArg: return fn(s.task[i].wait_arg);
    case Field::kTaskRet: return fn(s.task[i].ret);
    case Field::kTaskIolock: return fn(s.task[i].iolock);
    case Field::kTaskMmaplock: return fn(s.task[i].mmaplock);
    case Field::kTaskFWbErr: return fn(s.task[i].f_wb_err);
    case Field::kIoBlocks: return fn(s.io[i].blocks);
    case Field::kIoErr: return fn(s.io[i].err);
    case Field::kIoTask: return fn(s.io[i].task);
  }
  return fn(s.pad0);  // not reached: every Field has a case
}

}  // namespace wbcheck::model
