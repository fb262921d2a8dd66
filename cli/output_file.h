// Where a report goes: stdout, or the --out file, replaced atomically so that
// a reader (a CI dashboard, `make docs`) sees either the old file or the whole
// new report, never a partial one, whatever happens to the run.
#pragma once

#include <string>

namespace wbcheck::cli {

// Writes `text` to stdout when `path` is empty. Otherwise writes it to a new
// temporary file in the directory of `path` (so that rename(2) cannot cross
// file systems), flushes it to disk and renames it over `path`; on any failure
// the temporary file is removed and `path` is left as it was. False (with a
// message naming `path` on stderr) on failure.
bool write_output(const std::string& path, const std::string& text);

// An unwritable --out is bad input; callers ask before a long search, not
// after. False (with a message on stderr) when no file can be created next to
// `path`, or `path` is a directory.
bool output_writable(const std::string& path);

}  // namespace wbcheck::cli
