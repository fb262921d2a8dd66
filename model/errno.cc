#include "model/errno.h"

namespace wbcheck::model {

const char* errno_name(Errno e) {
  switch (e) {
    case Errno::kOk: return "0";
    case Errno::kEIO: return "EIO";
    case Errno::kENOSPC: return "ENOSPC";
    case Errno::kEAGAIN: return "EAGAIN";
    case Errno::kEFSCORRUPTED: return "EFSCORRUPTED";
    case Errno::kEFBIG: return "EFBIG";
    case Errno::kENOTBLK: return "ENOTBLK";
    case Errno::kEFAULT: return "EFAULT";
  }
  return "?";
}

}  // namespace wbcheck::model
