// Reading the --html page in tests: its embedded data block, and attributes
// and text out of serialized HTML (a saved file, or the DOM Chromium dumps
// after the page's script ran). Regular expressions suffice because the page
// and the DOM serializer write one tag form: attributes double-quoted, text
// escaped as &amp; &lt; &gt; &quot; &#39; / &nbsp;.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "nlohmann/json.hpp"

namespace wbcheck::e2e {

// The JSON of the <script type="application/json" id="wbcheck-trace">
// block; null when it is missing or not JSON.
nlohmann::json html_data_block(const std::string& html);

// Every start tag `<tag ...>` in `html` whose class attribute holds `cls` (any
// class when empty), as its attributes (entities decoded), in document order.
std::vector<std::map<std::string, std::string>> tags_with_class(const std::string& html, const std::string& tag,
                                                                const std::string& cls);

// The decoded text of the first element `<tag ...id="ID"...>TEXT</tag>` whose
// text has no markup; "" when absent.
std::string text_of_id(const std::string& html, const std::string& tag, const std::string& id);

// Every `<td ...data-key="K"...>TEXT</td>`, K -> decoded TEXT.
std::map<std::string, std::string> keyed_cells(const std::string& html);

// The `<tr class="change" data-key="K">` rows: K -> (from, to) cell texts.
std::map<std::string, std::pair<std::string, std::string>> change_rows(const std::string& html);

std::string html_unescape(const std::string& s);

}  // namespace wbcheck::e2e
