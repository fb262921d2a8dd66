#include "properties/registry.h"

#include "properties/definitions.h"

namespace wbcheck::properties {

const std::vector<PropertyDef>& all_properties() {
  static const std::vector<PropertyDef> kAll = {
      {"dirty-block-backed",
       "every dirty block of a dirty folio has delalloc or a real extent behind it",
       "F2: writeback maps the block as a hole and silently skips it (data loss)",
       dirty_block_backed<model::ConcreteView>, dirty_block_backed<Z3View>, dirty_block_backed<model::sym::SymView>},
      {"no-convert-delalloc-warn",
       "xfs_bmapi_convert_delalloc never finds its data-fork delalloc extent missing",
       "F1: WARN_ON_ONCE in xfs_bmapi_convert_delalloc, -EAGAIN (bug 217030)",
       no_convert_delalloc_warn<model::ConcreteView>, no_convert_delalloc_warn<Z3View>, no_convert_delalloc_warn<model::sym::SymView>},
      {"discard-within-locked-folio",
       "a discard/punch never removes delalloc outside the folios its task holds locked",
       "the 6.2 over-punch (7348b322332d): neighbours lose their reservation",
       discard_within_locked_folio<model::ConcreteView>, discard_within_locked_folio<Z3View>, discard_within_locked_folio<model::sym::SymView>},
      {"no-delalloc-at-evict",
       "at inode reclaim (not shut down) i_delayed_blks == 0",
       "F3: ASSERT in xfs_inodegc_set_reclaimable; the reservation leaks",
       no_delalloc_at_evict<model::ConcreteView>, no_delalloc_at_evict<Z3View>, no_delalloc_at_evict<model::sym::SymView>},
      {"reservations-balanced",
       "at unmount m_delalloc_blks == 0 and free plus allocated blocks equal the blocks free at mount",
       "F4: ASSERT in xfs_destroy_percpu_counters; xfs_repair reports sb_fdblocks wrong",
       reservations_balanced<model::ConcreteView>, reservations_balanced<Z3View>, reservations_balanced<model::sym::SymView>},
      {"ifs-dirty-consistent",
       "after writeback lets go of a folio, a clean folio has no per-block dirty bit set below EOF",
       "6.6-6.8 (4ce02c679722): the count == 0 failure exit leaves ifs dirty bits on a clean folio",
       ifs_dirty_consistent<model::ConcreteView>, ifs_dirty_consistent<Z3View>, ifs_dirty_consistent<model::sym::SymView>},
      {"no-ifs-free-under-writeback",
       "per-folio state is never freed while I/O on that folio is in flight",
       "F7: iomap_invalidate_folio frees the iop of a large folio under writeback (5.17/5.18 UAF)",
       no_ifs_free_under_writeback<model::ConcreteView>, no_ifs_free_under_writeback<Z3View>, no_ifs_free_under_writeback<model::sym::SymView>},
      {"no-silent-data-loss",
       "data acknowledged by a successful write/fsync is on disk or still cached dirty; data lost to an error is "
       "reported on every open file (errseq)",
       "F2/F8: a dirty block skipped as a hole, or a cached copy dropped, with no error anyone can see",
       no_silent_data_loss<model::ConcreteView>, no_silent_data_loss<Z3View>, no_silent_data_loss<model::sym::SymView>},
      {"no-stale-read",
       "a read never returns bytes that were never written",
       "F9: an extent converted to written before its data reached the disk exposes old disk contents",
       no_stale_read<model::ConcreteView>, no_stale_read<Z3View>, no_stale_read<model::sym::SymView>},
      {"no-deadlock",
       "every state with unfinished tasks has an enabled step",
       "a lock-order deadlock or a wait that is never satisfied (hung task)",
       no_deadlock<model::ConcreteView>, no_deadlock<Z3View>, no_deadlock<model::sym::SymView>},
  };
  return kAll;
}

const PropertyDef* find_property(std::string_view id) {
  for (const PropertyDef& p : all_properties()) {
    if (id == p.id) return &p;
  }
  return nullptr;
}

}  // namespace wbcheck::properties
