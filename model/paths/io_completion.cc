// Completion of a submitted write ioend: the bio end_io queues xfs_end_io,
// which runs xfs_end_ioend (fs/xfs/xfs_aops.c, 6.2) and then
// iomap_finish_ioends -> iomap_finish_folio_write -> folio_end_writeback.
// The completion is not the submitting task's own step: it can run at any
// point after submission, so it is an action of its own, one per submitted ioend.
#include "model/domains.h"
#include "model/extent_map.h"
#include "model/steps.h"
#include "model/task_flow.h"

namespace wbcheck::model {

int end_ioend_outcomes(const auto& s, const Context& c, int slot) {
  if (s.io[slot].err) return 1;  // ended by iomap_submit_ioend with an error
  return fault_outcomes(c.scenario.faults.io);
}

// On success the unwritten extents under the I/O are converted
// (xfs_iomap_write_unwritten) and the data is on disk. On error XFS only
// cancels COW; data-fork extents stay unwritten, so the blocks read back as
// zeros, and iomap_finish_folio_write records the error in the mapping. On a
// shut-down filesystem xfs_end_ioend "just clean[s] up the in-memory
// structures": -EIO whatever the bio did, no conversion; what a successful
// bio wrote stays on disk under the unwritten extents.
void xfs_end_ioend(auto& s, const Context& c, int slot, int choice) {
  auto io = s.io[slot];
  Errno bio = io.err ? static_cast<Errno>(io.err)
                     : (fault_fires(c.scenario.faults.io, choice) ? Errno::kEIO : Errno::kOk);
  Errno err = s.shutdown ? Errno::kEIO : bio;
  for (int b = 0; b < c.nblocks; ++b) {
    if (!(io.blocks >> b & 1)) continue;
    if (bio == Errno::kOk) s.block[b].disk_ver = s.block[b].io_ver;
    s.block[b].io_ver = 0;
    s.folio[c.folio_of(b)].writeback = 0;
  }
  s.io[slot] = {};
  sort_ioends(s, c);
  if (err != Errno::kOk) mapping_set_error(s, c, err);
  else xfs_iomap_write_unwritten(s, c, io.blocks);
}

#define INSTANTIATE(S) \
  template int end_ioend_outcomes(const S&, const Context&, int); \
  template void xfs_end_ioend(S&, const Context&, int, int);
WBCHECK_FOR_EACH_STATE(INSTANTIATE)
#undef INSTANTIATE

}  // namespace wbcheck::model
