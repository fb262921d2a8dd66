#include "cli/trace_file.h"

#include <optional>

#include "absl/strings/str_cat.h"
#include "checker/check.h"
#include "checker/trace_replay.h"
#include "cli/load.h"
#include "cli/version.h"
#include "model/fields.h"
#include "properties/registry.h"

namespace wbcheck::cli {
namespace {

using model::Arity;
using model::Field;

TraceJson field_json(const model::Context& c, Field f, int64_t v) {
  return model::field_has_value_names(f) ? TraceJson(model::field_value_text(c, f, v)) : TraceJson(v);
}

// One record per instance of the fields of `arity`, each with those fields in
// table order.
TraceJson instance_record(const model::ConcreteView& v, Arity arity, int index) {
  TraceJson r = TraceJson::object();
  for (int i = 0; i < model::kNumFields; ++i) {
    const model::FieldInfo& info = model::field_info(static_cast<Field>(i));
    if (info.arity == arity) r[info.name] = field_json(v.context(), info.field, v.get(info.field, index));
  }
  return r;
}

// The number of instances of a per-something arity (any field of it will do).
int instances(const model::Context& c, Arity arity) {
  for (int i = 0; i < model::kNumFields; ++i) {
    Field f = static_cast<Field>(i);
    if (model::field_info(f).arity == arity) return model::field_instances(c, f);
  }
  return 0;
}

TraceJson indexed_records(const model::ConcreteView& v, Arity arity) {
  TraceJson a = TraceJson::array();
  for (int k = 0; k < instances(v.context(), arity); ++k) a.push_back(instance_record(v, arity, k));
  return a;
}

TraceJson top_meta(const ExplorableModel& m, const ModelTrace& t, const TraceSource& src) {
  const model::Context& c = m.wb().context();
  const properties::PropertyDef* def = properties::find_property(src.property);
  WBCHECK_CHECK(def != nullptr, "trace of an unknown property");
  return {{"format", kTraceFormat},
          {"format-description", kTraceFormatDescription},
          {"tool", "wbcheck"},
          {"version", kVersion},
          {"scenario", c.scenario.name},
          {"scenario_file", src.scenario_file},
          {"scenario_fingerprint", src.scenario_fingerprint},
          {"policy", c.policy.name},
          {"policy_file", src.policy_file},
          {"policy_fingerprint", src.policy_fingerprint},
          {"property", src.property},
          {"statement", def->statement},
          {"steps", t.steps.size()}};
}

// A state with its "#meta" first, as ITF tools print it.
TraceJson state_entry(const model::Context& c, const model::State& s, TraceJson meta) {
  TraceJson j = {{"#meta", std::move(meta)}};
  TraceJson fields = state_json(c, s);
  for (auto& [k, v] : fields.items()) j[k] = std::move(v);
  return j;
}

}  // namespace

std::vector<std::string> trace_vars() {
  std::vector<std::string> out;
  for (int i = 0; i < model::kNumFields; ++i) {
    const model::FieldInfo& info = model::field_info(static_cast<Field>(i));
    if (info.arity == Arity::kOne) out.push_back(info.name);
  }
  out.insert(out.end(), {"folio", "block", "task", "ioend"});
  return out;
}

TraceJson state_json(const model::Context& c, const model::State& s) {
  model::ConcreteView v(c, s);
  TraceJson j = instance_record(v, Arity::kOne, 0);
  j["folio"] = indexed_records(v, Arity::kPerFolio);
  j["block"] = indexed_records(v, Arity::kPerBlock);
  TraceJson tasks = TraceJson::object();
  for (int k = 0; k < c.actors(); ++k) tasks[c.task_name(k)] = instance_record(v, Arity::kPerTask, k);
  j["task"] = std::move(tasks);
  j["ioend"] = indexed_records(v, Arity::kPerIoend);
  return j;
}

TraceJson action_json(const ExplorableModel& m, const model::State& before, const model::Action& a,
                      uint32_t index) {
  checker::StepInfo d = m.describe(before, a);
  TraceJson j = {{"index", index},     {"task", d.task},     {"step", d.step},
                 {"file", d.kernel},   {"choice", a.choice}, {"ioend", a.io ? TraceJson(a.task) : TraceJson(nullptr)},
                 {"detail", d.detail}};
  if (!d.hook.empty()) j["policy_hook"] = d.hook;
  return j;
}

std::string trace_document(const ExplorableModel& m, const ModelTrace& t, const TraceSource& source) {
  const model::Context& c = m.wb().context();
  TraceJson states = TraceJson::array();
  states.push_back(state_entry(c, t.initial, {{"index", 0}}));
  for (size_t i = 0; i < t.steps.size(); ++i) {
    const auto& step = t.steps[i];
    std::optional<uint32_t> index = checker::action_index_of(m, step);
    WBCHECK_CHECK(index.has_value(), "a trace step that is not enabled in the state before it");
    TraceJson meta = {{"index", i + 1}, {"action", action_json(m, step.before, step.action, *index)}};
    states.push_back(state_entry(c, step.after, std::move(meta)));
  }
  TraceJson vars = TraceJson::array();
  for (const std::string& v : trace_vars()) vars.push_back(v);
  TraceJson doc = {{"#meta", top_meta(m, t, source)}, {"vars", std::move(vars)}, {"states", std::move(states)}};
  return doc.dump(2) + "\n";
}

std::string json_fingerprint(const nlohmann::json& doc) {
  // nlohmann::json keeps object keys sorted, so dump() is canonical.
  const std::string text = doc.dump(-1, ' ', true, nlohmann::json::error_handler_t::replace);
  uint64_t h = 0xcbf29ce484222325ull;  // FNV-1a 64 offset basis and prime
  for (unsigned char ch : text) {
    h ^= ch;
    h *= 0x100000001b3ull;
  }
  return absl::StrCat("fnv1a64:", absl::Hex(h, absl::kZeroPad16));
}

std::string file_fingerprint(const std::string& path) {
  absl::StatusOr<nlohmann::json> doc = read_json_file(path);
  return doc.ok() ? json_fingerprint(*doc) : "";
}

}  // namespace wbcheck::cli
