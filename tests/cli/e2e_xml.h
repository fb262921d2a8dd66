// A tiny XML reader for the end-to-end tests: enough of XML 1.0 to check
// that JUnit output is well-formed (balanced tags, quoted attributes, only the
// five named entities and numeric references, no raw '<' or '&' in text) and
// to walk it. Comments, CDATA, DOCTYPE and namespaces are not needed and are
// rejected. Shared by e2e_ci_formats_test.cc and e2e_limits_test.cc.
#pragma once

#include <cctype>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "gtest/gtest.h"

namespace wbcheck::e2e {

// One element: its name, attributes, children and the text directly inside.
struct Element {
  std::string name;
  std::vector<std::pair<std::string, std::string>> attrs;  // in document order, unescaped
  std::vector<std::unique_ptr<Element>> children;
  std::string text;  // character data directly inside, unescaped

  std::string attr(const std::string& key) const {
    for (const auto& [k, v] : attrs) {
      if (k == key) return v;
    }
    return "<absent>";
  }
  bool has(const std::string& key) const { return attr(key) != "<absent>"; }
  std::vector<const Element*> all(const std::string& child) const {
    std::vector<const Element*> out;
    for (const auto& c : children) {
      if (c->name == child) out.push_back(c.get());
    }
    return out;
  }
};

// Parses one document; parse() gives the root or null (error() says why).
class XmlReader {
 public:
  explicit XmlReader(const std::string& s) : s_(s) {}

  // The root element, or null with error() saying why.
  std::unique_ptr<Element> parse() {
    if (s_.starts_with("<?xml")) {
      size_t end = s_.find("?>");
      if (end == std::string::npos) return fail("unterminated XML declaration");
      i_ = end + 2;
    }
    skip_space();
    std::unique_ptr<Element> root = element();
    if (!root) return nullptr;
    skip_space();
    if (i_ != s_.size()) return fail("content after the root element");
    return root;
  }
  const std::string& error() const { return error_; }

 private:
  std::unique_ptr<Element> fail(const std::string& why) {
    if (error_.empty()) error_ = why + " at offset " + std::to_string(i_);
    return nullptr;
  }
  void skip_space() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\n' || s_[i_] == '\t' || s_[i_] == '\r')) ++i_;
  }
  static bool name_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.' || c == ':';
  }
  std::string name() {
    size_t b = i_;
    while (i_ < s_.size() && name_char(s_[i_])) ++i_;
    return s_.substr(b, i_ - b);
  }
  // Unescapes s_[b, e); false on a raw '<' or a bad reference.
  bool unescape(size_t b, size_t e, std::string& out) {
    static const std::map<std::string, std::string> kNamed = {
        {"lt", "<"}, {"gt", ">"}, {"amp", "&"}, {"quot", "\""}, {"apos", "'"}};
    for (size_t k = b; k < e; ++k) {
      if (s_[k] == '<') return false;
      if (s_[k] != '&') {
        if (static_cast<unsigned char>(s_[k]) < 0x20 && s_[k] != '\n' && s_[k] != '\t' && s_[k] != '\r') return false;
        out += s_[k];
        continue;
      }
      size_t semi = s_.find(';', k);
      if (semi == std::string::npos || semi >= e) return false;
      std::string ref = s_.substr(k + 1, semi - k - 1);
      if (kNamed.count(ref)) {
        out += kNamed.at(ref);
      } else if (ref.size() > 1 && ref[0] == '#') {
        char* end = nullptr;
        long c = std::strtol(ref.c_str() + 1, &end, 10);
        if (*end != '\0' || !(c == 9 || c == 10 || c == 13 || (c >= 32 && c < 128))) return false;
        out += static_cast<char>(c);
      } else {
        return false;
      }
      k = semi;
    }
    return true;
  }
  std::unique_ptr<Element> element() {
    if (i_ >= s_.size() || s_[i_] != '<') return fail("expected '<'");
    ++i_;
    auto e = std::make_unique<Element>();
    e->name = name();
    if (e->name.empty()) return fail("expected an element name");
    for (;;) {
      size_t before = i_;
      skip_space();
      if (s_.compare(i_, 2, "/>") == 0) {
        i_ += 2;
        return e;
      }
      if (i_ < s_.size() && s_[i_] == '>') {
        ++i_;
        break;
      }
      if (i_ == before) return fail("expected whitespace before an attribute");
      std::string key = name();
      if (key.empty() || i_ + 1 >= s_.size() || s_[i_] != '=' || s_[i_ + 1] != '"') return fail("bad attribute");
      i_ += 2;
      size_t close = s_.find('"', i_);
      if (close == std::string::npos) return fail("unterminated attribute");
      std::string value;
      if (!unescape(i_, close, value)) return fail("bad attribute value");
      for (const auto& [k, v] : e->attrs) {
        if (k == key) return fail("duplicate attribute " + key);
      }
      e->attrs.emplace_back(key, value);
      i_ = close + 1;
    }
    for (;;) {
      size_t lt = s_.find('<', i_);
      if (lt == std::string::npos) return fail("unterminated element " + e->name);
      if (!unescape(i_, lt, e->text)) return fail("bad character data in " + e->name);
      i_ = lt;
      if (s_.compare(i_, 2, "</") == 0) {
        i_ += 2;
        if (name() != e->name) return fail("mismatched end tag for " + e->name);
        skip_space();
        if (i_ >= s_.size() || s_[i_] != '>') return fail("bad end tag");
        ++i_;
        return e;
      }
      if (s_.compare(i_, 2, "<!") == 0 || s_.compare(i_, 2, "<?") == 0) return fail("unsupported markup");
      std::unique_ptr<Element> child = element();
      if (!child) return nullptr;
      e->children.push_back(std::move(child));
    }
  }

  const std::string& s_;
  size_t i_ = 0;
  std::string error_;
};

// The root element of `text`; null, and a test failure quoting the text, when
// it is not well-formed.
inline std::unique_ptr<Element> parse_xml(const std::string& text) {
  XmlReader r(text);
  std::unique_ptr<Element> root = r.parse();
  EXPECT_TRUE(root) << "not well-formed XML: " << r.error() << "\n" << text;
  return root;
}

}  // namespace wbcheck::e2e
