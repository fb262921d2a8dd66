#include "model/footprint.h"

#include <algorithm>

#include "model/enabled.h"
#include "model/task_flow.h"

namespace wbcheck::model {
namespace {

uint64_t bit(int r) { return uint64_t{1} << r; }

// Blocks [a, e) as resources, widened to whole folios (a folio's flags are
// its blocks' resources).
uint64_t folio_blocks(const Context& c, int a, int e) {
  uint64_t m = 0;
  if (a >= e) return 0;
  int first = c.first_block(c.folio_of(a));
  int last = std::min(c.nblocks, c.first_block(c.folio_of(e - 1)) + c.blocks_per_folio);
  for (int b = first; b < last; ++b) m |= bit(kResBlock + b);
  return m;
}
uint64_t folio_res(const Context& c, int f) { return folio_blocks(c, c.first_block(f), c.first_block(f) + 1); }
uint64_t all_blocks(const Context& c) { return folio_blocks(c, 0, c.nblocks); }
// The ioend-membership resources of a folio's blocks.
uint64_t folio_io(const Context& c, int f) {
  return ((uint64_t{1} << c.blocks_per_folio) - 1) << (kResIoBlock + c.first_block(f));
}
uint64_t all_io_blocks(const Context& c) { return ((uint64_t{1} << c.nblocks) - 1) << kResIoBlock; }
uint64_t all_map_valid(const Context& c) { return ((uint64_t{1} << c.actors()) - 1) << kResMapValid; }
uint64_t all_alive(const Context& c) { return ((uint64_t{1} << c.actors()) - 1) << kResAlive; }

Resources writes(uint64_t m) { return Resources{m, m, 0}; }
Resources reads(uint64_t m) { return Resources{m, 0, 0}; }
Resources resets(uint64_t m) { return Resources{0, 0, m}; }

// The delalloc accounting is a resource only when a reservation can fail.
// With at least as many free blocks as the file has blocks, every
// xfs_dec_fdblocks succeeds, so reservations, conversions and punches only
// add to and subtract from the counters, which commutes; the one reader of
// their values is the teardown (eviction, unmount), which runs after every
// task has finished.
uint64_t acct(const Context& c) {
  return c.scenario.free_blocks >= static_cast<uint32_t>(c.nblocks) ? 0 : bit(kResAcct);
}

// An extent change: the extents of the blocks, the accounting, and every
// actor's cached mapping (xfs_iext_inc_seq).
Resources extents(const Context& c, uint64_t blocks) {
  Resources r = writes(blocks | acct(c));
  r |= resets(all_map_valid(c));
  return r;
}

// Whether any step can fail with an error that reaches mapping_set_error or a
// policy hook: allocation or I/O faults, a shutdown, or extents removed under
// a racing writeback (truncate, hole punch, a failed write's cleanup), which
// makes xfs_bmapi_convert_delalloc find no extent.
bool errors_possible(const Context& c) {
  if (c.scenario.faults.alloc != FaultMode::kNever || c.scenario.faults.io != FaultMode::kNever) return true;
  for (const TaskProgram& p : c.programs) {
    for (const Op& op : p.ops) {
      if (op.kind == OpKind::kShutdown || op.kind == OpKind::kTruncate || op.kind == OpKind::kPunchHole) return true;
      if (op.kind == OpKind::kWrite && op.faults()) return true;
    }
  }
  return false;
}

// Blocks that can ever hold delalloc: those a buffered write (also a direct
// write's buffered fallback) or an mmap store may reserve.
uint64_t delalloc_candidates(const Context& c) {
  uint64_t m = 0;
  for (const TaskProgram& p : c.programs) {
    for (const Op& op : p.ops) {
      int a = static_cast<int>(op.pos / c.block_size), e = static_cast<int>((op.pos + op.len) / c.block_size);
      if (op.kind == OpKind::kMmapWrite) {  // the whole folio inside EOF
        a = c.first_block(c.folio_of(a));
        e = std::min(c.nblocks, a + c.blocks_per_folio);
      }
      if (op.kind != OpKind::kWrite && op.kind != OpKind::kDioWrite && op.kind != OpKind::kMmapWrite) continue;
      for (int b = a; b < e && b < c.nblocks; ++b) m |= bit(b);
    }
  }
  return m;
}

// The blocks an allocation of the delalloc extents touching `blocks` (block
// bits) can reach: xfs_bmapi_convert_delalloc and xfs_iomap_write_direct
// allocate a delalloc extent whole, and an extent runs over adjacent delalloc
// blocks. Returned as folio-widened resources.
uint64_t conversion_reach(const Context& c, uint64_t blocks) {
  const uint64_t d = c.facts.delalloc_candidates;
  uint64_t reach = blocks, grown = 0;
  do {
    grown = ((reach << 1) | (reach >> 1)) & d & ~reach & ((uint64_t{1} << c.nblocks) - 1);
    reach |= grown;
  } while (grown);
  uint64_t m = 0;
  for (int b = 0; b < c.nblocks; ++b) {
    if (reach >> b & 1) m |= folio_res(c, c.folio_of(b));
  }
  return m;
}

uint64_t block_range(const Context& c, int a, int e) {
  uint64_t m = 0;
  for (int b = a; b < e && b < c.nblocks; ++b) m |= bit(b);
  return m;
}

// Anything a writeback, a conversion, an I/O path, a truncate or the teardown
// may touch: every block and ioend, the accounting, errseq (mapping_set_error
// also marks every block), the loss ghost, sickness, i_size; it reads the
// shutdown flag and which files are open.
Resources data_all(const Context& c) {
  Resources r = writes(all_blocks(c) | all_io_blocks(c) | acct(c) | bit(kResErrseq) | bit(kResUnreported) |
                       bit(kResSick) | bit(kResISize));
  r |= resets(all_map_valid(c));
  r |= reads(bit(kResShutdown) | all_alive(c));
  return r;
}

// file_check_and_advance_wb_err / filemap_check_errors: they change wb_err's
// SEEN bit and clear AS_EIO/AS_ENOSPC only after an error was recorded;
// when no error is possible they only read.
Resources errseq_check(const Context& c) {
  return c.facts.errors_possible ? writes(bit(kResErrseq)) : reads(bit(kResErrseq));
}

Resources iolock() { return writes(bit(kResIolock)); }
Resources mmaplock() { return writes(bit(kResMmaplock)); }

// A per-block dirty bit past EOF on a clean folio needs an mmap store (from
// 6.6 iomap_dirty_folio dirties every block, past EOF too) or a truncate
// (it can move EOF below dirty bits). Without either, moving EOF up cannot
// change what ifs-dirty-consistent sees.
bool eof_dirty_bits_possible(const Context& c) {
  for (const TaskProgram& p : c.programs) {
    for (const Op& op : p.ops) {
      if (op.kind == OpKind::kMmapWrite || op.kind == OpKind::kTruncate || op.kind == OpKind::kPunchHole) return true;
    }
  }
  return false;
}

// The blocks a task's data can be in (its writes, direct writes and stores),
// folio-widened: what its fsync or O_SYNC check inspects.
uint64_t own_data_blocks(const Context& c, int task) {
  uint64_t m = 0;
  for (const Op& op : c.programs[task].ops) {
    if (op.kind != OpKind::kWrite && op.kind != OpKind::kDioWrite && op.kind != OpKind::kMmapWrite) continue;
    m |= folio_blocks(c, static_cast<int>(op.pos / c.block_size), static_cast<int>((op.pos + op.len) / c.block_size));
  }
  return m;
}

// A truncate can bring i_size below the initial size.
bool may_shrink(const Context& c) {
  for (const TaskProgram& p : c.programs) {
    for (const Op& op : p.ops) {
      if (op.kind == OpKind::kTruncate) return true;
    }
  }
  return false;
}

// A writeback of folios [f0, f1] (write_cache_pages, xfs_map_blocks, the
// conversion, iomap_submit_ioend): those folios, every block the conversion
// can reach, their ioend membership, every task's cached mapping; EOF is
// read. A failure can run the policy's hook and mapping_set_error, which may
// touch anything.
Resources writeback_footprint(const Context& c, int f0, int f1) {
  if (c.facts.errors_possible) return data_all(c);
  const uint64_t blocks = block_range(c, c.first_block(f0), c.first_block(f1) + c.blocks_per_folio);
  Resources r = extents(c, conversion_reach(c, blocks));
  r |= writes(blocks << kResIoBlock);
  r |= reads(bit(kResISize) | bit(kResShutdown));
  return r;
}

// A direct write of [a, e): its flush, its invalidation, the allocation
// (whole delalloc extents touching the range), the end of the I/O (i_size),
// and its buffered fallback after a dirty folio (-ENOTBLK).
Resources dio_footprint(const Context& c, int a, int e) {
  if (c.facts.errors_possible) {
    Resources r = data_all(c);
    r |= iolock();
    r |= mmaplock();
    return r;
  }
  const int f0 = c.folio_of(a), f1 = c.folio_of(e - 1);
  Resources r = writeback_footprint(c, f0, f1);
  r |= extents(c, conversion_reach(c, block_range(c, a, e)));
  r |= writes(folio_blocks(c, a, e) | bit(kResISize) | bit(kResUnreported) | all_blocks(c));
  r |= reads(all_alive(c) | (block_range(c, c.first_block(f0), c.first_block(f1) + c.blocks_per_folio)
                             << kResIoBlock));
  r |= iolock();
  r |= mmaplock();
  return r;
}

// What an O_SYNC write does once it has dropped IOLOCK (generic_write_sync):
// the writeback of its folios and the errseq check, which looks for the
// task's data in its blocks.
Resources sync_flush_footprint(const Context& c, const Op& op) {
  const int a = static_cast<int>(op.pos / c.block_size), e = static_cast<int>((op.pos + op.len) / c.block_size);
  Resources r = writeback_footprint(c, c.folio_of(a), c.folio_of(e - 1));
  r |= errseq_check(c);
  r |= reads(folio_blocks(c, a, e) | bit(kResShutdown));
  return r;
}

// The footprint of the step `task` takes next, from its local state only.
Resources phase_footprint(const State& s, const Context& c, int task) {
  const TaskState& t = s.task[task];
  const Resources shut = reads(bit(kResShutdown));
  Resources r;
  switch (phase_of(t)) {
    case Phase::kDone: return r;
    case Phase::kWriteLock: r = iolock(); r |= shut; break;
    case Phase::kWriteIomapBegin:
      r = extents(c, folio_blocks(c, t.cur, t.end));
      r |= iolock();
      r |= shut;
      break;
    case Phase::kWriteBegin:
      r = writes(folio_res(c, c.folio_of(t.cur)) | bit(kResMapValid + task));
      r |= iolock();
      break;
    case Phase::kWriteEnd:
      r = writes(folio_res(c, c.folio_of(t.cur)));
      r |= resets(bit(kResISize));  // i_size = max(i_size, end)
      // Moving EOF changes which blocks ifs-dirty-consistent looks at.
      if (uint64_t{t.end} * c.block_size > s.i_size && c.facts.eof_dirty_bits_possible) {
        r |= writes(folio_blocks(c, static_cast<int>(s.i_size / c.block_size), t.end));
      }
      r |= iolock();
      break;
    case Phase::kWriteIomapEnd: r = mmaplock(); break;
    case Phase::kWriteReleaseSeek:
    case Phase::kWriteReleaseFolio:
    case Phase::kWriteFailPunch:
      r = extents(c, folio_blocks(c, t.cur, t.map_end));  // the scan's folios lie in the range
      r |= iolock();
      r |= mmaplock();
      break;
    case Phase::kSyncCheck:
      r = errseq_check(c);
      r |= reads(own_data_blocks(c, task));  // synced_data_on_disk looks for this task's data
      r |= shut;
      break;
    case Phase::kWbTag: r = reads(folio_blocks(c, c.first_block(t.wb_first), c.first_block(t.wb_last) + 1)); break;
    case Phase::kWbLock:
    case Phase::kWbWaitWriteback:
    case Phase::kWbWait:
      r = writes(folio_res(c, t.folio));
      r |= reads(bit(kResISize));
      break;
    case Phase::kDioLock: r = iolock(); r |= shut; break;
    case Phase::kDioCheckErrors: r = errseq_check(c); r |= iolock(); break;
    case Phase::kDioInvalidate:
    case Phase::kDioInvalidateWait:
      r = writes(folio_res(c, t.folio) | bit(kResUnreported));
      // ifs_free asks whether the folio's blocks are in any ioend.
      r |= reads(all_alive(c) | folio_io(c, t.folio));
      r |= iolock();
      break;
    case Phase::kReadLock: r = iolock(); r |= shut; break;
    case Phase::kReadFolio:
      r = writes(folio_res(c, t.folio));
      r |= reads(bit(kResISize));
      r |= iolock();
      r |= shut;
      break;
    case Phase::kFaultRead: {
      int f = static_cast<int>(c.op(task, t.op).pos / c.folio_size);
      r = writes(folio_res(c, f));
      r |= reads(bit(kResISize) | bit(kResMmaplock));
      r |= shut;
      break;
    }
    case Phase::kFaultLock: r = mmaplock(); break;
    case Phase::kFaultMkwrite:
      r = writes(folio_res(c, t.folio));
      r |= reads(bit(kResISize));
      r |= mmaplock();
      break;
    case Phase::kFaultIomapBegin:
      r = extents(c, folio_res(c, t.folio));
      r |= reads(bit(kResISize));
      r |= mmaplock();
      r |= shut;
      break;
    case Phase::kShutdown: r = writes(bit(kResShutdown)); break;
    case Phase::kOpen: r = reads(bit(kResErrseq)); r |= shut; break;
    case Phase::kTruncLock:
    case Phase::kTruncMmaplock:
    case Phase::kTruncCheckErrors:
    case Phase::kTruncSetsize:
    case Phase::kTruncTransaction:
    case Phase::kTruncFolio:
    case Phase::kTruncFolioWait:
    case Phase::kPunchLock:
    case Phase::kPunchMmaplock:
    case Phase::kPunchCheckErrors:
    case Phase::kPunchUnmap:
    case Phase::kPunchTailCheck:
      r = data_all(c);  // also a failed write's page cache truncation (<= 6.1)
      r |= iolock();
      r |= mmaplock();
      break;
    case Phase::kDioIomapBegin:
    case Phase::kDioEndIo: {
      const Op& op = c.op(task, t.op);
      r = dio_footprint(c, static_cast<int>(op.pos / c.block_size), static_cast<int>((op.pos + op.len) / c.block_size));
      break;
    }
    case Phase::kWbMap:
    case Phase::kWbConvert:
    case Phase::kWbHook:
    case Phase::kWbSubmit: r = writeback_footprint(c, t.wb_first, t.wb_last); break;
    default:  // the teardown: sync_filesystem's steps, eviction, unmount
      r = data_all(c);
      break;
  }
  // Caching a mapping (validity 1) must not commute with another step's
  // extent change marking it stale; dropping one is a reset.
  switch (phase_of(t)) {
    case Phase::kWriteIomapBegin:
    case Phase::kWbMap:
    case Phase::kWbConvert: r |= writes(bit(kResMapValid + task)); break;
    default: r |= resets(bit(kResMapValid + task)); break;
  }
  // Ending the task's last op closes its file (files_open).
  if (t.op + 1 >= c.program_length(task)) r |= writes(bit(kResAlive + task));
  return r;
}

// Every step an op of this kind can take, from any of its phases.
Resources op_footprint(const Context& c, const Op& op) {
  int a = static_cast<int>(op.pos / c.block_size), e = static_cast<int>((op.pos + op.len) / c.block_size);
  switch (op.kind) {
    case OpKind::kWrite: {
      Resources r = extents(c, folio_blocks(c, a, e));
      r |= writes(bit(kResUnreported));
      r |= resets(bit(kResISize) | all_map_valid(c));
      r |= reads(bit(kResShutdown) | all_alive(c));
      r |= iolock();
      r |= mmaplock();
      // A sync write's writeback and its errseq check; a failed write's
      // cleanup, which up to 6.1 truncates the page cache with the truncate
      // steps (and makes errors possible: data_all below).
      if (op.sync) r |= sync_flush_footprint(c, op);
      if (op.faults()) r |= data_all(c);
      if ((op.pos + op.len > c.scenario.initial_size || c.facts.may_shrink) && c.facts.eof_dirty_bits_possible) {
        r |= writes(folio_blocks(c, 0, e));  // may move EOF over blocks below its end
      }
      return r;
    }
    case OpKind::kRead: {
      Resources r = writes(folio_blocks(c, a, e));
      r |= reads(bit(kResISize) | bit(kResShutdown));
      r |= iolock();
      return r;
    }
    case OpKind::kMmapWrite: {
      Resources r = extents(c, folio_blocks(c, a, e));
      r |= reads(bit(kResISize) | bit(kResShutdown));
      r |= mmaplock();
      return r;
    }
    case OpKind::kShutdown: return writes(bit(kResShutdown));
    case OpKind::kOpen: return reads(bit(kResErrseq) | bit(kResShutdown));
    case OpKind::kFsync: {
      Resources r = writeback_footprint(c, 0, c.nfolios - 1);
      r |= errseq_check(c);
      r |= reads(all_blocks(c) | bit(kResShutdown));
      return r;
    }
    case OpKind::kDioWrite: return dio_footprint(c, a, e);
    case OpKind::kSyncFs:
    case OpKind::kEvict:
    case OpKind::kUnmount: return data_all(c);
    default: {  // truncate, punch hole
      Resources r = data_all(c);
      r |= iolock();
      r |= mmaplock();
      return r;
    }
  }
}

Resources io_footprint(const State& s, const Context& c, int slot) {
  const IoendState& io = s.io[slot];
  uint64_t blocks = 0, io_blocks = 0;
  for (int b = 0; b < c.nblocks; ++b) {
    if (!(io.blocks >> b & 1)) continue;
    blocks |= folio_res(c, c.folio_of(b));
    io_blocks |= bit(kResIoBlock + b);
  }
  Resources r = extents(c, blocks);
  r |= writes(io_blocks);
  r |= reads(bit(kResShutdown));
  // mapping_set_error: errseq, every block's error mark, the loss ghost. A
  // completion fails only when errors are possible at all.
  if (c.facts.errors_possible) {
    r |= writes(bit(kResErrseq) | bit(kResUnreported) | all_blocks(c));
    r |= reads(all_alive(c));
  }
  return r;
}


// The processes whose next steps every path enabling task's next step
// contains (a necessary enabling set), for a task whose wait does not hold.
// *any_one: each of them alone is such a set (every one must move: lock
// holders, unfinished tasks, pending completions).
uint32_t enablers(const State& s, const Context& c, int task, bool* any_one) {
  *any_one = false;
  const TaskState& t = s.task[task];
  uint32_t unfinished = 0, io = 0, iolock_holders = 0, mmap_holders = 0;
  for (int i = 0; i < c.actors(); ++i) {
    if (i < c.ntasks && s.task[i].op < c.program_length(i)) unfinished |= 1u << i;
    if (s.task[i].iolock) iolock_holders |= 1u << i;
    if (s.task[i].mmaplock) mmap_holders |= 1u << i;
  }
  for (int slot = 0; slot < c.nfolios; ++slot) {
    if (s.io[slot].blocks) io |= 1u << (c.actors() + slot);
  }
  auto one = [&](uint32_t m) {  // every member must move: any one of them will do
    *any_one = true;
    return m;
  };
  auto holder = [&](int f) { return s.folio[f].locked_by ? 1u << (s.folio[f].locked_by - 1) : 0u; };
  switch (static_cast<Wait>(t.wait)) {
    case Wait::kIolockExcl:
    case Wait::kIolockShared: return one(iolock_holders);
    case Wait::kMmaplockExcl:
    case Wait::kMmaplockShared: return one(mmap_holders);
    case Wait::kFolioLock:
    case Wait::kFolioUptodateOrUnlocked: return holder(t.wait_arg);
    case Wait::kTasksDone: return one(unfinished);
    case Wait::kNoInflight: return one(io);
    case Wait::kFaultFolio: {
      uint32_t h = holder(t.wait_arg);
      if (h) return h;
      // Unlocked but to be read in while invalidate_lock is held exclusive:
      // the holder may release it, or any task may read the folio in.
      return mmap_holders | unfinished;
    }
    case Wait::kFolioWriteback:
      // PG_writeback goes with the completion of the ioend holding the
      // folio's blocks, or by the writeback task that set it, ending it
      // itself or submitting first.
      return io | unfinished | (1u << (c.actors() - 1));
    case Wait::kNone: break;
  }
  return unfinished | io | (1u << (c.actors() - 1));
}

// The hold classes another task's hold must include for a step waiting with
// `w` to stay disabled (enabled.h: an exclusive wait needs the lock free, a
// shared one needs no exclusive holder).
uint32_t blocked_by(Wait w) {
  switch (w) {
    case Wait::kIolockExcl: return 1u << kHoldIolockExcl | 1u << kHoldIolockShared;
    case Wait::kIolockShared: return 1u << kHoldIolockExcl;
    case Wait::kMmaplockExcl: return 1u << kHoldMmaplockExcl | 1u << kHoldMmaplockShared;
    case Wait::kMmaplockShared: return 1u << kHoldMmaplockExcl;
    default: return 0;
  }
}

uint32_t holds_of(const TaskState& t) {
  uint32_t h = 0;
  if (t.iolock == 2) h |= 1u << kHoldIolockExcl;
  if (t.iolock == 1) h |= 1u << kHoldIolockShared;
  if (t.mmaplock == 2) h |= 1u << kHoldMmaplockExcl;
  if (t.mmaplock == 1) h |= 1u << kHoldMmaplockShared;
  return h;
}

// The steps left in the task's current op, next excluded. An O_SYNC write
// past its IOLOCK section has only its flush left.
Resources rest_of_op(const State& s, const Context& c, int task) {
  const TaskState& t = s.task[task];
  const Op& op = c.op(task, t.op);
  if (op.kind == OpKind::kWrite && op.sync) {
    switch (phase_of(t)) {
      case Phase::kWbTag:
      case Phase::kWbLock:
      case Phase::kWbWaitWriteback:
      case Phase::kWbMap:
      case Phase::kWbConvert:
      case Phase::kWbHook:
      case Phase::kWbSubmit:
      case Phase::kWbWait:
      case Phase::kSyncCheck: return sync_flush_footprint(c, op);
      default: break;
    }
  }
  return op_footprint(c, op);
}

// Every step the task can still take (next included, its footprint given)
// before a step whose wait another task's hold in `held` keeps disabled: its
// next step, the rest of its op, then whole ops up to one that starts with
// such a wait. With held == 0, every step it can still take. It depends on
// the task's own state only (no other task changes it), so it covers its
// steps however the others move. A direct write may fall back to a buffered
// write inside its op, and the op's footprint covers that.
Resources future_footprint(const State& s, const Context& c, int task, const Resources& next, uint32_t held) {
  const TaskState& t = s.task[task];
  const Resources mapv = writes(bit(kResMapValid + task));  // it caches mappings
  if (blocked_by(static_cast<Wait>(t.wait)) & held) return Resources{};
  Resources r = next;
  r |= rest_of_op(s, c, task);
  r |= mapv;
  for (int i = t.op + 1; i < c.program_length(task); ++i) {
    TaskState start{};
    start.op = static_cast<uint8_t>(i);
    set_phase(start, initial_phase(c, task, i));
    int arg = 0;
    if (blocked_by(wait_of(c, task, start, &arg)) & held) return r;
    r |= op_footprint(c, c.op(task, i));
  }
  r |= writes(bit(kResAlive + task));  // it ends its last op
  return r;
}

}  // namespace

Context::ScenarioFacts scenario_facts(const Context& c) {
  Context::ScenarioFacts f;
  f.errors_possible = errors_possible(c);
  f.delalloc_candidates = delalloc_candidates(c);
  f.eof_dirty_bits_possible = eof_dirty_bits_possible(c);
  f.may_shrink = may_shrink(c);
  return f;
}

void process_infos(const State& s, const Context& c, std::vector<ProcessInfo>& out) {
  out.assign(num_processes(c), ProcessInfo{});
  ConcreteView v(c, s);
  for (int t = 0; t < c.actors(); ++t) {
    ProcessInfo& p = out[t];
    p.done = task_done(v, t);
    if (p.done) continue;
    p.enabled = wait_satisfied(v, t);
    p.next = phase_footprint(s, c, t);
    p.all = future_footprint(s, c, t, p.next, 0);
    for (int k = 0; k < kNumHolds; ++k) p.until[k] = future_footprint(s, c, t, p.next, 1u << k);
    p.holds = holds_of(s.task[t]);
    if (!p.enabled) p.enablers = enablers(s, c, t, &p.enablers_any_one);
  }
  for (int slot = 0; slot < c.nfolios; ++slot) {
    ProcessInfo& p = out[c.actors() + slot];
    if (!s.io[slot].blocks) continue;
    p.done = false;
    p.enabled = true;
    p.next = p.all = io_footprint(s, c, slot);
  }
}

}  // namespace wbcheck::model
