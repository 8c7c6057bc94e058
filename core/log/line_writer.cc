#include "log/line_writer.h"

#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <vector>

namespace berth::log {
namespace {

std::string plain_notice(std::uint64_t dropped) {
  return "dropped " + std::to_string(dropped) + " log lines while stdout was blocked";
}

}  // namespace

LineWriter::LineWriter(int fd, std::size_t capacity, DropNotice notice)
    : fd_(fd),
      capacity_(capacity),
      notice_(notice ? std::move(notice) : DropNotice(plain_notice)),
      thread_([this] { run(); }) {}

LineWriter::~LineWriter() {
  stop();
}

void LineWriter::push(std::string line) {
  line += '\n';
  std::unique_lock lock(mutex_);
  if (stopping_) {
    // The thread is ending and may not look at the queue again: write it here. Under the lock,
    // so that such lines do not interleave with each other.
    write_all({std::move(line)});
    return;
  }
  if (queue_.size() >= capacity_) {
    // stdout does not keep up: losing a line is better than stalling a request on it.
    ++dropped_;
    ++dropped_total_;
    return;
  }
  queue_.push_back(std::move(line));
  // A writer that is busy writing looks at the queue again before it sleeps: no need to wake it.
  if (sleeping_) {
    sleeping_ = false;
    lock.unlock();
    not_empty_.notify_one();
  }
}

std::uint64_t LineWriter::dropped_total() const {
  std::lock_guard lock(mutex_);
  return dropped_total_;
}

void LineWriter::stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
  }
  not_empty_.notify_one();
  if (thread_.joinable()) thread_.join();
}

void LineWriter::run() {
  std::deque<std::string> batch;
  std::unique_lock lock(mutex_);
  for (;;) {
    if (queue_.empty() && dropped_ > 0) {
      // Everything queued went out: stdout drains again. Say once how much was lost meanwhile.
      const std::uint64_t dropped = dropped_;
      dropped_ = 0;
      lock.unlock();
      try {
        batch.push_back(notice_(dropped) + '\n');
      } catch (...) {
      }
      write_all(batch);
      batch.clear();
      lock.lock();
      continue;
    }
    if (queue_.empty()) {
      if (stopping_) return;
      sleeping_ = true;
      not_empty_.wait(lock, [&] { return !queue_.empty() || stopping_; });
      sleeping_ = false;
      continue;
    }
    batch.swap(queue_);
    lock.unlock();
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
