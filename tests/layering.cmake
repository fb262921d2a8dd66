# Fails when a file includes a layer it must not (architecture.md "Layout").
set(forbidden
  "model:checker/" "model:properties/" "model:cli/"
  "checker:model/" "checker:properties/" "checker:cli/"
  "properties:cli/")
set(errors "")
foreach(rule IN LISTS forbidden)
  string(REPLACE ":" ";" parts "${rule}")
  list(GET parts 0 layer)
  list(GET parts 1 target)
  file(GLOB_RECURSE files "${ROOT}/${layer}/*.h" "${ROOT}/${layer}/*.cc")
  foreach(f IN LISTS files)
    file(STRINGS "${f}" lines REGEX "^#include \"${target}")
    if(lines)
      string(APPEND errors "${f}: ${layer}/ must not include ${target}: ${lines}\n")
    endif()
  endforeach()
endforeach()
if(errors)
  message(FATAL_ERROR "layering violations:\n${errors}")
endif()
message(STATUS "layering ok")
