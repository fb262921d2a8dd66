#include "seed_views.h"

#include <cstdio>

namespace wbcheck::e2e {

namespace {

// Owns the files for the whole test process and removes them at its end.
struct SeedViewsFiles : SeedViews {
  SeedViewsFiles() {
    trace_path = temp_path("seed-views-trace.json");
    dot_path = temp_path("seed-views.dot");
    html_path = temp_path("seed-views.html");
    run = run_wbcheck({"check", "--scenario", seed_scenario(), "--policy", policy_62(), "--format", "json",
                       "--trace-out", trace_path, "--dot", dot_path, "--html", html_path});
    trace = nlohmann::json::parse(read_file(trace_path), nullptr, false);
    if (trace.is_discarded()) trace = nullptr;
  }
  ~SeedViewsFiles() {
    for (const std::string* p : {&trace_path, &dot_path, &html_path}) std::remove(p->c_str());
  }
};

}  // namespace

const SeedViews& seed_views() {
  static const SeedViewsFiles views;
  return views;
}

std::vector<TraceStep> trace_steps(const nlohmann::json& trace) {
  std::vector<TraceStep> out;
  if (!trace.is_object()) return out;
  const nlohmann::json& states = trace["states"];
  for (size_t n = 1; n < states.size(); ++n) {
    const nlohmann::json& a = states[n]["#meta"]["action"];
    std::string process = a["ioend"].is_null() ? a["task"].get<std::string>() : "ioend " + a["ioend"].dump();
    out.push_back({n, a["task"], process, a["step"], a["file"]});
  }
  return out;
}

std::map<std::string, std::string> flatten_state(const nlohmann::json& state) {
  std::map<std::string, std::string> out;
  auto text = [](const nlohmann::json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); };
  for (const auto& [k, v] : state.items()) {
    if (k == "#meta") continue;
    if (v.is_array()) {
      for (size_t i = 0; i < v.size(); ++i) {
        for (const auto& [f, x] : v[i].items()) out[k + "[" + std::to_string(i) + "]." + f] = text(x);
      }
    } else if (v.is_object()) {
      for (const auto& [name, rec] : v.items()) {
        for (const auto& [f, x] : rec.items()) out[k + "[" + name + "]." + f] = text(x);
      }
    } else {
      out[k] = text(v);
    }
  }
  return out;
}

std::map<std::string, std::pair<std::string, std::string>> trace_changes(const nlohmann::json& trace, size_t n) {
  std::map<std::string, std::pair<std::string, std::string>> out;
  const auto before = flatten_state(trace["states"][n - 1]), after = flatten_state(trace["states"][n]);
  for (const auto& [k, v] : after) {
    if (k.starts_with("task[") && (k.ends_with("].phase") || k.ends_with("].wait") || k.ends_with("].wait_arg"))) {
      continue;
    }
    auto it = before.find(k);
    if (it != before.end() && it->second != v) out[k] = {it->second, v};
  }
  return out;
}

}  // namespace wbcheck::e2e
