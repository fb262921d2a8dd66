#include "cli/run_check.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>

#include "checker/bfs.h"
#include "checker/report.h"
#include "cli/explorable.h"
#include "cli/load.h"
#include "cli/version.h"
#include "properties/crosscheck.h"
#include "properties/registry.h"

namespace wbcheck::cli {
namespace {

using Invariants = std::vector<checker::Invariant<model::State>>;

// One invariant per property; with a crosscheck, every evaluation is also
// done by Z3 and compared.
Invariants make_invariants(const model::Context& c, properties::Crosscheck* cross) {
  Invariants out;
  const auto& all = properties::all_properties();
  for (size_t i = 0; i < all.size(); ++i) {
    auto native = all[i].native;
    out.push_back({all[i].id, [&c, cross, native, i](const model::State& s) {
                     return cross ? cross->checked(i, s) : native(model::ConcreteView(c, s));
                   }});
  }
  return out;
}

checker::Limits limits_of(const CheckOptions& o) {
  checker::Limits l;
  l.max_states = o.max_states;
  l.max_memory_bytes = o.max_memory_bytes;
  l.time_limit_seconds = o.time_limit_seconds;
  return l;
}

int exit_code(checker::Verdict v) {
  switch (v) {
    case checker::Verdict::kHolds: return kExitHolds;
    case checker::Verdict::kViolated: return kExitViolated;
    case checker::Verdict::kInconclusive: return kExitInconclusive;
  }
  return kExitInternal;
}

int search_and_print(const model::WbModel& m, const CheckOptions& o) {
  ExplorableModel explorable(m);
  std::unique_ptr<properties::Crosscheck> cross;
  if (o.z3_crosscheck) cross = std::make_unique<properties::Crosscheck>(m.context());
  checker::Result<ExplorableModel> result = checker::check(explorable, make_invariants(m.context(), cross.get()), limits_of(o));
  std::vector<checker::PropertyText> text;
  for (const auto& p : properties::all_properties()) text.push_back({p.statement, p.catches});
  checker::Report report = checker::make_report(explorable, result, text);
  report.version = kVersion;
  report.scenario = m.context().scenario.name;
  report.policy = m.context().policy.name;
  std::string out = o.format == Format::kJson ? checker::print_json(report) : checker::print_text(report);
  if (!write_output(o.out, out)) return kExitBadInput;
  return exit_code(result.verdict);
}

}  // namespace

bool write_output(const std::string& path, const std::string& text) {
  if (path.empty()) {
    std::fwrite(text.data(), 1, text.size(), stdout);
    return std::fflush(stdout) == 0;
  }
  std::string tmp = path + ".tmp";
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    f << text;
    if (!f.flush()) {
      std::cerr << "wbcheck: " << path << ": cannot write: " << std::strerror(errno) << "\n";
      std::remove(tmp.c_str());
      return false;
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::cerr << "wbcheck: " << path << ": cannot write\n";
    std::remove(tmp.c_str());
    return false;
  }
  return true;
}

namespace {

// An unwritable --out is bad input; find out before a long search, not after.
bool output_writable(const std::string& path) {
  if (path.empty()) return true;
  std::string tmp = path + ".tmp";
  std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
  bool ok = static_cast<bool>(f);
  f.close();
  std::remove(tmp.c_str());
  if (!ok) std::cerr << "wbcheck: " << path << ": cannot write: " << std::strerror(errno) << "\n";
  return ok;
}

}  // namespace

int run_check(const CheckOptions& o) {
  absl::StatusOr<model::Scenario> scenario = load_scenario(o.scenario);
  if (!scenario.ok()) {
    std::cerr << "wbcheck: " << scenario.status().message() << "\n";
    return kExitBadInput;
  }
  absl::StatusOr<model::Policy> policy = load_policy(o.policy);
  if (!policy.ok()) {
    std::cerr << "wbcheck: " << policy.status().message() << "\n";
    return kExitBadInput;
  }
  absl::StatusOr<model::WbModel> m = model::WbModel::create(*std::move(scenario), *std::move(policy));
  if (!m.ok()) {
    std::cerr << "wbcheck: " << o.scenario << " + " << o.policy << ": " << m.status().message() << "\n";
    return kExitBadInput;
  }
  if (!output_writable(o.out)) return kExitBadInput;
  try {
    return search_and_print(*m, o);
  } catch (const properties::CrosscheckError& e) {
    std::cerr << "wbcheck: internal error: z3 crosscheck: " << e.what() << "\n";
  } catch (const std::exception& e) {
    std::cerr << "wbcheck: internal error: " << e.what() << "\n";
  }
  return kExitInternal;
}

}  // namespace wbcheck::cli
