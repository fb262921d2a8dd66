// Just enough PNG decoding to judge a screenshot honestly: the IHDR fields and
// the pixels of an 8-bit, non-interlaced RGB or RGBA image (what Chromium's
// --screenshot writes), inflated with zlib and unfiltered (PNG spec 9.2).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace wbcheck::e2e {

struct PngImage {
  uint32_t width = 0, height = 0;
  uint8_t bit_depth = 0, color_type = 0;
  std::vector<uint32_t> pixels;  // 0xRRGGBB per pixel, row by row (alpha dropped)
};

// Errors: not a PNG (signature), a malformed chunk, a format this decoder
// leaves out (say which), a zlib error, a size mismatch.
absl::StatusOr<PngImage> decode_png(const std::string& bytes);

}  // namespace wbcheck::e2e
