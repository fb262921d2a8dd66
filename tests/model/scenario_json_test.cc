#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "model/context.h"
#include "model/scenario.h"
#include "nlohmann/json.hpp"

namespace wbcheck::model {
namespace {

#define EXPECT_CONTAINS(haystack, needle) EXPECT_PRED_FORMAT2(::testing::IsSubstring, needle, haystack)

using nlohmann::json;

const char kValid[] = R"({
  "name": "bug217030",
  "description": "free text",
  "geometry": {"block_size": 1024, "folio_size": 4096, "file_blocks": 8},
  "free_blocks": 10,
  "initial": {"size": 2048, "extents": [{"start": 0, "blocks": 2, "kind": "written"},
                                        {"start": 6, "blocks": 1, "kind": "unwritten"}]},
  "faults": {"alloc": "always", "alloc_errno": "ENOSPC", "io": "nondet"},
  "tasks": [
    {"name": "A", "ops": [{"op": "write", "pos": 0, "len": 5120, "sync": true}]},
    {"name": "B", "ops": [{"op": "dio_write", "pos": 4096, "len": 4096}]},
    {"name": "C_2", "ops": [{"op": "fsync"}, {"op": "write", "pos": 1024, "len": 1024}]}
  ]
})";

TEST(ParseScenario, FullDocument) {
  absl::StatusOr<Scenario> s = parse_scenario(json::parse(kValid), "s.json");
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->name, "bug217030");
  EXPECT_EQ(s->description, "free text");
  EXPECT_EQ(s->geometry.block_size, 1024u);
  EXPECT_EQ(s->geometry.folio_size, 4096u);
  EXPECT_EQ(s->geometry.file_blocks, 8u);
  EXPECT_EQ(s->free_blocks, 10u);
  EXPECT_EQ(s->initial_size, 2048u);
  using K = ExtentKind;
  EXPECT_EQ(s->initial_extents, (std::vector<K>{K::kWritten, K::kWritten, K::kHole, K::kHole, K::kHole,
                                                K::kHole, K::kUnwritten, K::kHole}));
  EXPECT_EQ(s->faults.alloc, FaultMode::kAlways);
  EXPECT_EQ(s->faults.alloc_errno, Errno::kENOSPC);
  EXPECT_EQ(s->faults.io, FaultMode::kNondet);
  ASSERT_EQ(s->tasks.size(), 3u);
  EXPECT_EQ(s->tasks[0].name, "A");
  ASSERT_EQ(s->tasks[0].ops.size(), 1u);
  EXPECT_EQ(s->tasks[0].ops[0].kind, OpKind::kWrite);
  EXPECT_EQ(s->tasks[0].ops[0].pos, 0u);
  EXPECT_EQ(s->tasks[0].ops[0].len, 5120u);
  EXPECT_TRUE(s->tasks[0].ops[0].sync);
  EXPECT_EQ(s->tasks[1].ops[0].kind, OpKind::kDioWrite);
  EXPECT_EQ(s->tasks[1].ops[0].pos, 4096u);
  EXPECT_FALSE(s->tasks[1].ops[0].sync);
  EXPECT_EQ(s->tasks[2].name, "C_2");
  ASSERT_EQ(s->tasks[2].ops.size(), 2u);
  EXPECT_EQ(s->tasks[2].ops[0].kind, OpKind::kFsync);
  EXPECT_EQ(s->tasks[2].ops[1].kind, OpKind::kWrite);
  EXPECT_FALSE(s->tasks[2].ops[1].sync);
}

TEST(ParseScenario, Defaults) {
  json doc = json::parse(R"({"name": "min",
    "geometry": {"block_size": 4096, "folio_size": 4096, "file_blocks": 2},
    "tasks": [{"name": "A", "ops": [{"op": "fsync"}]}]})");
  absl::StatusOr<Scenario> s = parse_scenario(doc, "s.json");
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->description, "");
  EXPECT_EQ(s->free_blocks, 64u);
  EXPECT_EQ(s->initial_size, 0u);
  EXPECT_EQ(s->initial_extents, std::vector<ExtentKind>(2, ExtentKind::kHole));
  EXPECT_EQ(s->faults.alloc, FaultMode::kNever);
  EXPECT_EQ(s->faults.alloc_errno, Errno::kEFSCORRUPTED);
  EXPECT_EQ(s->faults.io, FaultMode::kNever);
}

TEST(ParseScenario, Bounds) {
  json doc = json::parse(kValid);
  // 1 block per folio: 8 folios is the most the packed state holds.
  doc["geometry"] = {{"block_size", 65536}, {"folio_size", 65536}, {"file_blocks", 8}};
  doc["tasks"] = json::parse(R"([{"name": "A", "ops": [{"op": "write", "pos": 458752, "len": 65536}]}])");
  doc.erase("initial");
  doc["free_blocks"] = 0;  // a signed int when built in code: still accepted
  absl::StatusOr<Scenario> s = parse_scenario(doc, "s.json");
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->free_blocks, 0u);
  doc["geometry"] = {{"block_size", 512}, {"folio_size", 8192}, {"file_blocks", 16}};
  doc["tasks"][0]["ops"][0] = {{"op", "write"}, {"pos", 7680}, {"len", 512}};
  s = parse_scenario(doc, "s.json");
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->geometry.blocks_per_folio(), 16);
}

// The read and mmap_write ops: block-aligned ranges like a write; an mmap
// store stays inside one folio (one fault). Only the ops that write get a data
// version (make_context numbers them in program order).
TEST(ParseScenario, ReadAndMmapWrite) {
  json doc = json::parse(R"({"name": "rw",
    "geometry": {"block_size": 1024, "folio_size": 4096, "file_blocks": 8},
    "tasks": [{"name": "A", "ops": [{"op": "write", "pos": 0, "len": 4096},
                                   {"op": "read", "pos": 1024, "len": 7168},
                                   {"op": "mmap_write", "pos": 5120, "len": 3072}]}]})");
  absl::StatusOr<Scenario> s = parse_scenario(doc, "s.json");
  ASSERT_TRUE(s.ok()) << s.status();
  const std::vector<Op>& ops = s->tasks[0].ops;
  ASSERT_EQ(ops.size(), 3u);
  EXPECT_EQ(ops[1].kind, OpKind::kRead);
  EXPECT_EQ(ops[1].pos, 1024u);
  EXPECT_EQ(ops[1].len, 7168u);
  EXPECT_EQ(ops[2].kind, OpKind::kMmapWrite);
  EXPECT_EQ(ops[2].pos, 5120u);
  EXPECT_EQ(ops[2].len, 3072u);  // fsb 5-7: the rest of folio 1
  EXPECT_STREQ(op_name(OpKind::kRead), "read");
  EXPECT_STREQ(op_name(OpKind::kMmapWrite), "mmap_write");
  absl::StatusOr<Context> c = make_context(*s, Policy{});
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->version[0], (std::vector<uint8_t>{1, 0, 2}));  // write v1, read none, mmap_write v2
}

// The ops added for truncate, hole punch, shutdown and a second open: a
// truncate's new size lands in pos, a punch takes pos/len like a write.
TEST(ParseScenario, TruncatePunchShutdownOpen) {
  json doc = json::parse(kValid);
  doc["tasks"][2]["ops"] = json::parse(R"([{"op": "truncate", "size": 3072},
                                          {"op": "punch_hole", "pos": 1024, "len": 2048},
                                          {"op": "shutdown"}, {"op": "open"}])");
  absl::StatusOr<Scenario> s = parse_scenario(doc, "s.json");
  ASSERT_TRUE(s.ok()) << s.status();
  const std::vector<Op>& ops = s->tasks[2].ops;
  ASSERT_EQ(ops.size(), 4u);
  EXPECT_EQ(ops[0].kind, OpKind::kTruncate);
  EXPECT_EQ(ops[0].pos, 3072u);
  EXPECT_EQ(ops[1].kind, OpKind::kPunchHole);
  EXPECT_EQ(ops[1].pos, 1024u);
  EXPECT_EQ(ops[1].len, 2048u);
  EXPECT_EQ(ops[2].kind, OpKind::kShutdown);
  EXPECT_EQ(ops[3].kind, OpKind::kOpen);
  EXPECT_STREQ(op_name(OpKind::kTruncate), "truncate");
  EXPECT_STREQ(op_name(OpKind::kPunchHole), "punch_hole");
  EXPECT_STREQ(op_name(OpKind::kShutdown), "shutdown");
  EXPECT_STREQ(op_name(OpKind::kOpen), "open");
}

TEST(ParseScenario, TopLevelMustBeAnObject) {
  absl::StatusOr<Scenario> s = parse_scenario(json::array(), "s.json");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_CONTAINS(std::string(s.status().message()), "s.json: $: expected an object, got []");
}

TEST(ParseScenario, LongValuesAreTruncated) {
  json doc = json::parse(kValid);
  doc["faults"]["io"] = std::string(200, 'x');
  absl::StatusOr<Scenario> s = parse_scenario(doc, "s.json");
  ASSERT_FALSE(s.ok());
  std::string msg(s.status().message());
  EXPECT_CONTAINS(msg, "s.json: $.faults.io: expected one of \"never\", \"always\", \"nondet\", got \"xxx");
  EXPECT_CONTAINS(msg, "...");
  EXPECT_LT(msg.size(), 140u);
}

// An invalid variant of kValid: a JSON Patch (RFC 6902), the path the error
// must name, and a part of the message after "s.json: PATH: ".
struct BadCase {
  const char* name;
  const char* patch;
  const char* path;
  const char* message;
};

class BadScenario : public ::testing::TestWithParam<BadCase> {};

TEST_P(BadScenario, NamesFileAndPath) {
  const BadCase& c = GetParam();
  json doc = json::parse(kValid).patch(json::parse(c.patch));
  absl::StatusOr<Scenario> s = parse_scenario(doc, "s.json");
  ASSERT_FALSE(s.ok()) << "accepted: " << doc.dump();
  EXPECT_EQ(s.status().code(), absl::StatusCode::kInvalidArgument);
  std::string msg(s.status().message());
  EXPECT_CONTAINS(msg, std::string("s.json: ") + c.path + ": ");
  EXPECT_CONTAINS(msg, c.message);
}

#define REPLACE(p, v) "[{\"op\": \"replace\", \"path\": \"" p "\", \"value\": " v "}]"
#define ADD(p, v) "[{\"op\": \"add\", \"path\": \"" p "\", \"value\": " v "}]"
#define REMOVE(p) "[{\"op\": \"remove\", \"path\": \"" p "\"}]"

const BadCase kBadCases[] = {
    {"UnknownTopKey", ADD("/bogus", "1"), "$.bogus", "unknown key 'bogus' (allowed: name, description"},
    {"MissingName", REMOVE("/name"), "$.name", "missing required key"},
    {"EmptyName", REPLACE("/name", "\"\""), "$.name", "expected a non-empty string, got \"\""},
    {"NameNotString", REPLACE("/name", "7"), "$.name", "expected a string, got 7"},
    {"DescriptionNotString", REPLACE("/description", "[]"), "$.description", "expected a string, got []"},
    {"MissingGeometry", REMOVE("/geometry"), "$.geometry", "missing required key"},
    {"GeometryNotObject", REPLACE("/geometry", "4096"), "$.geometry", "expected an object, got 4096"},
    {"GeometryUnknownKey", ADD("/geometry/sector_size", "512"), "$.geometry.sector_size", "unknown key 'sector_size'"},
    {"BlockSizeMissing", REMOVE("/geometry/block_size"), "$.geometry.block_size", "missing required key"},
    {"BlockSizeNotPow2", REPLACE("/geometry/block_size", "1000"), "$.geometry.block_size",
     "expected a power of two in [512, 65536], got 1000"},
    {"BlockSizeTooSmall", REPLACE("/geometry/block_size", "256"), "$.geometry.block_size", "got 256"},
    {"BlockSizeTooLarge", REPLACE("/geometry/block_size", "131072"), "$.geometry.block_size", "got 131072"},
    {"FolioSmallerThanBlock", REPLACE("/geometry/folio_size", "512"), "$.geometry.folio_size",
     "expected a power of two >= block_size (1024), got 512"},
    {"FolioNotPow2", REPLACE("/geometry/folio_size", "3072"), "$.geometry.folio_size", "got 3072"},
    {"FolioTooManyBlocks", REPLACE("/geometry/folio_size", "32768"), "$.geometry.folio_size",
     "expected at most 16 blocks per folio"},
    {"FileBlocksZero", REPLACE("/geometry/file_blocks", "0"), "$.geometry.file_blocks",
     "expected a positive multiple of blocks per folio (4), got 0"},
    {"FileBlocksNotWholeFolios", REPLACE("/geometry/file_blocks", "6"), "$.geometry.file_blocks", "got 6"},
    {"FileBlocksTooMany", REPLACE("/geometry/file_blocks", "20"), "$.geometry.file_blocks",
     "expected at most 16 blocks and 8 folios"},
    {"TooManyFolios",
     REPLACE("/geometry", R"({"block_size": 1024, "folio_size": 1024, "file_blocks": 9})"),
     "$.geometry.file_blocks", "8 folios"},
    {"FloatInteger", REPLACE("/geometry/file_blocks", "8.0"), "$.geometry.file_blocks",
     "expected a non-negative integer, got 8.0"},
    {"NegativeInteger", REPLACE("/free_blocks", "-1"), "$.free_blocks", "expected a non-negative integer, got -1"},
    {"StringInteger", REPLACE("/free_blocks", "\"10\""), "$.free_blocks",
     "expected a non-negative integer, got \"10\""},
    {"BoolInteger", REPLACE("/free_blocks", "true"), "$.free_blocks", "expected a non-negative integer, got true"},
    {"FreeBlocksTooLarge", REPLACE("/free_blocks", "65536"), "$.free_blocks", "expected an integer in [0, 65535]"},
    {"InitialNotObject", REPLACE("/initial", "[]"), "$.initial", "expected an object"},
    {"InitialUnknownKey", ADD("/initial/mode", "1"), "$.initial.mode", "unknown key 'mode' (allowed: size, extents)"},
    {"InitialSizeTooLarge", REPLACE("/initial/size", "9216"), "$.initial.size",
     "expected at most file_blocks * block_size (8192), got 9216"},
    {"InitialSizeUnaligned", REPLACE("/initial/size", "100"), "$.initial.size",
     "expected a multiple of block_size (1024), got 100"},
    {"ExtentsNotArray", REPLACE("/initial/extents", "{}"), "$.initial.extents", "expected an array, got {}"},
    {"ExtentNotObject", REPLACE("/initial/extents/0", "3"), "$.initial.extents[0]", "expected an object, got 3"},
    {"ExtentUnknownKey", ADD("/initial/extents/1/flags", "0"), "$.initial.extents[1].flags", "unknown key 'flags'"},
    {"ExtentMissingKind", REMOVE("/initial/extents/1/kind"), "$.initial.extents[1].kind", "missing required key"},
    {"ExtentDelalloc", REPLACE("/initial/extents/1/kind", "\"delalloc\""), "$.initial.extents[1].kind",
     "got \"delalloc\": delalloc extents live only in the in-core extent tree"},
    {"ExtentHole", REPLACE("/initial/extents/1/kind", "\"hole\""), "$.initial.extents[1].kind", "holes are the default"},
    {"ExtentBadKind", REPLACE("/initial/extents/0/kind", "\"zeroed\""), "$.initial.extents[0].kind",
     "expected one of \"written\", \"unwritten\", got \"zeroed\""},
    {"ExtentStartOut", REPLACE("/initial/extents/1/start", "8"), "$.initial.extents[1].start",
     "expected a block index below file_blocks (8), got 8"},
    {"ExtentZeroBlocks", REPLACE("/initial/extents/1/blocks", "0"), "$.initial.extents[1].blocks",
     "expected 1 to 2 blocks"},
    {"ExtentPastEnd", REPLACE("/initial/extents/1/blocks", "3"), "$.initial.extents[1].blocks",
     "(start + blocks <= file_blocks), got 3"},
    {"ExtentStartNegative", REPLACE("/initial/extents/1/start", "-2"), "$.initial.extents[1].start",
     "expected a non-negative integer"},
    {"ExtentOverlap", REPLACE("/initial/extents/1/start", "1"), "$.initial.extents[1]",
     "overlaps $.initial.extents[0] at block 1"},
    {"FaultsUnknownKey", ADD("/faults/read", "\"never\""), "$.faults.read", "unknown key 'read'"},
    {"FaultAllocBad", REPLACE("/faults/alloc", "\"sometimes\""), "$.faults.alloc",
     "expected one of \"never\", \"always\", \"nondet\", got \"sometimes\""},
    {"FaultIoBool", REPLACE("/faults/io", "true"), "$.faults.io", "got true"},
    {"FaultErrnoBad", REPLACE("/faults/alloc_errno", "\"EAGAIN\""), "$.faults.alloc_errno",
     "expected one of \"EFSCORRUPTED\", \"ENOSPC\", \"EFBIG\", \"EIO\", got \"EAGAIN\""},
    {"MissingTasks", REMOVE("/tasks"), "$.tasks", "missing required key"},
    {"NoTasks", REPLACE("/tasks", "[]"), "$.tasks", "expected 1 to 4 elements, got 0"},
    {"TooManyTasks",
     REPLACE("/tasks", R"([{"name":"A","ops":[{"op":"fsync"}]},{"name":"B","ops":[{"op":"fsync"}]},
                          {"name":"C","ops":[{"op":"fsync"}]},{"name":"D","ops":[{"op":"fsync"}]},
                          {"name":"E","ops":[{"op":"fsync"}]}])"),
     "$.tasks", "expected 1 to 4 elements, got 5"},
    {"TaskUnknownKey", ADD("/tasks/1/prio", "1"), "$.tasks[1].prio", "unknown key 'prio' (allowed: name, ops)"},
    {"TaskNameEmpty", REPLACE("/tasks/1/name", "\"\""), "$.tasks[1].name",
     "expected a name of 1 to 8 characters from [A-Za-z0-9_], got \"\""},
    {"TaskNameLong", REPLACE("/tasks/1/name", "\"writer123\""), "$.tasks[1].name", "got \"writer123\""},
    {"TaskNameChars", REPLACE("/tasks/1/name", "\"a-b\""), "$.tasks[1].name", "got \"a-b\""},
    {"TaskNameTeardown", REPLACE("/tasks/1/name", "\"umount\""), "$.tasks[1].name",
     "'umount' is the name of the model's teardown actor"},
    {"TaskNameDuplicate", REPLACE("/tasks/2/name", "\"A\""), "$.tasks[2].name",
     "duplicate task name 'A' (also $.tasks[0].name)"},
    {"OpsMissing", REMOVE("/tasks/0/ops"), "$.tasks[0].ops", "missing required key"},
    {"OpsEmpty", REPLACE("/tasks/0/ops", "[]"), "$.tasks[0].ops", "expected 1 to 4 elements, got 0"},
    {"OpsTooMany",
     REPLACE("/tasks/0/ops", R"([{"op":"fsync"},{"op":"fsync"},{"op":"fsync"},{"op":"fsync"},{"op":"fsync"}])"),
     "$.tasks[0].ops", "expected 1 to 4 elements, got 5"},
    {"OpNotObject", REPLACE("/tasks/2/ops/1", "\"fsync\""), "$.tasks[2].ops[1]", "expected an object, got \"fsync\""},
    {"OpMissingKind", REMOVE("/tasks/0/ops/0/op"), "$.tasks[0].ops[0].op", "missing required key"},
    {"OpUnknownKind", REPLACE("/tasks/0/ops/0/op", "\"chmod\""), "$.tasks[0].ops[0].op",
     "expected one of \"write\", \"dio_write\", \"fsync\", \"read\", \"mmap_write\", \"truncate\", "
     "\"punch_hole\", \"shutdown\", \"open\", got \"chmod\""},
    {"WriteUnknownKey", ADD("/tasks/0/ops/0/flags", "0"), "$.tasks[0].ops[0].flags",
     "unknown key 'flags' (allowed: op, pos, len, sync, fault_at)"},
    {"WriteMissingPos", REMOVE("/tasks/0/ops/0/pos"), "$.tasks[0].ops[0].pos", "missing required key"},
    {"WriteMissingLen", REMOVE("/tasks/0/ops/0/len"), "$.tasks[0].ops[0].len", "missing required key"},
    {"WritePosUnaligned", REPLACE("/tasks/0/ops/0/pos", "100"), "$.tasks[0].ops[0].pos",
     "expected a multiple of block_size (1024), got 100: the model tracks data per block"},
    {"WriteFaultUnaligned", ADD("/tasks/0/ops/0/fault_at", "100"), "$.tasks[0].ops[0].fault_at",
     "expected a multiple of block_size (1024), got 100"},
    {"WriteFaultPastWrite", ADD("/tasks/0/ops/0/fault_at", "5120"), "$.tasks[0].ops[0].fault_at",
     "expected an offset in [pos, pos + len) = [0, 5120), got 5120"},
    {"WriteFaultNotInteger", ADD("/tasks/0/ops/0/fault_at", "\"x\""), "$.tasks[0].ops[0].fault_at",
     "expected a non-negative integer"},
    {"WritePosFloat", REPLACE("/tasks/0/ops/0/pos", "1e30"), "$.tasks[0].ops[0].pos",
     "expected a non-negative integer"},
    {"WritePosPastEnd", REPLACE("/tasks/0/ops/0/pos", "8192"), "$.tasks[0].ops[0].pos",
     "expected a position below file_blocks * block_size (8192), got 8192"},
    {"WritePosHuge", REPLACE("/tasks/0/ops/0/pos", "18446744073709550592"), "$.tasks[0].ops[0].pos",
     "got 18446744073709550592"},
    {"WriteLenZero", REPLACE("/tasks/0/ops/0/len", "0"), "$.tasks[0].ops[0].len",
     "expected a positive multiple of block_size (1024), got 0"},
    {"WriteLenUnaligned", REPLACE("/tasks/0/ops/0/len", "5000"), "$.tasks[0].ops[0].len",
     "got 5000: the model tracks data per block"},
    {"WritePastEnd", REPLACE("/tasks/2/ops/1/len", "8192"), "$.tasks[2].ops[1].len",
     "expected at most 7168 (pos + len <= file_blocks * block_size = 8192), got 8192"},
    {"WriteLenHuge", REPLACE("/tasks/2/ops/1/len", "18446744073709550592"), "$.tasks[2].ops[1].len",
     "expected at most 7168"},
    {"WriteSyncNotBool", REPLACE("/tasks/0/ops/0/sync", "1"), "$.tasks[0].ops[0].sync",
     "expected true or false, got 1"},
    {"DioSync", ADD("/tasks/1/ops/0/sync", "true"), "$.tasks[1].ops[0].sync",
     "unknown key 'sync' (allowed: op, pos, len)"},
    {"DioUnaligned", REPLACE("/tasks/1/ops/0/pos", "512"), "$.tasks[1].ops[0].pos",
     "got 512: only aligned O_DIRECT writes are modelled (xfs_file_dio_write_aligned)"},
    {"DioPastEnd", REPLACE("/tasks/1/ops/0/len", "5120"), "$.tasks[1].ops[0].len", "expected at most 4096"},
    {"DioMissingLen", REMOVE("/tasks/1/ops/0/len"), "$.tasks[1].ops[0].len", "missing required key"},
    {"FsyncWithPos", ADD("/tasks/2/ops/0/pos", "0"), "$.tasks[2].ops[0].pos", "unknown key 'pos' (allowed: op)"},
    // read and mmap_write, appended as $.tasks[2].ops[2]
    {"ReadMissingPos", ADD("/tasks/2/ops/-", R"({"op": "read", "len": 1024})"), "$.tasks[2].ops[2].pos",
     "missing required key"},
    {"ReadMissingLen", ADD("/tasks/2/ops/-", R"({"op": "read", "pos": 0})"), "$.tasks[2].ops[2].len",
     "missing required key"},
    {"ReadSync", ADD("/tasks/2/ops/-", R"({"op": "read", "pos": 0, "len": 1024, "sync": true})"),
     "$.tasks[2].ops[2].sync", "unknown key 'sync' (allowed: op, pos, len)"},
    {"ReadPosUnaligned", ADD("/tasks/2/ops/-", R"({"op": "read", "pos": 512, "len": 1024})"),
     "$.tasks[2].ops[2].pos", "expected a multiple of block_size (1024), got 512: the model tracks data per block"},
    {"ReadLenZero", ADD("/tasks/2/ops/-", R"({"op": "read", "pos": 0, "len": 0})"), "$.tasks[2].ops[2].len",
     "expected a positive multiple of block_size (1024), got 0"},
    {"ReadLenUnaligned", ADD("/tasks/2/ops/-", R"({"op": "read", "pos": 0, "len": 1500})"), "$.tasks[2].ops[2].len",
     "got 1500: the model tracks data per block"},
    {"ReadPastEnd", ADD("/tasks/2/ops/-", R"({"op": "read", "pos": 4096, "len": 5120})"), "$.tasks[2].ops[2].len",
     "expected at most 4096 (pos + len <= file_blocks * block_size = 8192), got 5120"},
    {"ReadPosPastEnd", ADD("/tasks/2/ops/-", R"({"op": "read", "pos": 8192, "len": 1024})"), "$.tasks[2].ops[2].pos",
     "expected a position below file_blocks * block_size (8192), got 8192"},
    {"MmapMissingLen", ADD("/tasks/2/ops/-", R"({"op": "mmap_write", "pos": 0})"), "$.tasks[2].ops[2].len",
     "missing required key"},
    {"MmapSync", ADD("/tasks/2/ops/-", R"({"op": "mmap_write", "pos": 0, "len": 1024, "sync": false})"),
     "$.tasks[2].ops[2].sync", "unknown key 'sync' (allowed: op, pos, len)"},
    {"MmapPosUnaligned", ADD("/tasks/2/ops/-", R"({"op": "mmap_write", "pos": 100, "len": 1024})"),
     "$.tasks[2].ops[2].pos", "expected a multiple of block_size (1024), got 100: the model tracks data per block"},
    {"MmapLenUnaligned", ADD("/tasks/2/ops/-", R"({"op": "mmap_write", "pos": 0, "len": 1000})"),
     "$.tasks[2].ops[2].len", "got 1000: the model tracks data per block"},
    {"MmapCrossesFolio", ADD("/tasks/2/ops/-", R"({"op": "mmap_write", "pos": 3072, "len": 2048})"),
     "$.tasks[2].ops[2].len",
     "expected at most 1024 (pos + len <= the end of the folio at pos, 4096), got 2048: "
     "one mmap store faults on one folio"},
    {"MmapPastEnd", ADD("/tasks/2/ops/-", R"({"op": "mmap_write", "pos": 8192, "len": 1024})"),
     "$.tasks[2].ops[2].pos", "expected a position below file_blocks * block_size (8192), got 8192"},
    {"MmapPosString", ADD("/tasks/2/ops/-", R"({"op": "mmap_write", "pos": "0", "len": 1024})"),
     "$.tasks[2].ops[2].pos", "expected a non-negative integer, got \"0\""},
    {"TruncateMissingSize", ADD("/tasks/2/ops/-", R"({"op": "truncate"})"), "$.tasks[2].ops[2].size",
     "missing required key"},
    {"TruncatePos", ADD("/tasks/2/ops/-", R"({"op": "truncate", "size": 0, "pos": 0})"), "$.tasks[2].ops[2].pos",
     "unknown key 'pos' (allowed: op, size)"},
    {"TruncateUnaligned", ADD("/tasks/2/ops/-", R"({"op": "truncate", "size": 1000})"), "$.tasks[2].ops[2].size",
     "expected a multiple of block_size (1024), got 1000: the model tracks data per block"},
    {"TruncatePastEnd", ADD("/tasks/2/ops/-", R"({"op": "truncate", "size": 9216})"), "$.tasks[2].ops[2].size",
     "expected at most file_blocks * block_size (8192), got 9216"},
    {"TruncateSizeString", ADD("/tasks/2/ops/-", R"({"op": "truncate", "size": "0"})"), "$.tasks[2].ops[2].size",
     "expected a non-negative integer, got \"0\""},
    {"TruncateLargeFolio",
     R"([{"op": "replace", "path": "/geometry/folio_size", "value": 8192},
         {"op": "add", "path": "/tasks/2/ops/-", "value": {"op": "truncate", "size": 0}}])",
     "$.tasks[2].ops[2].op", "needs $.geometry.folio_size == 4096 (PAGE_SIZE); got 8192"},
    {"TruncateWrittenPastSize",
     R"([{"op": "replace", "path": "/initial/size", "value": 1024},
         {"op": "add", "path": "/tasks/2/ops/-", "value": {"op": "truncate", "size": 4096}}])",
     "$.tasks[2].ops[2]", "a truncate needs every initial written block below $.initial.size; block 1 is past it"},
    {"PunchMissingLen", ADD("/tasks/2/ops/-", R"({"op": "punch_hole", "pos": 0})"), "$.tasks[2].ops[2].len",
     "missing required key"},
    {"PunchSync", ADD("/tasks/2/ops/-", R"({"op": "punch_hole", "pos": 0, "len": 1024, "sync": true})"),
     "$.tasks[2].ops[2].sync", "unknown key 'sync' (allowed: op, pos, len)"},
    {"PunchPosUnaligned", ADD("/tasks/2/ops/-", R"({"op": "punch_hole", "pos": 512, "len": 1024})"),
     "$.tasks[2].ops[2].pos", "expected a multiple of block_size (1024), got 512"},
    {"PunchLenZero", ADD("/tasks/2/ops/-", R"({"op": "punch_hole", "pos": 0, "len": 0})"), "$.tasks[2].ops[2].len",
     "expected a positive multiple of block_size (1024), got 0"},
    {"PunchPastEnd", ADD("/tasks/2/ops/-", R"({"op": "punch_hole", "pos": 4096, "len": 5120})"),
     "$.tasks[2].ops[2].len", "expected at most 4096 (pos + len <= file_blocks * block_size = 8192), got 5120"},
    {"WriteFaultLargeFolio",
     R"([{"op": "replace", "path": "/geometry/folio_size", "value": 8192},
         {"op": "add", "path": "/tasks/0/ops/0/fault_at", "value": 1024}])",
     "$.tasks[0].ops[0].op", "splitting a large folio (truncate_inode_partial_folio) is not modelled"},
    {"PunchLargeFolio",
     R"([{"op": "replace", "path": "/geometry/folio_size", "value": 8192},
         {"op": "add", "path": "/tasks/2/ops/-", "value": {"op": "punch_hole", "pos": 0, "len": 1024}}])",
     "$.tasks[2].ops[2].op", "splitting a large folio (truncate_inode_partial_folio) is not modelled"},
    {"ShutdownArgument", ADD("/tasks/2/ops/-", R"({"op": "shutdown", "flags": 2})"), "$.tasks[2].ops[2].flags",
     "unknown key 'flags' (allowed: op)"},
    {"OpenArgument", ADD("/tasks/2/ops/-", R"({"op": "open", "pos": 0})"), "$.tasks[2].ops[2].pos",
     "unknown key 'pos' (allowed: op)"},
    {"OddKeyQuoted", ADD("/geometry/a b", "1"), "$.geometry[\"a b\"]", "unknown key 'a b'"},
};

INSTANTIATE_TEST_SUITE_P(Scenario, BadScenario, ::testing::ValuesIn(kBadCases),
                         [](const ::testing::TestParamInfo<BadCase>& i) { return std::string(i.param.name); });

}  // namespace
}  // namespace wbcheck::model
