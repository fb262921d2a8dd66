// End-to-end: every way a run can be cut short ends it as `inconclusive`
// (exit 5) with a complete, parseable report in the requested format and the
// statistics so far: --max-states, --time-limit, --max-memory, and SIGINT or
// SIGTERM sent to `wbcheck check` and `wbcheck matrix` in the middle of a
// search (issue 8, "Limits").
//
// The long searches use long_scenario() (e2e_util.h), so that a signal sent a
// moment after the start always finds the search running, never finished.
#include <signal.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "e2e_util.h"
#include "e2e_xml.h"
#include "gtest/gtest.h"

namespace wbcheck::e2e {
namespace {

using nlohmann::json;

// The wbcheck under test is sanitized in the sanitized build (make
// test-sanitize defines WBCHECK_SANITIZED everywhere), though this harness
// itself is built without the sanitizers (cmake/WbcheckSanitize.cmake).
#ifdef WBCHECK_SANITIZED
constexpr bool kAddressSanitizer = true;
#else
constexpr bool kAddressSanitizer = false;
#endif

// A run that ignored its stop would otherwise run for a long time; finish it
// by force (and fail) well before ctest's own timeout.
constexpr double kRunTimeout = 90;

std::vector<std::string> big_check(const std::string& format, std::vector<std::string> extra) {
  std::vector<std::string> args = {"check", "--scenario", long_scenario(), "--policy",
                                   source_path("examples/policies/linux-6.3.json"), "--format", format,
                                   "--por", "off"};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

// The report of a run stopped by `reason` is complete and says so, in each
// format (text, json, junit, sarif).
void expect_inconclusive_report(const Invocation& r, const std::string& format, const std::string& reason) {
  EXPECT_EQ(r.signal, 0) << r.err;
  EXPECT_EQ(r.exit_code, 5) << r.err;
  if (format == "json") {
    json j = parse_json(r);
    ASSERT_TRUE(j.is_object());
    EXPECT_EQ(j.value("verdict", ""), "inconclusive");
    EXPECT_EQ(j["stats"].value("stopped_by", ""), reason);
    EXPECT_GT(j["stats"].value("states", 0u), 0u);
    ASSERT_EQ(j["properties"].size(), kAllIds.size());
    for (const json& p : j["properties"]) EXPECT_EQ(p.value("status", ""), "unknown") << p.value("id", "");
  } else if (format == "junit") {
    std::unique_ptr<Element> root = parse_xml(r.out);
    ASSERT_TRUE(root);
    EXPECT_EQ(root->name, "testsuites");
    EXPECT_EQ(root->attr("skipped"), std::to_string(kAllIds.size()));
    ASSERT_EQ(root->all("testsuite").size(), 1u);
    const Element& suite = *root->all("testsuite")[0];
    std::map<std::string, std::string> props;
    for (const Element* pr : suite.all("properties")[0]->all("property")) props[pr->attr("name")] = pr->attr("value");
    EXPECT_EQ(props["verdict"], "inconclusive");
    EXPECT_EQ(props["stopped_by"], reason);
    ASSERT_EQ(suite.all("testcase").size(), kAllIds.size());
    for (const Element* tc : suite.all("testcase")) EXPECT_EQ(tc->all("skipped").size(), 1u) << tc->attr("name");
  } else if (format == "sarif") {
    json j = parse_json(r);
    ASSERT_TRUE(j.is_object());
    EXPECT_EQ(j.value("version", ""), "2.1.0");
    ASSERT_EQ(j["runs"].size(), 1u);
    EXPECT_EQ(j["runs"][0]["properties"].value("verdict", ""), "inconclusive");
    EXPECT_EQ(j["runs"][0]["properties"].value("stoppedBy", ""), reason);
    ASSERT_EQ(j["runs"][0]["results"].size(), kAllIds.size());
    for (const json& res : j["runs"][0]["results"]) EXPECT_EQ(res.value("kind", ""), "open");
  } else {
    EXPECT_NE(r.out.find("verdict: inconclusive\n"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("stopped by limit         " + reason + "\n"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("\nstatistics:\n"), std::string::npos) << r.out;
  }
}

// ---------------------------------------------------------------------------
// --max-states, --time-limit, --max-memory in every format

struct LimitCase {
  std::string reason;  // stopped_by
  std::vector<std::string> flags;
};

const LimitCase kLimits[] = {
    {"max-states", {"--max-states", "1000"}},
    {"time-limit", {"--time-limit", "0.3"}},
    // Measured RSS: the big search passes 64 MiB within a few seconds.
    {"max-memory", {"--max-memory", "64M"}},
};

class LimitInFormat : public ::testing::TestWithParam<std::tuple<int, std::string>> {};

TEST_P(LimitInFormat, EndsInconclusiveWithAParseableReport) {
  const auto& [limit, format] = GetParam();
  Running running = start_wbcheck(big_check(format, kLimits[limit].flags));
  Invocation r = finish_wbcheck(running, kRunTimeout);
  expect_inconclusive_report(r, format, kLimits[limit].reason);
}

INSTANTIATE_TEST_SUITE_P(All, LimitInFormat,
                         ::testing::Combine(::testing::Values(0, 1, 2),
                                            ::testing::Values("json", "junit", "sarif", "text")),
                         [](const ::testing::TestParamInfo<std::tuple<int, std::string>>& i) {
                           std::string name = kLimits[std::get<0>(i.param)].reason + "_" + std::get<1>(i.param);
                           for (char& c : name) {
                             if (c == '-') c = '_';
                           }
                           return name;
                         });

// --max-memory bounds the measured resident set, peak included: the search
// stops before a rehash of the visited set (old and new table held at once)
// would pass it, and samples the RSS every 4096 states otherwise. (Before that
// check, a 64M limit gave a peak of 81 MiB.)
TEST(MaxMemory, PeakRssStaysUnderTheLimit) {
  Running running = start_wbcheck(big_check("json", {"--max-memory", "64M"}));
  Invocation r = finish_wbcheck(running, kRunTimeout);
  ASSERT_EQ(r.exit_code, 5) << r.err;
  json j = parse_json(r);
  ASSERT_TRUE(j.is_object());
  EXPECT_EQ(j["stats"].value("stopped_by", ""), "max-memory");
  if (kAddressSanitizer) {
    // ASan's allocator keeps freed blocks in quarantine and adds shadow
    // memory and redzones: the RSS of `make test-sanitize` says nothing about
    // the product's (measured there: 23 MiB before the search, 64.8 MiB at
    // 65536 states).
    GTEST_SKIP() << "peak RSS is not the product's under AddressSanitizer";
  }
  EXPECT_GT(j["stats"].value("states", uint64_t{0}), uint64_t{100000}) << "stopped long before the limit";
  EXPECT_LE(j["stats"].value("peak_rss_bytes", uint64_t{0}), uint64_t{64} << 20);
}

// ---------------------------------------------------------------------------
// SIGINT and SIGTERM

// Starts `args`, waits until wbcheck handles `sig` and its search has run a
// little, sends `sig`, and collects the run.
Invocation run_and_signal(const std::vector<std::string>& args, int sig) {
  Running running = start_wbcheck(args);
  EXPECT_TRUE(wait_until_caught(running.pid, sig, 30)) << "wbcheck never installed a handler for signal " << sig;
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  ::kill(running.pid, sig);
  return finish_wbcheck(running, kRunTimeout);
}

class SignalInFormat : public ::testing::TestWithParam<std::tuple<int, std::string>> {};

TEST_P(SignalInFormat, EndsInconclusiveWithAParseableReport) {
  const auto& [sig, format] = GetParam();
  // The time limit is only a backstop: were the signal ignored, the run would
  // stop by time and the stopped_by check would fail.
  Invocation r = run_and_signal(big_check(format, {"--time-limit", "60"}), sig);
  expect_inconclusive_report(r, format, "interrupted");
  EXPECT_NE(r.err.find("wbcheck: interrupted"), std::string::npos) << r.err;
}

INSTANTIATE_TEST_SUITE_P(All, SignalInFormat,
                         ::testing::Combine(::testing::Values(SIGINT, SIGTERM),
                                            ::testing::Values("json", "junit", "sarif", "text")),
                         [](const ::testing::TestParamInfo<std::tuple<int, std::string>>& i) {
                           return std::string(std::get<0>(i.param) == SIGINT ? "SIGINT_" : "SIGTERM_") +
                                  std::get<1>(i.param);
                         });

// --out gets the report of an interrupted run, written whole.
TEST(Signal, InterruptedRunWritesItsReportToOut) {
  std::string path = temp_path("interrupted.json");
  Invocation r = run_and_signal(big_check("json", {"--time-limit", "60", "--out", path}), SIGINT);
  EXPECT_EQ(r.exit_code, 5) << r.err;
  EXPECT_EQ(r.out, "");
  json j = json::parse(read_file(path), nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << read_file(path);
  EXPECT_EQ(j["stats"].value("stopped_by", ""), "interrupted");
  std::remove(path.c_str());
}

// The matrix: the cell being searched stops, every later cell stops at once
// (the flag stays set), and the whole matrix is printed and is inconclusive.
TEST(Signal, InterruptedMatrixIsInconclusiveAndComplete) {
  std::string scenarios = std::filesystem::path(long_scenario()).parent_path().string();
  Invocation r = run_and_signal({"matrix", "--format", "json", "--scenarios", scenarios, "--time-limit", "60"}, SIGINT);
  EXPECT_EQ(r.signal, 0) << r.err;
  EXPECT_EQ(r.exit_code, 5) << r.err;
  json j = parse_json(r);
  ASSERT_TRUE(j.is_object());
  size_t policies = 0;
  for (const auto& e : std::filesystem::directory_iterator(source_path("examples/policies"))) {
    policies += e.path().extension() == ".json";
  }
  ASSERT_EQ(j["cells"].size(), policies);
  size_t inconclusive = 0;
  for (const json& c : j["cells"]) {
    inconclusive += c.value("verdict", "") == "inconclusive";
    EXPECT_NE(c.value("verdict", ""), "holds") << c.value("policy", "");
  }
  EXPECT_GT(inconclusive, 0u);
}

}  // namespace
}  // namespace wbcheck::e2e
