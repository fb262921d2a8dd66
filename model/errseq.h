// errseq_t (lib/errseq.c) on a 16-bit value: bits 0-3 the Errno, bit 4 SEEN,
// bits 5-15 the counter. The kernel's layout differs but the operations are
// the same, and only equality of whole values is ever observed.
#pragma once

#include <cstdint>

#include "model/errno.h"

namespace wbcheck::model {

inline constexpr uint16_t kErrseqErrMask = 0xf;
inline constexpr uint16_t kErrseqSeen = 0x10;
inline constexpr uint16_t kErrseqCtrInc = 0x20;

inline Errno errseq_errno(uint16_t v) { return static_cast<Errno>(v & kErrseqErrMask); }

// errseq_set: record err; bump the counter only if the old value was seen, so
// each new error is reported once to every file that sampled before it.
inline uint16_t errseq_set(uint16_t old, Errno err) {
  if (err == Errno::kOk) return old;
  uint16_t next = static_cast<uint16_t>((old & ~(kErrseqErrMask | kErrseqSeen)) | static_cast<uint16_t>(err));
  if (old & kErrseqSeen) next = static_cast<uint16_t>(next + kErrseqCtrInc);
  return next;
}

// errseq_sample: what a file opened now starts from (unseen errors are not hidden).
inline uint16_t errseq_sample(uint16_t v) { return (v & kErrseqSeen) ? v : 0; }

// errseq_check_and_advance: returns the error to report to `*since` (if any),
// marks the value seen and advances the cursor.
inline Errno errseq_check_and_advance(uint16_t* eseq, uint16_t* since) {
  if (*eseq == *since) return Errno::kOk;
  *eseq = static_cast<uint16_t>(*eseq | kErrseqSeen);
  *since = *eseq;
  return errseq_errno(*eseq);
}

}  // namespace wbcheck::model
