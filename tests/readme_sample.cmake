# The README's sample must be real output: every line of its 6.2 trace block
# (from "no-convert-delalloc-warn: violated" to "the state after step") must
# appear, in order, in what the wbcheck binary prints for the seed scenario.
execute_process(
  COMMAND ${WBCHECK} check --scenario ${ROOT}/examples/scenarios/bug217030.json
          --policy ${ROOT}/examples/policies/linux-6.2.json
  OUTPUT_VARIABLE out RESULT_VARIABLE rc)
if(NOT rc EQUAL 10)
  message(FATAL_ERROR "wbcheck exited ${rc}, expected 10")
endif()
file(READ ${ROOT}/README.md readme)
string(FIND "${readme}" "no-convert-delalloc-warn: violated" begin)
string(FIND "${readme}" "the state after step" end)
if(begin LESS 0 OR end LESS begin)
  message(FATAL_ERROR "README.md has no 6.2 trace sample")
endif()
math(EXPR len "${end} - ${begin}")
string(SUBSTRING "${readme}" ${begin} ${len} sample)
string(FIND "${out}" "${sample}" at)
if(at LESS 0)
  message(FATAL_ERROR "README.md trace sample is stale (run scripts/update-readme-sample):\n${sample}\n--- wbcheck prints:\n${out}")
endif()
message(STATUS "README sample matches")
