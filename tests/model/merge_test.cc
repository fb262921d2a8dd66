// merge_paths, count_blocks and any_block (model/merge.h) under symbolic
// execution compute what the plain loops compute: the extent-map functions
// run once on a state whose block extents are free variables, and the paths
// they take, each evaluated under every one of the 4^4 extent layouts, give
// the state the concrete run gives from that layout.
#include "model/merge.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "model/extent_map.h"
#include "model/sym/explorer.h"
#include "tests/model/reachable.h"

namespace wbcheck::model {
namespace {

struct PathResult {
  z3::expr pc;
  std::vector<z3::expr> fields;  // every field, visit order
};

std::vector<uint64_t> all_values(const Context& c, State s) {
  std::vector<uint64_t> out;
  visit_state_fields(s, c, [&](const std::string&, auto& f, const Domain&) { out.push_back(f); });
  return out;
}

template <class Step>
void expect_same_as_concrete(const char* what, Step&& step) {
  std::ifstream in(testing::source_root() / "tests/data/symbolic/two-folio-writer.json");
  const WbModel m =
      WbModel::create(parse_scenario(nlohmann::json::parse(in), "t").value(), testing::example_policy("linux-6.2")).value();
  const Context& c = m.context();
  ASSERT_EQ(c.nblocks, 4);
  State base = m.initial_state();
  base.fdblocks = 4;
  base.i_delayed_blks = base.m_delalloc_blks = 4;  // room for every layout's counters
  z3::context z;
  sym::PathExplorer ex(z);
  std::vector<z3::expr> extent;
  for (int b = 0; b < 4; ++b) {
    extent.push_back(z.bv_const(("e" + std::to_string(b)).c_str(), 8));
    ex.assume_always(z3::ule(extent.back(), z.bv_val(3, 8)));
  }
  std::vector<PathResult> paths;
  std::vector<z3::expr> fields;
  {
    sym::ExplorerScope scope(ex);
    ex.explore(
        [&] {
          SymState s;
          State copy = base;
          std::vector<uint64_t> v = all_values(c, copy);
          size_t i = 0;
          visit_state_fields(s, c, [&](const std::string&, auto& f, const Domain&) {
            f = std::remove_reference_t<decltype(f)>(v[i++]);
          });
          for (int b = 0; b < 4; ++b) s.block[b].extent = sym::Sym<uint8_t>(extent[b]);
          step(s, c);
          fields.clear();
          visit_state_fields(s, c, [&](const std::string&, auto& f, const Domain&) { fields.push_back(f.expr()); });
        },
        [&](const z3::expr& pc) { paths.push_back({pc, fields}); },
        [](const z3::expr&, const std::string& where) { FAIL() << where; });
  }
  int layouts = 0;
  for (int code = 0; code < 256; ++code) {
    State s = base;
    z3::expr_vector from(z), to(z);
    for (int b = 0; b < 4; ++b) {
      const int k = code >> (2 * b) & 3;
      s.block[b].extent = static_cast<uint8_t>(k);
      from.push_back(extent[b]);
      to.push_back(z.bv_val(k, 8));
    }
    step(s, c);
    const std::vector<uint64_t> want = all_values(c, s);
    int matching = 0;
    for (PathResult& p : paths) {
      if (!p.pc.substitute(from, to).simplify().is_true()) continue;
      ++matching;
      for (size_t f = 0; f < want.size(); ++f) {
        EXPECT_EQ(p.fields[f].substitute(from, to).simplify().get_numeral_uint64(), want[f])
            << what << ", layout " << code << ", field " << f;
      }
    }
    EXPECT_EQ(matching, 1) << what << ": exactly one path per layout";
    ++layouts;
  }
  EXPECT_EQ(layouts, 256);
  std::printf("%s: %zu paths for 256 layouts\n", what, paths.size());
}

TEST(MergePaths, BunmapiRange) {
  expect_same_as_concrete("xfs_bunmapi_range", [](auto& s, const Context& c) { xfs_bunmapi_range(s, c, 0, 4); });
}
TEST(MergePaths, PunchDelallocRange) {
  expect_same_as_concrete("xfs_bmap_punch_delalloc_range", [](auto& s, const Context& c) {
    xfs_bmap_punch_delalloc_range(s, c, kNotDiscardFolio, 1024, 4096);
  });
}
TEST(MergePaths, IomapWriteDirect) {
  expect_same_as_concrete("xfs_iomap_write_direct", [](auto& s, const Context& c) { xfs_iomap_write_direct(s, c, 1, 3); });
}
TEST(MergePaths, WriteUnwrittenAndCount) {
  expect_same_as_concrete("xfs_iomap_write_unwritten", [](auto& s, const Context& c) {
    xfs_iomap_write_unwritten(s, c, 0xb);
    s.fdblocks = static_cast<uint16_t>(real_blocks(s, c));
  });
}

}  // namespace
}  // namespace wbcheck::model
