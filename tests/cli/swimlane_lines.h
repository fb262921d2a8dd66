// Reads the step lines back out of a text trace's swimlane (the layout of
// checker/trace_swimlane.h, parsed here independently of the code that
// writes it): the header row "  step  A      B ..." gives each lane's column;
// a step line is "  NNNN  " followed by the bars of the lanes before its own,
// then the kernel function starting at its lane's column and "  (file)" on
// the same line or, when that would pass 120 columns, alone on the next.
#pragma once

#include <cctype>
#include <sstream>
#include <string>
#include <vector>

namespace wbcheck::e2e {

struct SwimlaneStep {
  size_t number = 0;
  std::string task;  // the lane's name in the header at the function's column; "?" if none
  std::string step;
  std::string kernel;
};

inline std::vector<SwimlaneStep> swimlane_steps(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  std::vector<std::pair<size_t, std::string>> lanes;  // column, name
  std::vector<SwimlaneStep> out;
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string& l = lines[i];
    if (l.starts_with("  step  ")) {
      lanes.clear();
      for (size_t c = 8; c < l.size();) {
        size_t e = l.find(' ', c);
        if (e == std::string::npos) e = l.size();
        lanes.push_back({c, l.substr(c, e - c)});
        c = l.find_first_not_of(' ', e);
        if (c == std::string::npos) break;
      }
      continue;
    }
    if (l.size() < 9 || l.compare(0, 2, "  ") != 0 || l.compare(6, 2, "  ") != 0) continue;
    const std::string num = l.substr(2, 4);
    const size_t digits = num.find_first_not_of(' ');
    if (digits == std::string::npos || !std::isdigit(static_cast<unsigned char>(num[digits]))) continue;
    SwimlaneStep s;
    s.number = std::stoul(num.substr(digits));
    const size_t col = l.find_first_not_of("| ", 8);
    if (col == std::string::npos) continue;
    s.task = "?";
    for (const auto& [c, name] : lanes) {
      if (c == col) s.task = name;
    }
    const size_t end = l.find(' ', col);
    s.step = l.substr(col, end == std::string::npos ? std::string::npos : end - col);
    std::string rest = end == std::string::npos ? "" : l.substr(end);
    if (rest.find('(') == std::string::npos && i + 1 < lines.size()) rest = lines[i + 1];
    const size_t open = rest.find('('), close = rest.rfind(')');
    if (open != std::string::npos && close != std::string::npos && close > open) {
      s.kernel = rest.substr(open + 1, close - open - 1);
    }
    out.push_back(s);
  }
  return out;
}

}  // namespace wbcheck::e2e
