#include "checker/rss.h"

#include <cstdio>
#include <cstring>

namespace wbcheck::checker {
namespace {

// Reads the "<field>:   1234 kB" line of /proc/self/status.
uint64_t read_status_kb_field(const char* field) {
  std::FILE* f = std::fopen("/proc/self/status", "r");
  if (f == nullptr) return 0;
  const size_t field_len = std::strlen(field);
  char line[256];
  uint64_t bytes = 0;
  while (std::fgets(line, sizeof line, f) != nullptr) {
    if (std::strncmp(line, field, field_len) != 0 || line[field_len] != ':') continue;
    unsigned long long kb = 0;
    if (std::sscanf(line + field_len + 1, "%llu", &kb) == 1) bytes = kb * 1024;
    break;
  }
  std::fclose(f);
  return bytes;
}

}  // namespace

uint64_t current_rss_bytes() { return read_status_kb_field("VmRSS"); }
uint64_t peak_rss_bytes() { return read_status_kb_field("VmHWM"); }

}  // namespace wbcheck::checker
