#include <string>

#include "gtest/gtest.h"
#include "model/policy.h"
#include "nlohmann/json.hpp"

namespace wbcheck::model {
namespace {

#define EXPECT_CONTAINS(haystack, needle) EXPECT_PRED_FORMAT2(::testing::IsSubstring, needle, haystack)

using nlohmann::json;

const char kValid[] = R"json({
  "name": "linux-6.2",
  "description": "discard as in 6.2",
  "follows": ["7348b322332d xfs: xfs_bmap_punch_delalloc_range() should take a byte range"],
  "features": {"per_block_dirty": false},
  "hooks": {"on_map_failure": [
      {"punch_delalloc": {"start": "pos", "end": "round_up(pos, folio_size)"}},
      {"clear_uptodate": {"when": "count == 0"}},
      {"set_mapping_error": {}}
  ]}
})json";

HookEnv at_pos(uint64_t pos) {
  HookEnv e;
  e.values[static_cast<int>(Var::kPos)] = pos;
  e.values[static_cast<int>(Var::kFolioSize)] = 4096;
  return e;
}

TEST(ParsePolicy, FullDocument) {
  absl::StatusOr<Policy> p = parse_policy(json::parse(kValid), "p.json");
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->name, "linux-6.2");
  EXPECT_EQ(p->description, "discard as in 6.2");
  ASSERT_EQ(p->follows.size(), 1u);
  EXPECT_EQ(p->follows[0].substr(0, 12), "7348b322332d");
  EXPECT_FALSE(p->features.per_block_dirty);
  const auto& hook = p->hooks[static_cast<int>(Hook::kOnMapFailure)];
  ASSERT_EQ(hook.size(), 3u);
  EXPECT_EQ(hook[0].kind, PrimitiveKind::kPunchDelalloc);
  ASSERT_TRUE(hook[0].start && hook[0].end);
  EXPECT_EQ(hook[0].start->text(), "pos");
  EXPECT_EQ(hook[0].end->text(), "round_up(pos, folio_size)");
  EXPECT_EQ(hook[0].end->eval(at_pos(0)), 0u);  // the 6.2 bug: an empty punch at pos 0
  EXPECT_EQ(hook[0].end->eval(at_pos(1024)), 4096u);
  EXPECT_FALSE(hook[0].when);
  EXPECT_EQ(hook[1].kind, PrimitiveKind::kClearUptodate);
  ASSERT_TRUE(hook[1].when);
  EXPECT_TRUE(hook[1].when->is_condition());
  EXPECT_FALSE(hook[1].start || hook[1].end);
  EXPECT_EQ(hook[2].kind, PrimitiveKind::kSetMappingError);
  EXPECT_FALSE(hook[2].when);
}

TEST(ParsePolicy, MinimalAndFeatures) {
  absl::StatusOr<Policy> p = parse_policy(json::parse(R"({"name": "none", "hooks": {}})"), "p.json");
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_TRUE(p->hooks[0].empty());
  EXPECT_TRUE(p->follows.empty());
  p = parse_policy(json::parse(R"({"name": "x", "features": {"per_block_dirty": true},
                                   "hooks": {"on_map_failure": []}})"), "p.json");
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_TRUE(p->features.per_block_dirty);
}

TEST(ParsePolicy, WhenOnARangePrimitive) {
  json doc = json::parse(kValid);
  doc["hooks"]["on_map_failure"][0]["punch_delalloc"]["when"] = "pos >= folio_pos";
  absl::StatusOr<Policy> p = parse_policy(doc, "p.json");
  ASSERT_TRUE(p.ok()) << p.status();
  ASSERT_TRUE(p->hooks[0][0].when);
  EXPECT_EQ(p->hooks[0][0].when->text(), "pos >= folio_pos");
}

TEST(PolicyNames, Strings) {
  EXPECT_STREQ(hook_name(Hook::kOnMapFailure), "on_map_failure");
  EXPECT_STREQ(primitive_name(PrimitiveKind::kPunchDelalloc), "punch_delalloc");
  EXPECT_STREQ(primitive_name(PrimitiveKind::kClearUptodate), "clear_uptodate");
  EXPECT_STREQ(primitive_name(PrimitiveKind::kSetMappingError), "set_mapping_error");
  for (int k = 0; k < kNumPrimitives; ++k) {
    std::string summary = primitive_summary(static_cast<PrimitiveKind>(k));
    EXPECT_FALSE(summary.empty());
    EXPECT_EQ(summary.find('\n'), std::string::npos);
  }
  EXPECT_CONTAINS(std::string(primitive_summary(PrimitiveKind::kPunchDelalloc)),
                  "xfs_bmap_punch_delalloc_range(ip, start, end)");
}

struct BadCase {
  const char* name;
  const char* patch;  // JSON Patch applied to kValid
  const char* path;
  const char* message;
};

class BadPolicy : public ::testing::TestWithParam<BadCase> {};

TEST_P(BadPolicy, NamesFileAndPath) {
  const BadCase& c = GetParam();
  json doc = json::parse(kValid).patch(json::parse(c.patch));
  absl::StatusOr<Policy> p = parse_policy(doc, "p.json");
  ASSERT_FALSE(p.ok()) << "accepted: " << doc.dump();
  EXPECT_EQ(p.status().code(), absl::StatusCode::kInvalidArgument);
  std::string msg(p.status().message());
  EXPECT_CONTAINS(msg, std::string("p.json: ") + c.path + ": ");
  EXPECT_CONTAINS(msg, c.message);
}

#define REPLACE(p, v) "[{\"op\": \"replace\", \"path\": \"" p "\", \"value\": " v "}]"
#define ADD(p, v) "[{\"op\": \"add\", \"path\": \"" p "\", \"value\": " v "}]"
#define REMOVE(p) "[{\"op\": \"remove\", \"path\": \"" p "\"}]"
#define HOOK "/hooks/on_map_failure"
#define PUNCH HOOK "/0/punch_delalloc"

const BadCase kBadCases[] = {
    {"NotObject", "[{\"op\": \"replace\", \"path\": \"\", \"value\": 3}]", "$", "expected an object, got 3"},
    {"UnknownTopKey", ADD("/era", "\"6.2\""), "$.era", "unknown key 'era' (allowed: name, description, follows"},
    {"MissingName", REMOVE("/name"), "$.name", "missing required key"},
    {"EmptyName", REPLACE("/name", "\"\""), "$.name", "expected a non-empty string"},
    {"DescriptionNotString", REPLACE("/description", "1"), "$.description", "expected a string, got 1"},
    {"FollowsNotArray", REPLACE("/follows", "\"7348b322332d\""), "$.follows", "expected an array"},
    {"FollowsNotString", REPLACE("/follows/0", "7348"), "$.follows[0]", "expected a string, got 7348"},
    {"FeaturesNotObject", REPLACE("/features", "true"), "$.features", "expected an object, got true"},
    {"FeaturesUnknown", ADD("/features/large_folios", "true"), "$.features.large_folios",
     "unknown key 'large_folios' (allowed: per_block_dirty, writeback_before_map, "
     "large_folio_invalidate_frees_ifs, dio_flush_error_fallback, write_iomap_valid, write_delalloc_release, "
     "write_delalloc_ifs_punch)"},
    {"FeatureNotBool", REPLACE("/features/per_block_dirty", "\"yes\""), "$.features.per_block_dirty",
     "expected true or false, got \"yes\""},
    {"IfsPunchWithoutRelease", ADD("/features/write_delalloc_ifs_punch", "true"),
     "$.features.write_delalloc_ifs_punch", "needs write_delalloc_release and per_block_dirty"},
    {"PrimitiveAfterSetMappingError", ADD(HOOK "/-", "{\"redirty\": {}}"), "$.hooks.on_map_failure[3]",
     "redirty after set_mapping_error"},
    {"SetMappingErrorAtInactivate", ADD("/hooks/at_inactivate", "[{\"set_mapping_error\": {}}]"),
     "$.hooks.at_inactivate[0]", "has no error to record in at_inactivate"},
    {"MissingHooks", REMOVE("/hooks"), "$.hooks", "missing required key"},
    {"HooksNotObject", REPLACE("/hooks", "[]"), "$.hooks", "expected an object, got []"},
    {"UnknownHook", ADD("/hooks/on_io_error", "[]"), "$.hooks.on_io_error",
     "unknown hook 'on_io_error' (valid hooks: on_map_failure, on_convert_missing_extent, at_inactivate)"},
    {"HookNotArray", REPLACE(HOOK, "{}"), "$.hooks.on_map_failure", "expected an array, got {}"},
    {"EntryNotObject", REPLACE(HOOK "/2", "\"set_mapping_error\""), "$.hooks.on_map_failure[2]",
     "expected an object with exactly one key, the primitive (one of punch_delalloc, clear_uptodate, "
     "invalidate_folio, clear_ifs_dirty, redirty, mark_sick, set_mapping_error), got \"set_mapping_error\""},
    {"EntryEmpty", REPLACE(HOOK "/2", "{}"), "$.hooks.on_map_failure[2]", "exactly one key"},
    {"EntryTwoKeys", ADD(HOOK "/2/clear_uptodate", "{}"), "$.hooks.on_map_failure[2]", "exactly one key"},
    {"UnknownPrimitive", REPLACE(HOOK "/2", "{\"zero_range\": {}}"), "$.hooks.on_map_failure[2].zero_range",
     "unknown primitive 'zero_range' (valid primitives: punch_delalloc, clear_uptodate, invalidate_folio, "
     "clear_ifs_dirty, redirty, mark_sick, set_mapping_error)"},
    {"BodyNotObject", REPLACE(HOOK "/2/set_mapping_error", "null"), "$.hooks.on_map_failure[2].set_mapping_error",
     "expected an object, got null"},
    {"PunchMissingStart", REMOVE(PUNCH "/start"), "$.hooks.on_map_failure[0].punch_delalloc.start",
     "missing required key"},
    {"PunchMissingEnd", REMOVE(PUNCH "/end"), "$.hooks.on_map_failure[0].punch_delalloc.end", "missing required key"},
    {"PunchUnknownKey", ADD(PUNCH "/len", "\"4096\""), "$.hooks.on_map_failure[0].punch_delalloc.len",
     "unknown key 'len' (allowed: start, end, when)"},
    {"PunchEndNotString", REPLACE(PUNCH "/end", "4096"), "$.hooks.on_map_failure[0].punch_delalloc.end",
     "expected an expression string, got 4096"},
    {"PunchEndBadExpr", REPLACE(PUNCH "/end", "\"round_up(pos)\""), "$.hooks.on_map_failure[0].punch_delalloc.end",
     "in expression \"round_up(pos)\" at column 13: expected ','"},
    {"PunchStartUnknownVar", REPLACE(PUNCH "/start", "\"offset\""),
     "$.hooks.on_map_failure[0].punch_delalloc.start", "unknown name 'offset'"},
    {"PunchWhenNotCondition", ADD(PUNCH "/when", "\"count\""), "$.hooks.on_map_failure[0].punch_delalloc.when",
     "expected a condition (a comparison such as \"count == 0\"), got \"count\""},
    {"WhenBadExpr", REPLACE(HOOK "/1/clear_uptodate/when", "\"count ==\""),
     "$.hooks.on_map_failure[1].clear_uptodate.when", "in expression \"count ==\" at column 9"},
    {"WhenNotString", REPLACE(HOOK "/1/clear_uptodate/when", "true"), "$.hooks.on_map_failure[1].clear_uptodate.when",
     "expected an expression string, got true"},
    {"ClearUptodateRange", ADD(HOOK "/1/clear_uptodate/start", "\"pos\""),
     "$.hooks.on_map_failure[1].clear_uptodate.start", "clear_uptodate takes no range"},
    {"SetErrorRange", ADD(HOOK "/2/set_mapping_error/end", "\"pos\""),
     "$.hooks.on_map_failure[2].set_mapping_error.end", "set_mapping_error takes no range"},
    {"SetErrorUnknownKey", ADD(HOOK "/2/set_mapping_error/error", "\"EIO\""),
     "$.hooks.on_map_failure[2].set_mapping_error.error", "unknown key 'error' (allowed: when)"},
};

INSTANTIATE_TEST_SUITE_P(Policy, BadPolicy, ::testing::ValuesIn(kBadCases),
                         [](const ::testing::TestParamInfo<BadCase>& i) { return std::string(i.param.name); });

}  // namespace
}  // namespace wbcheck::model
