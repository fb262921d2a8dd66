#include "png_image.h"

#include <zlib.h>

#include <cstdlib>

#include "absl/strings/str_cat.h"

namespace wbcheck::e2e {
namespace {

uint32_t be32(const std::string& b, size_t at) {
  return uint32_t{static_cast<uint8_t>(b[at])} << 24 | uint32_t{static_cast<uint8_t>(b[at + 1])} << 16 |
         uint32_t{static_cast<uint8_t>(b[at + 2])} << 8 | uint32_t{static_cast<uint8_t>(b[at + 3])};
}

absl::StatusOr<std::string> inflate_all(const std::string& z, size_t expected) {
  std::string out(expected, '\0');
  uLongf len = static_cast<uLongf>(expected);
  int rc = ::uncompress(reinterpret_cast<Bytef*>(out.data()), &len, reinterpret_cast<const Bytef*>(z.data()),
                        static_cast<uLong>(z.size()));
  if (rc != Z_OK) return absl::DataLossError(absl::StrCat("zlib uncompress: error ", rc));
  if (len != expected) return absl::DataLossError(absl::StrCat("inflated ", len, " bytes, expected ", expected));
  return out;
}

int paeth(int a, int b, int c) {
  int p = a + b - c, pa = std::abs(p - a), pb = std::abs(p - b), pc = std::abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

// Undoes the per-row filters in place; rows of `stride` bytes after a filter byte.
absl::Status unfilter(std::string& raw, uint32_t height, size_t stride, size_t bpp, std::vector<uint8_t>& out) {
  out.assign(static_cast<size_t>(height) * stride, 0);
  for (uint32_t y = 0; y < height; ++y) {
    const uint8_t filter = static_cast<uint8_t>(raw[y * (stride + 1)]);
    const uint8_t* in = reinterpret_cast<const uint8_t*>(raw.data()) + y * (stride + 1) + 1;
    uint8_t* row = out.data() + y * stride;
    const uint8_t* up = y > 0 ? row - stride : nullptr;
    for (size_t x = 0; x < stride; ++x) {
      int a = x >= bpp ? row[x - bpp] : 0, b = up ? up[x] : 0, c = (up && x >= bpp) ? up[x - bpp] : 0;
      int pred = 0;
      switch (filter) {
        case 0: pred = 0; break;
        case 1: pred = a; break;
        case 2: pred = b; break;
        case 3: pred = (a + b) / 2; break;
        case 4: pred = paeth(a, b, c); break;
        default: return absl::DataLossError(absl::StrCat("row ", y, ": unknown filter ", int{filter}));
      }
      row[x] = static_cast<uint8_t>(in[x] + pred);
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<PngImage> decode_png(const std::string& b) {
  static const char kSig[] = "\x89PNG\r\n\x1a\n";
  if (b.size() < 33 || b.compare(0, 8, kSig, 8) != 0) return absl::InvalidArgumentError("no PNG signature");
  if (b.compare(12, 4, "IHDR") != 0) return absl::InvalidArgumentError("the first chunk is not IHDR");
  PngImage img;
  img.width = be32(b, 16);
  img.height = be32(b, 20);
  img.bit_depth = static_cast<uint8_t>(b[24]);
  img.color_type = static_cast<uint8_t>(b[25]);
  if (img.bit_depth != 8 || (img.color_type != 2 && img.color_type != 6) || b[28] != 0) {
    return absl::UnimplementedError(absl::StrCat("bit depth ", int{img.bit_depth}, ", colour type ", int{img.color_type},
                                                 ", interlace ", static_cast<int>(b[28]), ": not decoded here"));
  }
  std::string idat;
  for (size_t at = 8; at + 12 <= b.size();) {
    const uint32_t len = be32(b, at);
    if (at + 12 + len > b.size()) return absl::DataLossError("a chunk runs past the end of the file");
    if (b.compare(at + 4, 4, "IDAT") == 0) idat.append(b, at + 8, len);
    at += 12 + len;
  }
  const size_t bpp = img.color_type == 6 ? 4 : 3, stride = img.width * bpp;
  absl::StatusOr<std::string> raw = inflate_all(idat, (stride + 1) * img.height);
  if (!raw.ok()) return raw.status();
  std::vector<uint8_t> px;
  if (absl::Status st = unfilter(*raw, img.height, stride, bpp, px); !st.ok()) return st;
  img.pixels.reserve(static_cast<size_t>(img.width) * img.height);
  for (size_t i = 0; i < px.size(); i += bpp) {
    img.pixels.push_back(uint32_t{px[i]} << 16 | uint32_t{px[i + 1]} << 8 | px[i + 2]);
  }
  return img;
}

}  // namespace wbcheck::e2e
