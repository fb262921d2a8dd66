// print_sarif and sarif_uri on hand-built Reports.
#include <gtest/gtest.h>

#include <string>

#include "checker/print_sarif.h"
#include "nlohmann/json.hpp"
#include "report_fixtures.h"

namespace wbcheck::checker {
namespace {

using nlohmann::json;
using testing::sample_report;

json parse(const std::string& text) {
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  EXPECT_FALSE(j.is_discarded()) << text;
  return j;
}

TEST(SarifUriTest, RelativeStaysRelativeAbsoluteBecomesFileUri) {
  EXPECT_EQ(sarif_uri("examples/policies/linux-6.2.json"), "examples/policies/linux-6.2.json");
  EXPECT_EQ(sarif_uri("../p/x_y~z.json"), "../p/x_y~z.json");
  EXPECT_EQ(sarif_uri("/work/main/p.json"), "file:///work/main/p.json");
}

TEST(SarifUriTest, PercentEncodesWhatAUriCannotHold) {
  EXPECT_EQ(sarif_uri("my policies/100%#1?.json"), "my%20policies/100%25%231%3F.json");
  EXPECT_EQ(sarif_uri("c:p.json"), "c%3Ap.json");  // not a scheme
  EXPECT_EQ(sarif_uri("caf\xC3\xA9.json"), "caf%C3%A9.json");
  EXPECT_EQ(sarif_uri("a\\b"), "a%5Cb");
}

// The whole log for the sample, written out by hand: key order included.
TEST(PrintSarifTest, WholeLogOfTheSample) {
  const std::string expected = R"({
  "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
  "version": "2.1.0",
  "runs": [
    {
      "tool": {
        "driver": {
          "name": "wbcheck",
          "version": "9.9.9",
          "rules": [
            {
              "id": "no-warn",
              "shortDescription": {
                "text": "convert never finds a hole"
              },
              "fullDescription": {
                "text": "F1: WARN_ON_ONCE"
              },
              "defaultConfiguration": {
                "level": "error"
              }
            },
            {
              "id": "balanced",
              "shortDescription": {
                "text": "reservations balance"
              },
              "fullDescription": {
                "text": "F2: leak"
              },
              "defaultConfiguration": {
                "level": "error"
              }
            },
            {
              "id": "no-stale",
              "shortDescription": {
                "text": "reads see written data"
              },
              "fullDescription": {
                "text": "F3: stale read"
              },
              "defaultConfiguration": {
                "level": "error"
              }
            }
          ]
        }
      },
      "automationDetails": {
        "id": "wbcheck/toy/p-1.0/"
      },
      "results": [
        {
          "ruleId": "no-warn",
          "ruleIndex": 0,
          "kind": "fail",
          "level": "error",
          "message": {
            "text": "convert never finds a hole: violated after 3 steps"
          },
          "locations": [
            {
              "physicalLocation": {
                "artifactLocation": {
                  "uri": "policies/p.json"
                }
              }
            }
          ],
          "codeFlows": [
            {
              "message": {
                "text": "shortest counterexample: 3 steps; the state after step 3 violates no-warn"
              },
              "threadFlows": [
                {
                  "id": "A",
                  "message": {
                    "text": "task A"
                  },
                  "locations": [
                    {
                      "executionOrder": 1,
                      "location": {
                        "message": {
                          "text": "xfs_map_blocks.lookup: fsb 0 is delalloc"
                        },
                        "logicalLocations": [
                          {
                            "name": "xfs_map_blocks.lookup",
                            "kind": "function"
                          }
                        ]
                      },
                      "properties": {
                        "kernel": "fs/xfs/xfs_aops.c",
                        "changes": [
                          "block[0-1].extent hole->delalloc"
                        ]
                      }
                    },
                    {
                      "executionOrder": 3,
                      "location": {
                        "message": {
                          "text": "xfs_bmapi_convert_delalloc: no extent at fsb 4"
                        },
                        "logicalLocations": [
                          {
                            "name": "xfs_bmapi_convert_delalloc",
                            "kind": "function"
                          }
                        ]
                      },
                      "properties": {
                        "kernel": "fs/xfs/libxfs/xfs_bmap.c",
                        "changes": []
                      }
                    }
                  ]
                },
                {
                  "id": "B",
                  "message": {
                    "text": "task B"
                  },
                  "locations": [
                    {
                      "executionOrder": 2,
                      "location": {
                        "message": {
                          "text": "punch"
                        },
                        "logicalLocations": [
                          {
                            "name": "punch",
                            "kind": "function"
                          }
                        ]
                      },
                      "properties": {
                        "kernel": "fs/xfs/xfs_bmap_util.c",
                        "changes": [
                          "fdblocks 59->64"
                        ]
                      }
                    }
                  ]
                }
              ]
            }
          ]
        },
        {
          "ruleId": "no-stale",
          "ruleIndex": 2,
          "kind": "open",
          "level": "none",
          "message": {
            "text": "reads see written data: undecided: the search stopped at the max-states limit; every state to depth 2 satisfies it"
          },
          "locations": [
            {
              "physicalLocation": {
                "artifactLocation": {
                  "uri": "policies/p.json"
                }
              }
            }
          ]
        }
      ],
      "properties": {
        "scenario": "toy",
        "policy": "p-1.0",
        "verdict": "violated",
        "stoppedBy": "max-states"
      }
    }
  ]
}
)";
  EXPECT_EQ(print_sarif(sample_report(), "policies/p.json"), expected);
}

TEST(PrintSarifTest, AllHoldGivesNoResultsButEveryRule) {
  Report r = sample_report();
  r.verdict = Verdict::kHolds;
  r.stats.stopped_by.clear();
  for (ReportProperty& p : r.properties) {
    p.status = Status::kHolds;
    p.trace.clear();
  }
  json j = parse(print_sarif(r, "/abs/p.json"));
  const json& run = j["runs"][0];
  EXPECT_TRUE(run["results"].is_array());
  EXPECT_TRUE(run["results"].empty());
  ASSERT_EQ(run["tool"]["driver"]["rules"].size(), 3u);
  EXPECT_EQ(run["tool"]["driver"]["rules"][2]["id"], "no-stale");
  EXPECT_EQ(run["properties"]["verdict"], "holds");
  EXPECT_FALSE(run["properties"].contains("stoppedBy"));
}

TEST(PrintSarifTest, JsonSpecialCharactersSurviveARoundTrip) {
  Report r = sample_report();
  r.properties[0].statement = "a \"quoted\" \\ path\n\x01";
  r.properties[0].trace[0].info.detail = "tab\there";
  json j = parse(print_sarif(r, "p.json"));
  const json& res = j["runs"][0]["results"][0];
  EXPECT_EQ(res["message"]["text"], "a \"quoted\" \\ path\n\x01: violated after 3 steps");
  EXPECT_EQ(res["codeFlows"][0]["threadFlows"][0]["locations"][0]["location"]["message"]["text"],
            "xfs_map_blocks.lookup: tab\there");
}

TEST(PrintSarifTest, DoesNotDependOnTiming) {
  Report a = sample_report(), b = sample_report();
  b.stats.seconds = 99;
  b.stats.peak_rss_bytes = 12345;
  b.stats.bytes_per_state = 7;
  EXPECT_EQ(print_sarif(a, "p.json"), print_sarif(b, "p.json"));
}

}  // namespace
}  // namespace wbcheck::checker
