#include "checker/result.h"

namespace wbcheck::checker {

const char* to_string(Verdict v) {
  switch (v) {
    case Verdict::kHolds:
      return "holds";
    case Verdict::kViolated:
      return "violated";
    case Verdict::kInconclusive:
      return "inconclusive";
  }
  return "?";
}

const char* to_string(Status s) {
  switch (s) {
    case Status::kHolds:
      return "holds";
    case Status::kViolated:
      return "violated";
    case Status::kUnknown:
      return "unknown";
  }
  return "?";
}

}  // namespace wbcheck::checker
