#include "checker/report.h"
#include "nlohmann/json.hpp"

namespace wbcheck::checker {
namespace {

using Json = nlohmann::ordered_json;

Json step_json(const ReportStep& s) {
  Json changes = Json::object();
  for (const Change& c : s.changes) {
    changes[c.key] = {{"from", c.before_text.empty() ? Json(c.before) : Json(c.before_text)},
                      {"to", c.after_text.empty() ? Json(c.after) : Json(c.after_text)}};
  }
  Json j = {{"task", s.info.task}, {"step", s.info.step}, {"kernel", s.info.kernel}, {"detail", s.info.detail}};
  if (!s.info.hook.empty()) j["policy_hook"] = s.info.hook;
  j["changes"] = changes;
  return j;
}

Json property_json(const ReportProperty& p) {
  Json j = {{"id", p.id},           {"status", to_string(p.status)}, {"statement", p.statement},
            {"catches", p.catches}, {"depth", p.depth}};
  if (p.status == Status::kViolated) {
    Json steps = Json::array();
    for (const ReportStep& s : p.trace) steps.push_back(step_json(s));
    j["trace"] = {{"steps", steps}};
  }
  return j;
}

Json stats_json(const Stats& s) {
  Json j = {{"states", s.states},           {"matched", s.matched},
            {"transitions", s.transitions}, {"max_depth", s.max_depth},
            {"seconds", s.seconds},         {"peak_rss_bytes", s.peak_rss_bytes},
            {"bytes_per_state", s.bytes_per_state}, {"por", s.por},
            {"sleep_sets", s.sleep_sets},   {"sleep_wakeups", s.sleep_wakeups},
            {"symmetry", s.symmetry},
            {"trace_states", s.trace_states}};
  j["stopped_by"] = s.stopped_by.empty() ? Json(nullptr) : Json(s.stopped_by);
  return j;
}

}  // namespace

std::string print_json(const Report& r) {
  Json props = Json::array();
  for (const ReportProperty& p : r.properties) props.push_back(property_json(p));
  Json j = {{"tool", r.tool}, {"version", r.version}, {"scenario", r.scenario}};
  if (!r.scenario_fingerprint.empty()) j["scenario_fingerprint"] = r.scenario_fingerprint;
  j["policy"] = r.policy;
  j["verdict"] = to_string(r.verdict);
  j["properties"] = props;
  j["stats"] = stats_json(r.stats);
  return j.dump(2) + "\n";
}

}  // namespace wbcheck::checker
