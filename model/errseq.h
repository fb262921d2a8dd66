// errseq_t (lib/errseq.c) on a 16-bit value: bits 0-3 the Errno, bit 4 SEEN,
// bits 5-15 the counter. The kernel's layout differs but the operations are
// the same, and only equality of whole values is ever observed.
//
// Written over the value type V of the state's errseq fields (uint16_t in the
// concrete State); V(...) truncates to the field's width.
#pragma once

#include <cstdint>

#include "model/errno.h"

namespace wbcheck::model {

inline constexpr uint16_t kErrseqErrMask = 0xf;
inline constexpr uint16_t kErrseqSeen = 0x10;
inline constexpr uint16_t kErrseqCtrInc = 0x20;

template <class V>
Errno errseq_errno(V v) { return static_cast<Errno>(v & kErrseqErrMask); }

// errseq_set: record err; bump the counter only if the old value was seen, so
// each new error is reported once to every file that sampled before it.
template <class V>
V errseq_set(V old, Errno err) {
  if (err == Errno::kOk) return old;
  V next = V((old & ~(kErrseqErrMask | kErrseqSeen)) | static_cast<uint16_t>(err));
  if (old & kErrseqSeen) next = V(next + kErrseqCtrInc);
  return next;
}

// errseq_sample: what a file opened now starts from (unseen errors are not hidden).
template <class V>
V errseq_sample(V v) { return (v & kErrseqSeen) ? v : V(0); }

// errseq_check_and_advance: returns the error to report to `*since` (if any),
// marks the value seen and advances the cursor.
template <class V>
Errno errseq_check_and_advance(V* eseq, V* since) {
  if (*eseq == *since) return Errno::kOk;
  *eseq = V(*eseq | kErrseqSeen);
  *since = *eseq;
  return errseq_errno(*eseq);
}

}  // namespace wbcheck::model
