#include "checker/print_sarif.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "checker/trace_text.h"
#include "nlohmann/json.hpp"

namespace wbcheck::checker {
namespace {

using Json = nlohmann::ordered_json;

constexpr char kSchema[] = "https://json.schemastore.org/sarif-2.1.0.json";

Json text(const std::string& t) { return {{"text", t}}; }

Json rules_json(const Report& r) {
  Json rules = Json::array();
  for (const ReportProperty& p : r.properties) {
    rules.push_back({{"id", p.id},
                     {"shortDescription", text(p.statement)},
                     {"fullDescription", text(p.catches)},
                     {"defaultConfiguration", {{"level", "error"}}}});
  }
  return rules;
}

Json policy_location(const std::string& uri) {
  Json loc = Json::object();
  loc["physicalLocation"]["artifactLocation"]["uri"] = uri;
  Json locations = Json::array();
  locations.push_back(loc);
  return locations;
}

// A policy hook primitive as a logical location in the policy file.
Json hook_location(const std::string& path) {
  return {{"name", path.substr(path.rfind('.') + 1)}, {"fullyQualifiedName", path}, {"kind", "element"}};
}

Json step_location(const ReportStep& s, size_t number) {
  std::string message = s.info.detail.empty() ? s.info.step : absl::StrCat(s.info.step, ": ", s.info.detail);
  Json changes = Json::array();
  for (const std::string& c : changes_text(s.changes)) changes.push_back(c);
  Json function = {{"name", s.info.step}, {"kind", "function"}};
  Json logical = Json::array();
  logical.push_back(function);
  if (!s.info.hook.empty()) logical.push_back(hook_location(s.info.hook));
  Json location = {{"message", text(message)}, {"logicalLocations", logical}};
  return {{"executionOrder", number},
          {"location", location},
          {"properties", {{"kernel", s.info.kernel}, {"changes", changes}}}};
}

// One threadFlow per task, in order of the task's first step.
Json code_flows(const ReportProperty& p) {
  std::vector<std::string> tasks;
  std::vector<Json> flows;
  for (size_t i = 0; i < p.trace.size(); ++i) {
    const ReportStep& s = p.trace[i];
    size_t t = 0;
    while (t < tasks.size() && tasks[t] != s.info.task) ++t;
    if (t == tasks.size()) {
      tasks.push_back(s.info.task);
      flows.push_back({{"id", s.info.task},
                       {"message", text(absl::StrCat("task ", s.info.task))},
                       {"locations", Json::array()}});
    }
    flows[t]["locations"].push_back(step_location(s, i + 1));
  }
  Json thread_flows = Json::array();
  for (Json& f : flows) thread_flows.push_back(std::move(f));
  Json flow = {{"message", text(absl::StrCat("shortest counterexample: ", p.trace.size(),
                                             " steps; the state after step ", p.trace.size(), " violates ", p.id))},
               {"threadFlows", thread_flows}};
  Json out = Json::array();
  out.push_back(flow);
  return out;
}

Json result_json(const Report& r, const ReportProperty& p, size_t rule_index, const std::string& uri) {
  Json j = {{"ruleId", p.id}, {"ruleIndex", rule_index}};
  if (p.status == Status::kViolated) {
    j["kind"] = "fail";
    j["level"] = "error";
    j["message"] = text(absl::StrCat(p.statement, ": violated after ", p.trace.size(), " steps"));
    j["locations"] = policy_location(uri);
    // The last hook primitive the counterexample ran is where to look in the policy.
    for (auto it = p.trace.rbegin(); it != p.trace.rend(); ++it) {
      if (it->info.hook.empty()) continue;
      j["locations"][0]["logicalLocations"] = Json::array({hook_location(it->info.hook)});
      break;
    }
    j["codeFlows"] = code_flows(p);
  } else {
    j["kind"] = "open";
    j["level"] = "none";
    j["message"] = text(absl::StrCat(p.statement, ": ", undecided_text(p, r.stats)));
    j["locations"] = policy_location(uri);
  }
  return j;
}

bool keep_as_is(unsigned char c) {
  if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("-._~/!$&'()*+,;=@").find(static_cast<char>(c)) != std::string_view::npos;
}

}  // namespace

std::string sarif_uri(std::string_view path) {
  std::string out = path.starts_with('/') ? "file://" : "";
  for (char ch : path) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (keep_as_is(c)) out += ch;
    else absl::StrAppend(&out, absl::StrFormat("%%%02X", c));
  }
  return out;
}

std::string print_sarif(const Report& r, std::string_view policy_path) {
  const std::string uri = sarif_uri(policy_path);
  Json results = Json::array();
  for (size_t i = 0; i < r.properties.size(); ++i) {
    const ReportProperty& p = r.properties[i];
    if (p.status != Status::kHolds) results.push_back(result_json(r, p, i, uri));
  }
  Json props = {{"scenario", r.scenario}, {"policy", r.policy}, {"verdict", to_string(r.verdict)}};
  if (!r.stats.stopped_by.empty()) props["stoppedBy"] = r.stats.stopped_by;
  Json run = {{"tool", {{"driver", {{"name", r.tool}, {"version", r.version}, {"rules", rules_json(r)}}}}},
              {"automationDetails", {{"id", absl::StrCat(r.tool, "/", r.scenario, "/", r.policy, "/")}}},
              {"results", results},
              {"properties", props}};
  Json runs = Json::array();
  runs.push_back(run);
  Json log = {{"$schema", kSchema}, {"version", "2.1.0"}, {"runs", runs}};
  return log.dump(2) + "\n";
}

}  // namespace wbcheck::checker
