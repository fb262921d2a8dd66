// Each property on hand-built states, evaluated natively and by Z3 from the
// same definition; and the Z3 crosscheck over every reachable state of the
// seed scenario.
#include <gtest/gtest.h>


#include "checker/bfs.h"
#include "cli/explorable.h"
#include "cli/load.h"
#include "model/wb_model.h"
#include "properties/crosscheck.h"
#include "properties/registry.h"

namespace wbcheck::properties {
namespace {

using model::ExtentKind;

model::Scenario two_folio_scenario() {
  model::Scenario s;
  s.name = "t";
  s.geometry = {1024, 4096, 8};
  s.free_blocks = 64;
  s.initial_extents.assign(8, ExtentKind::kHole);
  s.tasks = {{"A", {{model::OpKind::kFsync}}}};
  return s;
}

class PropertyTest : public ::testing::Test {
 protected:
  PropertyTest() {
    model::Policy p;
    p.name = "p";
    m_ = std::make_unique<model::WbModel>(*model::WbModel::create(two_folio_scenario(), p));
    cross_ = std::make_unique<Crosscheck>(m_->context());
    s_ = m_->initial_state();
  }
  // The property's value natively, after checking Z3 gives the same.
  bool holds(const char* id) {
    const auto& all = all_properties();
    for (size_t i = 0; i < all.size(); ++i) {
      if (std::string(all[i].id) == id) {
        bool native = all[i].native(model::ConcreteView(m_->context(), s_));
        EXPECT_EQ(native, cross_->evaluate(i, s_)) << id;
        return native;
      }
    }
    ADD_FAILURE() << "no property " << id;
    return false;
  }
  std::unique_ptr<model::WbModel> m_;
  std::unique_ptr<Crosscheck> cross_;
  model::State s_;
};

TEST_F(PropertyTest, InitialStateSatisfiesEverything) {
  for (const PropertyDef& p : all_properties()) EXPECT_TRUE(holds(p.id)) << p.id;
}

TEST_F(PropertyTest, DirtyBlockOverAHoleViolatesDirtyBlockBacked) {
  s_.folio[1] = {1, 0, 1, 1, 0};  // present, unlocked, uptodate, dirty
  s_.block[4].dirty = 1;           // written, and its delalloc is gone
  EXPECT_FALSE(holds("dirty-block-backed"));
  s_.block[4].extent = static_cast<uint8_t>(ExtentKind::kDelalloc);
  EXPECT_TRUE(holds("dirty-block-backed"));
  s_.block[4].extent = static_cast<uint8_t>(ExtentKind::kHole);
  s_.folio[1].dirty = 0;  // a clean folio's blocks need no backing
  EXPECT_TRUE(holds("dirty-block-backed"));
}

TEST_F(PropertyTest, StickyKernelEventsViolateTheirProperties) {
  s_.warned_convert = 1;
  EXPECT_FALSE(holds("no-convert-delalloc-warn"));
  EXPECT_TRUE(holds("discard-within-locked-folio"));
  s_.discard_escaped = 1;
  EXPECT_FALSE(holds("discard-within-locked-folio"));
}

TEST_F(PropertyTest, DelallocAtEvictOnlyCountsOnALiveFilesystem) {
  s_.i_delayed_blks = 1;
  EXPECT_TRUE(holds("no-delalloc-at-evict"));  // not evicted yet
  s_.evicted = 1;
  EXPECT_FALSE(holds("no-delalloc-at-evict"));
  s_.shutdown = 1;  // the assert is gated on !xfs_is_shutdown
  EXPECT_TRUE(holds("no-delalloc-at-evict"));
}

TEST_F(PropertyTest, ReservationsBalancedCountsFreePlusAllocated) {
  s_.unmounted = 1;
  EXPECT_TRUE(holds("reservations-balanced"));  // 64 free, nothing allocated
  s_.fdblocks = 62;
  s_.block[0].extent = static_cast<uint8_t>(ExtentKind::kUnwritten);
  s_.block[1].extent = static_cast<uint8_t>(ExtentKind::kWritten);
  EXPECT_TRUE(holds("reservations-balanced"));  // 62 + 2 == 64
  s_.fdblocks = 61;                             // a block leaked
  EXPECT_FALSE(holds("reservations-balanced"));
  s_.fdblocks = 62;
  s_.m_delalloc_blks = 1;
  EXPECT_FALSE(holds("reservations-balanced"));
}

TEST_F(PropertyTest, WrittenExtentOverNeverWrittenBlocksIsAStaleRead) {
  s_.block[2].extent = static_cast<uint8_t>(ExtentKind::kUnwritten);
  s_.block[2].disk_ver = model::kVersionGarbage;  // allocated, data not yet on disk
  EXPECT_TRUE(holds("no-stale-read"));            // unwritten extents read as zeros
  s_.block[2].extent = static_cast<uint8_t>(ExtentKind::kWritten);
  EXPECT_FALSE(holds("no-stale-read"));  // converted before the data reached the disk
  s_.block[2].disk_ver = 3;
  EXPECT_TRUE(holds("no-stale-read"));
}

TEST_F(PropertyTest, SilentDataLossNeedsAnUnreportedDropAtUnmountOrAnFsyncThatLied) {
  s_.unreported_loss = 1;
  EXPECT_TRUE(holds("no-silent-data-loss"));  // an error may still be recorded before unmount
  s_.unmounted = 1;
  EXPECT_FALSE(holds("no-silent-data-loss"));
  s_.unreported_loss = 0;
  EXPECT_TRUE(holds("no-silent-data-loss"));
  s_.fsync_lied = 1;
  EXPECT_FALSE(holds("no-silent-data-loss"));
}

TEST_F(PropertyTest, DeadlockWhenNoTaskCanMove) {
  // Task A's fsync starts at the TOWRITE tagging step, which waits for nothing.
  EXPECT_TRUE(holds("no-deadlock"));
  s_.task[0].wait = static_cast<uint8_t>(model::Wait::kFolioLock);
  s_.task[0].wait_arg = 1;
  s_.folio[1].locked_by = 2;  // held by the teardown actor, which waits for A
  EXPECT_FALSE(holds("no-deadlock"));
  s_.io[0] = {1, 0, 0};  // an I/O completion can still run
  EXPECT_TRUE(holds("no-deadlock"));
}

// Every reachable state of the seed scenario, both policies: native and Z3
// evaluation agree (a disagreement throws CrosscheckError).
void crosscheck_everything(const std::string& policy_file) {
  auto scenario = cli::load_scenario(WBCHECK_SOURCE_DIR "/examples/scenarios/bug217030.json");
  auto policy = cli::load_policy(WBCHECK_SOURCE_DIR "/examples/policies/" + policy_file);
  ASSERT_TRUE(scenario.ok() && policy.ok());
  auto m = model::WbModel::create(*scenario, *policy);
  ASSERT_TRUE(m.ok());
  Crosscheck cross(m->context());
  std::vector<checker::Invariant<model::State>> inv;
  for (size_t i = 0; i < all_properties().size(); ++i) {
    inv.push_back({all_properties()[i].id, [&cross, i](const model::State& s) { return cross.checked(i, s); }});
  }
  cli::ExplorableModel em(*m);
  auto r = checker::check(em, inv, {});
  EXPECT_GT(r.stats.states, 100u);
  EXPECT_GE(cross.evaluations(), r.stats.states * all_properties().size() / 2);
}

TEST(Crosscheck, AgreesOnEveryReachableStateOfTheSeedUnderLinux62) { crosscheck_everything("linux-6.2.json"); }
TEST(Crosscheck, AgreesOnEveryReachableStateOfTheSeedUnderLinux63) { crosscheck_everything("linux-6.3.json"); }

}  // namespace
}  // namespace wbcheck::properties
