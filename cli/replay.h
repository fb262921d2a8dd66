// `wbcheck replay F [--scenario S] [--policy P]`: re-executes a trace file
// (cli/trace_file.h, written by `check --trace-out`) on the model, the way a
// SPIN trail is replayed: from the model's initial state, each recorded step
// must be enabled in the state reached so far and lead to exactly the state
// recorded next, field by field. The scenario and policy are the files the
// trace records (relative to the current directory) unless given.
//
// Each step is printed as `check` prints a trace. Exit 10: the last state
// violates the recorded property (the counterexample is reproduced); 0: the
// trace replays but the property holds at its end (said on stdout); 2: the
// file is not a trace of this model (malformed JSON, a missing key, a wrong
// type, an edited state, a step not enabled, steps out of order), with a
// message naming the file and the JSON path of the first difference.
#pragma once

#include "cli/options.h"

namespace wbcheck::cli {

int run_replay(const ReplayOptions& o);

}  // namespace wbcheck::cli
