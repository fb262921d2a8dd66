// A read-only cursor into a parsed JSON document that knows its own path
// (`$.tasks[1].ops[0].pos`) and the file it came from, so every loader error
// has the single form `FILE: PATH: message` with status code InvalidArgument.
//
// The typed getters never throw: they check the JSON type first, which keeps
// nlohmann's exceptions out of the loaders entirely.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "nlohmann/json_fwd.hpp"

namespace wbcheck::model {

// The value compactly, as JSON, cut to about `max` characters for messages.
std::string json_brief(const nlohmann::json& v, size_t max = 40);

class JsonCursor {
 public:
  // The document root, path `$`. `file` must outlive the cursor and its children.
  JsonCursor(const nlohmann::json& root, const std::string& file);

  const nlohmann::json& value() const { return *value_; }
  const std::string& path() const { return path_; }
  bool is_object() const;
  bool has(std::string_view key) const;  // false unless an object with that key

  // Children. key() of an absent key is a null value at the key's path.
  JsonCursor key(std::string_view k) const;
  JsonCursor index(size_t i) const;
  size_t size() const;  // elements of an array, keys of an object
  std::vector<std::string> keys() const;  // of an object, sorted (nlohmann::json is a std::map)

  // `FILE: PATH: message`.
  absl::Status error(std::string_view message) const;
  // `FILE: PATH: expected WHAT, got VALUE`, plus `: why` when given.
  absl::Status expected(std::string_view what, std::string_view why = {}) const;

  // An object whose keys are all in `allowed`; an unknown key is reported at
  // its own path together with the allowed ones.
  absl::Status expect_object(std::initializer_list<std::string_view> allowed) const;
  // An array of min..max elements.
  absl::Status expect_array(size_t min, size_t max = SIZE_MAX) const;
  // The child `k`, or an error at its path when it is absent.
  absl::StatusOr<JsonCursor> require(std::string_view k) const;

  absl::StatusOr<uint64_t> get_uint() const;  // non-negative integer numbers only
  absl::StatusOr<std::string> get_string() const;
  absl::StatusOr<bool> get_bool() const;
  // A string out of `names`; returns its index.
  absl::StatusOr<int> get_enum(std::initializer_list<std::string_view> names) const;

 private:
  JsonCursor(const nlohmann::json* v, std::string path, const std::string* file)
      : value_(v), path_(std::move(path)), file_(file) {}
  const nlohmann::json* value_;
  std::string path_;
  const std::string* file_;
};

}  // namespace wbcheck::model

// Early-return plumbing for the loaders; absl has no public ASSIGN_OR_RETURN.
// ASSIGN_OR_RETURN expands to several statements: brace it inside an `if`.
#define WBCHECK_JSON_CONCAT_(a, b) a##b
#define WBCHECK_JSON_CONCAT(a, b) WBCHECK_JSON_CONCAT_(a, b)
#define WBCHECK_JSON_RETURN_IF_ERROR(expr)                                     \
  do {                                                                         \
    if (absl::Status wbcheck_s_ = (expr); !wbcheck_s_.ok()) return wbcheck_s_; \
  } while (0)
#define WBCHECK_JSON_ASSIGN_OR_RETURN(lhs, expr) \
  WBCHECK_JSON_ASSIGN_OR_RETURN_(WBCHECK_JSON_CONCAT(wbcheck_or_, __LINE__), lhs, expr)
#define WBCHECK_JSON_ASSIGN_OR_RETURN_(tmp, lhs, expr) \
  auto tmp = (expr);                                   \
  if (!tmp.ok()) return tmp.status();                  \
  lhs = std::move(*tmp)
