// Whether what a trace file records is what the model does (`wbcheck
// replay`): a recorded state against the model's state, a recorded action
// against the actions the model enables. Every mismatch is an InvalidArgument
// status "FILE: PATH: why" at the first key that differs, e.g.
// "t.json: $.states[7].block[3].dirty: the file records 1, the model has 0".
// The file is untrusted input: nothing here throws or aborts on it.
#pragma once

#include <string_view>

#include "absl/status/statusor.h"
#include "checker/check.h"  // before explorable.h: checker/por.h uses WBCHECK_CHECK without including it
#include "cli/explorable.h"
#include "cli/trace_file.h"
#include "model/json_path.h"

namespace wbcheck::cli {

// `recorded` has exactly the keys, array lengths, strings and integers of
// `expected`. Keys are compared in the order of `expected`, then keys it
// lacks; `skip` is a key of the top object left out (a state's "#meta").
absl::Status match_json(const model::JsonCursor& recorded, const TraceJson& expected, std::string_view skip = {});

// The action a state's "#meta".action (`recorded`) names, found among those
// `m` enables in `before` by who runs it (task, or ioend slot for a
// completion) and its fault outcome (choice); then its position (index), step,
// file, detail and policy hook must be what the model says of it.
absl::StatusOr<model::Action> match_action(const model::JsonCursor& recorded, const ExplorableModel& m,
                                           const model::State& before);

}  // namespace wbcheck::cli
