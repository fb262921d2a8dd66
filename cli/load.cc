#include "cli/load.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <exception>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "model/json_path.h"

namespace wbcheck::cli {
namespace {

absl::Status cannot_read(const std::string& path, int err) {
  return absl::InvalidArgumentError(absl::StrCat(path, ": cannot read: ", std::strerror(err)));
}

absl::StatusOr<std::string> read_fd(const std::string& path, int fd) {
  struct stat st;
  if (::fstat(fd, &st) != 0) return cannot_read(path, errno);
  if (S_ISDIR(st.st_mode)) return absl::InvalidArgumentError(absl::StrCat(path, ": is a directory"));
  std::string text;
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n == 0) return text;
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return cannot_read(path, errno);
    text.append(buf, static_cast<size_t>(n));
  }
}

// The whole file. POSIX rather than iostreams so that errno survives for the
// message and a directory is recognised before reading from it.
absl::StatusOr<std::string> read_file(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return cannot_read(path, errno);
  absl::StatusOr<std::string> text = read_fd(path, fd);
  ::close(fd);
  return text;
}

// nlohmann reports the byte count read when it failed (1-based, so the
// offending character is at byte - 1); turn it into a 1-based line/column.
std::string position(std::string_view text, size_t byte) {
  size_t at = byte == 0 ? 0 : std::min(byte - 1, text.size());
  size_t line = 1, line_start = 0;
  for (size_t i = 0; i < at; ++i) {
    if (text[i] == '\n') { ++line; line_start = i + 1; }
  }
  return absl::StrCat("line ", line, ", column ", at - line_start + 1);
}

// "[json.exception.parse_error.101] parse error at line 1, column 2: what" -> "what".
std::string_view parse_error_reason(std::string_view what) {
  size_t p = what.find("parse error");
  if (p == std::string_view::npos) return what;
  size_t colon = what.find(": ", p);
  return colon == std::string_view::npos ? what : what.substr(colon + 2);
}

// Parse errors quote the input; keep binary garbage out of the terminal and
// the quoted context short.
std::string printable(std::string_view text) {
  std::string out;
  for (unsigned char ch : text) {
    if (out.size() > 80) return out + "...";
    if (ch >= 0x20 && ch < 0x7f) out += static_cast<char>(ch);
    else absl::StrAppend(&out, "\\x", absl::Hex(ch, absl::kZeroPad2));
  }
  return out;
}

// nlohmann parses any depth, but printing a value (json_brief in an error
// message) recurses once per level: 100000 nested brackets overflowed the
// stack (found by tests/cli/e2e_hostile_input_test.cc). No scenario or policy
// needs more than a handful of levels, so deeper input is refused before
// parsing, at the bracket that goes too deep.
constexpr int kMaxNesting = 64;

absl::Status check_nesting(const std::string& path, const std::string& text) {
  int depth = 0;
  bool in_string = false, escaped = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxNesting) {
        return absl::InvalidArgumentError(
            absl::StrCat(path, ": ", position(text, i + 1), ": invalid JSON: nested deeper than ", kMaxNesting, " levels"));
      }
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<nlohmann::json> parse_text(const std::string& path, const std::string& text) {
  if (absl::Status st = check_nesting(path, text); !st.ok()) return st;
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": ", position(text, e.byte),
                                                   ": invalid JSON: ", printable(parse_error_reason(e.what()))));
  }
}

// The model parsers do not throw by design; this is the backstop that keeps
// a missed case from escaping as an exception.
// A scenario has tasks, a policy hooks: name the mix-up when one is passed
// for the other.
template <class T, class Parse>
absl::StatusOr<T> load(const std::string& path, const absl::StatusOr<nlohmann::json>& doc, Parse parse,
                       const char* foreign_key, const char* foreign) {
  try {
    if (!doc.ok()) return doc.status();
    absl::StatusOr<T> out = parse(*doc, path);
    if (!out.ok() && doc->contains(foreign_key)) {
      return absl::InvalidArgumentError(absl::StrCat(out.status().message(), " (this looks like a ", foreign,
                                                     " file: it has '", foreign_key, "')"));
    }
    return out;
  } catch (const std::exception& e) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": ", e.what()));
  }
}

}  // namespace

absl::StatusOr<nlohmann::json> parse_json_document(const std::string& path, const std::string& text) {
  try {
    absl::StatusOr<nlohmann::json> doc = parse_text(path, text);
    if (!doc.ok()) return doc.status();
    if (!doc->is_object()) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ": $: expected an object, got ", model::json_brief(*doc)));
    }
    return doc;
  } catch (const std::exception& e) {  // e.g. bad_alloc on a huge file
    return absl::InvalidArgumentError(absl::StrCat(path, ": ", e.what()));
  }
}

absl::StatusOr<nlohmann::json> read_json_file(const std::string& path) {
  try {
    absl::StatusOr<std::string> text = read_file(path);
    if (!text.ok()) return text.status();
    return parse_json_document(path, *text);
  } catch (const std::exception& e) {  // e.g. bad_alloc on a huge file
    return absl::InvalidArgumentError(absl::StrCat(path, ": ", e.what()));
  }
}

absl::StatusOr<model::Scenario> load_scenario(const std::string& path) {
  return load<model::Scenario>(path, read_json_file(path), model::parse_scenario, "hooks", "policy");
}

absl::StatusOr<model::Policy> load_policy(const std::string& path) {
  return load<model::Policy>(path, read_json_file(path), model::parse_policy, "tasks", "scenario");
}

absl::StatusOr<model::Scenario> scenario_from_text(const std::string& path, const std::string& text) {
  return load<model::Scenario>(path, parse_json_document(path, text), model::parse_scenario, "hooks", "policy");
}

absl::StatusOr<model::Policy> policy_from_text(const std::string& path, const std::string& text) {
  return load<model::Policy>(path, parse_json_document(path, text), model::parse_policy, "tasks", "scenario");
}

}  // namespace wbcheck::cli
