#include "json_mutations.h"

#include <cstdint>
#include <limits>
#include <random>
#include <utility>

#include "nlohmann/json.hpp"

namespace wbcheck::e2e {
namespace {

// ordered_json: the mutated file keeps the original's key order, so that a
// removed key is the only difference a reader of the failure sees.
using Json = nlohmann::ordered_json;

struct Node {
  Json::json_pointer ptr;
  std::string path;  // $-notation, as wbcheck's messages print it
};

void collect(const Json& v, const Node& at, std::vector<Node>& out) {
  out.push_back(at);
  if (v.is_object()) {
    for (const auto& [k, child] : v.items()) collect(child, {at.ptr / k, at.path + "." + k}, out);
  } else if (v.is_array()) {
    for (size_t i = 0; i < v.size(); ++i) collect(v[i], {at.ptr / i, at.path + "[" + std::to_string(i) + "]"}, out);
  }
}

class Builder {
 public:
  Builder(const Json& doc, std::vector<Mutation>& out) : doc_(doc), out_(out) {}

  // The document with the value at `ptr` replaced.
  void set(const Node& at, const Json& value, const std::string& what) {
    Json copy = doc_;
    if (at.ptr.empty()) copy = value;
    else copy[at.ptr] = value;
    emit(at.path + " = " + what, copy);
  }
  void emit(const std::string& name, const Json& doc) {
    out_.push_back({name, doc.dump(2, ' ', false, Json::error_handler_t::replace), true});
  }
  const Json& doc() const { return doc_; }

 private:
  const Json& doc_;
  std::vector<Mutation>& out_;
};

void swap_types(Builder& b, const Node& at, const Json& v) {
  const std::pair<const char*, Json> kinds[] = {
      {"null", nullptr}, {"true", true}, {"0", 0}, {"\"x\"", "x"}, {"[]", Json::array()}, {"{}", Json::object()}};
  for (const auto& [what, value] : kinds) {
    const bool same = value.type() == v.type() || (v.is_number() && value.is_number());
    if (!same) b.set(at, value, what);
  }
}

void number_limits(Builder& b, const Node& at) {
  b.set(at, 0, "0");
  b.set(at, -1, "-1");
  b.set(at, int64_t{1} << 31, "2^31");
  b.set(at, int64_t{1} << 32, "2^32");
  b.set(at, uint64_t{1} << 63, "2^63");
  b.set(at, std::numeric_limits<uint64_t>::max(), "2^64-1");
  b.set(at, std::numeric_limits<int64_t>::min(), "-2^63");
  b.set(at, 1e308, "1e308");
  b.set(at, -1e308, "-1e308");
  b.set(at, 0.5, "0.5");
}

void string_limits(Builder& b, const Node& at) {
  b.set(at, "", "\"\"");
  b.set(at, std::string(size_t{1} << 20, 'A'), "a 1 MiB string");
  b.set(at, std::string("a\0b\x01\x7f\n", 6), "control characters");
  b.set(at, "f\xc3\xb6li\xc3\xb6 \xe2\x9c\x93 \xf0\x9f\x92\xa5", "non-ASCII");
  b.set(at, "4096", "\"4096\"");
}

void array_shapes(Builder& b, const Node& at, const Json& v) {
  b.set(at, Json::array(), "[] (emptied)");
  for (size_t i = 0; i < v.size(); ++i) {
    Json copy = v;
    copy.erase(copy.begin() + static_cast<std::ptrdiff_t>(i));
    b.set(at, copy, "without element " + std::to_string(i));
  }
  if (!v.empty()) b.set(at, Json(std::vector<Json>(64, v[0])), "element 0 repeated 64 times");
}

void object_shapes(Builder& b, const Node& at, const Json& v) {
  for (const auto& [k, child] : v.items()) {
    Json copy = v;
    copy.erase(k);
    b.set(at, copy, "without key '" + k + "'");
  }
  Json extra = v;
  extra["zz_unknown_key"] = 1;
  b.set(at, extra, "with an unknown key");
}

void structural(const Json& doc, std::vector<Mutation>& out) {
  std::vector<Node> nodes;
  collect(doc, {Json::json_pointer(), "$"}, nodes);
  Builder b(doc, out);
  for (const Node& at : nodes) {
    const Json& v = doc[at.ptr];
    if (!at.ptr.empty()) swap_types(b, at, v);
    if (v.is_number()) number_limits(b, at);
    if (v.is_string()) string_limits(b, at);
    if (v.is_array()) array_shapes(b, at, v);
    if (v.is_object()) object_shapes(b, at, v);
  }
}

// rng() % n rather than std::uniform_int_distribution, whose output the
// standard leaves to the library: the list must not depend on the toolchain.
void bytes(const std::string& text, uint64_t seed, std::vector<Mutation>& out) {
  std::mt19937_64 rng(seed);
  const size_t n = text.size();
  for (size_t k = 0; k < 16; ++k) {
    size_t at = n * k / 16;
    out.push_back({"truncated at byte " + std::to_string(at), text.substr(0, at), false});
  }
  for (size_t k = 0; k < 16 && n > 0; ++k) {
    size_t at = rng() % n;
    out.push_back({"truncated at byte " + std::to_string(at), text.substr(0, at), false});
  }
  for (size_t k = 0; k < 16 && n > 0; ++k) {
    std::string t = text;
    size_t at = rng() % n;
    t[at] = static_cast<char>(rng() % 256);
    out.push_back({"byte " + std::to_string(at) + " replaced", t, false});
  }
  std::string binary(512, '\0');
  for (char& c : binary) c = static_cast<char>(rng() % 256);
  out.push_back({"empty file", "", false});
  out.push_back({"NUL bytes", std::string(64, '\0'), false});
  out.push_back({"random binary", binary, false});
  out.push_back({"UTF-8 BOM first", "\xef\xbb\xbf" + text, false});
  out.push_back({"100000 open brackets", std::string(100000, '['), false});
  out.push_back({"100000 nested arrays", std::string(100000, '[') + std::string(100000, ']'), false});
  out.push_back({"trailing garbage", text + "\n}{,", false});
}

}  // namespace

std::vector<Mutation> mutations_of(const std::string& text, uint64_t seed) {
  std::vector<Mutation> out;
  structural(Json::parse(text), out);
  bytes(text, seed, out);
  return out;
}

uint64_t stable_hash(const std::string& s) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : s) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

}  // namespace wbcheck::e2e
