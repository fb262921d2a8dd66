// The JSON rendering of a matrix (shape in matrix.h), keys in a fixed order.
#include "cli/matrix.h"
#include "nlohmann/json.hpp"

namespace wbcheck::cli {
namespace {

using Json = nlohmann::ordered_json;

Json property_json(const MatrixProperty& p) {
  bool violated = p.status == checker::Status::kViolated;
  return {{"id", p.id}, {"status", checker::to_string(p.status)}, {"steps", violated ? Json(p.steps) : Json(nullptr)}};
}

Json cell_json(const MatrixCell& c) {
  Json j = {{"policy", c.policy}, {"scenario", c.scenario}};
  if (!c.applicable) {
    j["verdict"] = "n/a";
    j["reason"] = c.reason;
    j["states"] = nullptr;
    j["properties"] = Json::array();
    return j;
  }
  j["verdict"] = checker::to_string(c.verdict);
  j["states"] = c.states;
  Json props = Json::array();
  for (const MatrixProperty& p : c.properties) props.push_back(property_json(p));
  j["properties"] = std::move(props);
  return j;
}

}  // namespace

std::string print_matrix_json(const Matrix& m) {
  Json cells = Json::array();
  for (const MatrixCell& c : m.cells) cells.push_back(cell_json(c));
  Json j = {{"tool", "wbcheck"}, {"version", m.version}, {"cells", std::move(cells)}};
  return j.dump(2) + "\n";
}

}  // namespace wbcheck::cli
