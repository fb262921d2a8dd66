// The field table's value spelling: field_has_value_names says which fields
// field_value_text spells by name. The trace file (cli/trace_file.h) writes a
// field as a string or an integer by it, the same type for every value, so
// it must agree with what field_value_text actually prints.
#include "model/fields.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "model/wb_model.h"

namespace wbcheck::model {
namespace {

Context two_task_context() {
  Scenario sc;
  sc.name = "fields-unit";
  sc.tasks = {TaskProgram{"A", {Op{OpKind::kWrite, 0, 1024, false}}}, TaskProgram{"B", {Op{OpKind::kFsync, 0, 0, false}}}};
  absl::StatusOr<WbModel> m = WbModel::create(std::move(sc), Policy{});
  EXPECT_TRUE(m.ok()) << m.status();
  return m->context();
}

// Every value a packed field can hold in the seed geometry is below 256.
TEST(FieldValueNames, NumericFieldsPrintTheNumberAndNamedOnesDoNot) {
  const Context c = two_task_context();
  for (int i = 0; i < kNumFields; ++i) {
    const Field f = static_cast<Field>(i);
    const std::string key = field_key(c, f, 0);
    bool some_name = false;
    for (int64_t v = 0; v < 256; ++v) {
      const bool number = field_value_text(c, f, v) == absl::StrCat(v);
      if (!field_has_value_names(f)) EXPECT_TRUE(number) << key << " = " << v << " prints " << field_value_text(c, f, v);
      some_name = some_name || !number;
    }
    if (field_has_value_names(f)) EXPECT_TRUE(some_name) << key << " is said to have value names but prints numbers";
  }
}

}  // namespace
}  // namespace wbcheck::model
