// The full states of one BFS level, for the parallel search: appended in id
// order, read by index from several threads, and freed chunk by chunk as
// the search moves past them.
//
// Chunks rather than a vector: a level can hold hundreds of megabytes, and a
// vector's doubling would copy it and briefly need three times its size (the
// memory limit could only notice afterwards). Chunks already read are freed
// at once, so the level being expanded and the next one together take little
// more than one level of the one-thread search's queue.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

namespace wbcheck::checker {

template <class State>
class LevelStates {
 public:
  static constexpr uint64_t kChunk = 1024;  // states

  const State& operator[](uint64_t i) const { return chunks_[i / kChunk][i % kChunk]; }
  uint64_t size() const { return size_; }
  bool empty() const { return size_ == 0; }

  void push_back(const State& s) {
    if (size_ % kChunk == 0) chunks_.push_back(std::make_unique_for_overwrite<State[]>(kChunk));
    chunks_[size_ / kChunk][size_ % kChunk] = s;
    ++size_;
  }

  // Frees the chunks that hold only states below index i; they must not be
  // read again.
  void release_before(uint64_t i) {
    for (uint64_t c = released_; c < i / kChunk; ++c) chunks_[c].reset();
    if (i / kChunk > released_) released_ = i / kChunk;
  }

  // Heap bytes held: live chunks plus the chunk pointers.
  uint64_t bytes() const {
    return (chunks_.size() - released_) * kChunk * sizeof(State) + chunks_.capacity() * sizeof(chunks_[0]);
  }

 private:
  std::vector<std::unique_ptr<State[]>> chunks_;
  uint64_t size_ = 0;
  uint64_t released_ = 0;  // chunks_[0, released_) are freed
};

}  // namespace wbcheck::checker
