// A scenario: file geometry, the initial file, faults, and the programs of a
// few tasks (syscalls). Loaded from JSON; the model turns it into an initial
// state and per-task programs.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "model/errno.h"
#include "nlohmann/json_fwd.hpp"

namespace wbcheck::model {

// The name of the teardown actor that follows every scenario's tasks
// (sync_filesystem, evict, xfs_unmountfs); no scenario task may take it.
inline constexpr char kTeardownName[] = "umount";

// Compile-time bounds of the packed state; scenarios are checked against them.
inline constexpr int kMaxBlocks = 16;
inline constexpr int kMaxFolios = 8;
inline constexpr int kMaxTasks = 4;
inline constexpr int kMaxOps = 4;

struct Geometry {
  uint32_t block_size = 1024;
  uint32_t folio_size = 4096;
  uint32_t file_blocks = 8;  // the file range the model tracks, in blocks
  int blocks_per_folio() const { return static_cast<int>(folio_size / block_size); }
  int folios() const { return static_cast<int>(file_blocks) / blocks_per_folio(); }
};

// How a fault behaves: never, always, or both outcomes explored.
enum class FaultMode : uint8_t { kNever, kAlways, kNondet };

struct Faults {
  FaultMode alloc = FaultMode::kNever;  // xfs_bmapi_allocate fails (e.g. corrupt bnobt root)
  Errno alloc_errno = Errno::kEFSCORRUPTED;
  FaultMode io = FaultMode::kNever;  // write bio completes with -EIO
};

enum class ExtentKind : uint8_t { kHole = 0, kDelalloc = 1, kUnwritten = 2, kWritten = 3 };

enum class OpKind : uint8_t {
  kWrite,     // pwrite(2) buffered: xfs_file_buffered_write (+ generic_write_sync if O_SYNC)
  kDioWrite,  // pwrite(2) O_DIRECT: xfs_file_dio_write_aligned
  kFsync,     // fsync(2): xfs_file_fsync
  kRead,      // pread(2) buffered: xfs_file_buffered_read -> filemap_read
  kMmapWrite, // a store through a MAP_SHARED mapping: filemap_fault, then ->page_mkwrite
  kTruncate,  // truncate(2)/ftruncate(2): do_truncate -> xfs_vn_setattr -> xfs_setattr_size
  kPunchHole, // fallocate(FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE): xfs_file_fallocate
  kShutdown,  // ioctl(XFS_IOC_GOINGDOWN, NOLOGFLUSH): xfs_fs_goingdown -> xfs_force_shutdown
  kOpen,      // open(2) of the file again: a new open file description for the task
  // The teardown actor's ops; not accepted in scenario files.
  kSyncFs,    // sync_filesystem at unmount
  kEvict,     // evict_inodes: page cache dropped, xfs_inactive, reclaim
  kUnmount,   // xfs_unmountfs
};
const char* op_name(OpKind k);

struct Op {
  OpKind kind;
  uint64_t pos = 0;  // byte offset; for a truncate, the new size
  uint64_t len = 0;
  bool sync = false;  // O_SYNC on the write
  // A buffered write's user buffer faults at this file offset: copy_from_user
  // copies nothing from here on (the write is short, or -EFAULT), and
  // ->iomap_end cleans up the delalloc it reserved past it. kNoFault: none.
  uint64_t fault_at = kNoFault;
  static constexpr uint64_t kNoFault = ~uint64_t{0};
  bool faults() const { return fault_at != kNoFault; }
  friend bool operator==(const Op&, const Op&) = default;
};

struct TaskProgram {
  std::string name;
  std::vector<Op> ops;
};

struct Scenario {
  std::string name;
  std::string description;
  Geometry geometry;
  uint32_t free_blocks = 64;  // sb_fdblocks at mount
  uint64_t initial_size = 0;
  std::vector<ExtentKind> initial_extents;  // per block; empty = all holes
  Faults faults;
  std::vector<TaskProgram> tasks;
};

// Builds a Scenario from parsed JSON; errors name `file` and the JSON path.
absl::StatusOr<Scenario> parse_scenario(const nlohmann::json& doc, const std::string& file);

}  // namespace wbcheck::model
