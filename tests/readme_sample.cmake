# The README's sample must be real output. For the 6.2 run of the seed
# scenario: the verdict and property table (from "verdict: violated" to the
# "..." after it), the whole swimlane trace block of no-convert-delalloc-warn
# (from "no-convert-delalloc-warn: violated" to its closing "must hold" line)
# must appear verbatim in what the wbcheck binary prints, and every statistics
# line the README shows must be a line of it. For the 6.3 run: the verdict and
# the table. Regenerate with scripts/update-readme-sample.
function(run_seed policy out_var)
  execute_process(
    COMMAND ${WBCHECK} check --scenario ${ROOT}/examples/scenarios/bug217030.json
            --policy ${ROOT}/examples/policies/${policy}.json
    OUTPUT_VARIABLE out RESULT_VARIABLE rc)
  set(${out_var} "${out}" PARENT_SCOPE)
  set(${out_var}_rc "${rc}" PARENT_SCOPE)
endfunction()

# The README's text from `begin_text` (at or after `from`) to just before the
# next `end_text`; fails when either is missing.
function(readme_slice readme from begin_text end_text out_var at_var)
  string(SUBSTRING "${readme}" ${from} -1 tail)
  string(FIND "${tail}" "${begin_text}" begin)
  if(begin LESS 0)
    message(FATAL_ERROR "README.md sample has no '${begin_text}'")
  endif()
  string(SUBSTRING "${tail}" ${begin} -1 tail)
  string(FIND "${tail}" "${end_text}" end)
  if(end LESS 0)
    message(FATAL_ERROR "README.md sample: no '${end_text}' after '${begin_text}'")
  endif()
  string(SUBSTRING "${tail}" 0 ${end} slice)
  math(EXPR at "${from} + ${begin} + ${end}")
  set(${out_var} "${slice}" PARENT_SCOPE)
  set(${at_var} ${at} PARENT_SCOPE)
endfunction()

function(expect_in out sample what)
  string(FIND "${out}" "${sample}" at)
  if(at LESS 0)
    message(FATAL_ERROR "README.md ${what} is stale (run scripts/update-readme-sample):\n${sample}\n--- wbcheck prints:\n${out}")
  endif()
endfunction()

run_seed(linux-6.2 out62)
run_seed(linux-6.3 out63)
if(NOT out62_rc EQUAL 10 OR NOT out63_rc EQUAL 0)
  message(FATAL_ERROR "wbcheck exited ${out62_rc} and ${out63_rc}, expected 10 and 0")
endif()
file(READ ${ROOT}/README.md readme)
string(FIND "${readme}" "$ wbcheck check --scenario examples/scenarios/bug217030.json --policy examples/policies/linux-6.2.json" start)
if(start LESS 0)
  message(FATAL_ERROR "README.md has no 6.2 sample run")
endif()

readme_slice("${readme}" ${start} "verdict: violated" "\n..." table62 at)
expect_in("${out62}" "${table62}\n" "6.2 property table")
readme_slice("${readme}" ${at} "no-convert-delalloc-warn: violated" "\n\n..." trace at)
expect_in("${out62}" "${trace}\n\n" "6.2 trace sample")
string(FIND "${trace}" "no-convert-delalloc-warn must hold: " closing)
if(closing LESS 0)
  message(FATAL_ERROR "README.md trace sample stops before its closing 'must hold' line")
endif()
readme_slice("${readme}" ${at} "statistics:" "$ echo $?" stats at)
string(REPLACE "\n" ";" stat_lines "${stats}")
foreach(line IN LISTS stat_lines)
  if(NOT line STREQUAL "")
    expect_in("${out62}" "\n${line}\n" "statistics line '${line}'")
  endif()
endforeach()
readme_slice("${readme}" ${at} "verdict: holds" "\n..." table63 at)
expect_in("${out63}" "${table63}\n" "6.3 property table")
message(STATUS "README sample matches")
