#include "properties/range_proof.h"

#include <chrono>
#include <z3++.h>

#include "absl/strings/str_cat.h"

namespace wbcheck::properties {
namespace {

using model::Expr;
using model::Var;

constexpr uint64_t kFileLimit = uint64_t{1} << 62;  // positions below it: no loff_t overflow

// The expression over 64-bit vectors, node by node as Expr::eval does:
// wrapping arithmetic, the <linux/math.h> round_up/round_down bit tricks,
// signed (loff_t) comparisons giving 0 or 1.
z3::expr symbolic(z3::context& z, const Expr& e, const std::vector<z3::expr>& vars) {
  std::vector<z3::expr> v;
  const z3::expr one = z.bv_val(1, 64), zero = z.bv_val(0, 64);
  for (const Expr::Node& n : e.nodes()) {
    auto a = [&] { return v[n.lhs]; };
    auto b = [&] { return v[n.rhs]; };
    switch (n.op) {
      case Expr::Op::kConst: v.push_back(z.bv_val(static_cast<uint64_t>(n.value), 64)); break;
      case Expr::Op::kVar: v.push_back(vars[static_cast<int>(n.var)]); break;
      case Expr::Op::kAdd: v.push_back(a() + b()); break;
      case Expr::Op::kSub: v.push_back(a() - b()); break;
      case Expr::Op::kRoundUp: v.push_back(((a() - one) | (b() - one)) + one); break;
      case Expr::Op::kRoundDown: v.push_back(a() & ~(b() - one)); break;
      case Expr::Op::kEq: v.push_back(z3::ite(a() == b(), one, zero)); break;
      case Expr::Op::kNe: v.push_back(z3::ite(a() != b(), one, zero)); break;
      case Expr::Op::kLt: v.push_back(z3::ite(a() < b(), one, zero)); break;
      case Expr::Op::kLe: v.push_back(z3::ite(a() <= b(), one, zero)); break;
      case Expr::Op::kGt: v.push_back(z3::ite(a() > b(), one, zero)); break;
      case Expr::Op::kGe: v.push_back(z3::ite(a() >= b(), one, zero)); break;
    }
  }
  return v[e.root()];
}

uint64_t value(const z3::model& m, const z3::expr& x) { return m.eval(x, true).get_numeral_uint64(); }

struct Encoding {
  z3::context& z;
  z3::expr lb, lf, bs, fs, folio_pos, pos, count, i_size, sick, corrupt;
  z3::expr start, end, start_fsb, end_fsb, folio_fsb, folio_end_fsb, pos_fsb;
  z3::expr holds, prev, prev_end, wrap, punched_end, nonempty, uncovered;
  z3::expr_vector facts;
};

Encoding encode(z3::context& z, const model::Primitive& p) {
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
  std::vector<z3::expr> vars(model::kNumVars, lit(0));
  vars[static_cast<int>(Var::kPos)] = pos;
  vars[static_cast<int>(Var::kFolioPos)] = folio_pos;
  vars[static_cast<int>(Var::kFolioSize)] = fs;
  vars[static_cast<int>(Var::kBlockSize)] = bs;
  vars[static_cast<int>(Var::kCount)] = count;
  vars[static_cast<int>(Var::kISize)] = i_size;
  vars[static_cast<int>(Var::kSick)] = sick;
  vars[static_cast<int>(Var::kCorrupt)] = corrupt;
  if (p.when) facts.push_back(symbolic(z, *p.when, vars) != lit(0));
  z3::expr start = symbolic(z, *p.start, vars), end = symbolic(z, *p.end, vars);
  // xfs_bmap_punch_delalloc_range: XFS_B_TO_FSBT(start), XFS_B_TO_FSB(end).
  z3::expr start_fsb = z3::lshr(start, lb), end_fsb = z3::lshr(end + bs - lit(1), lb);
  // xfs_iext_lookup_extent_before(&end_fsb): an extent holds end_fsb - 1
  // (end stays), or the previous extent ends at prev_end (end narrows), or
  // there is none (nothing is punched). end_fsb == 0 wraps: no extent holds
  // block 2^64 - 1, and the previous one is the file's last extent.
  z3::expr holds = z.bool_const("extent_holds_end_minus_1"), prev = z.bool_const("extent_before");
  z3::expr prev_end = bv("previous_extent_end");
  z3::expr wrap = end_fsb == lit(0);
  facts.push_back(z3::implies(wrap, !holds));
  facts.push_back(z3::implies(!wrap && !holds && prev, z3::ule(prev_end, end_fsb - lit(1))));
  facts.push_back(z3::implies(wrap && prev, z3::ugt(prev_end, lit(0))));
  facts.push_back(z3::ule(prev_end, z3::lshr(lit(kFileLimit), lb)));  // extents lie inside the file
  z3::expr punched_end = z3::ite(holds, end_fsb, z3::ite(prev, prev_end, start_fsb));
  z3::expr nonempty = z3::ult(start_fsb, punched_end);
  z3::expr folio_fsb = z3::lshr(folio_pos, lb), folio_end_fsb = z3::lshr(folio_pos + fs, lb);
  z3::expr pos_fsb = z3::lshr(pos, lb);
  z3::expr b = bv("uncovered_block");
  return Encoding{z, lb, lf, bs, fs, folio_pos, pos, count, i_size, sick, corrupt, start, end, start_fsb, end_fsb,
                  folio_fsb, folio_end_fsb, pos_fsb, holds, prev, prev_end, wrap, punched_end, nonempty, b, facts};
}

z3::expr inside_broken(const Encoding& e) {
  return e.nonempty && (z3::ult(e.start_fsb, e.folio_fsb) || z3::ugt(e.punched_end, e.folio_end_fsb));
}

// Some block of [pos, folio end) that can hold an extent, given what the
// lookup found, is left unpunched.
z3::expr covers_broken(const Encoding& e) {
  const z3::expr& b = e.uncovered;
  z3::expr may_hold = z3::ite(e.wrap, e.prev && z3::ult(b, e.prev_end),
                              e.holds || (e.prev && z3::ult(b, e.prev_end)) || z3::uge(b, e.end_fsb));
  z3::expr punched = e.nonempty && z3::ule(e.start_fsb, b) && z3::ult(b, e.punched_end);
  return z3::ule(e.pos_fsb, b) && z3::ult(b, e.folio_end_fsb) && may_hold && !punched;
}

std::string layout_text(const z3::model& m, const Encoding& e) {
  if (m.eval(e.wrap, true).is_true()) {
    return m.eval(e.prev, true).is_true()
               ? absl::StrCat("end_fsb 0 wraps; the file's last extent ends at fsb ", value(m, e.prev_end))
               : "end_fsb 0 wraps; the file has no extent";
  }
  if (m.eval(e.holds, true).is_true()) return "an extent holds end_fsb - 1";
  if (m.eval(e.prev, true).is_true()) {
    return absl::StrCat("no extent at end_fsb - 1; the previous one ends at fsb ", value(m, e.prev_end));
  }
  return "no extent at or before end_fsb - 1";
}

RangeCounterexample decode(const z3::model& m, const Encoding& e, const char* clause) {
  RangeCounterexample x;
  x.clause = clause;
  x.block_size = value(m, e.bs);
  x.folio_size = value(m, e.fs);
  x.folio_pos = value(m, e.folio_pos);
  x.pos = value(m, e.pos);
  x.count = value(m, e.count);
  x.i_size = value(m, e.i_size);
  x.start = value(m, e.start);
  x.end = value(m, e.end);
  x.start_fsb = value(m, e.start_fsb);
  x.end_fsb = value(m, e.end_fsb);
  x.punched_end_fsb = value(m, e.punched_end);
  x.layout = layout_text(m, e);
  x.uncovered_fsb = value(m, e.uncovered);
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
    Encoding e = encode(z, p);
    bool unknown = false;
    for (const char* clause : {"inside", "covers"}) {
      z3::solver s(z);
      z3::params params(z);
      params.set("timeout", timeout_ms);
      s.set(params);
      s.add(e.facts);
      s.add(std::string(clause) == "inside" ? inside_broken(e) : covers_broken(e));
      z3::check_result r = s.check();
      if (r == z3::sat) {
        out.verdict = RangeVerdict::kRefuted;
        out.counterexample = decode(s.get_model(), e, clause);
        break;
      }
      if (r == z3::unknown) {
        unknown = true;
        out.reason = absl::StrCat(clause, ": ", s.reason_unknown());
      }
    }
    if (out.verdict != RangeVerdict::kRefuted) out.verdict = unknown ? RangeVerdict::kUnknown : RangeVerdict::kProved;
  } catch (const z3::exception& ex) {
    out.verdict = RangeVerdict::kUnknown;
    out.reason = absl::StrCat("z3: ", ex.msg());
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
