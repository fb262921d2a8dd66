// A fixed team of threads that runs one job at a time on all of them, for
// the phases of the parallel search (parallel_bfs.h): every phase is one
// run(), and run() returns only once every thread has finished its part, so
// a phase sees everything the previous one wrote (the mutex orders them).
//
// Threads sleep on a condition variable between jobs rather than spin: the
// machine may be shared, and a job (a block of the search) lasts
// milliseconds, against microseconds to wake a thread.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace wbcheck::checker {

class WorkerPool {
 public:
  // threads >= 1; the caller's thread is worker 0, so threads - 1 are started.
  explicit WorkerPool(unsigned threads);
  ~WorkerPool();  // stops and joins the threads
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  unsigned size() const { return static_cast<unsigned>(threads_.size()) + 1; }
  // Runs job(w) for every w in [0, size()) at once and waits for all of
  // them. job must not throw (an escaping exception terminates the process).
  void run(const std::function<void(unsigned)>& job);

 private:
  void loop(unsigned w);

  std::vector<std::thread> threads_;
  std::mutex mu_;
  std::condition_variable start_;
  std::condition_variable finished_;
  const std::function<void(unsigned)>* job_ = nullptr;
  uint64_t generation_ = 0;  // one per run()
  unsigned running_ = 0;     // workers still in the current job
  bool quit_ = false;
};

}  // namespace wbcheck::checker
