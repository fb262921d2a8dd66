// The two inode rw-semaphores that tasks hold across steps: IOLOCK
// (inode->i_rwsem) and MMAPLOCK (mapping->invalidate_lock). The state keeps,
// per lock, the exclusive owner (task + 1) and the number of shared holders,
// and per task which mode it holds (1 shared, 2 exclusive), so a release
// knows what to drop. Waiting is the Wait kinds' business (enabled.h).
#pragma once

#include <type_traits>

#include "model/state.h"

namespace wbcheck::model {

enum class Rwsem : uint8_t { kIolock, kMmaplock };

// F: the type of the state's lock fields (uint8_t in the concrete State).
template <class F>
struct RwsemRef {
  F& excl;    // owner task + 1, or 0
  F& shared;  // number of shared holders
  F& mode;    // the task's hold: 0 none, 1 shared, 2 exclusive
};

inline auto rwsem(auto& s, int task, Rwsem l) {
  using F = std::remove_reference_t<decltype(s.iolock_excl)>;
  auto& t = s.task[task];
  if (l == Rwsem::kIolock) return RwsemRef<F>{s.iolock_excl, s.iolock_shared, t.iolock};
  return RwsemRef<F>{s.mmaplock_excl, s.mmaplock_shared, t.mmaplock};
}

// down_write / xfs_ilock(..._EXCL)
inline void rwsem_down_write(auto& s, int task, Rwsem l) {
  auto r = rwsem(s, task, l);
  r.excl = static_cast<uint8_t>(task + 1);
  r.mode = 2;
}

// down_read / xfs_ilock(..._SHARED)
inline void rwsem_down_read(auto& s, int task, Rwsem l) {
  auto r = rwsem(s, task, l);
  r.shared++;
  r.mode = 1;
}

// up_write or up_read, whichever the task holds.
inline void rwsem_up(auto& s, int task, Rwsem l) {
  auto r = rwsem(s, task, l);
  if (r.mode == 2) r.excl = 0;
  if (r.mode == 1) r.shared--;
  r.mode = 0;
}

}  // namespace wbcheck::model
