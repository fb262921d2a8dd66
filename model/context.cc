#include "model/context.h"

#include "model/footprint.h"

namespace wbcheck::model {

absl::StatusOr<Context> make_context(Scenario scenario, Policy policy) {
  Context c;
  c.block_size = scenario.geometry.block_size;
  c.folio_size = scenario.geometry.folio_size;
  c.blocks_per_folio = scenario.geometry.blocks_per_folio();
  c.nblocks = static_cast<int>(scenario.geometry.file_blocks);
  c.nfolios = scenario.geometry.folios();
  c.ntasks = static_cast<int>(scenario.tasks.size());
  c.programs = scenario.tasks;
  c.programs.push_back(TaskProgram{kTeardownName, {{OpKind::kSyncFs}, {OpKind::kEvict}, {OpKind::kUnmount}}});
  // Every write gets its own data version, so that lost or reverted data is
  // visible as a version mismatch between cache and disk.
  uint8_t next = 1;
  for (const TaskProgram& p : c.programs) {
    std::vector<uint8_t>& v = c.version.emplace_back();
    for (const Op& op : p.ops) {
      bool writes = op.kind == OpKind::kWrite || op.kind == OpKind::kDioWrite || op.kind == OpKind::kMmapWrite;
      v.push_back(writes ? next++ : 0);
    }
  }
  if (c.nblocks > kMaxBlocks || c.nfolios > kMaxFolios || c.ntasks > kMaxTasks) {
    return absl::InvalidArgumentError("scenario '" + scenario.name + "' exceeds the model's bounds");
  }
  c.scenario = std::move(scenario);
  c.policy = std::move(policy);
  c.facts = scenario_facts(c);
  return c;
}

}  // namespace wbcheck::model
