// `wbcheck CMD --help` and man/wbcheck.1 against the one option table of
// the code (cli/option_docs.h), which is also what the parser accepts: every
// option of every subcommand parses (with the table's example value), is
// printed by that subcommand's --help and described in the man page's
// subsection for that subcommand; anything else starting with "--" is
// rejected with exit 2; and groff renders the page without a warning.
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "cli/option_docs.h"
#include "cli/options.h"
#include "e2e_util.h"
#include "gtest/gtest.h"

namespace wbcheck::e2e {
namespace {

using cli::CommandDoc;
using cli::OptionDoc;

// A leading argument each subcommand with positionals accepts.
const std::map<std::string, std::string> kPositional = {{"list", "policies"}, {"replay", "t.itf.json"}};

std::vector<std::string> command_line(const CommandDoc& d, const OptionDoc& o) {
  std::vector<std::string> args = {d.name};
  if (d.positionals > 0) args.push_back(kPositional.at(d.name));
  args.push_back(o.name);
  if (*o.value) args.push_back(o.example);
  return args;
}

TEST(HelpTable, EveryOptionParses) {
  for (const CommandDoc& d : cli::command_docs()) {
    EXPECT_EQ(d.positionals > 0, kPositional.count(d.name) == 1) << d.name;
    for (const OptionDoc& o : d.options) {
      absl::StatusOr<cli::Command> c = cli::parse_command_line(command_line(d, o));
      if (std::string(o.name) == "--help") {
        ASSERT_TRUE(c.ok()) << d.name << ": " << c.status();
        EXPECT_EQ(c->kind, cli::Command::Kind::kHelp);
        EXPECT_EQ(c->help_topic, d.name);
        continue;
      }
      // Required options may be missing; the option itself must be known and
      // its example value accepted.
      std::string why = c.ok() ? "" : std::string(c.status().message());
      why = why.substr(0, why.find('\n'));  // the error, without the usage text after it
      EXPECT_EQ(why.find("unknown option"), std::string::npos) << d.name << " " << o.name << ": " << why;
      EXPECT_EQ(why.find(std::string(o.name) + ":"), std::string::npos) << d.name << " " << o.name << ": " << why;
      EXPECT_EQ(why.find("missing value"), std::string::npos) << d.name << " " << o.name << ": " << why;
    }
  }
}

TEST(HelpTable, OptionsNotInTheTableExitTwo) {
  for (const CommandDoc& d : cli::command_docs()) {
    std::vector<std::string> args = {d.name};
    if (d.positionals > 0) args.push_back(kPositional.at(d.name));
    args.push_back("--no-such-option");
    Invocation r = run_wbcheck(args);
    EXPECT_EQ(r.exit_code, 2) << d.name;
    EXPECT_NE(r.err.find(std::string(d.name) + ": unknown option '--no-such-option'"), std::string::npos) << r.err;
  }
  // An option of another subcommand is not one of this one's.
  Invocation r = run_wbcheck({"check", "--scenario", seed_scenario(), "--policy", policy_62(), "--dir", "x"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
}

// Each subcommand's --help (and -h) exits 0 and prints its usage and one line
// per option: the option, its value placeholder and its explanation.
TEST(HelpTable, EverySubcommandHelpListsItsOptions) {
  for (const CommandDoc& d : cli::command_docs()) {
    for (const char* flag : {"--help", "-h"}) {
      Invocation r = run_wbcheck({d.name, flag});
      EXPECT_EQ(r.exit_code, 0) << d.name << " " << flag << ": " << r.err;
      EXPECT_EQ(r.err, "");
      EXPECT_TRUE(r.out.starts_with(std::string("usage: wbcheck ") + d.name)) << r.out;
      std::istringstream in(r.out);
      std::vector<std::string> lines;
      for (std::string line; std::getline(in, line);) {
        EXPECT_LE(line.size(), 100u) << line;
        lines.push_back(line);
      }
      for (const OptionDoc& o : d.options) {
        std::string head = std::string("  ") + o.name + (*o.value ? std::string(" ") + o.value : "") + " ";
        bool found = false;
        for (const std::string& l : lines) found |= l.starts_with(head) && l.ends_with(std::string("  ") + o.help);
        EXPECT_TRUE(found) << d.name << " --help lacks " << o.name << "\n" << r.out;
      }
    }
  }
  // The overview still lists every subcommand.
  Invocation r = run_wbcheck({"--help"});
  EXPECT_EQ(r.exit_code, 0);
  for (const CommandDoc& d : cli::command_docs()) {
    EXPECT_NE(r.out.find(std::string("  wbcheck ") + d.name + " "), std::string::npos) << d.name;
  }
}

// The man page source with roff's "\-" as "-".
std::string man_page() {
  std::ifstream in(source_path("man/wbcheck.1"));
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str(), out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size() && text[i + 1] == '-') continue;
    out += text[i];
  }
  return out;
}

// The text of `.SS name` up to the next .SS or .SH.
std::string subsection(const std::string& page, const std::string& name) {
  size_t at = page.find("\n.SS " + name + "\n");
  if (at == std::string::npos) return "";
  size_t end = page.find("\n.S", at + 1);
  return page.substr(at, end == std::string::npos ? std::string::npos : end - at);
}

bool mentions_option(const std::string& text, const std::string& option) {
  for (size_t at = text.find(option); at != std::string::npos; at = text.find(option, at + 1)) {
    char next = at + option.size() < text.size() ? text[at + option.size()] : ' ';
    if (!(std::isalnum(static_cast<unsigned char>(next)) || next == '-')) return true;
  }
  return false;
}

TEST(ManPage, HasTheSectionsAndEveryOptionInItsCommandsSubsection) {
  const std::string page = man_page();
  ASSERT_FALSE(page.empty());
  for (const char* s : {"NAME", "SYNOPSIS", "DESCRIPTION", "COMMANDS", "OPTIONS", "EXIT STATUS", "FILES", "EXAMPLES",
                        "SEE ALSO"}) {
    EXPECT_NE(page.find(std::string("\n.SH ") + s + "\n"), std::string::npos) << s;
  }
  for (const CommandDoc& d : cli::command_docs()) {
    const std::string sub = subsection(page, d.name);
    ASSERT_FALSE(sub.empty()) << "no .SS " << d.name;
    for (const OptionDoc& o : d.options) EXPECT_TRUE(mentions_option(sub, o.name)) << d.name << " " << o.name;
    EXPECT_NE(page.find(std::string("\n.B ") + d.name + "\n"), std::string::npos) << "COMMANDS lacks " << d.name;
  }
}

TEST(ManPage, GroffRendersItWithoutWarnings) {
  if (std::system("command -v groff >/dev/null 2>&1") != 0) GTEST_SKIP() << "groff is not installed";
  const std::string cmd = "groff -man -Tutf8 -ww -z '" + source_path("man/wbcheck.1") + "' 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  ASSERT_NE(p, nullptr);
  std::string out;
  char buf[512];
  for (size_t n; (n = fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
  EXPECT_EQ(pclose(p), 0);
  EXPECT_EQ(out, "") << "groff warnings";
}

}  // namespace
}  // namespace wbcheck::e2e
