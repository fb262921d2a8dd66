// The kernel error codes the model distinguishes, as a small value so that
// errseq, per-task return values and ioend status fit in a few bits.
#pragma once

#include <cstdint>

namespace wbcheck::model {

enum class Errno : uint8_t {
  kOk = 0,
  kEIO,           // -EIO: failed I/O
  kENOSPC,        // -ENOSPC: free-block reservation failed
  kEAGAIN,        // -EAGAIN: xfs_bmapi_convert_delalloc found no extent
  kEFSCORRUPTED,  // -EFSCORRUPTED (-EUCLEAN): allocator hit a corrupt btree
  kEFBIG,         // -EFBIG: extent-count limit in the conversion path
  kENOTBLK,       // -ENOTBLK: DIO asks the caller to fall back to buffered I/O
  kEFAULT,        // -EFAULT: an mmap store's fault failed (VM_FAULT_SIGBUS; userspace gets SIGBUS)
};
inline constexpr int kNumErrno = 8;

// The kernel's spelling, e.g. "EIO".
const char* errno_name(Errno e);

}  // namespace wbcheck::model
