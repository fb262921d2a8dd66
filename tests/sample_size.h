// Sample sizes of the randomized and sampled tests: the whole sample in the
// plain build (`make test`), a smaller one under the sanitizers (`make
// test-sanitize`, WBCHECK_SANITIZED from cmake/WbcheckSanitize.cmake). The
// sanitizers look for memory errors and undefined behaviour, which the code
// paths of a smaller sample show as well; verdict equivalence is checked on
// the whole sample by the plain build, and the sanitized run, several times
// slower, keeps CI within its time budget.
#pragma once

namespace wbcheck::testing {

constexpr int sampled([[maybe_unused]] int plain, [[maybe_unused]] int sanitized) {
#ifdef WBCHECK_SANITIZED
  return sanitized;
#else
  return plain;
#endif
}

}  // namespace wbcheck::testing
