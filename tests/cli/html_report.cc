#include "html_report.h"

#include <regex>
#include <sstream>

namespace wbcheck::e2e {
namespace {

std::map<std::string, std::string> attributes(const std::string& inside) {
  static const std::regex kAttr(R"re(([a-zA-Z_:][-a-zA-Z0-9_:.]*)="([^"]*)")re");
  std::map<std::string, std::string> out;
  for (std::sregex_iterator it(inside.begin(), inside.end(), kAttr), end; it != end; ++it) {
    out[(*it)[1]] = html_unescape((*it)[2]);
  }
  return out;
}

bool has_class(const std::map<std::string, std::string>& attrs, const std::string& cls) {
  if (cls.empty()) return true;
  auto it = attrs.find("class");
  if (it == attrs.end()) return false;
  std::istringstream words(it->second);
  for (std::string w; words >> w;) {
    if (w == cls) return true;
  }
  return false;
}

}  // namespace

std::string html_unescape(const std::string& s) {
  static const std::pair<const char*, const char*> kEntities[] = {
      {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&nbsp;", "\xc2\xa0"}, {"&amp;", "&"}};
  std::string out;
  for (size_t i = 0; i < s.size();) {
    bool done = false;
    for (const auto& [e, c] : kEntities) {
      if (s.compare(i, std::char_traits<char>::length(e), e) == 0) {
        out += c;
        i += std::char_traits<char>::length(e);
        done = true;
        break;
      }
    }
    if (!done) out += s[i++];
  }
  return out;
}

nlohmann::json html_data_block(const std::string& html) {
  const std::string open = "<script type=\"application/json\" id=\"wbcheck-trace\">";
  size_t a = html.find(open);
  if (a == std::string::npos) return nullptr;
  a += open.size();
  size_t b = html.find("</script>", a);
  if (b == std::string::npos) return nullptr;
  nlohmann::json j = nlohmann::json::parse(html.substr(a, b - a), nullptr, false);
  return j.is_discarded() ? nlohmann::json(nullptr) : j;
}

std::vector<std::map<std::string, std::string>> tags_with_class(const std::string& html, const std::string& tag,
                                                                const std::string& cls) {
  const std::regex start("<" + tag + R"((\s[^>]*)?>)");
  std::vector<std::map<std::string, std::string>> out;
  for (std::sregex_iterator it(html.begin(), html.end(), start), end; it != end; ++it) {
    auto attrs = attributes((*it)[1]);
    if (has_class(attrs, cls)) out.push_back(std::move(attrs));
  }
  return out;
}

std::string text_of_id(const std::string& html, const std::string& tag, const std::string& id) {
  const std::regex re("<" + tag + R"(\s[^>]*id=")" + id + R"("[^>]*>([^<]*)</)" + tag + ">");
  std::smatch m;
  return std::regex_search(html, m, re) ? html_unescape(m[1]) : "";
}

std::map<std::string, std::string> keyed_cells(const std::string& html) {
  static const std::regex kCell(R"re(<td\s[^>]*data-key="([^"]*)"[^>]*>([^<]*)</td>)re");
  std::map<std::string, std::string> out;
  for (std::sregex_iterator it(html.begin(), html.end(), kCell), end; it != end; ++it) {
    out[html_unescape((*it)[1])] = html_unescape((*it)[2]);
  }
  return out;
}

std::map<std::string, std::pair<std::string, std::string>> change_rows(const std::string& html) {
  static const std::regex kRow(
      R"re(<tr class="change" data-key="([^"]*)"><td class="key">[^<]*</td><td class="from">([^<]*)</td><td class="to">([^<]*)</td></tr>)re");
  std::map<std::string, std::pair<std::string, std::string>> out;
  for (std::sregex_iterator it(html.begin(), html.end(), kRow), end; it != end; ++it) {
    out[html_unescape((*it)[1])] = {html_unescape((*it)[2]), html_unescape((*it)[3])};
  }
  return out;
}

}  // namespace wbcheck::e2e
