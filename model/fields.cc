#include "model/fields.h"

#include "absl/strings/str_cat.h"
#include "model/errno.h"
#include "model/field_access.h"
#include "model/errseq.h"
#include "model/phase_names.h"

namespace wbcheck::model {
namespace {

constexpr FieldInfo kFields[kNumFields] = {
    {Field::kISize, "i_size", Arity::kOne},
    {Field::kFdblocks, "fdblocks", Arity::kOne},
    {Field::kIDelayedBlks, "i_delayed_blks", Arity::kOne},
    {Field::kMDelallocBlks, "m_delalloc_blks", Arity::kOne},
    {Field::kIolockExcl, "iolock_excl", Arity::kOne},
    {Field::kIolockShared, "iolock_shared", Arity::kOne},
    {Field::kMmaplockExcl, "mmaplock_excl", Arity::kOne},
    {Field::kMmaplockShared, "mmaplock_shared", Arity::kOne},
    {Field::kWbErr, "wb_err", Arity::kOne},
    {Field::kAsEio, "AS_EIO", Arity::kOne},
    {Field::kAsEnospc, "AS_ENOSPC", Arity::kOne},
    {Field::kWarnedConvert, "warned_convert_delalloc", Arity::kOne},
    {Field::kDiscardEscaped, "discard_outside_folio_lock", Arity::kOne},
    {Field::kEvicted, "evicted", Arity::kOne},
    {Field::kUnmounted, "unmounted", Arity::kOne},
    {Field::kShutdown, "shutdown", Arity::kOne},
    {Field::kSick, "sick", Arity::kOne},
    {Field::kIfsFreedUnderIo, "ifs_freed_under_io", Arity::kOne},
    {Field::kFsyncLied, "fsync_returned_0_without_data", Arity::kOne},
    {Field::kUnreportedLoss, "data_dropped_unreported", Arity::kOne},
    {Field::kStaleRead, "read_returned_garbage", Arity::kOne},
    {Field::kWasUnbackedDirty, "was_dirty_unbacked", Arity::kOne},
    {Field::kWasDirtyBitClean, "was_dirty_bit_on_clean_folio", Arity::kOne},
    {Field::kWasGarbageWritten, "was_garbage_written", Arity::kOne},
    {Field::kFolioPresent, "present", Arity::kPerFolio},
    {Field::kFolioLockedBy, "locked_by", Arity::kPerFolio},
    {Field::kFolioUptodate, "uptodate", Arity::kPerFolio},
    {Field::kFolioDirty, "dirty", Arity::kPerFolio},
    {Field::kFolioWriteback, "writeback", Arity::kPerFolio},
    {Field::kFolioHasIfs, "ifs", Arity::kPerFolio},
    {Field::kExtent, "extent", Arity::kPerBlock},
    {Field::kBlockUptodate, "uptodate", Arity::kPerBlock},
    {Field::kBlockDirty, "dirty", Arity::kPerBlock},
    {Field::kCacheVer, "cache_ver", Arity::kPerBlock},
    {Field::kDiskVer, "disk_ver", Arity::kPerBlock},
    {Field::kIoVer, "io_ver", Arity::kPerBlock},
    {Field::kTaskOp, "op", Arity::kPerTask},
    {Field::kTaskPhase, "phase", Arity::kPerTask},
    {Field::kTaskWait, "wait", Arity::kPerTask},
    {Field::kTaskWaitArg, "wait_arg", Arity::kPerTask},
    {Field::kTaskRet, "ret", Arity::kPerTask},
    {Field::kTaskIolock, "iolock", Arity::kPerTask},
    {Field::kTaskMmaplock, "mmaplock", Arity::kPerTask},
    {Field::kTaskFWbErr, "f_wb_err", Arity::kPerTask},
    {Field::kIoBlocks, "blocks", Arity::kPerIoend},
    {Field::kIoErr, "err", Arity::kPerIoend},
    {Field::kIoTask, "task", Arity::kPerIoend},
};

const char* extent_name(int64_t v) {
  static constexpr const char* kNames[] = {"hole", "delalloc", "unwritten", "written"};
  return v >= 0 && v < 4 ? kNames[v] : "?";
}

std::string owner_text(const Context& c, int64_t v) {
  return v == 0 ? "none" : (v - 1 < c.actors() ? c.task_name(static_cast<int>(v - 1)) : "?");
}

std::string errseq_text(int64_t v) {
  auto e = static_cast<uint16_t>(v);
  if (e == 0) return "0";
  return absl::StrCat(errno_name(errseq_errno(e)), (e & kErrseqSeen) ? "/seen" : "", "#",
                      e / kErrseqCtrInc);
}

std::string version_text(int64_t v) {
  if (v == kVersionGarbage) return "garbage";
  if (v == kVersionInitial) return "initial";
  return v == 0 ? "zeros" : absl::StrCat("v", v);
}

std::string mask_text(int64_t v) {
  std::string out = "{";
  for (int b = 0; b < 16; ++b) {
    if (v & (int64_t{1} << b)) absl::StrAppend(&out, out.size() > 1 ? "," : "", b);
  }
  return out + "}";
}

}  // namespace

const FieldInfo& field_info(Field f) { return kFields[static_cast<int>(f)]; }

int field_instances(const Context& c, Field f) {
  switch (field_info(f).arity) {
    case Arity::kOne: return 1;
    case Arity::kPerFolio: return c.nfolios;
    case Arity::kPerBlock: return c.nblocks;
    case Arity::kPerTask: return c.actors();
    case Arity::kPerIoend: return c.nfolios;
  }
  return 0;
}

std::string field_key(const Context& c, Field f, int index) {
  const FieldInfo& info = field_info(f);
  switch (info.arity) {
    case Arity::kOne: return info.name;
    case Arity::kPerFolio: return absl::StrCat("folio[", index, "].", info.name);
    case Arity::kPerBlock: return absl::StrCat("block[", index, "].", info.name);
    case Arity::kPerTask: return absl::StrCat("task[", c.task_name(index), "].", info.name);
    case Arity::kPerIoend: return absl::StrCat("ioend[", index, "].", info.name);
  }
  return "?";
}

std::string field_value_text(const Context& c, Field f, int64_t v) {
  switch (f) {
    case Field::kExtent: return extent_name(v);
    case Field::kTaskRet:
    case Field::kIoErr: return v == 0 ? "0" : absl::StrCat("-", errno_name(static_cast<Errno>(v)));
    case Field::kIoTask: return v < c.actors() ? c.task_name(static_cast<int>(v)) : "?";
    case Field::kWbErr:
    case Field::kTaskFWbErr: return errseq_text(v);
    case Field::kIolockExcl:
    case Field::kMmaplockExcl:
    case Field::kFolioLockedBy: return owner_text(c, v);
    case Field::kTaskPhase: return phase_name(static_cast<Phase>(v));
    case Field::kTaskWait: return wait_name(static_cast<Wait>(v));
    case Field::kTaskIolock:
    case Field::kTaskMmaplock: return v == 0 ? "none" : (v == 1 ? "shared" : "excl");
    case Field::kIoBlocks: return mask_text(v);
    case Field::kCacheVer:
    case Field::kDiskVer:
    case Field::kIoVer: return version_text(v);
    default: return absl::StrCat(v);
  }
}

bool field_has_value_names(Field f) {
  switch (f) {
    case Field::kExtent:
    case Field::kTaskRet:
    case Field::kIoErr:
    case Field::kIoTask:
    case Field::kWbErr:
    case Field::kTaskFWbErr:
    case Field::kIolockExcl:
    case Field::kMmaplockExcl:
    case Field::kFolioLockedBy:
    case Field::kTaskPhase:
    case Field::kTaskWait:
    case Field::kTaskIolock:
    case Field::kTaskMmaplock:
    case Field::kIoBlocks:
    case Field::kCacheVer:
    case Field::kDiskVer:
    case Field::kIoVer: return true;
    default: return false;
  }
}

ConcreteView::Int ConcreteView::get(Field f, int i) const {
  return with_field(s_, f, i, [](auto v) { return static_cast<Int>(v); });
}

}  // namespace wbcheck::model
