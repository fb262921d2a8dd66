// Everything a step needs besides the state: the scenario's geometry and
// programs, the policy, and constants derived from them once.
#pragma once

#include <string>
#include <vector>

#include "model/policy.h"
#include "model/scenario.h"

namespace wbcheck::model {

struct Context {
  Scenario scenario;
  Policy policy;
  uint32_t block_size = 0, folio_size = 0;
  int blocks_per_folio = 0, nblocks = 0, nfolios = 0;
  int ntasks = 0;          // scenario tasks; the teardown actor is task `ntasks`
  std::vector<TaskProgram> programs;  // scenario tasks, then the teardown program
  std::vector<std::vector<uint8_t>> version;  // data version written by op [task][op]
  // Facts of the whole scenario the partial-order footprints need
  // (model/footprint.cc, scenario_facts); the defaults are the safe answers.
  struct ScenarioFacts {
    bool errors_possible = true;          // an error can reach mapping_set_error or a hook
    uint64_t delalloc_candidates = ~uint64_t{0};  // blocks that can ever hold delalloc (bit per block)
    bool eof_dirty_bits_possible = true;  // a dirty bit past EOF can exist
    bool may_shrink = true;               // a truncate can bring i_size down
  } facts;

  int actors() const { return ntasks + 1; }
  int teardown() const { return ntasks; }
  const Op& op(int task, int index) const { return programs[task].ops[index]; }
  int program_length(int task) const { return static_cast<int>(programs[task].ops.size()); }
  int folio_of(int block) const { return block / blocks_per_folio; }
  int first_block(int folio) const { return folio * blocks_per_folio; }
  const std::string& task_name(int task) const { return programs[task].name; }
};

// Builds the context; rejects scenario/policy combinations the model cannot
// represent (the loaders have already checked each file on its own).
absl::StatusOr<Context> make_context(Scenario scenario, Policy policy);

}  // namespace wbcheck::model
