#include "dot_graph.h"

#include <algorithm>
#include <cctype>
#include <string_view>

#include "absl/strings/str_cat.h"

namespace wbcheck::e2e {
namespace {

struct Token {
  enum Kind { kId, kString, kPunct, kEnd } kind;
  std::string text;
};

bool id_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.'; }

// A double-quoted string starting at s[i] == '"'; `i` ends past the closing quote.
absl::StatusOr<std::string> quoted(const std::string& s, size_t& i) {
  std::string v;
  for (++i; i < s.size() && s[i] != '"'; ++i) {
    if (s[i] == '\n') return absl::InvalidArgumentError("a newline inside a string");
    if (s[i] == '\\' && i + 1 < s.size()) {
      ++i;
      v += s[i] == 'n' ? '\n' : s[i];
    } else {
      v += s[i];
    }
  }
  if (i >= s.size()) return absl::InvalidArgumentError("an unterminated string");
  ++i;
  return v;
}

absl::StatusOr<std::vector<Token>> tokenize(const std::string& s) {
  std::vector<Token> out;
  size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
    } else if (s.compare(i, 2, "//") == 0) {
      i = std::min(s.find('\n', i), s.size());
    } else if (s.compare(i, 2, "->") == 0) {
      out.push_back({Token::kPunct, "->"});
      i += 2;
    } else if (std::string_view("{}[];,=").find(c) != std::string_view::npos) {
      out.push_back({Token::kPunct, std::string(1, c)});
      ++i;
    } else if (c == '"') {
      absl::StatusOr<std::string> v = quoted(s, i);
      if (!v.ok()) return v.status();
      out.push_back({Token::kString, *v});
    } else if (id_char(c)) {
      const size_t start = i;
      while (i < s.size() && id_char(s[i])) ++i;
      out.push_back({Token::kId, s.substr(start, i - start)});
    } else {
      return absl::InvalidArgumentError(absl::StrCat("unexpected character '", std::string(1, c), "' at byte ", i));
    }
  }
  out.push_back({Token::kEnd, ""});
  return out;
}

class Parser {
 public:
  explicit Parser(std::vector<Token> t) : t_(std::move(t)) {}

  absl::StatusOr<DotGraph> graph() {
    if (!word("digraph")) return fail("expected digraph");
    g_.name = peek().text;
    if (!id()) return fail("expected the graph's name");
    if (!punct("{")) return fail("expected {");
    if (absl::Status st = body(""); !st.ok()) return st;
    if (peek().kind != Token::kEnd) return fail("text after the graph's closing brace");
    return g_;
  }

 private:
  const Token& peek() const { return t_[at_]; }
  bool punct(const char* p) { return peek().kind == Token::kPunct && peek().text == p ? (++at_, true) : false; }
  bool word(const char* w) { return peek().kind == Token::kId && peek().text == w ? (++at_, true) : false; }
  bool id() { return peek().kind == Token::kId || peek().kind == Token::kString ? (++at_, true) : false; }
  absl::Status fail(const std::string& why) const {
    return absl::InvalidArgumentError(absl::StrCat(why, " at token ", at_, " ('", peek().text, "')"));
  }

  absl::StatusOr<DotAttrs> attrs() {
    DotAttrs a;
    if (!punct("[")) return a;
    while (!punct("]")) {
      std::string k = peek().text;
      if (!id() || !punct("=")) return fail("expected key=value");
      a[k] = peek().text;
      if (!id()) return fail("expected a value");
      punct(",");
    }
    return a;
  }

  // Statements up to the closing brace of the block named `sub`.
  absl::Status body(const std::string& sub) {
    while (!punct("}")) {
      if (peek().kind == Token::kEnd) return fail("missing }");
      if (absl::Status st = statement(sub); !st.ok()) return st;
      punct(";");
    }
    return absl::OkStatus();
  }

  absl::Status statement(const std::string& sub) {
    if (word("subgraph")) {
      std::string name = peek().text;
      if (!id() || !punct("{")) return fail("expected subgraph NAME {");
      if (g_.subgraphs.contains(name)) return fail("a second subgraph " + name);
      g_.subgraphs[name];
      return body(name);
    }
    if (word("graph") || word("node") || word("edge")) return attrs().status();
    std::string first = peek().text;
    if (!id()) return fail("expected a statement");
    if (punct("=")) {
      if (sub.empty()) return fail("an assignment at top level");
      g_.subgraphs[sub][first] = peek().text;
      return id() ? absl::OkStatus() : fail("expected a value");
    }
    if (punct("->")) {
      std::string to = peek().text;
      if (!id()) return fail("expected an edge's head");
      absl::StatusOr<DotAttrs> a = attrs();
      if (!a.ok()) return a.status();
      g_.edges.push_back({first, to, *a});
      return absl::OkStatus();
    }
    absl::StatusOr<DotAttrs> a = attrs();
    if (!a.ok()) return a.status();
    g_.nodes.push_back({first, sub, *a});
    return absl::OkStatus();
  }

  std::vector<Token> t_;
  size_t at_ = 0;
  DotGraph g_;
};

}  // namespace

absl::StatusOr<DotGraph> parse_dot(const std::string& text) {
  absl::StatusOr<std::vector<Token>> t = tokenize(text);
  if (!t.ok()) return t.status();
  return Parser(std::move(*t)).graph();
}

}  // namespace wbcheck::e2e
