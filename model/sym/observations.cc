#include "model/observations.h"
#include "model/sym/view.h"

namespace wbcheck::model {

// The flags become "set already, or broken now" without forking the path:
// the conditions are whole Z3 formulas over the state (model/sym/view.h).
void record_observations(const Context& c, SymState& s) {
  z3::context& z = sym::current_explorer().context();
  const sym::SymView v(c, s, z);
  auto sticky = [&](sym::Sym<uint8_t>& flag, const z3::expr& broken) {
    flag = sym::Sym<uint8_t>(z3::ite(broken, z.bv_val(1, 8), flag.expr()));
  };
  const z3::expr unbacked = unbacked_dirty_block(v), dirty_bit = dirty_bit_on_clean_folio(v),
                 garbage = garbage_written(v);
  sticky(s.was_unbacked_dirty, unbacked);
  sticky(s.was_dirty_bit_clean, dirty_bit);
  sticky(s.was_garbage_written, garbage);
}

}  // namespace wbcheck::model
