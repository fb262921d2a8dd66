# Sanitizer and fuzzing builds; `make test-sanitize` and `make fuzz` configure
# them in build-asan/.
#
# WBCHECK_SANITIZE=ON builds everything (libraries, wbcheck, tests) with
# AddressSanitizer and UndefinedBehaviorSanitizer. Undefined behaviour aborts
# the process (-fno-sanitize-recover) rather than printing and carrying on, so
# that ctest sees it as a failure.
#
# WBCHECK_FUZZ=ON (clang only) also builds the libFuzzer targets of tests/fuzz
# and instruments all code for them (-fsanitize=fuzzer-no-link); it implies
# WBCHECK_SANITIZE. The instrumentation is harmless in the test binaries
# (ASan's runtime provides the coverage callbacks), so one build directory
# serves both the sanitized test suite and the fuzzers, which saves CI a
# whole build.
option(WBCHECK_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
option(WBCHECK_FUZZ "Also build the libFuzzer targets in tests/fuzz (clang; implies WBCHECK_SANITIZE)" OFF)

set(wbcheck_sanitizers address,undefined)
if(WBCHECK_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "WBCHECK_FUZZ needs clang (libFuzzer): configure with -DCMAKE_CXX_COMPILER=clang++")
  endif()
  set(WBCHECK_SANITIZE ON)
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()
if(WBCHECK_SANITIZE)
  add_compile_options(-fsanitize=${wbcheck_sanitizers} -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  add_link_options(-fsanitize=${wbcheck_sanitizers})
  add_compile_definitions(WBCHECK_SANITIZED=1)  # tests/sample_size.h: smaller samples
endif()

# wbcheck_unsanitized(TARGET): a test executable (or its helper library) that
# only runs the wbcheck binary -- which is sanitized -- and reads what it
# prints. Built without the sanitizers: they would check only the test
# harness, and made its files the slowest of the sanitized build (25 s each).
function(wbcheck_unsanitized target)
  foreach(prop COMPILE_OPTIONS LINK_OPTIONS)
    get_target_property(opts ${target} ${prop})
    if(opts)
      list(FILTER opts EXCLUDE REGEX "sanitize")
      set_property(TARGET ${target} PROPERTY ${prop} "${opts}")
    endif()
  endforeach()
endfunction()
