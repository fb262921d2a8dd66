// The command line: `wbcheck check ...`, `wbcheck list ...` and `wbcheck
// matrix ...` (architecture.md "Command line"). Parsing never exits; a bad
// command line is a status whose message the caller prints before exiting 2.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace wbcheck::cli {

enum class Format { kText, kJson, kMarkdown, kJunit, kSarif };  // markdown: matrix only; junit, sarif: check only

struct CheckOptions {
  std::string scenario;
  std::string policy;
  Format format = Format::kText;
  std::string out;  // empty: stdout
  std::string trace_out;  // empty: none; else the first violated property's trace file (cli/trace_out.h)
  std::string dot;       // empty: none; else that trace as Graphviz DOT (cli/trace_dot.h)
  std::string html;      // empty: none; else that trace as a self-contained HTML page (cli/trace_html.h)
  std::string baseline;  // empty: none; else an earlier --format json report to compare with (cli/baseline.h)
  bool por = true;
  bool sleep_sets = true;  // with por: sleep sets on top of the stubborn sets
  bool symmetry = true;  // applies only where tasks run identical programs
  bool z3_crosscheck = false;
  uint64_t max_states = 0;
  uint64_t max_memory_bytes = 0;
  double time_limit_seconds = 0;
  unsigned threads = 0;  // --threads; 0: one per core (search_threads() in check_pair.h)
  bool fold = true;       // --no-fold: show every step of a text trace
  bool quiet = false;     // --quiet: no progress line on a terminal (cli/progress_line.h)
};

struct ListOptions {
  std::string what;  // properties | primitives | policies
  std::string dir;   // for policies
};

// Every policy in one directory against every scenario in another; empty
// directories mean the shipped examples (found like `list policies` does).
struct MatrixOptions {
  std::string policies_dir;
  std::string scenarios_dir;
  Format format = Format::kText;
  std::string out;  // empty: stdout
  uint64_t max_states = 0;        // per cell
  double time_limit_seconds = 0;  // per cell
};

// The discard contract of one policy's punches, for every geometry (Z3).
struct ProveRangesOptions {
  std::string policy;
  bool markdown = false;         // --format markdown: a section for docs/prove-ranges.md
  unsigned timeout_ms = 30000;   // per Z3 query
};

// A trace file (--trace-out) re-executed on the model (cli/replay.h). Empty
// scenario or policy: the path the trace file records.
struct ReplayOptions {
  std::string trace;
  std::string scenario;
  std::string policy;
};

// Two policies on one scenario, or on every *.json of a directory, and the
// properties whose status differs (cli/diff.h).
struct DiffOptions {
  std::string scenario;               // --scenario, or
  std::string scenarios_dir;          // --scenarios, exactly one of the two
  std::vector<std::string> policies;  // --policy A --policy B, in that order
  Format format = Format::kText;      // text | json
  std::string out;                    // empty: stdout
  uint64_t max_states = 0;            // per search
  double time_limit_seconds = 0;      // per search
};

// Bounded model checking (cli/bmc.h) and k-induction (cli/prove.h) over the
// symbolic transition relation. `check` carries the options they share with
// `check`: scenario, policy, format, out, trace_out, time_limit_seconds, fold.
struct BmcOptions {
  CheckOptions check;
  uint64_t depth = 100;     // --depth: the deepest bound asked
  unsigned timeout_ms = 0;  // --timeout: per Z3 query; 0 none
  bool unrolled = false;    // --unrolled: one formula per depth instead of frontiers
};
struct ProveOptions {
  CheckOptions check;
  std::string aux;          // --aux: auxiliary invariants (cli/aux_invariants.h); empty none
  std::string suggest_aux;  // --suggest-aux: write candidate invariants there instead of proving
  uint64_t max_k = 40;      // --max-k
  unsigned timeout_ms = 0;  // --timeout
};

struct Command {
  enum class Kind { kCheck, kList, kMatrix, kProveRanges, kReplay, kDiff, kBmc, kProve, kHelp, kVersion } kind =
      Kind::kHelp;
  std::string help_topic;  // kHelp: the subcommand whose --help was asked for; empty: the overview
  CheckOptions check;
  ListOptions list;
  MatrixOptions matrix;
  ProveRangesOptions prove_ranges;
  ReplayOptions replay;
  DiffOptions diff;
  BmcOptions bmc;
  ProveOptions prove;
};

// --threads above this is surely a typo (each thread holds its own buffers).
inline constexpr unsigned kMaxThreads = 1024;

absl::StatusOr<Command> parse_command_line(const std::vector<std::string>& args);
// "512M", "2G", "1048576": bytes.
absl::StatusOr<uint64_t> parse_size(const std::string& text);
const char* usage();

}  // namespace wbcheck::cli
