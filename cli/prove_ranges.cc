#include "cli/prove_ranges.h"

#include <iostream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "cli/load.h"
#include "cli/run_check.h"

namespace wbcheck::cli {
namespace {

std::string counterexample_text(const properties::RangeCounterexample& x, const char* indent) {
  std::string out = absl::StrFormat(
      "%s%s broken: block_size %d, folio_size %d, folio_pos %#x, pos %#x, count %d, i_size %#x\n", indent,
      x.clause, x.block_size, x.folio_size, x.folio_pos, x.pos, x.count, x.i_size);
  absl::StrAppendFormat(&out, "%srange [%#x, %#x) -> fsb [%d, %d); %s; punched fsb [%d, %d)\n", indent, x.start,
                        x.end, x.start_fsb, x.end_fsb, x.layout, x.start_fsb, x.punched_end_fsb);
  if (x.clause == "covers") absl::StrAppendFormat(&out, "%sfsb %d keeps its extent\n", indent, x.uncovered_fsb);
  return out;
}

}  // namespace

std::string print_range_proofs(const std::string& policy, const std::vector<properties::RangeProof>& proofs,
                               bool markdown) {
  std::string out;
  if (markdown) {
    absl::StrAppend(&out, "## `", policy, "`\n\n");
    if (proofs.empty()) absl::StrAppend(&out, "No `punch_delalloc` in `on_map_failure`: nothing to prove.\n\n");
    for (const auto& p : proofs) {
      absl::StrAppend(&out, "- `", p.path, "` punch [`", p.start_text, "`, `", p.end_text, "`): **",
                      properties::to_string(p.verdict), "**\n");
      if (p.verdict == properties::RangeVerdict::kRefuted) {
        absl::StrAppend(&out, "\n  ```\n", counterexample_text(p.counterexample, "  "), "  ```\n");
      }
      if (p.verdict == properties::RangeVerdict::kUnknown) absl::StrAppend(&out, "  (", p.reason, ")\n");
    }
    absl::StrAppend(&out, "\n");
    return out;
  }
  absl::StrAppend(&out, "wbcheck prove-ranges: policy ", policy, "\n");
  if (proofs.empty()) absl::StrAppend(&out, "no punch_delalloc in on_map_failure: nothing to prove\n");
  for (const auto& p : proofs) {
    absl::StrAppendFormat(&out, "  %-8s %s punch [%s, %s)  (%.2f s)\n", properties::to_string(p.verdict), p.path,
                          p.start_text, p.end_text, p.seconds);
    if (p.verdict == properties::RangeVerdict::kRefuted) absl::StrAppend(&out, counterexample_text(p.counterexample, "           "));
    if (p.verdict == properties::RangeVerdict::kUnknown) absl::StrAppend(&out, "           ", p.reason, "\n");
  }
  return out;
}

int run_prove_ranges(const ProveRangesOptions& o) {
  absl::StatusOr<model::Policy> policy = load_policy(o.policy);
  if (!policy.ok()) {
    std::cerr << "wbcheck: " << policy.status().message() << "\n";
    return kExitBadInput;
  }
  std::vector<properties::RangeProof> proofs = properties::prove_ranges(*policy, o.timeout_ms);
  std::cout << print_range_proofs(policy->name, proofs, o.markdown);
  int status = kExitHolds;
  for (const auto& p : proofs) {
    if (p.verdict == properties::RangeVerdict::kRefuted) return kExitViolated;
    if (p.verdict == properties::RangeVerdict::kUnknown) status = kExitInconclusive;
  }
  return status;
}

}  // namespace wbcheck::cli
