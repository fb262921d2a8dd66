# wbcheck_target_defaults(TARGET): the warning set every wbcheck target builds with.
function(wbcheck_target_defaults target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow
                         -Wno-missing-field-initializers)
endfunction()
