// Deterministic mutations of a JSON input file, for the hostile-input test
// (e2e_hostile_input_test.cc) and the fuzz seed corpus: every variant a
// careless or hostile user could hand wbcheck, derived from a valid file.
//
// Structural mutations work on the parsed document (key order kept) and are
// named by the JSON path they change; byte mutations work on the text.
// Randomness (which truncation offsets, which bytes to replace) comes from
// one explicit seed, so the same file and seed always give the same list.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace wbcheck::e2e {

struct Mutation {
  std::string name;   // e.g. "$.tasks[0].ops[0].pos = 2^63", "truncated at byte 17"
  std::string bytes;  // the mutated file's content
  bool structural;    // still valid JSON: a rejection must name a JSON path
};

// For each node of `text` (which must be valid JSON): its type swapped for
// every other type; numbers set to 0, -1, 2^31, 2^32, 2^63, 2^64-1, -2^63,
// 1e308, -1e308, 0.5; strings set to "", a 1 MiB string, control and non-ASCII
// characters, a number as text; arrays emptied, each element removed, the
// first element repeated 64 times; object keys removed one at a time and an
// unknown key added. Then the text cut at 32 offsets (half evenly spaced,
// half drawn from `seed`), 16 bytes replaced by seeded random ones, and a few
// whole-file cases: empty, NUL bytes, random binary, a UTF-8 BOM, 100000 open
// brackets, trailing garbage.
std::vector<Mutation> mutations_of(const std::string& text, uint64_t seed);

// A stable 64-bit hash of a string (FNV-1a), for per-file seeds.
uint64_t stable_hash(const std::string& s);

}  // namespace wbcheck::e2e
