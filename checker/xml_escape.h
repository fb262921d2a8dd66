// Escaping text for XML 1.0 (the JUnit printer). Input is UTF-8 (scenario and
// policy names come from JSON, which nlohmann validates; everything else is
// ASCII from the model and the properties).
#pragma once

#include <string>
#include <string_view>

namespace wbcheck::checker {

// Character data and attribute values alike: & < > " ' become entities; tab,
// newline and carriage return become &#9; &#10; &#13; when `attribute` is true
// (so attribute-value normalization keeps them) and stay literal (\r as &#13;)
// in character data. Characters XML 1.0 cannot represent at all, even as a
// character reference (C0 controls other than tab/newline/CR, U+FFFE, U+FFFF),
// become U+FFFD.
std::string xml_escape(std::string_view text, bool attribute);
inline std::string xml_text(std::string_view text) { return xml_escape(text, false); }
inline std::string xml_attr(std::string_view text) { return xml_escape(text, true); }

}  // namespace wbcheck::checker
