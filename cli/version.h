// The version printed by `wbcheck --version` and in every report.
#pragma once

namespace wbcheck::cli {
inline constexpr const char* kVersion = WBCHECK_VERSION;
}  // namespace wbcheck::cli
