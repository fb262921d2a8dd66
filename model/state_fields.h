// Every byte of the state, named, with the values it can hold: one list, over
// any field wrapper, so that the symbolic state gets one Z3 variable per field
// and the concrete state converts to and from those variables without a
// second copy of the layout. A test checks that the list covers
// sizeof(State) exactly.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/context.h"
#include "model/errno.h"
#include "model/phase.h"
#include "model/policy.h"
#include "model/state.h"

namespace wbcheck::model {

// The values a field can hold in any reachable state (its type, in the sense
// of a typed model): what symbolic execution may assume of a state, and what
// bounded model checking and k-induction prove of every reachable one.
struct Domain {
  enum Kind : uint8_t {
    kRange,     // 0 .. max
    kVersions,  // a data version: 0 .. max, kVersionGarbage or kVersionInitial
    kErrseq,    // an errseq value whose errno part is 0 .. max (model/errseq.h)
    kSet,       // one of `values`
  };
  Kind kind = kRange;
  uint64_t max = 0;
  std::vector<uint64_t> values;
  bool contains(uint64_t v) const;
};

// Calls f(key, field, domain) for every field of every block, folio, task and
// ioend slot the scenario has, and f(key, field, Domain{}) -- the value 0 --
// for every instance past them (kMaxBlocks etc.), which no step touches.
template <class S, class F>
void visit_state_fields(S& s, const Context& c, F&& f) {
  const uint64_t nblocks = static_cast<uint64_t>(c.nblocks), nfolios = static_cast<uint64_t>(c.nfolios);
  const uint64_t actors = static_cast<uint64_t>(c.actors());
  const uint64_t last_errno = static_cast<uint64_t>(Errno::kEFAULT);
  const Domain flag{Domain::kRange, 1}, err{Domain::kRange, last_errno}, errseq{Domain::kErrseq, last_errno};
  const Domain block_ix{Domain::kRange, nblocks}, folio_ix{Domain::kRange, nfolios == 0 ? 0 : nfolios - 1};
  const Domain extent{Domain::kRange, static_cast<uint64_t>(ExtentKind::kWritten)};
  const Domain phase{Domain::kRange, kNumPhases - 1};
  const Domain owner{Domain::kRange, actors};
  const Domain zero{};
  auto range = [](uint64_t max) { return Domain{Domain::kRange, max}; };
  uint64_t versions = 0, hook_len = 0;
  for (const auto& per_task : c.version) {
    for (uint8_t v : per_task) versions = v > versions ? v : versions;
  }
  hook_len = c.policy.hooks[static_cast<int>(Hook::kOnMapFailure)].size();

  // i_size is the initial size, a truncate's size, or a block boundary (a
  // write or direct write extends it to the end of the blocks it wrote).
  Domain sizes{Domain::kSet, 0, {c.scenario.initial_size}};
  for (uint64_t b = 0; b <= nblocks; ++b) sizes.values.push_back(b * c.block_size);
  for (int t = 0; t < c.ntasks; ++t) {
    for (int i = 0; i < c.program_length(t); ++i) {
      if (c.op(t, i).kind == OpKind::kTruncate) sizes.values.push_back(c.op(t, i).pos);
    }
  }
  f(std::string("i_size"), s.i_size, sizes);
  f(std::string("fdblocks"), s.fdblocks, range(static_cast<uint64_t>(c.scenario.free_blocks) + nblocks));
  f(std::string("wb_err"), s.wb_err, errseq);
  f(std::string("i_delayed_blks"), s.i_delayed_blks, range(nblocks));
  f(std::string("m_delalloc_blks"), s.m_delalloc_blks, range(nblocks));
  f(std::string("iolock_excl"), s.iolock_excl, owner);
  f(std::string("iolock_shared"), s.iolock_shared, owner);
  f(std::string("mmaplock_excl"), s.mmaplock_excl, owner);
  f(std::string("mmaplock_shared"), s.mmaplock_shared, owner);
  f(std::string("as_eio"), s.as_eio, flag);
  f(std::string("as_enospc"), s.as_enospc, flag);
  f(std::string("warned_convert"), s.warned_convert, flag);
  f(std::string("discard_escaped"), s.discard_escaped, flag);
  f(std::string("evicted"), s.evicted, flag);
  f(std::string("unmounted"), s.unmounted, flag);
  f(std::string("shutdown"), s.shutdown, flag);
  f(std::string("sick"), s.sick, flag);
  f(std::string("ifs_freed_under_io"), s.ifs_freed_under_io, flag);
  f(std::string("fsync_lied"), s.fsync_lied, flag);
  f(std::string("unreported_loss"), s.unreported_loss, flag);
  f(std::string("stale_read"), s.stale_read, flag);
  f(std::string("was_unbacked_dirty"), s.was_unbacked_dirty, flag);
  f(std::string("was_dirty_bit_clean"), s.was_dirty_bit_clean, flag);
  f(std::string("was_garbage_written"), s.was_garbage_written, flag);
  f(std::string("pad0"), s.pad0, zero);
  for (uint64_t b = 0; b < kMaxBlocks; ++b) {
    const bool live = b < nblocks;
    const std::string k = "block[" + std::to_string(b) + "].";
    auto& x = s.block[b];
    f(k + "extent", x.extent, live ? extent : zero);
    f(k + "uptodate", x.uptodate, live ? flag : zero);
    f(k + "dirty", x.dirty, live ? flag : zero);
    f(k + "cache_ver", x.cache_ver, live ? Domain{Domain::kVersions, versions} : zero);
    f(k + "disk_ver", x.disk_ver, live ? Domain{Domain::kVersions, versions} : zero);
    f(k + "io_ver", x.io_ver, live ? Domain{Domain::kVersions, versions} : zero);
    f(k + "err_since_write", x.err_since_write, live ? flag : zero);
  }
  for (uint64_t i = 0; i < kMaxFolios; ++i) {
    const bool live = i < nfolios;
    const std::string k = "folio[" + std::to_string(i) + "].";
    auto& x = s.folio[i];
    f(k + "present", x.present, live ? flag : zero);
    f(k + "locked_by", x.locked_by, live ? owner : zero);
    f(k + "uptodate", x.uptodate, live ? flag : zero);
    f(k + "dirty", x.dirty, live ? flag : zero);
    f(k + "writeback", x.writeback, live ? flag : zero);
    f(k + "has_ifs", x.has_ifs, live ? flag : zero);
  }
  for (uint64_t t = 0; t < kMaxTasks + 1; ++t) {
    const bool live = t < actors;
    const std::string k = "task[" + std::to_string(t) + "].";
    auto& x = s.task[t];
    auto d = [&](Domain dom) { return live ? dom : zero; };
    f(k + "op", x.op, d(range(live ? static_cast<uint64_t>(c.program_length(static_cast<int>(t))) : 0)));
    f(k + "phase", x.phase, d(phase));
    f(k + "wait", x.wait, d(range(static_cast<uint64_t>(Wait::kFaultFolio))));
    f(k + "wait_arg", x.wait_arg, d(folio_ix));
    f(k + "ret", x.ret, d(err));
    f(k + "err", x.err, d(err));
    f(k + "iolock", x.iolock, d(range(2)));
    f(k + "cur", x.cur, d(block_ix));
    f(k + "end", x.end, d(block_ix));
    f(k + "folio", x.folio, d(folio_ix));
    f(k + "map_start", x.map_start, d(block_ix));
    f(k + "map_end", x.map_end, d(block_ix));
    f(k + "map_kind", x.map_kind, d(extent));
    f(k + "map_valid", x.map_valid, d(flag));
    f(k + "map_new", x.map_new, d(flag));
    f(k + "scan", x.scan, d(block_ix));
    f(k + "punch_start", x.punch_start, d(block_ix));
    f(k + "data_end", x.data_end, d(block_ix));
    f(k + "wb_first", x.wb_first, d(folio_ix));
    f(k + "wb_last", x.wb_last, d(folio_ix));
    f(k + "wb_todo", x.wb_todo, d(range((uint64_t{1} << nfolios) - 1)));
    f(k + "wb_count", x.wb_count, d(range(static_cast<uint64_t>(c.blocks_per_folio))));
    f(k + "wb_err", x.wb_err, d(err));
    f(k + "wb_hook", x.wb_hook, d(range(hook_len)));
    f(k + "wb_ret", x.wb_ret, d(phase));
    f(k + "mmaplock", x.mmaplock, d(range(2)));
    f(k + "ioend", x.ioend, d(range((uint64_t{1} << nblocks) - 1)));
    f(k + "f_wb_err", x.f_wb_err, d(errseq));
  }
  for (uint64_t i = 0; i < kMaxFolios; ++i) {
    const bool live = i < nfolios;
    const std::string k = "io[" + std::to_string(i) + "].";
    auto& x = s.io[i];
    f(k + "blocks", x.blocks, live ? range((uint64_t{1} << nblocks) - 1) : zero);
    f(k + "err", x.err, live ? err : zero);
    f(k + "task", x.task, live ? range(actors - 1) : zero);
  }
}

}  // namespace wbcheck::model
