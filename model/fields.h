// The named pieces of state, one table shared by everything that looks at a
// state from outside a step: trace diffs ("folio[1].dirty 1 -> 0"), the
// property definitions, and their Z3 encoding (one Z3 constant per field
// instance). A view gives a field's value in some domain: ConcreteView (below)
// reads a State; properties/z3_view.h returns Z3 constants.
#pragma once

#include <cstdint>
#include <string>

#include "model/context.h"
#include "model/state.h"

namespace wbcheck::model {

enum class Field : uint8_t {
  // inode and mount (one instance)
  kISize, kFdblocks, kIDelayedBlks, kMDelallocBlks, kIolockExcl, kIolockShared,
  kMmaplockExcl, kMmaplockShared,
  kWbErr, kAsEio, kAsEnospc, kWarnedConvert, kDiscardEscaped, kEvicted, kUnmounted, kShutdown,
  kSick, kIfsFreedUnderIo, kFsyncLied, kUnreportedLoss, kStaleRead, kWasUnbackedDirty, kWasDirtyBitClean,
  kWasGarbageWritten,
  // per folio
  kFolioPresent, kFolioLockedBy, kFolioUptodate, kFolioDirty, kFolioWriteback, kFolioHasIfs,
  // per block
  kExtent, kBlockUptodate, kBlockDirty, kCacheVer, kDiskVer, kIoVer,
  // per task (scenario tasks and the teardown actor)
  kTaskOp, kTaskPhase, kTaskWait, kTaskWaitArg, kTaskRet, kTaskIolock, kTaskMmaplock, kTaskFWbErr,
  // per submitted-ioend slot (as many as folios)
  kIoBlocks, kIoErr, kIoTask,
};
inline constexpr int kNumFields = static_cast<int>(Field::kIoTask) + 1;

enum class Arity : uint8_t { kOne, kPerFolio, kPerBlock, kPerTask, kPerIoend };

struct FieldInfo {
  Field field;
  const char* name;  // e.g. "dirty"; keys are "name", "folio[i].name", "block[i].name", "task[A].name"
  Arity arity;
};

const FieldInfo& field_info(Field f);
// How many instances of f the context has.
int field_instances(const Context& c, Field f);
// "folio[1].dirty", "i_delayed_blks", "task[A].phase".
std::string field_key(const Context& c, Field f, int index);
// A readable value: extent kinds, errnos, phases, lock owners by name; else the number.
std::string field_value_text(const Context& c, Field f, int64_t value);
// True when field_value_text spells f's values as names (the cases above)
// rather than as the number: the trace file (cli/trace_file.h) writes those
// fields as strings and the others as integers, the same type for every value.
bool field_has_value_names(Field f);

// Reads fields of a concrete State; the concrete domain of the property templates.
class ConcreteView {
 public:
  using Bool = bool;
  using Int = int64_t;
  ConcreteView(const Context& c, const State& s) : c_(c), s_(s) {}
  const Context& context() const { return c_; }
  Int get(Field f, int index) const;
  Int lit(int64_t v) const { return v; }
  Bool lit_bool(bool v) const { return v; }
  Int ite(Bool c, Int a, Int b) const { return c ? a : b; }
  Bool implies(Bool a, Bool b) const { return !a || b; }

 private:
  const Context& c_;
  const State& s_;
};

}  // namespace wbcheck::model
