#include "cli/option_docs.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace wbcheck::cli {
namespace {

constexpr OptionDoc kHelp = {"--help", "", "print this help and exit 0 (also -h)", ""};

// Options several subcommands share, with the same meaning.
constexpr OptionDoc kMaxStates = {"--max-states", "N", "stop a search after N distinct states (then inconclusive)",
                                  "1000"};
constexpr OptionDoc kTimeLimit = {"--time-limit", "SEC", "stop a search after SEC seconds of wall-clock time", "2.5"};
constexpr OptionDoc kOut = {"--out", "FILE", "write the report to FILE (atomically) instead of stdout", "r.txt"};

std::vector<CommandDoc> make_docs() {
  return {
      {"check",
       "check --scenario S.json --policy P.json [options]",
       "Explores every interleaving of the scenario's tasks under the policy and checks every\n"
       "property in every reachable state; prints the verdict, a shortest counterexample per\n"
       "violated property (text: a swimlane per task, runs of steps the violation does not\n"
       "depend on folded) and statistics. On a terminal, a progress line on stderr.\n"
       "Exit status: 0 all properties hold, 10 one is violated, 5 inconclusive (a limit was\n"
       "hit), 2 bad input or usage, 3 internal error.",
       0,
       {{"--scenario", "FILE", "the scenario: geometry, faults, task programs (JSON; required)", "s.json"},
        {"--policy", "FILE", "the error policy under test (JSON; required)", "p.json"},
        {"--format", "text|json|junit|sarif", "report format (default text)", "json"},
        kOut,
        {"--trace-out", "FILE", "write the first violated property's trace as an ITF JSON file", "t.itf.json"},
        {"--dot", "FILE", "that trace as a Graphviz graph: a cluster per task, causal edges", "t.dot"},
        {"--html", "FILE", "that trace as one self-contained HTML page: swimlanes, steps", "t.html"},
        {"--baseline", "FILE", "judge against an earlier --format json report (10: new violation)", "base.json"},
        {"--por", "on|off", "partial-order reduction (default on; verdicts are the same)", "off"},
        {"--sleep-sets", "on|off", "with --por on, sleep sets on top of the stubborn sets (default on)", "off"},
        {"--symmetry", "on|off", "store one state per renaming of identical tasks (default on)", "off"},
        kMaxStates,
        {"--max-memory", "SIZE", "stop before the resident set passes SIZE (512M, 2G, bytes)", "2G"},
        kTimeLimit,
        {"--threads", "N", "search on N threads (default one per core; same report)", "2"},
        {"--z3-crosscheck", "", "evaluate every property in Z3 too and compare (one thread)", ""},
        {"--no-fold", "", "show every step of a text trace, irrelevant runs included", ""},
        {"--quiet", "", "no progress line on stderr, even on a terminal", ""},
        kHelp}},
      {"replay",
       "replay TRACE [--scenario S.json] [--policy P.json]",
       "Re-executes a --trace-out file on the model, step by step, checking each recorded state.\n"
       "Exit status: 10 the recorded property is violated at the end, 0 it holds there, 2 the\n"
       "file does not match the model (or bad input).",
       1,
       {{"--scenario", "FILE", "the scenario to replay on (default: the one the trace records)", "s.json"},
        {"--policy", "FILE", "the policy to replay on (default: the one the trace records)", "p.json"},
        kHelp}},
      {"diff",
       "diff (--scenario S.json | --scenarios DIR) --policy A.json --policy B.json [options]",
       "Checks both policies on each scenario and prints the properties whose status differs.\n"
       "Exit status: 10 a property changes verdict, 0 none changes status, 5 none changes\n"
       "verdict but a limit left one undecided, 2 bad input or usage.",
       0,
       {{"--scenario", "FILE", "one scenario (or --scenarios)", "s.json"},
        {"--scenarios", "DIR", "every *.json scenario in DIR (or --scenario)", "examples/scenarios"},
        {"--policy", "FILE", "give it twice: policy A, then policy B", "a.json"},
        {"--format", "text|json", "report format (default text)", "json"},
        kOut,
        kMaxStates,
        kTimeLimit,
        kHelp}},
      {"list",
       "list properties|primitives|policies [--dir DIR]",
       "Lists the properties checked (id and statement), the policy primitives, or the policies\n"
       "of a directory. Exit status: 0, or 2 on bad usage.",
       1,
       {{"--dir", "DIR", "with policies: the directory to list (default examples/policies)", "examples/policies"},
        kHelp}},
      {"matrix",
       "matrix [--policies DIR] [--scenarios DIR] [options]",
       "Every policy (*.json in DIR) against every scenario: one cell per pair with the violated\n"
       "properties. Exit status: 0 once produced (violations included), 5 a limit left a property\n"
       "unknown, 2 bad input or usage.",
       0,
       {{"--policies", "DIR", "the policies (default examples/policies)", "examples/policies"},
        {"--scenarios", "DIR", "the scenarios (default examples/scenarios)", "examples/scenarios"},
        {"--format", "text|markdown|json", "report format (default text)", "markdown"},
        kOut,
        {"--max-states", "N", "per cell: stop a search after N distinct states", "1000"},
        {"--time-limit", "SEC", "per cell: stop a search after SEC seconds", "2.5"},
        kHelp}},
      {"prove-ranges",
       "prove-ranges --policy P.json [--format text|markdown] [--timeout SEC]",
       "Z3 proves, for every block and folio size, position and extent layout, that each\n"
       "punch_delalloc of on_map_failure stays inside the folio and covers it from pos on.\n"
       "Exit status: 0 proved, 10 refuted (with a counterexample), 5 unknown, 2 bad input.",
       0,
       {{"--policy", "FILE", "the policy whose ranges to prove (required)", "p.json"},
        {"--format", "text|markdown", "text, or a section for docs/prove-ranges.md", "markdown"},
        {"--timeout", "SEC", "per Z3 query, whole seconds in [1, 3600] (default 30)", "5"},
        kHelp}},
      {"bmc",
       "bmc --scenario S.json --policy P.json [options]",
       "Bounded model checking with Z3 over the transition relation the model's own steps give\n"
       "when run on symbolic states: asks depth by depth whether a property can fail, so the\n"
       "first counterexample is a shortest one; it is decoded into steps of the explicit model\n"
       "and replayed there. By default each depth's question is asked one step at a time over\n"
       "the states reachable at the depth before (frontiers); --unrolled asks it of one formula\n"
       "unrolled from the initial state. Exit status: 0 every property holds (no path is longer\n"
       "than the depth reached), 10 one is violated, 5 the depth or time bound came first, 2 bad\n"
       "input, 3 internal error.",
       0,
       {{"--scenario", "FILE", "the scenario (JSON; required)", "s.json"},
        {"--policy", "FILE", "the error policy under test (JSON; required)", "p.json"},
        {"--depth", "K", "the deepest bound to ask (default 100)", "20"},
        kTimeLimit,
        {"--timeout", "SEC", "per Z3 query, whole seconds in [1, 3600] (default none)", "5"},
        {"--format", "text|json", "report format (default text)", "json"},
        kOut,
        {"--trace-out", "FILE", "write the counterexample as an ITF JSON file (as check does)", "t.itf.json"},
        {"--no-fold", "", "show every step of a text trace", ""},
        {"--unrolled", "", "one unrolled formula per depth instead of frontiers (slower; a cross-check)", ""},
        kHelp}},
      {"prove",
       "prove --scenario S.json --policy P.json [--aux F] [options]",
       "k-induction of every property (and of the typed domain the symbolic steps assume),\n"
       "strengthened by the auxiliary invariants of --aux; when no k up to --max-k proves it,\n"
       "prints the last counterexample to induction and whether its first state is reachable\n"
       "(asked of the explicit engine). Exit status: 0 proved, 10 violated, 5 not proved, 2 bad\n"
       "input, 3 internal error.",
       0,
       {{"--scenario", "FILE", "the scenario (JSON; required)", "s.json"},
        {"--policy", "FILE", "the error policy under test (JSON; required)", "p.json"},
        {"--aux", "FILE", "auxiliary invariants to prove and assume (JSON, docs/formats.md)", "aux.json"},
        {"--max-k", "K", "the largest k to try (default 40)", "8"},
        {"--timeout", "SEC", "per Z3 query, whole seconds in [1, 3600] (default none)", "5"},
        {"--suggest-aux", "FILE", "write candidate --aux invariants from the explicit search; exit 0", "aux.json"},
        {"--format", "text|json", "report format (default text)", "json"},
        kOut,
        kHelp}},
  };
}

std::string option_column(const OptionDoc& o) {
  return *o.value ? absl::StrCat(o.name, " ", o.value) : std::string(o.name);
}

}  // namespace

const std::vector<CommandDoc>& command_docs() {
  static const std::vector<CommandDoc> docs = make_docs();
  return docs;
}

const CommandDoc* find_command_doc(std::string_view name) {
  for (const CommandDoc& d : command_docs()) {
    if (name == d.name) return &d;
  }
  return nullptr;
}

const OptionDoc* find_option(const CommandDoc& doc, std::string_view flag) {
  if (flag == "-h") flag = "--help";
  for (const OptionDoc& o : doc.options) {
    if (flag == o.name) return &o;
  }
  return nullptr;
}

std::string command_help(const CommandDoc& doc) {
  std::string out = absl::StrCat("usage: wbcheck ", doc.synopsis, "\n\n", doc.summary, "\n\noptions:\n");
  size_t width = 0;
  for (const OptionDoc& o : doc.options) width = std::max(width, option_column(o).size());
  for (const OptionDoc& o : doc.options) {
    absl::StrAppend(&out, absl::StrFormat("  %-*s  %s\n", width, option_column(o), o.help));
  }
  return out;
}

absl::StatusOr<bool> wants_help(const CommandDoc& doc, const std::vector<std::string>& args) {
  for (size_t i = 1; i < args.size(); ++i) {
    if (args[i] == "--help" || args[i] == "-h") return true;
  }
  size_t i = 1;
  for (int p = 0; p < doc.positionals && i < args.size() && !args[i].starts_with("-"); ++p) ++i;
  for (; i < args.size(); ++i) {
    if (!args[i].starts_with("-")) continue;  // a stray word: the subcommand's parser says what is wrong
    const OptionDoc* o = find_option(doc, args[i]);
    if (o == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat(doc.name, ": unknown option '", args[i], "'"));
    }
    if (*o->value) ++i;  // its value, whatever it looks like ("-1G" is a bad size, not an option)
  }
  return false;
}

}  // namespace wbcheck::cli
