// The *.json files of a directory of the source tree, sorted: the example
// policies and scenarios the equivalence tests loop over.
#pragma once

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

namespace wbcheck::cli::testing {

inline std::vector<std::filesystem::path> json_files(const std::string& dir) {
  std::vector<std::filesystem::path> out;
  for (const auto& e : std::filesystem::directory_iterator(std::filesystem::path(WBCHECK_SOURCE_DIR) / dir)) {
    if (e.path().extension() == ".json") out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace wbcheck::cli::testing
