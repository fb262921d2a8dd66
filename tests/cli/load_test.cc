#include "cli/load.h"

#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <string>

#include "gtest/gtest.h"

namespace wbcheck::cli {
namespace {

#define EXPECT_CONTAINS(haystack, needle) EXPECT_PRED_FORMAT2(::testing::IsSubstring, needle, haystack)

// A fresh file under the test temp dir holding `text`.
std::string write_file(const std::string& name, const std::string& text) {
  std::string path = ::testing::TempDir() + "wbcheck_load_test_" + std::to_string(::getpid()) + "_" + name;
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

std::string error_of(const absl::Status& s) {
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  return std::string(s.message());
}

const char kScenario[] = R"({"name": "s",
  "geometry": {"block_size": 1024, "folio_size": 4096, "file_blocks": 8},
  "tasks": [{"name": "A", "ops": [{"op": "write", "pos": 0, "len": 5120}]}]})";

const char kPolicy[] = R"json({"name": "p", "hooks": {"on_map_failure": [
  {"punch_delalloc": {"start": "pos", "end": "round_up(pos, folio_size)"}}]}})json";

TEST(ReadJsonFile, ReadsAnObject) {
  std::string path = write_file("ok.json", "{\"a\": [1, 2]}\n");
  absl::StatusOr<nlohmann::json> doc = read_json_file(path);
  ASSERT_TRUE(doc.ok()) << doc.status();
  EXPECT_EQ((*doc)["a"][1], 2);
}

TEST(ReadJsonFile, MissingFile) {
  std::string path = ::testing::TempDir() + "wbcheck_no_such_file.json";
  EXPECT_EQ(error_of(read_json_file(path).status()), path + ": cannot read: No such file or directory");
}

TEST(ReadJsonFile, Directory) {
  std::string path = ::testing::TempDir();
  EXPECT_EQ(error_of(read_json_file(path).status()), path + ": is a directory");
}

TEST(ReadJsonFile, Unreadable) {
  if (::geteuid() == 0) GTEST_SKIP() << "root reads mode-000 files";
  std::string path = write_file("unreadable.json", "{}");
  ASSERT_EQ(::chmod(path.c_str(), 0), 0);
  EXPECT_EQ(error_of(read_json_file(path).status()), path + ": cannot read: Permission denied");
}

TEST(ReadJsonFile, SyntaxErrorHasLineAndColumn) {
  std::string path = write_file("bad.json", "{\n  \"name\": \"x\",\n  oops\n}\n");
  std::string msg = error_of(read_json_file(path).status());
  EXPECT_CONTAINS(msg, path + ": line 3, column 3: invalid JSON: ");
  EXPECT_EQ(msg.find("[json.exception"), std::string::npos) << msg;
}

TEST(ReadJsonFile, SyntaxErrorAfterMultiByteText) {
  std::string path = write_file("trailing.json", "{\"a\": 1}\n\n   ]");
  EXPECT_CONTAINS(error_of(read_json_file(path).status()), path + ": line 3, column 4: invalid JSON: ");
}

TEST(ReadJsonFile, UnterminatedObject) {
  std::string path = write_file("eof.json", "{\"a\": 1,\n");
  EXPECT_CONTAINS(error_of(read_json_file(path).status()), path + ": line 2, column 1: invalid JSON: ");
}

TEST(ReadJsonFile, EmptyFile) {
  std::string path = write_file("empty.json", "");
  EXPECT_CONTAINS(error_of(read_json_file(path).status()), path + ": line 1, column 1: invalid JSON: ");
}

TEST(ReadJsonFile, TopLevelMustBeAnObject) {
  std::string path = write_file("array.json", "[1, 2, 3]");
  EXPECT_EQ(error_of(read_json_file(path).status()), path + ": $: expected an object, got [1,2,3]");
}

// Regression (hostile-input test): 100000 nested arrays crashed wbcheck with
// a stack overflow while printing the value in the error message.
TEST(ReadJsonFile, DeepNestingIsRefusedAtTheBracketThatGoesTooDeep) {
  std::string path = write_file("deep.json", std::string(100000, '[') + std::string(100000, ']'));
  EXPECT_EQ(error_of(read_json_file(path).status()),
            path + ": line 1, column 65: invalid JSON: nested deeper than 64 levels");
  // Inside a scenario's value, where the loader would print it.
  std::string inner = write_file("deep_inner.json", "{\"name\":\n " + std::string(100000, '[') + std::string(100000, ']') + "}");
  EXPECT_EQ(error_of(load_scenario(inner).status()),
            inner + ": line 2, column 65: invalid JSON: nested deeper than 64 levels");
}

// Brackets inside strings do not count, escaped quotes do not end a string,
// and 64 levels are still read.
TEST(ReadJsonFile, NestingCountsOnlyStructure) {
  std::string in_string = write_file("brackets.json", "{\"a\": \"" + std::string(1000, '[') + "\\\"[[\"}");
  EXPECT_TRUE(read_json_file(in_string).ok()) << read_json_file(in_string).status();
  std::string limit = write_file("limit.json", "{\"a\": " + std::string(63, '[') + std::string(63, ']') + "}");
  EXPECT_TRUE(read_json_file(limit).ok()) << read_json_file(limit).status();
  std::string over = write_file("over.json", "{\"a\": " + std::string(64, '[') + std::string(64, ']') + "}");
  EXPECT_FALSE(read_json_file(over).ok());
}

TEST(LoadScenario, Valid) {
  absl::StatusOr<model::Scenario> s = load_scenario(write_file("scenario.json", kScenario));
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->name, "s");
  ASSERT_EQ(s->tasks.size(), 1u);
  EXPECT_EQ(s->tasks[0].ops[0].len, 5120u);
}

TEST(LoadScenario, StructuralErrorNamesFileAndPath) {
  nlohmann::json doc = nlohmann::json::parse(kScenario);
  doc["tasks"][0]["ops"][0]["pos"] = 100;
  std::string path = write_file("bad_scenario.json", doc.dump(2));
  EXPECT_CONTAINS(error_of(load_scenario(path).status()),
                  path + ": $.tasks[0].ops[0].pos: expected a multiple of block_size (1024), got 100");
}

TEST(LoadScenario, PassesFileErrorsThrough) {
  std::string path = write_file("bad_syntax.json", "{\"name\": }");
  EXPECT_CONTAINS(error_of(load_scenario(path).status()), path + ": line 1, column 10: invalid JSON");
  EXPECT_CONTAINS(error_of(load_scenario(::testing::TempDir()).status()), ": is a directory");
}

TEST(LoadPolicy, Valid) {
  absl::StatusOr<model::Policy> p = load_policy(write_file("policy.json", kPolicy));
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->name, "p");
  ASSERT_EQ(p->hooks[0].size(), 1u);
  EXPECT_EQ(p->hooks[0][0].kind, model::PrimitiveKind::kPunchDelalloc);
}

TEST(LoadPolicy, StructuralErrorNamesFileAndPath) {
  nlohmann::json doc = nlohmann::json::parse(kPolicy);
  doc["hooks"]["on_map_failure"][0]["punch_delalloc"]["end"] = "round_up(pos";
  std::string path = write_file("bad_policy.json", doc.dump());
  EXPECT_CONTAINS(error_of(load_policy(path).status()),
                  path + ": $.hooks.on_map_failure[0].punch_delalloc.end: in expression \"round_up(pos\"");
}

TEST(LoadPolicy, NonObjectDocument) {
  std::string path = write_file("string_policy.json", "\"linux-6.2\"");
  EXPECT_EQ(error_of(load_policy(path).status()), path + ": $: expected an object, got \"linux-6.2\"");
}

}  // namespace
}  // namespace wbcheck::cli
