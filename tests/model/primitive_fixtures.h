// Helpers shared by the primitive tests: hook variables and sites built by
// hand, and the large-folio geometry (4 KiB blocks in 16 KiB folios).
#pragma once

#include <cstring>
#include <optional>

#include "gtest/gtest.h"
#include "model/primitives.h"
#include "step_fixtures.h"

namespace wbcheck::model::steps_test {


struct Env {
  uint64_t pos = 0, folio_pos = 0, folio_size = 4096, block_size = 1024, count = 0, i_size = 0, sick = 0,
           corrupt = 0;
};

inline HookEnv env_of(const Env& e) {
  HookEnv env;
  auto set = [&env](Var v, uint64_t x) { env.values[static_cast<int>(v)] = x; };
  set(Var::kPos, e.pos);
  set(Var::kFolioPos, e.folio_pos);
  set(Var::kFolioSize, e.folio_size);
  set(Var::kBlockSize, e.block_size);
  set(Var::kCount, e.count);
  set(Var::kISize, e.i_size);
  set(Var::kSick, e.sick);
  set(Var::kCorrupt, e.corrupt);
  return env;
}

inline HookSite site(int task, int folio, const Env& e = {}, Errno err = Errno::kEFSCORRUPTED) {
  return HookSite{task, folio, env_of(e), err};
}

inline std::optional<Expr> opt(const char* text) {
  if (text == nullptr) return std::nullopt;
  return expr(text);
}

inline Primitive prim(PrimitiveKind k, const char* start = nullptr, const char* end = nullptr,
               const char* when = nullptr) {
  return Primitive{k, opt(start), opt(end), opt(when)};
}

inline bool same_state(const State& a, const State& b) { return std::memcmp(&a, &b, sizeof(State)) == 0; }

// 4 KiB blocks in 16 KiB folios (a large folio: folio_test_large), 8 blocks,
// two folios; task A (and B when `two_tasks`).
inline Context large_folio_ctx(Policy policy, bool two_tasks = false) {
  Scenario sc;
  sc.name = "primitives-large-folio";
  sc.geometry = Geometry{4096, 16384, 8};
  sc.tasks = {TaskProgram{"A", {fsync_op()}}};
  if (two_tasks) sc.tasks.push_back(TaskProgram{"B", {fsync_op()}});
  absl::StatusOr<Context> c = make_context(std::move(sc), std::move(policy));
  EXPECT_TRUE(c.ok()) << c.status();
  return *std::move(c);
}

inline Policy large_folio_policy() {
  Policy p;
  p.features.large_folio_invalidate_frees_ifs = true;  // 60d8231089f0 (5.17/5.18)
  return p;
}

// Env of a hook on folio f of the large-folio geometry failing at block b.
inline Env large_env(int f, int b) {
  Env e;
  e.folio_pos = 16384ull * f;
  e.folio_size = 16384;
  e.block_size = 4096;
  e.pos = 4096ull * b;
  return e;
}


}  // namespace wbcheck::model::steps_test
