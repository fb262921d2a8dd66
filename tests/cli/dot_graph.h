// A reader for the DOT subset `wbcheck check --dot` writes, so that tests can
// check the graph's structure without Graphviz: one `digraph NAME { ... }`
// holding attribute statements (graph/node/edge [..]), `subgraph NAME { ... }`
// blocks, `key=value;` assignments, node statements `ID [..];` and edge
// statements `ID -> ID [..];`, with // comments. Anything else is an error,
// as are unbalanced braces and trailing text.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace wbcheck::e2e {

using DotAttrs = std::map<std::string, std::string>;  // values unescaped (\n a newline)

struct DotNode {
  std::string id;
  std::string subgraph;  // the innermost enclosing subgraph's name; "" at top level
  DotAttrs attrs;
};
struct DotEdge {
  std::string from, to;
  DotAttrs attrs;
};
struct DotGraph {
  std::string name;
  std::map<std::string, DotAttrs> subgraphs;  // name -> its assignments (label=...)
  std::vector<DotNode> nodes;                 // in file order
  std::vector<DotEdge> edges;                 // in file order
};

absl::StatusOr<DotGraph> parse_dot(const std::string& text);

}  // namespace wbcheck::e2e
