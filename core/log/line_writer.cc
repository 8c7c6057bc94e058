#include "log/line_writer.h"

#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <vector>

namespace berth::log {

LineWriter::LineWriter(int fd, std::size_t capacity)
    : fd_(fd), capacity_(capacity), thread_([this] { run(); }) {}

LineWriter::~LineWriter() {
  stop();
}

void LineWriter::push(std::string line) {
  line += '\n';
  std::unique_lock lock(mutex_);
  not_full_.wait(lock, [&] { return queue_.size() < capacity_ || stopping_; });
  if (stopping_) {
    // The thread is ending and may not look at the queue again: write it here. Under the lock,
    // so that such lines do not interleave with each other.
    write_all({std::move(line)});
    return;
  }
  queue_.push_back(std::move(line));
  if (queue_.size() == 1) not_empty_.notify_one();
}

void LineWriter::stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
  }
  not_empty_.notify_one();
  not_full_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void LineWriter::run() {
  std::deque<std::string> batch;
  std::unique_lock lock(mutex_);
  for (;;) {
    not_empty_.wait(lock, [&] { return !queue_.empty() || stopping_; });
    if (queue_.empty()) return;
    batch.swap(queue_);
    lock.unlock();
    not_full_.notify_all();
    write_all(batch);
    batch.clear();
    lock.lock();
  }
}

void LineWriter::write_all(const std::deque<std::string>& lines) {
  std::vector<iovec> chunks;
  chunks.reserve(lines.size());
  for (const auto& line : lines) chunks.push_back({const_cast<char*>(line.data()), line.size()});
  std::size_t next = 0;
  while (next < chunks.size()) {
    const int count = static_cast<int>(std::min<std::size_t>(chunks.size() - next, IOV_MAX));
    ssize_t written = ::writev(fd_, chunks.data() + next, count);
    if (written < 0) {
      if (errno == EINTR) continue;
      return;  // stdout is gone (closed pipe, full disk): nothing left to tell it
    }
    // A partial write: skip what went out and resume mid-line.
    while (next < chunks.size() && static_cast<std::size_t>(written) >= chunks[next].iov_len) {
      written -= static_cast<ssize_t>(chunks[next].iov_len);
      ++next;
    }
    if (written > 0) {
      chunks[next].iov_base = static_cast<char*>(chunks[next].iov_base) + written;
      chunks[next].iov_len -= static_cast<std::size_t>(written);
    }
  }
}

}  // namespace berth::log
