# docs/policy-matrix.md must be what `make docs` would write now: run the same
# command `make docs` runs (from the repository root, shipped examples) and
# compare its stdout with the committed file byte for byte. A policy, scenario
# or property added without regenerating the doc fails here.
#   -DROOT=<source dir> -DWBCHECK=<binary> -DOUT=<scratch file for the fresh copy>
cmake_minimum_required(VERSION 3.25)
set(doc ${ROOT}/docs/policy-matrix.md)
execute_process(
  COMMAND ${WBCHECK} matrix --format markdown
  WORKING_DIRECTORY ${ROOT}
  OUTPUT_VARIABLE fresh ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "wbcheck matrix --format markdown exited ${rc}, expected 0:\n${err}")
endif()
if(NOT EXISTS ${doc})
  message(FATAL_ERROR "${doc} does not exist: run `make docs`")
endif()
file(READ ${doc} committed)
if(committed STREQUAL fresh)
  message(STATUS "docs/policy-matrix.md is up to date")
  return()
endif()
# Keep the fresh copy for inspection; print the diff as is (through
# message() CMake would re-wrap its lines).
file(WRITE ${OUT} "${fresh}")
find_program(DIFF diff)
if(DIFF)
  execute_process(COMMAND ${DIFF} -u ${doc} ${OUT})
endif()
message(FATAL_ERROR "docs/policy-matrix.md is stale: it is not what `wbcheck matrix --format markdown` "
                    "prints now (fresh copy: ${OUT}). Run `make docs` and commit the result.")
