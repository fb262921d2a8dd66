#include "properties/range_proof.h"

#include <array>
#include <chrono>
#include <optional>
#include <z3++.h>

#include "absl/strings/str_cat.h"
#include "model/expr.h"
#include "model/punch_range.h"
#include "model/sym/explorer.h"
#include "model/sym/value.h"

namespace wbcheck::properties {
namespace {

using model::Var;
using model::sym::Sym;
using model::sym::SymBool;
using U64 = Sym<uint64_t>;

constexpr uint64_t kFileLimit = uint64_t{1} << 62;  // positions below it: no loff_t overflow

uint64_t value(const z3::model& m, const z3::expr& x) { return m.eval(x, true).get_numeral_uint64(); }

// Every extent layout at once, as xfs_iext_lookup_extent_before sees it: the
// answers are free variables, constrained only by what any data fork obeys
// (extents lie inside the file; the extent before a block ends at or before
// it, and after block 0).
struct AnyLayout {
  z3::context& z;
  z3::expr holds_var, before_var, before_end;
  z3::expr limit_fsb;                     // the first block past the file's largest size
  mutable std::optional<z3::expr> asked;  // the block the lookup asked about (end_fsb - 1)

  SymBool holds(const U64& fsb) const {
    asked = fsb.expr();
    return SymBool(holds_var && z3::ult(fsb.expr(), limit_fsb));
  }
  SymBool previous_end(const U64& fsb, U64* end) const {
    // Only an extent that exists has an end: with none (say fsb is block 0)
    // the path without one must stay.
    model::sym::current_explorer().assume(z3::implies(
        before_var, z3::uge(before_end, z.bv_val(1, 64)) && z3::ule(before_end, fsb.expr()) &&
                        z3::ule(before_end, limit_fsb)));
    *end = U64(before_end);
    return SymBool(before_var);
  }
  // Block b may hold an extent, given the answers the lookup had: any block
  // if an extent holds the block asked about, else those of the extent
  // before it (below its end) and those past the block asked about.
  z3::expr may_hold(const z3::expr& b) const {
    return (holds_var && z3::ult(*asked, limit_fsb)) || (before_var && z3::ult(b, before_end)) || z3::ugt(b, *asked);
  }
};

// The question's universe: every geometry, position and hook value of
// range_proof.h, as 64-bit variables and the facts that bound them.
struct Geometry {
  z3::expr lb, lf, bs, fs, folio_pos, pos, count, i_size, sick, corrupt;
  z3::expr_vector facts;
};

Geometry geometry(z3::context& z) {
  auto bv = [&](const char* name) { return z.bv_const(name, 64); };
  auto lit = [&](uint64_t x) { return z.bv_val(x, 64); };
  z3::expr lb = bv("log2_block_size"), lf = bv("log2_folio_size"), k = bv("folio_index"), j = bv("block_in_folio");
  z3::expr bs = z3::shl(lit(1), lb), fs = z3::shl(lit(1), lf);
  z3::expr folio_pos = z3::shl(k, lf), pos = folio_pos + z3::shl(j, lb);
  z3::expr count = bv("count"), i_size = bv("i_size"), sick = bv("sick"), corrupt = bv("corrupt");
  z3::expr_vector facts(z);
  facts.push_back(z3::uge(lb, lit(9)) && z3::ule(lb, lit(16)));
  facts.push_back(z3::uge(lf, lb) && z3::ule(lf, lit(21)));
  facts.push_back(z3::ult(k, z3::lshr(lit(kFileLimit), lf)));  // folio_pos + folio_size <= 2^62
  facts.push_back(z3::ult(j, z3::lshr(fs, lb)));
  facts.push_back(z3::ule(count, j));
  facts.push_back(z3::ugt(i_size, pos) && z3::ule(i_size, lit(kFileLimit)));
  facts.push_back(z3::ule(sick, lit(1)) && z3::ule(corrupt, lit(1)));
  return Geometry{lb, lf, bs, fs, folio_pos, pos, count, i_size, sick, corrupt, facts};
}

// One path of the punch (model/punch_range.h run on symbolic values): its
// condition and what it computed.
struct PunchPath {
  z3::expr pc, start, end, start_fsb, rounded_end, end_fsb, walked;
  z3::expr may_hold_uncovered;  // may_hold of the variable `uncovered_block`
};

std::vector<PunchPath> punch_paths(z3::context& z, const Geometry& g, const model::Primitive& p,
                                   const z3::expr& uncovered) {
  model::sym::PathExplorer ex(z);
  for (const z3::expr& f : g.facts) ex.assume_always(f);
  std::vector<PunchPath> out;
  std::optional<PunchPath> current;
  ex.explore(
      [&] {
        std::array<U64, model::kNumVars> vars;
        vars[static_cast<int>(Var::kPos)] = U64(g.pos);
        vars[static_cast<int>(Var::kFolioPos)] = U64(g.folio_pos);
        vars[static_cast<int>(Var::kFolioSize)] = U64(g.fs);
        vars[static_cast<int>(Var::kBlockSize)] = U64(g.bs);
        vars[static_cast<int>(Var::kCount)] = U64(g.count);
        vars[static_cast<int>(Var::kISize)] = U64(g.i_size);
        vars[static_cast<int>(Var::kSick)] = U64(g.sick);
        vars[static_cast<int>(Var::kCorrupt)] = U64(g.corrupt);
        // primitive_applies (model/primitives.cc): the punch runs where `when` holds.
        if (p.when) ex.assume(p.when->eval_as(vars).expr() != 0);
        const U64 start = p.start->eval_as(vars), end = p.end->eval_as(vars);
        AnyLayout layout{z, z.bool_const("extent_holds_end_minus_1"), z.bool_const("extent_before"),
                         z.bv_const("previous_extent_end", 64), z3::lshr(z.bv_val(kFileLimit, 64), g.lb), {}};
        U64 start_fsb, end_fsb, rounded;
        const bool walked = model::punch_delalloc_range_walk(layout, start, end, U64(g.lb), &start_fsb, &end_fsb, &rounded);
        current = PunchPath{z.bool_val(true), start.expr(), end.expr(), start_fsb.expr(), rounded.expr(),
                            end_fsb.expr(), z.bool_val(walked), layout.may_hold(uncovered)};
      },
      [&](const z3::expr& pc) {
        current->pc = pc;
        out.push_back(*current);
      },
      [&](const z3::expr&, const std::string& where) {
        throw std::logic_error("prove-ranges: the punch broke a belief of the model: " + where);
      });
  return out;
}

z3::expr inside_broken(const Geometry& g, const PunchPath& p) {
  const z3::expr nonempty = p.walked && z3::ult(p.start_fsb, p.end_fsb);
  const z3::expr folio_fsb = z3::lshr(g.folio_pos, g.lb), folio_end_fsb = z3::lshr(g.folio_pos + g.fs, g.lb);
  return nonempty && (z3::ult(p.start_fsb, folio_fsb) || z3::ugt(p.end_fsb, folio_end_fsb));
}

// Some block of [pos, folio end) that can hold an extent, given what the
// lookup found, is left unpunched.
z3::expr covers_broken(const Geometry& g, const PunchPath& p, const z3::expr& b) {
  const z3::expr punched = p.walked && z3::ule(p.start_fsb, b) && z3::ult(b, p.end_fsb);
  const z3::expr pos_fsb = z3::lshr(g.pos, g.lb), folio_end_fsb = z3::lshr(g.folio_pos + g.fs, g.lb);
  return z3::ule(pos_fsb, b) && z3::ult(b, folio_end_fsb) && p.may_hold_uncovered && !punched;
}

std::string layout_text(const z3::model& m, const PunchPath& p) {
  z3::context& z = p.pc.ctx();
  const bool wrap = value(m, p.rounded_end) == 0;
  const bool holds = m.eval(z.bool_const("extent_holds_end_minus_1"), true).is_true() && !wrap;
  const bool before = m.eval(z.bool_const("extent_before"), true).is_true();
  const uint64_t before_end = value(m, z.bv_const("previous_extent_end", 64));
  if (wrap) {
    return before ? absl::StrCat("end_fsb 0 wraps; the file's last extent ends at fsb ", before_end)
                  : "end_fsb 0 wraps; the file has no extent";
  }
  if (holds) return "an extent holds end_fsb - 1";
  if (before) return absl::StrCat("no extent at end_fsb - 1; the previous one ends at fsb ", before_end);
  return "no extent at or before end_fsb - 1";
}

RangeCounterexample decode(const z3::model& m, const Geometry& g, const PunchPath& p, const z3::expr& uncovered,
                           const char* clause) {
  RangeCounterexample x;
  x.clause = clause;
  x.block_size = value(m, g.bs);
  x.folio_size = value(m, g.fs);
  x.folio_pos = value(m, g.folio_pos);
  x.pos = value(m, g.pos);
  x.count = value(m, g.count);
  x.i_size = value(m, g.i_size);
  x.start = value(m, p.start);
  x.end = value(m, p.end);
  x.start_fsb = value(m, p.start_fsb);
  x.end_fsb = value(m, p.rounded_end);
  x.punched_end_fsb = m.eval(p.walked, true).is_true() ? value(m, p.end_fsb) : x.start_fsb;
  x.layout = layout_text(m, p);
  x.uncovered_fsb = value(m, uncovered);
  return x;
}

RangeProof prove_one(const model::Primitive& p, const std::string& path, unsigned timeout_ms) {
  RangeProof out;
  out.path = path;
  out.start_text = p.start->text();
  out.end_text = p.end->text();
  auto t0 = std::chrono::steady_clock::now();
  try {
    z3::context z;
    const Geometry g = geometry(z);
    const z3::expr uncovered = z.bv_const("uncovered_block", 64);
    const std::vector<PunchPath> paths = punch_paths(z, g, p, uncovered);
    bool unknown = false;
    for (const char* clause : {"inside", "covers"}) {
      for (const PunchPath& pp : paths) {
        z3::solver s(z);
        z3::params params(z);
        params.set("timeout", timeout_ms);
        s.set(params);
        s.add(g.facts);
        s.add(pp.pc);
        s.add(std::string(clause) == "inside" ? inside_broken(g, pp) : covers_broken(g, pp, uncovered));
        const z3::check_result r = s.check();
        if (r == z3::sat) {
          out.verdict = RangeVerdict::kRefuted;
          out.counterexample = decode(s.get_model(), g, pp, uncovered, clause);
          break;
        }
        if (r == z3::unknown) {
          unknown = true;
          out.reason = absl::StrCat(clause, ": ", s.reason_unknown());
        }
      }
      if (out.verdict == RangeVerdict::kRefuted) break;
    }
    if (out.verdict != RangeVerdict::kRefuted) out.verdict = unknown ? RangeVerdict::kUnknown : RangeVerdict::kProved;
  } catch (const z3::exception& ex) {
    out.verdict = RangeVerdict::kUnknown;
    out.reason = absl::StrCat("z3: ", ex.msg());
  } catch (const std::exception& ex) {
    out.verdict = RangeVerdict::kUnknown;
    out.reason = ex.what();
  }
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return out;
}

}  // namespace

const char* to_string(RangeVerdict v) {
  switch (v) {
    case RangeVerdict::kProved: return "proved";
    case RangeVerdict::kRefuted: return "refuted";
    case RangeVerdict::kUnknown: return "unknown";
  }
  return "?";
}

std::vector<RangeProof> prove_ranges(const model::Policy& policy, unsigned timeout_ms) {
  std::vector<RangeProof> out;
  const auto& hook = policy.hooks[static_cast<int>(model::Hook::kOnMapFailure)];
  for (size_t i = 0; i < hook.size(); ++i) {
    if (hook[i].kind != model::PrimitiveKind::kPunchDelalloc) continue;
    out.push_back(prove_one(hook[i], absl::StrCat("$.hooks.on_map_failure[", i, "]"), timeout_ms));
  }
  return out;
}

}  // namespace wbcheck::properties
