// The policy primitives: what a hook can do, each modelling one kernel
// function faithfully (edge cases included). Hooks decide where they run;
// this file decides what they do.
#pragma once

#include "model/context.h"
#include "model/errno.h"
#include "model/expr.h"
#include "model/policy.h"
#include "model/state.h"

namespace wbcheck::model {

// Where a hook runs: its task, the folio it holds locked (-1: none), the
// values its expressions see, and the error being handled.
struct HookSite {
  int task;
  int folio;
  HookEnv env;
  Errno err;
};

// Runs p at `site` unless its `when` is false.
void run_primitive(auto& s, const Context& c, const HookSite& site, const Primitive& p);
bool primitive_applies(const Primitive& p, const HookEnv& env);

// Frees folio f's iomap_folio_state (ifs_free / iomap_page_release); freeing
// it while blocks of f sit in an ioend is the 5.18 use-after-free.
void ifs_free(auto& s, const Context& c, int f);

// iomap_invalidate_folio(folio, start - folio_pos, end - start) on folio f,
// for the byte range [start, end) inside it (fs/iomap/buffered-io.c).
void iomap_invalidate_folio(auto& s, const Context& c, int f, uint64_t start, uint64_t end);

}  // namespace wbcheck::model
