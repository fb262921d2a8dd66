// Scenario JSON -> Scenario. Every bound checked here is one the packed state
// or the modelled kernel paths rely on, so a scenario that loads is one the
// model can run without further validation.
#include <bit>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "model/json_path.h"
#include "model/scenario.h"
#include "nlohmann/json.hpp"

namespace wbcheck::model {

const char* op_name(OpKind k) {
  switch (k) {
    case OpKind::kWrite: return "write";
    case OpKind::kDioWrite: return "dio_write";
    case OpKind::kFsync: return "fsync";
    case OpKind::kRead: return "read";
    case OpKind::kMmapWrite: return "mmap_write";
    case OpKind::kTruncate: return "truncate";
    case OpKind::kPunchHole: return "punch_hole";
    case OpKind::kShutdown: return "shutdown";
    case OpKind::kOpen: return "open";
    case OpKind::kSyncFs: return "sync_fs";
    case OpKind::kEvict: return "evict";
    case OpKind::kUnmount: return "unmount";
  }
  return "?";
}

namespace {

// Indexed by the position in the get_enum() name lists below. Only the
// syscalls are accepted: the teardown ops belong to the model's own actor.
constexpr FaultMode kFaultModes[] = {FaultMode::kNever, FaultMode::kAlways, FaultMode::kNondet};
constexpr Errno kAllocErrnos[] = {Errno::kEFSCORRUPTED, Errno::kENOSPC, Errno::kEFBIG, Errno::kEIO};
constexpr OpKind kOpKinds[] = {OpKind::kWrite,    OpKind::kDioWrite,  OpKind::kFsync,
                               OpKind::kRead,     OpKind::kMmapWrite, OpKind::kTruncate,
                               OpKind::kPunchHole, OpKind::kShutdown, OpKind::kOpen};

// PAGE_SIZE: truncate and punch hole are modelled for folios of one page.
constexpr uint64_t kPageSize = 4096;

// The tracked file range in bytes.
uint64_t file_bytes(const Geometry& g) { return uint64_t{g.file_blocks} * g.block_size; }

absl::StatusOr<uint64_t> required_uint(const JsonCursor& obj, std::string_view k) {
  WBCHECK_JSON_ASSIGN_OR_RETURN(JsonCursor c, obj.require(k));
  return c.get_uint();
}

absl::Status parse_sizes(const JsonCursor& at, Geometry& g) {
  WBCHECK_JSON_ASSIGN_OR_RETURN(uint64_t bs, required_uint(at, "block_size"));
  if (!std::has_single_bit(bs) || bs < 512 || bs > 65536) {
    return at.key("block_size").expected("a power of two in [512, 65536]");
  }
  WBCHECK_JSON_ASSIGN_OR_RETURN(uint64_t fs, required_uint(at, "folio_size"));
  if (!std::has_single_bit(fs) || fs < bs) {
    return at.key("folio_size").expected(absl::StrCat("a power of two >= block_size (", bs, ")"));
  }
  if (fs / bs > kMaxBlocks) {
    return at.key("folio_size").expected(
        absl::StrCat("at most ", kMaxBlocks, " blocks per folio (folio_size <= ", kMaxBlocks * bs, ")"));
  }
  g.block_size = static_cast<uint32_t>(bs);
  g.folio_size = static_cast<uint32_t>(fs);
  return absl::OkStatus();
}

absl::Status parse_geometry(const JsonCursor& at, Geometry& g) {
  WBCHECK_JSON_RETURN_IF_ERROR(at.expect_object({"block_size", "folio_size", "file_blocks"}));
  WBCHECK_JSON_RETURN_IF_ERROR(parse_sizes(at, g));
  WBCHECK_JSON_ASSIGN_OR_RETURN(uint64_t fb, required_uint(at, "file_blocks"));
  const uint64_t bpf = g.blocks_per_folio();
  JsonCursor c = at.key("file_blocks");
  if (fb == 0 || fb % bpf != 0) {
    return c.expected(absl::StrCat("a positive multiple of blocks per folio (", bpf, ")"),
                      "the model tracks whole folios");
  }
  if (fb > kMaxBlocks || fb / bpf > kMaxFolios) {
    return c.expected(absl::StrCat("at most ", kMaxBlocks, " blocks and ", kMaxFolios, " folios (",
                                   bpf, " blocks per folio)"),
                      "the bound of the packed state");
  }
  g.file_blocks = static_cast<uint32_t>(fb);
  return absl::OkStatus();
}

absl::StatusOr<ExtentKind> parse_extent_kind(const JsonCursor& at) {
  static constexpr char kWant[] = "one of \"written\", \"unwritten\"";
  if (at.value() == "delalloc") {
    return at.expected(kWant, "delalloc extents live only in the in-core extent tree of a running "
                              "inode and are never on disk; have a task write the range instead");
  }
  if (at.value() == "hole") return at.expected(kWant, "holes are the default; leave the range out");
  WBCHECK_JSON_ASSIGN_OR_RETURN(int i, at.get_enum({"written", "unwritten"}));
  return i == 0 ? ExtentKind::kWritten : ExtentKind::kUnwritten;
}

// owner[b] is the index of the extent that already claimed block b, or -1.
absl::Status parse_extent(const JsonCursor& at, size_t index, const Geometry& g, Scenario& s,
                          std::vector<int>& owner) {
  WBCHECK_JSON_RETURN_IF_ERROR(at.expect_object({"start", "blocks", "kind"}));
  WBCHECK_JSON_ASSIGN_OR_RETURN(uint64_t start, required_uint(at, "start"));
  if (start >= g.file_blocks) {
    return at.key("start").expected(absl::StrCat("a block index below file_blocks (", g.file_blocks, ")"));
  }
  WBCHECK_JSON_ASSIGN_OR_RETURN(uint64_t blocks, required_uint(at, "blocks"));
  if (blocks < 1 || blocks > g.file_blocks - start) {
    return at.key("blocks").expected(
        absl::StrCat("1 to ", g.file_blocks - start, " blocks (start + blocks <= file_blocks)"));
  }
  WBCHECK_JSON_ASSIGN_OR_RETURN(JsonCursor kc, at.require("kind"));
  WBCHECK_JSON_ASSIGN_OR_RETURN(ExtentKind kind, parse_extent_kind(kc));
  for (uint64_t b = start; b < start + blocks; ++b) {
    if (owner[b] >= 0) {
      return at.error(absl::StrCat("overlaps $.initial.extents[", owner[b], "] at block ", b));
    }
    owner[b] = static_cast<int>(index);
    s.initial_extents[b] = kind;
  }
  return absl::OkStatus();
}

absl::Status parse_initial_size(const JsonCursor& at, const Geometry& g, Scenario& s) {
  WBCHECK_JSON_ASSIGN_OR_RETURN(uint64_t size, at.get_uint());
  if (size > file_bytes(g)) {
    return at.expected(absl::StrCat("at most file_blocks * block_size (", file_bytes(g), ")"));
  }
  if (size % g.block_size != 0) {
    return at.expected(absl::StrCat("a multiple of block_size (", g.block_size, ")"),
                       "the model tracks data per block");
  }
  s.initial_size = size;
  return absl::OkStatus();
}

absl::Status parse_initial(const JsonCursor& at, Scenario& s) {
  const Geometry& g = s.geometry;
  WBCHECK_JSON_RETURN_IF_ERROR(at.expect_object({"size", "extents"}));
  if (at.has("size")) WBCHECK_JSON_RETURN_IF_ERROR(parse_initial_size(at.key("size"), g, s));
  if (!at.has("extents")) return absl::OkStatus();
  JsonCursor ext = at.key("extents");
  WBCHECK_JSON_RETURN_IF_ERROR(ext.expect_array(0, g.file_blocks));
  std::vector<int> owner(g.file_blocks, -1);
  for (size_t i = 0; i < ext.size(); ++i) {
    WBCHECK_JSON_RETURN_IF_ERROR(parse_extent(ext.index(i), i, g, s, owner));
  }
  return absl::OkStatus();
}

absl::Status parse_faults(const JsonCursor& at, Faults& f) {
  WBCHECK_JSON_RETURN_IF_ERROR(at.expect_object({"alloc", "alloc_errno", "io"}));
  if (at.has("alloc")) {
    WBCHECK_JSON_ASSIGN_OR_RETURN(int i, at.key("alloc").get_enum({"never", "always", "nondet"}));
    f.alloc = kFaultModes[i];
  }
  if (at.has("alloc_errno")) {
    WBCHECK_JSON_ASSIGN_OR_RETURN(
        int i, at.key("alloc_errno").get_enum({"EFSCORRUPTED", "ENOSPC", "EFBIG", "EIO"}));
    f.alloc_errno = kAllocErrnos[i];
  }
  if (at.has("io")) {
    WBCHECK_JSON_ASSIGN_OR_RETURN(int i, at.key("io").get_enum({"never", "always", "nondet"}));
    f.io = kFaultModes[i];
  }
  return absl::OkStatus();
}

// pos and len of a write or read: block aligned and inside the tracked range.
absl::Status parse_range(const JsonCursor& at, const Geometry& g, const char* why, Op& op) {
  const uint64_t bs = g.block_size, limit = file_bytes(g);
  WBCHECK_JSON_ASSIGN_OR_RETURN(uint64_t pos, required_uint(at, "pos"));
  if (pos % bs != 0) return at.key("pos").expected(absl::StrCat("a multiple of block_size (", bs, ")"), why);
  if (pos >= limit) {
    return at.key("pos").expected(absl::StrCat("a position below file_blocks * block_size (", limit, ")"));
  }
  WBCHECK_JSON_ASSIGN_OR_RETURN(uint64_t len, required_uint(at, "len"));
  if (len < bs || len % bs != 0) {
    return at.key("len").expected(absl::StrCat("a positive multiple of block_size (", bs, ")"), why);
  }
  if (len > limit - pos) {  // written this way round so pos + len cannot overflow
    return at.key("len").expected(
        absl::StrCat("at most ", limit - pos, " (pos + len <= file_blocks * block_size = ", limit, ")"));
  }
  op.pos = pos;
  op.len = len;
  return absl::OkStatus();
}

// An mmap store: block aligned, and inside the folio at pos, since one store
// faults (and ->page_mkwrite runs) on one folio.
absl::Status parse_mmap_write(const JsonCursor& at, const Geometry& g, Op& op) {
  WBCHECK_JSON_RETURN_IF_ERROR(at.expect_object({"op", "pos", "len"}));
  WBCHECK_JSON_RETURN_IF_ERROR(parse_range(at, g, "the model tracks data per block", op));
  uint64_t folio_end = (op.pos / g.folio_size + 1) * g.folio_size;
  if (op.len > folio_end - op.pos) {
    return at.key("len").expected(
        absl::StrCat("at most ", folio_end - op.pos, " (pos + len <= the end of the folio at pos, ", folio_end, ")"),
        "one mmap store faults on one folio");
  }
  return absl::OkStatus();
}

// Truncate and punch hole split no large folio (truncate_inode_partial_folio
// would), so they need folios of one page.
absl::Status require_page_folios(const JsonCursor& at, const Geometry& g) {
  if (g.folio_size == kPageSize) return absl::OkStatus();
  return at.key("op").error(absl::StrCat("needs $.geometry.folio_size == ", kPageSize,
                                         " (PAGE_SIZE); got ", g.folio_size,
                                         ": splitting a large folio (truncate_inode_partial_folio) is not modelled"));
}

// "fault_at": where a buffered write's user buffer stops being readable,
// block aligned inside [pos, pos + len). Before 6.2 the cleanup truncates the
// page cache over the failed range (truncate_pagecache_range), which the model
// does for folios of one page only, as for truncate.
absl::Status parse_fault_at(const JsonCursor& at, const Geometry& g, Op& op) {
  JsonCursor f = at.key("fault_at");
  WBCHECK_JSON_RETURN_IF_ERROR(require_page_folios(at, g));
  WBCHECK_JSON_ASSIGN_OR_RETURN(uint64_t fault_at, f.get_uint());
  if (fault_at % g.block_size != 0) {
    return f.expected(absl::StrCat("a multiple of block_size (", g.block_size, ")"), "the model tracks data per block");
  }
  if (fault_at < op.pos || fault_at - op.pos >= op.len) {
    return f.expected(absl::StrCat("an offset in [pos, pos + len) = [", op.pos, ", ", op.pos + op.len, ")"));
  }
  op.fault_at = fault_at;
  return absl::OkStatus();
}

// {"op": "truncate", "size": N}: a block-aligned new size inside the tracked
// range. A growing truncate's xfs_zero_range would write zeros into the page
// cache over written blocks past the old EOF, which is not modelled; in the
// model only a scenario's initial written extents can lie past EOF.
absl::Status parse_truncate(const JsonCursor& at, const Scenario& s, Op& op) {
  const Geometry& g = s.geometry;
  WBCHECK_JSON_RETURN_IF_ERROR(at.expect_object({"op", "size"}));
  WBCHECK_JSON_RETURN_IF_ERROR(require_page_folios(at, g));
  WBCHECK_JSON_ASSIGN_OR_RETURN(uint64_t size, required_uint(at, "size"));
  if (size % g.block_size != 0) {
    return at.key("size").expected(absl::StrCat("a multiple of block_size (", g.block_size, ")"),
                                   "the model tracks data per block");
  }
  if (size > file_bytes(g)) {
    return at.key("size").expected(absl::StrCat("at most file_blocks * block_size (", file_bytes(g), ")"));
  }
  for (size_t b = 0; b < s.initial_extents.size(); ++b) {
    if (s.initial_extents[b] == ExtentKind::kWritten && uint64_t{b} * g.block_size >= s.initial_size) {
      return at.error(absl::StrCat("a truncate needs every initial written block below $.initial.size; block ", b,
                                   " is past it (xfs_zero_range on a growing truncate is not modelled)"));
    }
  }
  op.pos = size;
  return absl::OkStatus();
}

absl::Status parse_op(const JsonCursor& at, const Scenario& s, Op& op) {
  const Geometry& g = s.geometry;
  if (!at.is_object()) return at.expected("an object");
  WBCHECK_JSON_ASSIGN_OR_RETURN(JsonCursor kind, at.require("op"));
  WBCHECK_JSON_ASSIGN_OR_RETURN(int k, kind.get_enum({"write", "dio_write", "fsync", "read", "mmap_write",
                                                      "truncate", "punch_hole", "shutdown", "open"}));
  op.kind = kOpKinds[k];
  if (op.kind == OpKind::kFsync || op.kind == OpKind::kShutdown || op.kind == OpKind::kOpen) {
    return at.expect_object({"op"});
  }
  if (op.kind == OpKind::kTruncate) return parse_truncate(at, s, op);
  if (op.kind == OpKind::kPunchHole) {
    WBCHECK_JSON_RETURN_IF_ERROR(at.expect_object({"op", "pos", "len"}));
    WBCHECK_JSON_RETURN_IF_ERROR(require_page_folios(at, g));
    return parse_range(at, g, "the model tracks data per block", op);
  }
  if (op.kind == OpKind::kDioWrite) {
    WBCHECK_JSON_RETURN_IF_ERROR(at.expect_object({"op", "pos", "len"}));
    return parse_range(at, g, "only aligned O_DIRECT writes are modelled (xfs_file_dio_write_aligned)", op);
  }
  if (op.kind == OpKind::kRead) {
    WBCHECK_JSON_RETURN_IF_ERROR(at.expect_object({"op", "pos", "len"}));
    return parse_range(at, g, "the model tracks data per block", op);
  }
  if (op.kind == OpKind::kMmapWrite) return parse_mmap_write(at, g, op);
  WBCHECK_JSON_RETURN_IF_ERROR(at.expect_object({"op", "pos", "len", "sync", "fault_at"}));
  WBCHECK_JSON_RETURN_IF_ERROR(parse_range(at, g, "the model tracks data per block", op));
  if (at.has("sync")) {
    WBCHECK_JSON_ASSIGN_OR_RETURN(op.sync, at.key("sync").get_bool());
  }
  if (at.has("fault_at")) return parse_fault_at(at, g, op);
  return absl::OkStatus();
}

bool valid_task_name(const std::string& name) {
  if (name.empty() || name.size() > 8) return false;
  for (char c : name) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) return false;
  }
  return true;
}

absl::Status parse_task(const JsonCursor& at, const Scenario& s, TaskProgram& t) {
  WBCHECK_JSON_RETURN_IF_ERROR(at.expect_object({"name", "ops"}));
  WBCHECK_JSON_ASSIGN_OR_RETURN(JsonCursor name, at.require("name"));
  WBCHECK_JSON_ASSIGN_OR_RETURN(t.name, name.get_string());
  if (!valid_task_name(t.name)) return name.expected("a name of 1 to 8 characters from [A-Za-z0-9_]");
  if (t.name == kTeardownName) {
    return name.error(absl::StrCat("'", kTeardownName, "' is the name of the model's teardown actor (sync_filesystem, "
                                   "evict, xfs_unmountfs); choose another"));
  }
  WBCHECK_JSON_ASSIGN_OR_RETURN(JsonCursor ops, at.require("ops"));
  WBCHECK_JSON_RETURN_IF_ERROR(ops.expect_array(1, kMaxOps));
  t.ops.resize(ops.size());
  for (size_t i = 0; i < ops.size(); ++i) {
    WBCHECK_JSON_RETURN_IF_ERROR(parse_op(ops.index(i), s, t.ops[i]));
  }
  return absl::OkStatus();
}

absl::Status parse_tasks(const JsonCursor& at, Scenario& s) {
  WBCHECK_JSON_RETURN_IF_ERROR(at.expect_array(1, kMaxTasks));
  s.tasks.resize(at.size());
  for (size_t i = 0; i < at.size(); ++i) {
    WBCHECK_JSON_RETURN_IF_ERROR(parse_task(at.index(i), s, s.tasks[i]));
    for (size_t j = 0; j < i; ++j) {
      if (s.tasks[j].name == s.tasks[i].name) {
        return at.index(i).key("name").error(
            absl::StrCat("duplicate task name '", s.tasks[i].name, "' (also $.tasks[", j, "].name)"));
      }
    }
  }
  return absl::OkStatus();
}

absl::Status parse_header(const JsonCursor& root, Scenario& s) {
  WBCHECK_JSON_ASSIGN_OR_RETURN(JsonCursor name, root.require("name"));
  WBCHECK_JSON_ASSIGN_OR_RETURN(s.name, name.get_string());
  if (s.name.empty()) return name.expected("a non-empty string");
  if (root.has("description")) {
    WBCHECK_JSON_ASSIGN_OR_RETURN(s.description, root.key("description").get_string());
  }
  return absl::OkStatus();
}

absl::Status parse_free_blocks(const JsonCursor& at, Scenario& s) {
  WBCHECK_JSON_ASSIGN_OR_RETURN(uint64_t n, at.get_uint());
  if (n > 65535) return at.expected("an integer in [0, 65535]");
  s.free_blocks = static_cast<uint32_t>(n);
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<Scenario> parse_scenario(const nlohmann::json& doc, const std::string& file) {
  JsonCursor root(doc, file);
  WBCHECK_JSON_RETURN_IF_ERROR(root.expect_object(
      {"name", "description", "geometry", "free_blocks", "initial", "faults", "tasks"}));
  Scenario s;
  WBCHECK_JSON_RETURN_IF_ERROR(parse_header(root, s));
  WBCHECK_JSON_ASSIGN_OR_RETURN(JsonCursor geometry, root.require("geometry"));
  WBCHECK_JSON_RETURN_IF_ERROR(parse_geometry(geometry, s.geometry));
  s.initial_extents.assign(s.geometry.file_blocks, ExtentKind::kHole);
  if (root.has("free_blocks")) WBCHECK_JSON_RETURN_IF_ERROR(parse_free_blocks(root.key("free_blocks"), s));
  if (root.has("initial")) WBCHECK_JSON_RETURN_IF_ERROR(parse_initial(root.key("initial"), s));
  if (root.has("faults")) WBCHECK_JSON_RETURN_IF_ERROR(parse_faults(root.key("faults"), s.faults));
  WBCHECK_JSON_ASSIGN_OR_RETURN(JsonCursor tasks, root.require("tasks"));
  WBCHECK_JSON_RETURN_IF_ERROR(parse_tasks(tasks, s));
  return s;
}

}  // namespace wbcheck::model
