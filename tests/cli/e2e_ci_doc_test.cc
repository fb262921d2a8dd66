// docs/ci.md: every `wbcheck ...` line of its YAML examples runs, with the
// built binary, in the setting the document describes (a directory holding
// the repository's examples/ and, as base-policy.json, the 6.2 policy: a
// merge request that turns 6.2 into the 6.3 fix), in document order, and must
// exit with the status its trailing `# exit N` comment gives. An option
// wbcheck does not accept exits 2, so the examples cannot drift from the
// command line; a file a command writes with --out must then exist.
#include <filesystem>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "e2e_util.h"
#include "gtest/gtest.h"

namespace wbcheck::e2e {
namespace {

namespace fs = std::filesystem;

struct DocCommand {
  size_t line;                     // in docs/ci.md, 1-based
  std::vector<std::string> args;  // after "wbcheck"
  int exit_code;
};

// The words of a command line up to the shell operator or comment ending it.
std::vector<std::string> command_words(const std::string& text) {
  std::istringstream in(text);
  std::vector<std::string> out;
  for (std::string w; in >> w;) {
    if (w == "||" || w == "&&" || w == ";" || w == "|" || w.starts_with("#") || w.starts_with(">")) break;
    out.push_back(w);
  }
  return out;
}

std::vector<DocCommand> doc_commands(const std::string& doc) {
  static const std::regex kExit(R"(#\s*exit\s+(\d+)\s*$)");
  std::vector<DocCommand> out;
  std::istringstream in(doc);
  bool in_yaml = false;
  size_t n = 0;
  for (std::string line; std::getline(in, line);) {
    ++n;
    const std::string t = line.substr(std::min(line.find_first_not_of(' '), line.size()));
    if (t.starts_with("```")) {
      in_yaml = t == "```yaml";
      continue;
    }
    if (!in_yaml || !t.starts_with("wbcheck ")) continue;
    std::smatch m;
    EXPECT_TRUE(std::regex_search(t, m, kExit)) << "docs/ci.md:" << n << ": no `# exit N` comment: " << t;
    std::vector<std::string> words = command_words(t);
    for (const std::string& w : words) {
      EXPECT_EQ(w.find_first_of("\"'$`*?"), std::string::npos) << "docs/ci.md:" << n << ": not checkable: " << w;
    }
    out.push_back({n, std::vector<std::string>(words.begin() + 1, words.end()), m.empty() ? -1 : std::stoi(m[1])});
  }
  return out;
}

TEST(CiDoc, EveryWbcheckLineRunsAsDocumented) {
  const std::vector<DocCommand> commands = doc_commands(read_file(source_path("docs/ci.md")));
  ASSERT_GE(commands.size(), 6u) << "the GitHub and GitLab examples lost their wbcheck lines";
  const fs::path dir = temp_path("ci-doc");
  fs::create_directories(dir);
  fs::create_directory_symlink(source_path("examples"), dir / "examples");
  fs::copy_file(policy_62(), dir / "base-policy.json");
  bool saw_baseline = false, saw_sarif = false, saw_junit = false, saw_diff = false;
  for (const DocCommand& c : commands) {
    Invocation r = run_wbcheck(c.args, dir.string());
    EXPECT_EQ(r.exit_code, c.exit_code) << "docs/ci.md:" << c.line << "\n" << r.err;
    for (size_t i = 0; i + 1 < c.args.size(); ++i) {
      if (c.args[i] == "--out") {
        EXPECT_TRUE(fs::exists(dir / c.args[i + 1])) << "docs/ci.md:" << c.line;
      }
      saw_baseline |= c.args[i] == "--baseline";
      saw_sarif |= c.args[i] == "--format" && c.args[i + 1] == "sarif";
      saw_junit |= c.args[i] == "--format" && c.args[i + 1] == "junit";
    }
    saw_diff |= !c.args.empty() && c.args[0] == "diff";
  }
  EXPECT_TRUE(saw_baseline && saw_sarif && saw_junit && saw_diff) << "the examples must show what docs/ci.md promises";
  std::error_code ec;
  fs::remove_all(dir, ec);
}

}  // namespace
}  // namespace wbcheck::e2e
