#include "cli/options.h"

#include <cerrno>
#include <cstdlib>
#include <optional>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "cli/option_docs.h"

namespace wbcheck::cli {
namespace {

absl::Status usage_error(const std::string& why) {
  return absl::InvalidArgumentError(absl::StrCat(why, "\n", usage()));
}

// --max-states and --time-limit, which check, matrix and diff share; nullopt
// when `flag` is neither.
std::optional<absl::Status> parse_search_limit(const std::string& flag, const std::string& value,
                                               uint64_t& max_states, double& time_limit_seconds) {
  if (flag == "--max-states") {
    if (!absl::SimpleAtoi(value, &max_states)) return usage_error("--max-states: expected a whole number");
    return absl::OkStatus();
  }
  if (flag == "--time-limit") {
    if (!absl::SimpleAtod(value, &time_limit_seconds) || !(time_limit_seconds > 0)) {
      return usage_error("--time-limit: expected a positive number of seconds");
    }
    return absl::OkStatus();
  }
  return std::nullopt;
}

// Hands each `--flag value` pair of args[first..] to parse(flag, value).
template <class Parse>
absl::Status parse_pairs(const std::vector<std::string>& args, size_t first, const Parse& parse) {
  for (size_t i = first; i < args.size(); i += 2) {
    if (i + 1 >= args.size()) return usage_error(absl::StrCat(args[i], ": missing value"));
    if (absl::Status st = parse(args[i], args[i + 1]); !st.ok()) return st;
  }
  return absl::OkStatus();
}

absl::Status parse_check_flag(const std::string& flag, const std::string& value, CheckOptions& o) {
  if (flag == "--scenario") o.scenario = value;
  else if (flag == "--policy") o.policy = value;
  else if (flag == "--out") o.out = value;
  else if (flag == "--trace-out") o.trace_out = value;
  else if (flag == "--dot") o.dot = value;
  else if (flag == "--html") o.html = value;
  else if (flag == "--baseline") o.baseline = value;
  else if (flag == "--format") {
    if (value == "text") o.format = Format::kText;
    else if (value == "json") o.format = Format::kJson;
    else if (value == "junit") o.format = Format::kJunit;
    else if (value == "sarif") o.format = Format::kSarif;
    else return usage_error(absl::StrCat("--format: expected text, json, junit or sarif, got '", value, "'"));
  } else if (flag == "--por") {
    if (value != "on" && value != "off") return usage_error(absl::StrCat("--por: expected on or off, got '", value, "'"));
    o.por = value == "on";
  } else if (flag == "--symmetry") {
    if (value != "on" && value != "off") {
      return usage_error(absl::StrCat("--symmetry: expected on or off, got '", value, "'"));
    }
    o.symmetry = value == "on";
  } else if (flag == "--sleep-sets") {
    if (value != "on" && value != "off") {
      return usage_error(absl::StrCat("--sleep-sets: expected on or off, got '", value, "'"));
    }
    o.sleep_sets = value == "on";
  } else if (flag == "--max-memory") {
    absl::StatusOr<uint64_t> size = parse_size(value);
    if (!size.ok()) return usage_error(absl::StrCat("--max-memory: ", size.status().message()));
    o.max_memory_bytes = *size;
  } else if (auto limit = parse_search_limit(flag, value, o.max_states, o.time_limit_seconds)) {
    return *limit;
  } else if (flag == "--threads") {
    if (!absl::SimpleAtoi(value, &o.threads) || o.threads == 0 || o.threads > kMaxThreads) {
      return usage_error(absl::StrCat("--threads: expected a whole number from 1 to ", kMaxThreads));
    }
  } else {
    return usage_error(absl::StrCat("check: unknown option '", flag, "'"));
  }
  return absl::OkStatus();
}

absl::StatusOr<Command> parse_check(const std::vector<std::string>& args) {
  Command cmd;
  cmd.kind = Command::Kind::kCheck;
  for (size_t i = 1; i < args.size(); ++i) {
    const std::string& flag = args[i];
    if (flag == "--z3-crosscheck") {
      cmd.check.z3_crosscheck = true;
      continue;
    }
    if (flag == "--no-fold") {
      cmd.check.fold = false;
      continue;
    }
    if (flag == "--quiet") {
      cmd.check.quiet = true;
      continue;
    }
    if (i + 1 >= args.size()) return usage_error(absl::StrCat(flag, ": missing value"));
    absl::Status st = parse_check_flag(flag, args[++i], cmd.check);
    if (!st.ok()) return st;
  }
  if (cmd.check.scenario.empty() || cmd.check.policy.empty()) {
    return usage_error("check: --scenario and --policy are required");
  }
  return cmd;
}

absl::StatusOr<Command> parse_list(const std::vector<std::string>& args) {
  Command cmd;
  cmd.kind = Command::Kind::kList;
  if (args.size() < 2) return usage_error("list: expected properties, primitives or policies");
  cmd.list.what = args[1];
  if (cmd.list.what != "properties" && cmd.list.what != "primitives" && cmd.list.what != "policies") {
    return usage_error(absl::StrCat("list: expected properties, primitives or policies, got '", args[1], "'"));
  }
  for (size_t i = 2; i < args.size(); ++i) {
    if (args[i] == "--dir" && i + 1 < args.size() && cmd.list.what == "policies") {
      cmd.list.dir = args[++i];
      continue;
    }
    return usage_error(absl::StrCat("list: unexpected argument '", args[i], "'"));
  }
  return cmd;
}

absl::Status parse_matrix_flag(const std::string& flag, const std::string& value, MatrixOptions& o) {
  if (flag == "--policies") o.policies_dir = value;
  else if (flag == "--scenarios") o.scenarios_dir = value;
  else if (flag == "--out") o.out = value;
  else if (flag == "--format") {
    if (value == "text") o.format = Format::kText;
    else if (value == "markdown") o.format = Format::kMarkdown;
    else if (value == "json") o.format = Format::kJson;
    else return usage_error(absl::StrCat("--format: expected text, markdown or json, got '", value, "'"));
  } else if (auto limit = parse_search_limit(flag, value, o.max_states, o.time_limit_seconds)) {
    return *limit;
  } else {
    return usage_error(absl::StrCat("matrix: unknown option '", flag, "'"));
  }
  return absl::OkStatus();
}

absl::StatusOr<Command> parse_matrix(const std::vector<std::string>& args) {
  Command cmd;
  cmd.kind = Command::Kind::kMatrix;
  absl::Status st = parse_pairs(args, 1, [&](const std::string& flag, const std::string& value) {
    return parse_matrix_flag(flag, value, cmd.matrix);
  });
  if (!st.ok()) return st;
  return cmd;
}

absl::StatusOr<Command> parse_prove_ranges(const std::vector<std::string>& args) {
  Command cmd;
  cmd.kind = Command::Kind::kProveRanges;
  ProveRangesOptions& o = cmd.prove_ranges;
  absl::Status st = parse_pairs(args, 1, [&](const std::string& flag, const std::string& value) {
    if (flag == "--policy") {
      o.policy = value;
    } else if (flag == "--format") {
      if (value != "text" && value != "markdown") {
        return usage_error(absl::StrCat("--format: expected text or markdown, got '", value, "'"));
      }
      o.markdown = value == "markdown";
    } else if (flag == "--timeout") {
      unsigned seconds = 0;
      if (!absl::SimpleAtoi(value, &seconds) || seconds == 0 || seconds > 3600) {
        return usage_error("--timeout: expected whole seconds in [1, 3600]");
      }
      o.timeout_ms = seconds * 1000;
    } else {
      return usage_error(absl::StrCat("prove-ranges: unknown option '", flag, "'"));
    }
    return absl::OkStatus();
  });
  if (!st.ok()) return st;
  if (o.policy.empty()) return usage_error("prove-ranges: --policy is required");
  return cmd;
}

// `bmc` and `prove`: the flags they share with check, then their own
// (`own` answers nullopt for a flag that is not its own).
template <class Own>
absl::StatusOr<Command> parse_symbolic(const std::vector<std::string>& args, const Command& cmd, CheckOptions& o,
                                       unsigned& timeout_ms, const Own& own, bool* unrolled = nullptr) {
  const std::string name = args[0];
  for (size_t i = 1; i < args.size(); ++i) {
    const std::string& flag = args[i];
    if (flag == "--no-fold" && name == "bmc") {
      o.fold = false;
      continue;
    }
    if (flag == "--unrolled" && unrolled != nullptr) {
      *unrolled = true;
      continue;
    }
    if (i + 1 >= args.size()) return usage_error(absl::StrCat(flag, ": missing value"));
    const std::string& value = args[++i];
    if (std::optional<absl::Status> st = own(flag, value)) {
      if (!st->ok()) return *st;
    } else if (flag == "--scenario" || flag == "--policy" || flag == "--out" ||
               (flag == "--trace-out" && name == "bmc")) {
      if (absl::Status bad = parse_check_flag(flag, value, o); !bad.ok()) return bad;
    } else if (flag == "--format") {
      if (value != "text" && value != "json") {
        return usage_error(absl::StrCat("--format: expected text or json, got '", value, "'"));
      }
      o.format = value == "json" ? Format::kJson : Format::kText;
    } else if (flag == "--time-limit" && name == "bmc") {
      if (!absl::SimpleAtod(value, &o.time_limit_seconds) || !(o.time_limit_seconds > 0)) {
        return usage_error("--time-limit: expected a positive number of seconds");
      }
    } else if (flag == "--timeout") {
      unsigned seconds = 0;
      if (!absl::SimpleAtoi(value, &seconds) || seconds == 0 || seconds > 3600) {
        return usage_error("--timeout: expected whole seconds in [1, 3600]");
      }
      timeout_ms = seconds * 1000;
    } else {
      return usage_error(absl::StrCat(name, ": unknown option '", flag, "'"));
    }
  }
  if (o.scenario.empty() || o.policy.empty()) return usage_error(name + ": --scenario and --policy are required");
  return cmd;
}

std::optional<absl::Status> parse_bound(const std::string& flag, const std::string& value, const char* name,
                                        uint64_t& out) {
  if (flag != name) return std::nullopt;
  if (!absl::SimpleAtoi(value, &out) || out > 100000) {
    return usage_error(absl::StrCat(name, ": expected a whole number up to 100000"));
  }
  return absl::OkStatus();
}

absl::StatusOr<Command> parse_bmc(const std::vector<std::string>& args) {
  Command cmd;
  cmd.kind = Command::Kind::kBmc;
  absl::StatusOr<Command> r = parse_symbolic(args, cmd, cmd.bmc.check, cmd.bmc.timeout_ms,
                                             [&](const std::string& flag, const std::string& value) {
                                               return parse_bound(flag, value, "--depth", cmd.bmc.depth);
                                             },
                                             &cmd.bmc.unrolled);
  return r;
}

absl::StatusOr<Command> parse_prove(const std::vector<std::string>& args) {
  Command cmd;
  cmd.kind = Command::Kind::kProve;
  return parse_symbolic(args, cmd, cmd.prove.check, cmd.prove.timeout_ms,
                        [&](const std::string& flag, const std::string& value) -> std::optional<absl::Status> {
                          if (flag == "--aux") {
                            cmd.prove.aux = value;
                            return absl::OkStatus();
                          }
                          if (flag == "--suggest-aux") {
                            cmd.prove.suggest_aux = value;
                            return absl::OkStatus();
                          }
                          return parse_bound(flag, value, "--max-k", cmd.prove.max_k);
                        });
}

// `replay F [--scenario S] [--policy P]`: the trace file comes first.
absl::StatusOr<Command> parse_replay(const std::vector<std::string>& args) {
  Command cmd;
  cmd.kind = Command::Kind::kReplay;
  ReplayOptions& o = cmd.replay;
  if (args.size() < 2 || args[1].starts_with("--")) return usage_error("replay: expected a trace file");
  o.trace = args[1];
  absl::Status st = parse_pairs(args, 2, [&](const std::string& flag, const std::string& value) {
    if (flag == "--scenario") o.scenario = value;
    else if (flag == "--policy") o.policy = value;
    else return usage_error(absl::StrCat("replay: unknown option '", flag, "'"));
    return absl::OkStatus();
  });
  if (!st.ok()) return st;
  return cmd;
}

absl::Status parse_diff_flag(const std::string& flag, const std::string& value, DiffOptions& o) {
  if (flag == "--scenario") o.scenario = value;
  else if (flag == "--scenarios") o.scenarios_dir = value;
  else if (flag == "--policy") o.policies.push_back(value);
  else if (flag == "--out") o.out = value;
  else if (flag == "--format") {
    if (value == "text") o.format = Format::kText;
    else if (value == "json") o.format = Format::kJson;
    else return usage_error(absl::StrCat("--format: expected text or json, got '", value, "'"));
  } else if (auto limit = parse_search_limit(flag, value, o.max_states, o.time_limit_seconds)) {
    return *limit;
  } else {
    return usage_error(absl::StrCat("diff: unknown option '", flag, "'"));
  }
  return absl::OkStatus();
}

absl::StatusOr<Command> parse_diff(const std::vector<std::string>& args) {
  Command cmd;
  cmd.kind = Command::Kind::kDiff;
  absl::Status st = parse_pairs(args, 1, [&](const std::string& flag, const std::string& value) {
    return parse_diff_flag(flag, value, cmd.diff);
  });
  if (!st.ok()) return st;
  if (cmd.diff.scenario.empty() == cmd.diff.scenarios_dir.empty()) {
    return usage_error("diff: give either --scenario or --scenarios");
  }
  if (cmd.diff.policies.size() != 2) return usage_error("diff: give --policy exactly twice (A, then B)");
  return cmd;
}

}  // namespace

absl::StatusOr<uint64_t> parse_size(const std::string& text) {
  if (text.empty()) return absl::InvalidArgumentError("expected a size such as 512M or 2G");
  uint64_t scale = 1;
  std::string digits = text;
  switch (text.back()) {
    case 'K': case 'k': scale = uint64_t{1} << 10; break;
    case 'M': case 'm': scale = uint64_t{1} << 20; break;
    case 'G': case 'g': scale = uint64_t{1} << 30; break;
    default: break;
  }
  if (scale != 1) digits.pop_back();
  uint64_t n = 0;
  if (!absl::SimpleAtoi(digits, &n) || n == 0 || n > UINT64_MAX / scale) {
    return absl::InvalidArgumentError(absl::StrCat("expected a size such as 512M or 2G, got '", text, "'"));
  }
  return n * scale;
}

absl::StatusOr<Command> parse_command_line(const std::vector<std::string>& args) {
  if (args.empty() || args[0] == "help" || args[0] == "--help" || args[0] == "-h") return Command{};
  if (args[0] == "--version" || args[0] == "version") return Command{Command::Kind::kVersion};
  // `wbcheck CMD --help`, and options not in CMD's table (cli/option_docs.h).
  if (const CommandDoc* doc = find_command_doc(args[0])) {
    absl::StatusOr<bool> help = wants_help(*doc, args);
    if (!help.ok()) return usage_error(std::string(help.status().message()));
    if (*help) return Command{Command::Kind::kHelp, args[0]};
  }
  if (args[0] == "check") return parse_check(args);
  if (args[0] == "list") return parse_list(args);
  if (args[0] == "matrix") return parse_matrix(args);
  if (args[0] == "prove-ranges") return parse_prove_ranges(args);
  if (args[0] == "replay") return parse_replay(args);
  if (args[0] == "diff") return parse_diff(args);
  if (args[0] == "bmc") return parse_bmc(args);
  if (args[0] == "prove") return parse_prove(args);
  return usage_error(absl::StrCat("unknown command '", args[0], "'"));
}

const char* usage() {
  return "usage:\n"
         "  wbcheck check --scenario S.json --policy P.json [--format text|json|junit|sarif]\n"
         "                [--out F] [--por on|off] [--sleep-sets on|off] [--symmetry on|off]\n"
         "                [--max-states N] [--max-memory SIZE] [--time-limit SEC] [--threads N]\n"
         "                [--z3-crosscheck] [--trace-out F] [--dot F] [--html F]\n"
         "                [--baseline F] [--no-fold] [--quiet]\n"
         "  wbcheck replay F [--scenario S.json] [--policy P.json]\n"
         "  wbcheck diff (--scenario S.json | --scenarios DIR) --policy A.json --policy B.json\n"
         "               [--format text|json] [--out F] [--max-states N] [--time-limit SEC]\n"
         "  wbcheck list properties|primitives|policies [--dir DIR]\n"
         "  wbcheck matrix [--policies DIR] [--scenarios DIR] [--format text|markdown|json]\n"
         "                 [--out F] [--max-states N] [--time-limit SEC]\n"
         "  wbcheck prove-ranges --policy P.json [--format text|markdown] [--timeout SEC]\n"
         "  wbcheck bmc --scenario S.json --policy P.json [--depth K] [--time-limit SEC]\n"
         "              [--timeout SEC] [--format text|json] [--out F] [--trace-out F] [--no-fold]\n"
         "              [--unrolled]\n"
         "  wbcheck prove --scenario S.json --policy P.json [--aux F] [--max-k K]\n"
         "                [--timeout SEC] [--format text|json] [--out F] [--suggest-aux F]\n"
         "  wbcheck CMD --help     the options of one command, one line each\n"
         "exit status: 0 all properties hold, 10 a property is violated, 5 inconclusive,\n"
         "             2 bad input or usage, 3 internal error\n"
         "matrix: every policy (*.json in DIR, default examples/policies) against every\n"
         "        scenario (default examples/scenarios); exit 0 once produced, violations\n"
         "        included, 5 if a limit left a property unknown, 2 bad input\n"
         "check --threads: search on N threads (default: one per core; 1 with\n"
         "        --z3-crosscheck); the report is the same for every N but for time and\n"
         "        memory figures and where a time, memory or signal stop falls\n"
         "check --format: junit is JUnit XML (one testcase per property; only the suite's\n"
         "        time attribute varies between runs), sarif is a SARIF 2.1.0 log (one\n"
         "        result per violated or undecided property, located at the policy file)\n"
         "check --sleep-sets: with --por on, also skip steps already explored from a\n"
         "        state reached by independent steps (sleep sets; on by default)\n"
         "check --symmetry: tasks with identical programs are interchangeable; one state\n"
         "        is stored per renaming of them (on by default; traces stay concrete)\n"
         "check --trace-out: the counterexample of the first violated property, as an ITF\n"
         "        JSON trace (docs/formats.md); not written when nothing is violated\n"
         "check --dot, --html: that counterexample as a Graphviz graph (a cluster per task,\n"
         "        causal edges between tasks) and as a self-contained HTML page to step through\n"
         "check --baseline F: compare with F, an earlier --format json report of the scenario;\n"
         "        exit 10 a property is newly violated, 5 newly inconclusive, else 0 (known\n"
         "        violations and fixes are listed, not failed); 2 F is not such a report\n"
         "replay: re-executes a --trace-out file on the model (scenario and policy: the\n"
         "        files it records, unless given); exit 10 the recorded property is violated\n"
         "        at the end, 0 it holds there, 2 the file does not match the model\n"
         "diff: both policies on each scenario; prints the properties whose status\n"
         "        differs; exit 10 a property changes verdict, 0 none changes status, 5 none\n"
         "        changes verdict but a limit left one undecided, 2 bad input\n"
         "prove-ranges: Z3 proves, for every block and folio size, position and extent\n"
         "        layout, that each punch_delalloc of on_map_failure stays inside the folio\n"
         "        and covers it from pos on; exit 0 proved, 10 refuted (with a\n"
         "        counterexample), 5 unknown (never called proved), 2 bad input\n"
         "bmc: bounded model checking with Z3 over the transition relation of the model's\n"
         "        own steps; a counterexample replays on the explicit model; exit 10\n"
         "        violated, 0 holds (no longer path exists), 5 bound or time reached\n"
         "prove: k-induction of the properties, strengthened by --aux invariants; prints a\n"
         "        counterexample to induction and whether it is reachable; exit 0 proved,\n"
         "        10 violated, 5 not proved\n";
}

}  // namespace wbcheck::cli
