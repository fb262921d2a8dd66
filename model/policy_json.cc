// Policy JSON -> Policy. Expressions are parsed here, once, so a policy that
// loads never fails while the checker runs it.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "model/json_path.h"
#include "model/policy.h"
#include "nlohmann/json.hpp"

namespace wbcheck::model {

const char* hook_name(Hook h) {
  switch (h) {
    case Hook::kOnMapFailure: return "on_map_failure";
    case Hook::kOnConvertMissingExtent: return "on_convert_missing_extent";
    case Hook::kAtInactivate: return "at_inactivate";
  }
  return "?";
}

namespace {

bool takes_range(PrimitiveKind k) { return primitive_info(k).takes_range; }
bool acts_on_folio(PrimitiveKind k) { return primitive_info(k).acts_on_folio; }

// at_inactivate runs after the page cache is gone.
bool folio_held(Hook h) { return h != Hook::kAtInactivate; }

template <class Enum>
std::string all_names(int n, const char* (*name)(Enum)) {
  std::vector<std::string> names;
  for (int i = 0; i < n; ++i) names.push_back(name(static_cast<Enum>(i)));
  return absl::StrJoin(names, ", ");
}

// The index of `s` among name(0..n-1), or -1.
template <class Enum>
int find_name(const std::string& s, int n, const char* (*name)(Enum)) {
  for (int i = 0; i < n; ++i) {
    if (s == name(static_cast<Enum>(i))) return i;
  }
  return -1;
}

absl::StatusOr<Expr> parse_expr(const JsonCursor& at) {
  if (!at.value().is_string()) return at.expected("an expression string");
  absl::StatusOr<Expr> e = Expr::parse(at.value().get_ref<const std::string&>());
  if (!e.ok()) return at.error(std::string(e.status().message()));
  return e;
}

absl::StatusOr<Expr> parse_condition(const JsonCursor& at) {
  WBCHECK_JSON_ASSIGN_OR_RETURN(Expr e, parse_expr(at));
  if (!e.is_condition()) {
    return at.expected("a condition (a comparison such as \"count == 0\")",
                       "'when' runs the primitive only if the comparison holds");
  }
  return e;
}

// `at` is the primitive's body, e.g. $.hooks.on_map_failure[0].punch_delalloc.
absl::Status parse_primitive_body(const JsonCursor& at, Primitive& p) {
  if (!at.is_object()) return at.expected("an object");
  if (!takes_range(p.kind) && (at.has("start") || at.has("end"))) {
    return at.key(at.has("start") ? "start" : "end")
        .error(absl::StrCat(primitive_name(p.kind), " takes no range ('start'/'end'), only an optional 'when'"));
  }
  if (takes_range(p.kind)) {
    WBCHECK_JSON_RETURN_IF_ERROR(at.expect_object({"start", "end", "when"}));
    WBCHECK_JSON_ASSIGN_OR_RETURN(JsonCursor start, at.require("start"));
    WBCHECK_JSON_ASSIGN_OR_RETURN(p.start, parse_expr(start));
    WBCHECK_JSON_ASSIGN_OR_RETURN(JsonCursor end, at.require("end"));
    WBCHECK_JSON_ASSIGN_OR_RETURN(p.end, parse_expr(end));
  } else {
    WBCHECK_JSON_RETURN_IF_ERROR(at.expect_object({"when"}));
  }
  if (at.has("when")) {
    WBCHECK_JSON_ASSIGN_OR_RETURN(p.when, parse_condition(at.key("when")));
  }
  return absl::OkStatus();
}

// `at` is one hook entry: {"<primitive>": {...}}.
absl::Status parse_primitive(const JsonCursor& at, Primitive& p) {
  if (!at.is_object() || at.size() != 1) {
    return at.expected(absl::StrCat("an object with exactly one key, the primitive (one of ",
                                    all_names(kNumPrimitives, primitive_name), ")"));
  }
  const std::string name = at.keys()[0];
  int k = find_name(name, kNumPrimitives, primitive_name);
  if (k < 0) {
    return at.key(name).error(absl::StrCat("unknown primitive '", name, "' (valid primitives: ",
                                           all_names(kNumPrimitives, primitive_name), ")"));
  }
  p.kind = static_cast<PrimitiveKind>(k);
  return parse_primitive_body(at.key(name), p);
}

// Where a primitive may stand in its hook. In on_map_failure,
// set_mapping_error is iomap_writepage_map's `done:` label, reached after the
// folio is released, so nothing but another set_mapping_error (under a
// different `when`) may follow it. at_inactivate runs with no error in hand
// (xfs_inactive), so set_mapping_error there would record nothing.
absl::Status check_placement(const JsonCursor& list, Hook h, const std::vector<Primitive>& out, size_t i) {
  const PrimitiveKind k = out[i].kind;
  if (h == Hook::kAtInactivate && k == PrimitiveKind::kSetMappingError) {
    return list.index(i).error("set_mapping_error has no error to record in at_inactivate (xfs_inactive)");
  }
  if (h == Hook::kOnMapFailure && i > 0 && out[i - 1].kind == PrimitiveKind::kSetMappingError &&
      k != PrimitiveKind::kSetMappingError) {
    return list.index(i).error(absl::StrCat(primitive_name(k), " after set_mapping_error: in on_map_failure, "
                                            "set_mapping_error is the `done:` label of iomap_writepage_map, after "
                                            "the folio is released, and must come last"));
  }
  return absl::OkStatus();
}

absl::Status parse_hooks(const JsonCursor& at, Policy& policy) {
  if (!at.is_object()) return at.expected("an object");
  for (const std::string& name : at.keys()) {
    int h = find_name(name, kNumHooks, hook_name);
    if (h < 0) {
      return at.key(name).error(
          absl::StrCat("unknown hook '", name, "' (valid hooks: ", all_names(kNumHooks, hook_name), ")"));
    }
    JsonCursor list = at.key(name);
    WBCHECK_JSON_RETURN_IF_ERROR(list.expect_array(0, kMaxHookPrimitives));
    std::vector<Primitive>& out = policy.hooks[h];
    out.resize(list.size());
    for (size_t i = 0; i < list.size(); ++i) {
      WBCHECK_JSON_RETURN_IF_ERROR(parse_primitive(list.index(i), out[i]));
      if (!folio_held(static_cast<Hook>(h)) && acts_on_folio(out[i].kind)) {
        return list.index(i).error(absl::StrCat(primitive_name(out[i].kind), " needs a locked folio, and ",
                                                name, " runs with none"));
      }
      WBCHECK_JSON_RETURN_IF_ERROR(check_placement(list, static_cast<Hook>(h), out, i));
    }
  }
  return absl::OkStatus();
}

absl::Status parse_features(const JsonCursor& at, Features& f) {
  const std::pair<const char*, bool*> kFeatures[] = {
      {"per_block_dirty", &f.per_block_dirty},
      {"writeback_before_map", &f.writeback_before_map},
      {"large_folio_invalidate_frees_ifs", &f.large_folio_invalidate_frees_ifs},
      {"dio_flush_error_fallback", &f.dio_flush_error_fallback},
      {"write_iomap_valid", &f.write_iomap_valid},
      {"write_delalloc_release", &f.write_delalloc_release},
      {"write_delalloc_ifs_punch", &f.write_delalloc_ifs_punch},
  };
  WBCHECK_JSON_RETURN_IF_ERROR(at.expect_object({"per_block_dirty", "writeback_before_map",
                                                 "large_folio_invalidate_frees_ifs", "dio_flush_error_fallback",
                                                 "write_iomap_valid", "write_delalloc_release",
                                                 "write_delalloc_ifs_punch"}));
  for (const auto& [key, out] : kFeatures) {
    if (at.has(key)) {
      WBCHECK_JSON_ASSIGN_OR_RETURN(*out, at.key(key).get_bool());
    }
  }
  // iomap_write_delalloc_ifs_punch is a step of iomap_write_delalloc_release
  // and reads the per-block dirty bits.
  if (f.write_delalloc_ifs_punch && !(f.write_delalloc_release && f.per_block_dirty)) {
    return at.key("write_delalloc_ifs_punch")
        .error("needs write_delalloc_release and per_block_dirty (it is a step of iomap_write_delalloc_release "
               "and reads the per-block dirty bits)");
  }
  return absl::OkStatus();
}

absl::Status parse_follows(const JsonCursor& at, std::vector<std::string>& follows) {
  WBCHECK_JSON_RETURN_IF_ERROR(at.expect_array(0));
  follows.resize(at.size());
  for (size_t i = 0; i < at.size(); ++i) {
    WBCHECK_JSON_ASSIGN_OR_RETURN(follows[i], at.index(i).get_string());
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<Policy> parse_policy(const nlohmann::json& doc, const std::string& file) {
  JsonCursor root(doc, file);
  WBCHECK_JSON_RETURN_IF_ERROR(root.expect_object({"name", "description", "follows", "features", "hooks"}));
  Policy p;
  WBCHECK_JSON_ASSIGN_OR_RETURN(JsonCursor name, root.require("name"));
  WBCHECK_JSON_ASSIGN_OR_RETURN(p.name, name.get_string());
  if (p.name.empty()) return name.expected("a non-empty string");
  if (root.has("description")) {
    WBCHECK_JSON_ASSIGN_OR_RETURN(p.description, root.key("description").get_string());
  }
  if (root.has("follows")) WBCHECK_JSON_RETURN_IF_ERROR(parse_follows(root.key("follows"), p.follows));
  if (root.has("features")) WBCHECK_JSON_RETURN_IF_ERROR(parse_features(root.key("features"), p.features));
  WBCHECK_JSON_ASSIGN_OR_RETURN(JsonCursor hooks, root.require("hooks"));
  WBCHECK_JSON_RETURN_IF_ERROR(parse_hooks(hooks, p));
  return p;
}

}  // namespace wbcheck::model
