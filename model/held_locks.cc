#include "model/held_locks.h"

#include "absl/strings/str_cat.h"

namespace wbcheck::model {
namespace {

// TaskState::iolock / ::mmaplock: 0 none, 1 shared, 2 exclusive.
void append_rwsem(std::string& out, const char* name, uint8_t mode) {
  if (mode == 0) return;
  absl::StrAppend(&out, out.empty() ? "" : " ", name, mode == 2 ? "=x" : "=s");
}

}  // namespace

std::string held_locks_text(const State& s, const Context& c, int task) {
  const TaskState& t = s.task[task];
  std::string out;
  append_rwsem(out, "IO", t.iolock);
  append_rwsem(out, "MM", t.mmaplock);
  std::string folios;
  for (int f = 0; f < c.nfolios; ++f) {
    if (s.folio[f].locked_by == task + 1) absl::StrAppend(&folios, folios.empty() ? "F" : ",", f);
  }
  if (!folios.empty()) absl::StrAppend(&out, out.empty() ? "" : " ", folios);
  return out;
}

}  // namespace wbcheck::model
