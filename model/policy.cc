#include "model/policy.h"

namespace wbcheck::model {
namespace {

constexpr PrimitiveInfo kPrimitives[kNumPrimitives] = {
    {PrimitiveKind::kPunchDelalloc, "punch_delalloc", "xfs_bmap_punch_delalloc_range", "fs/xfs/xfs_bmap_util.c",
     true, false,
     "xfs_bmap_punch_delalloc_range(ip, start, end): remove delalloc blocks in [start, end) under ILOCK_EXCL, "
     "widening end as xfs_iext_lookup_extent_before does"},
    {PrimitiveKind::kClearUptodate, "clear_uptodate", "folio_clear_uptodate", "include/linux/page-flags.h", false,
     true, "folio_clear_uptodate(): the folio and its per-block uptodate bits become !uptodate"},
    {PrimitiveKind::kInvalidateFolio, "invalidate_folio", "iomap_invalidate_folio", "fs/iomap/buffered-io.c", true,
     true,
     "iomap_invalidate_folio(folio, start - folio_pos, end - start): the whole folio cancels PG_dirty and frees "
     "the per-folio state; a partial range frees it only for a large folio with large_folio_invalidate_frees_ifs "
     "(5.17/5.18)"},
    {PrimitiveKind::kClearIfsDirty, "clear_ifs_dirty", "iomap_clear_range_dirty", "fs/iomap/buffered-io.c", true,
     true, "iomap_clear_range_dirty(folio, start - folio_pos, end - start): clear per-block dirty bits"},
    {PrimitiveKind::kRedirty, "redirty", "folio_redirty_for_writepage", "mm/page-writeback.c", false, true,
     "folio_redirty_for_writepage(): PG_dirty again, the delalloc stays for a later writeback"},
    {PrimitiveKind::kMarkSick, "mark_sick", "xfs_bmap_mark_sick", "fs/xfs/xfs_health.c", false, false,
     "xfs_bmap_mark_sick(): the inode is marked sick (health reporting)"},
    {PrimitiveKind::kSetMappingError, "set_mapping_error", "mapping_set_error", "include/linux/pagemap.h", false,
     false, "mapping_set_error(mapping, error): errseq_set(&mapping->wb_err) and AS_EIO/AS_ENOSPC"},
};

constexpr bool rows_in_kind_order() {
  for (int i = 0; i < kNumPrimitives; ++i) {
    if (static_cast<int>(kPrimitives[i].kind) != i) return false;
  }
  return true;
}
static_assert(rows_in_kind_order(), "kPrimitives must list the kinds in enum order");

}  // namespace

const PrimitiveInfo& primitive_info(PrimitiveKind k) { return kPrimitives[static_cast<int>(k)]; }

}  // namespace wbcheck::model
