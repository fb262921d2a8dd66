# wbcheck_target_defaults(TARGET): the warning set every wbcheck target builds with.
function(wbcheck_target_defaults target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow
                         -Wno-missing-field-initializers)
endfunction()

# wbcheck_precompile(TARGET HEADER...): precompile the large headers most of a
# target's files include (Z3's C++ API, Abseil, GoogleTest, nlohmann/json, the
# standard library): together they are 100,000-190,000 lines a file, parsed
# again for every file without this, which was most of the build's time.
# -DWBCHECK_PCH=OFF builds without (so a file missing an #include shows).
option(WBCHECK_PCH "Precompile the large third-party headers" ON)
function(wbcheck_precompile target)
  if(WBCHECK_PCH)
    target_precompile_headers(${target} PRIVATE ${ARGN})
  endif()
endfunction()

# The headers of the libraries and of the tests.
set(WBCHECK_PCH_LIBRARY <algorithm> <cstdint> <functional> <map> <memory> <string> <vector>
    <z3++.h> <absl/status/statusor.h> <absl/strings/str_cat.h> <absl/strings/str_format.h>)
set(WBCHECK_PCH_TEST ${WBCHECK_PCH_LIBRARY} <filesystem> <gtest/gtest.h> <nlohmann/json.hpp>)

# wbcheck_test_defaults(TARGET): a test executable: the warnings, the
# precompiled headers, and line tables only for debug information (-g1: full
# -g was a third of the tests' build time; a failing assertion says where).
function(wbcheck_test_defaults target)
  wbcheck_target_defaults(${target})
  wbcheck_precompile(${target} ${WBCHECK_PCH_TEST})
  target_compile_options(${target} PRIVATE -g1)
endfunction()
