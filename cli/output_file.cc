#include "cli/output_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <vector>

namespace wbcheck::cli {
namespace {

bool fail(const std::string& path, int err) {
  std::cerr << "wbcheck: " << path << ": cannot write: " << std::strerror(err) << "\n";
  return false;
}

// A new, empty file next to `path` (same directory, hence same file system),
// named after it so that a leftover from a killed process is recognisable.
// -1 (errno set) on failure.
int open_temp_next_to(const std::string& path, std::string& tmp) {
  std::string templ = path + ".tmp.XXXXXX";
  std::vector<char> buf(templ.begin(), templ.end());
  buf.push_back('\0');
  int fd = ::mkostemp(buf.data(), O_CLOEXEC);
  tmp = buf.data();
  return fd;
}

// mkstemp creates the file 0600; give the report the permissions a plain
// open(O_CREAT, 0666) would have had, or those of the file it replaces.
void set_mode(int fd, const std::string& path) {
  struct stat st;
  mode_t mode;
  if (::stat(path.c_str(), &st) == 0) {
    mode = st.st_mode & 07777;
  } else {
    mode_t mask = ::umask(0);
    ::umask(mask);
    mode = 0666 & ~mask;
  }
  ::fchmod(fd, mode);
}

bool write_all(int fd, const std::string& text) {
  size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

bool is_directory(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

}  // namespace

bool write_output(const std::string& path, const std::string& text) {
  if (path.empty()) {
    std::fwrite(text.data(), 1, text.size(), stdout);
    return std::fflush(stdout) == 0;
  }
  std::string tmp;
  int fd = open_temp_next_to(path, tmp);
  if (fd < 0) return fail(path, errno);
  set_mode(fd, path);
  // fsync before rename: after a crash the name holds the old or the new
  // report, never an empty file.
  bool ok = write_all(fd, text) && ::fsync(fd) == 0;
  int err = errno;
  if (::close(fd) != 0 && ok) {
    ok = false;
    err = errno;
  }
  if (ok && ::rename(tmp.c_str(), path.c_str()) != 0) {
    ok = false;
    err = errno;
  }
  if (ok) return true;
  ::unlink(tmp.c_str());
  return fail(path, err);
}

bool output_writable(const std::string& path) {
  if (path.empty()) return true;
  if (is_directory(path)) return fail(path, EISDIR);
  std::string tmp;
  int fd = open_temp_next_to(path, tmp);
  if (fd < 0) return fail(path, errno);
  ::close(fd);
  ::unlink(tmp.c_str());
  return true;
}

}  // namespace wbcheck::cli
