// An append-only array stored in fixed-size chunks, for the visited store's
// per-node arrays.
//
// Why not std::vector: a vector doubles, so right after a reallocation up to
// half of its capacity is unused (and while it copies, old and new buffers are
// both live). Here only the first chunk grows by doubling (so tiny searches
// stay tiny); past kChunk elements every allocation is one more chunk of
// kChunk elements, so at most one chunk is ever unused, and nothing is copied.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <type_traits>
#include <vector>

#include "checker/check.h"

namespace wbcheck::checker {

template <class T>
class ChunkedArray {
  static_assert(std::is_trivially_copyable_v<T>);

 public:
  static constexpr int kChunkBits = 13;  // 8192 elements: a slack of <= 96 KiB for 12-byte elements
  static constexpr uint64_t kChunk = uint64_t{1} << kChunkBits;
  static constexpr uint64_t kFirstCapacity = 64;

  T& operator[](uint64_t i) { return chunks_[i >> kChunkBits][i & (kChunk - 1)]; }
  const T& operator[](uint64_t i) const { return chunks_[i >> kChunkBits][i & (kChunk - 1)]; }

  uint64_t size() const { return size_; }

  void push_back(const T& value) {
    if (size_ == capacity_) grow();
    (*this)[size_++] = value;
  }

  // Heap bytes allocated: element capacity plus the chunk pointer table.
  uint64_t bytes() const { return capacity_ * sizeof(T) + chunks_.capacity() * sizeof(chunks_[0]); }

  // The bytes the next n push_backs allocate (0 when they fit): what the
  // grow() calls they make add.
  uint64_t growth_bytes(uint64_t n = 1) const {
    uint64_t bytes = 0;
    uint64_t capacity = capacity_;
    uint64_t chunks = chunks_.size();
    uint64_t pointers = chunks_.capacity();
    while (capacity < size_ + n) {
      const uint64_t add = next_chunk_capacity(capacity);
      bytes += add * sizeof(T);
      if (capacity == 0 || capacity >= kChunk) {  // one more chunk pointer
        if (chunks == pointers) {
          pointers = std::max<uint64_t>(1, pointers * 2);
          bytes += pointers * sizeof(chunks_[0]);
        }
        ++chunks;
        capacity += add;
      } else {
        capacity = add;  // the first chunk, reallocated
      }
    }
    return bytes;
  }

 private:
  // While the first chunk is below kChunk it doubles; afterwards a whole new
  // chunk is added. Returns the size of the allocation.
  static uint64_t next_chunk_capacity(uint64_t capacity) {
    if (capacity == 0) return kFirstCapacity;
    if (capacity < kChunk) return std::min(capacity * 2, kChunk);
    return kChunk;
  }

  void grow() {
    const uint64_t n = next_chunk_capacity(capacity_);
    if (capacity_ != 0 && capacity_ < kChunk) {
      auto bigger = std::make_unique_for_overwrite<T[]>(n);
      std::copy(chunks_[0].get(), chunks_[0].get() + size_, bigger.get());
      chunks_[0] = std::move(bigger);
      capacity_ = n;
      return;
    }
    WBCHECK_CHECK(capacity_ + n > capacity_, "chunked array overflow");
    chunks_.push_back(std::make_unique_for_overwrite<T[]>(n));
    capacity_ += n;
  }

  std::vector<std::unique_ptr<T[]>> chunks_;
  uint64_t size_ = 0;
  uint64_t capacity_ = 0;
};

}  // namespace wbcheck::checker
