// Helpers for comparing checker results in tests.
#pragma once

#include <gtest/gtest.h>

#include <cstring>
#include <optional>
#include <vector>

#include "checker/result.h"

namespace wbcheck::checker::testing {

// States and actions of the toy models have no padding: compare bytes.
template <class T>
bool same_bytes(const T& a, const T& b) {
  return std::memcmp(&a, &b, sizeof(T)) == 0;
}

template <class M>
bool same_trace(const Trace<M>& a, const Trace<M>& b) {
  if (!same_bytes(a.initial, b.initial) || a.steps.size() != b.steps.size()) return false;
  for (size_t i = 0; i < a.steps.size(); ++i) {
    const auto& x = a.steps[i];
    const auto& y = b.steps[i];
    if (!same_bytes(x.action, y.action) || !same_bytes(x.before, y.before) ||
        !same_bytes(x.after, y.after)) {
      return false;
    }
  }
  return true;
}

// Everything except the timing and memory measurements.
template <class M>
void expect_same_result(const Result<M>& a, const Result<M>& b) {
  EXPECT_EQ(a.verdict, b.verdict);
  EXPECT_EQ(a.stats.states, b.stats.states);
  EXPECT_EQ(a.stats.matched, b.stats.matched);
  EXPECT_EQ(a.stats.transitions, b.stats.transitions);
  EXPECT_EQ(a.stats.max_depth, b.stats.max_depth);
  EXPECT_EQ(a.stats.bytes_per_state, b.stats.bytes_per_state);
  EXPECT_EQ(a.stats.stopped_by, b.stats.stopped_by);
  ASSERT_EQ(a.properties.size(), b.properties.size());
  for (size_t i = 0; i < a.properties.size(); ++i) {
    EXPECT_EQ(a.properties[i].id, b.properties[i].id);
    EXPECT_EQ(a.properties[i].status, b.properties[i].status);
    EXPECT_EQ(a.properties[i].depth, b.properties[i].depth);
    ASSERT_EQ(a.properties[i].trace.has_value(), b.properties[i].trace.has_value());
    if (a.properties[i].trace) {
      EXPECT_TRUE(same_trace(*a.properties[i].trace, *b.properties[i].trace)) << i;
    }
  }
}

}  // namespace wbcheck::checker::testing
