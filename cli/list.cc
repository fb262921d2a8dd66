// `wbcheck list properties|primitives|policies`.
#include <algorithm>
#include <filesystem>
#include <iostream>

#include "absl/strings/str_format.h"
#include "cli/load.h"
#include "cli/natural_order.h"
#include "cli/run_check.h"
#include "model/policy.h"
#include "properties/registry.h"

namespace wbcheck::cli {
namespace {

// Shipped policies: --dir, else ./examples/policies, else the source tree's.
std::string policy_dir(const ListOptions& o) {
  if (!o.dir.empty()) return o.dir;
  if (std::filesystem::is_directory("examples/policies")) return "examples/policies";
  return WBCHECK_SOURCE_DIR "/examples/policies";
}

int list_policies(const ListOptions& o) {
  std::string dir = policy_dir(o);
  std::error_code ec;
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
    if (e.path().extension() == ".json") files.push_back(e.path().string());
  }
  if (ec) {
    std::cerr << "wbcheck: " << dir << ": cannot list: " << ec.message() << "\n";
    return kExitBadInput;
  }
  std::sort(files.begin(), files.end(), natural_less);
  for (const std::string& f : files) {
    absl::StatusOr<model::Policy> p = load_policy(f);
    if (p.ok()) std::cout << absl::StrFormat("%-26s %s\n", p->name, p->description);
    else std::cout << absl::StrFormat("%-26s (invalid: %s)\n", f, p.status().message());
  }
  return kExitHolds;
}

}  // namespace

int run_list(const ListOptions& o) {
  if (o.what == "properties") {
    for (const auto& p : properties::all_properties()) std::cout << absl::StrFormat("%-28s %s\n", p.id, p.statement);
    return kExitHolds;
  }
  if (o.what == "primitives") {
    for (int k = 0; k < model::kNumPrimitives; ++k) {
      auto kind = static_cast<model::PrimitiveKind>(k);
      std::cout << absl::StrFormat("%-18s %s\n", model::primitive_name(kind), model::primitive_summary(kind));
    }
    return kExitHolds;
  }
  return list_policies(o);
}

}  // namespace wbcheck::cli
