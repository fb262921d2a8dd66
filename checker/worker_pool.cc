#include "checker/worker_pool.h"

#include "checker/check.h"

namespace wbcheck::checker {

WorkerPool::WorkerPool(unsigned threads) {
  WBCHECK_CHECK(threads >= 1, "a worker pool needs a thread");
  threads_.reserve(threads - 1);
  for (unsigned w = 1; w < threads; ++w) threads_.emplace_back([this, w] { loop(w); });
}

WorkerPool::~WorkerPool() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    quit_ = true;
  }
  start_.notify_all();
  for (std::thread& t : threads_) t.join();
}

void WorkerPool::run(const std::function<void(unsigned)>& job) {
  if (threads_.empty()) {
    job(0);
    return;
  }
  {
    std::lock_guard<std::mutex> lock(mu_);
    job_ = &job;
    running_ = static_cast<unsigned>(threads_.size());
    ++generation_;
  }
  start_.notify_all();
  job(0);
  std::unique_lock<std::mutex> lock(mu_);
  finished_.wait(lock, [this] { return running_ == 0; });
  job_ = nullptr;
}

void WorkerPool::loop(unsigned w) {
  uint64_t seen = 0;
  for (;;) {
    const std::function<void(unsigned)>* job = nullptr;
    {
      std::unique_lock<std::mutex> lock(mu_);
      start_.wait(lock, [&] { return quit_ || generation_ != seen; });
      if (quit_) return;
      seen = generation_;
      job = job_;
    }
    (*job)(w);
    std::lock_guard<std::mutex> lock(mu_);
    if (--running_ == 0) finished_.notify_one();
  }
}

}  // namespace wbcheck::checker
