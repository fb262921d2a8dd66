// What each process of the model may read and write, for partial-order
// reduction (checker/por.h). A process is a task (scenario tasks, then the
// teardown actor) or a submitted ioend, whose completion is its one step.
//
// Resources are bits of one 64-bit set. A folio's flags count as its blocks'
// resources: the state invariants of model/observations.h read a block
// together with its folio, and their sticky flags only commute between steps
// that touch disjoint blocks (see the argument in checker/por.h).
//
// `next` is the footprint of the process's next step in this state; it is
// used only for processes in the stubborn set, whose step runs after steps
// that leave everything it reads unchanged, so it behaves the same. `all`
// covers every step the process can still take from this state in any
// interleaving, next included; it depends only on the process's own local
// state (which no other process changes), so it stays an over-approximation
// however others move.
#pragma once

#include <cstdint>
#include <vector>

#include "model/context.h"
#include "model/state.h"

namespace wbcheck::model {

// Resource bits.
inline constexpr int kResBlock = 0;    // 16: extent, per-block bits and versions, the folio's flags
inline constexpr int kResIoBlock = 16; // 16: the block is in an ioend (a task's cached one, or submitted)
inline constexpr int kResAcct = 32;    // fdblocks, i_delayed_blks, m_delalloc_blks
inline constexpr int kResISize = 33;
inline constexpr int kResErrseq = 34;  // wb_err, AS_EIO, AS_ENOSPC
inline constexpr int kResUnreported = 35;
inline constexpr int kResIolock = 36;
inline constexpr int kResMmaplock = 37;
inline constexpr int kResShutdown = 38;
inline constexpr int kResSick = 39;
inline constexpr int kResAlive = 40;     // 5: per actor, its program is unfinished (files_open reads them)
inline constexpr int kResMapValid = 45;  // 5: per actor, its cached mapping's validity (if_seq)
inline constexpr int kNumResources = 50;

// `resets` are writes that commute with each other however they are
// ordered: setting a value no step reads back in between (xfs_iext_inc_seq
// marking a cached mapping stale) or i_size = max(i_size, end) of an
// extending write. They still conflict with reads and plain writes.
struct Resources {
  uint64_t reads = 0, writes = 0, resets = 0;
  Resources& operator|=(const Resources& o) {
    reads |= o.reads;
    writes |= o.writes;
    resets |= o.resets;
    return *this;
  }
  bool conflicts_with(const Resources& o) const {
    const uint64_t mine = reads | writes | resets, theirs = o.reads | o.writes | o.resets;
    return (writes & theirs) || (o.writes & mine) || (resets & o.reads) || (o.resets & reads);
  }
};

// Hold classes (checker/por.h): a task holding a lock in a mode keeps it held
// while it does not move, and every step of another task that waits for that
// lock (in a mode the hold excludes) stays disabled.
inline constexpr int kHoldIolockExcl = 0;
inline constexpr int kHoldIolockShared = 1;
inline constexpr int kHoldMmaplockExcl = 2;
inline constexpr int kHoldMmaplockShared = 3;
inline constexpr int kNumHolds = 4;

struct ProcessInfo {
  Resources next;   // its next step, here
  Resources all;    // every step it can still take, next included
  uint32_t holds = 0;         // bit k: hold class k is true of it now
  Resources until[kNumHolds];  // every step it can still take while another task keeps hold class k
  bool enabled = false;
  bool done = true;         // no step left, ever
  uint32_t enablers = 0;    // disabled: processes one of whose next steps every path enabling it contains
  bool enablers_any_one = false;  // each enabler alone is such a set
};

// Derived once per context by make_context (Context::facts).
Context::ScenarioFacts scenario_facts(const Context& c);

// Processes of s: actors first (index = task), then one per ioend slot.
void process_infos(const State& s, const Context& c, std::vector<ProcessInfo>& out);
inline int num_processes(const Context& c) { return c.actors() + c.nfolios; }

}  // namespace wbcheck::model
