#include "model/json_path.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "nlohmann/json.hpp"

namespace wbcheck::model {
namespace {

// absl here is built without std::string_view aliasing, so absl::StrCat and
// friends need std::string_view converted by hand.
absl::string_view av(std::string_view s) { return absl::string_view(s.data(), s.size()); }

// key() of an absent key points here, so a cursor always has a value.
const nlohmann::json& null_json() {
  static const nlohmann::json kNull;
  return kNull;
}

// Keys that are identifiers read as `.key`; anything else as `["k e y"]`.
bool is_identifier(std::string_view k) {
  if (k.empty() || absl::ascii_isdigit(static_cast<unsigned char>(k[0]))) return false;
  for (char c : k) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  }
  return true;
}

std::string quoted_list(std::initializer_list<std::string_view> names) {
  return absl::StrJoin(names, ", ", [](std::string* out, std::string_view n) {
    absl::StrAppend(out, "\"", av(n), "\"");
  });
}

}  // namespace

std::string json_brief(const nlohmann::json& v, size_t max) {
  // ensure_ascii and `replace` make dump() total (no throw on bad UTF-8) and
  // keep the cut from splitting a multi-byte character.
  std::string s = v.dump(-1, ' ', true, nlohmann::json::error_handler_t::replace);
  if (s.size() > max && max > 3) s = s.substr(0, max - 3) + "...";
  return s;
}

JsonCursor::JsonCursor(const nlohmann::json& root, const std::string& file)
    : value_(&root), path_("$"), file_(&file) {}

bool JsonCursor::is_object() const { return value_->is_object(); }

bool JsonCursor::has(std::string_view key) const {
  return value_->is_object() && value_->contains(key);
}

JsonCursor JsonCursor::key(std::string_view k) const {
  std::string path = is_identifier(k) ? absl::StrCat(path_, ".", av(k))
                                      : absl::StrCat(path_, "[", json_brief(std::string(k), 1000), "]");
  if (!has(k)) return JsonCursor(&null_json(), std::move(path), file_);
  return JsonCursor(&value_->find(k).value(), std::move(path), file_);
}

JsonCursor JsonCursor::index(size_t i) const {
  std::string path = absl::StrCat(path_, "[", i, "]");
  if (!value_->is_array() || i >= value_->size()) return JsonCursor(&null_json(), std::move(path), file_);
  return JsonCursor(&(*value_)[i], std::move(path), file_);
}

size_t JsonCursor::size() const {
  return value_->is_array() || value_->is_object() ? value_->size() : 0;
}

std::vector<std::string> JsonCursor::keys() const {
  std::vector<std::string> out;
  if (!value_->is_object()) return out;
  for (const auto& [k, unused] : value_->items()) out.push_back(k);
  return out;
}

absl::Status JsonCursor::error(std::string_view message) const {
  return absl::InvalidArgumentError(absl::StrCat(*file_, ": ", path_, ": ", av(message)));
}

absl::Status JsonCursor::expected(std::string_view what, std::string_view why) const {
  std::string msg = absl::StrCat("expected ", av(what), ", got ", json_brief(*value_));
  if (!why.empty()) absl::StrAppend(&msg, ": ", av(why));
  return error(msg);
}

absl::Status JsonCursor::expect_object(std::initializer_list<std::string_view> allowed) const {
  if (!value_->is_object()) return expected("an object");
  for (const auto& [k, unused] : value_->items()) {
    bool known = false;
    for (std::string_view a : allowed) known = known || a == k;
    if (!known) {
      std::string names = absl::StrJoin(allowed, ", ", [](std::string* out, std::string_view a) {
        out->append(a);
      });
      return key(k).error(absl::StrCat("unknown key '", k, "' (allowed: ", names, ")"));
    }
  }
  return absl::OkStatus();
}

absl::Status JsonCursor::expect_array(size_t min, size_t max) const {
  if (!value_->is_array()) return expected("an array");
  size_t n = value_->size();
  if (n >= min && n <= max) return absl::OkStatus();
  if (max == SIZE_MAX) return error(absl::StrCat("expected at least ", min, " elements, got ", n));
  return error(absl::StrCat("expected ", min, " to ", max, " elements, got ", n));
}

absl::StatusOr<JsonCursor> JsonCursor::require(std::string_view k) const {
  if (!value_->is_object()) return expected("an object");
  JsonCursor child = key(k);
  if (!has(k)) return child.error("missing required key");
  return child;
}

absl::StatusOr<uint64_t> JsonCursor::get_uint() const {
  if (value_->is_number_unsigned()) return value_->get<uint64_t>();
  // Documents built in code hold non-negative ints as signed numbers.
  if (value_->is_number_integer() && value_->get<int64_t>() >= 0) {
    return static_cast<uint64_t>(value_->get<int64_t>());
  }
  return expected("a non-negative integer");
}

absl::StatusOr<std::string> JsonCursor::get_string() const {
  if (!value_->is_string()) return expected("a string");
  return value_->get<std::string>();
}

absl::StatusOr<bool> JsonCursor::get_bool() const {
  if (!value_->is_boolean()) return expected("true or false");
  return value_->get<bool>();
}

absl::StatusOr<int> JsonCursor::get_enum(std::initializer_list<std::string_view> names) const {
  std::string want = absl::StrCat("one of ", quoted_list(names));
  if (!value_->is_string()) return expected(want);
  const std::string& s = value_->get_ref<const std::string&>();
  int i = 0;
  for (std::string_view n : names) {
    if (n == s) return i;
    ++i;
  }
  return expected(want);
}

}  // namespace wbcheck::model
