#pragma once
// Hands finished log lines to one background thread that writes them to a file descriptor, so a
// request thread never waits on stdout. Bounded: when the queue is full, writers block rather
// than drop (a lost log line is a lost fact); the writer drains a whole batch per write(2).
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <string>
#include <thread>

namespace berth::log {

class LineWriter {
 public:
  LineWriter(int fd, std::size_t capacity);
  ~LineWriter();
  LineWriter(const LineWriter&) = delete;
  LineWriter& operator=(const LineWriter&) = delete;

  // `line` without its newline. After stop(), lines are written synchronously.
  void push(std::string line);
  // Writes out everything queued and ends the thread; idempotent.
  void stop();

 private:
  void run();
  void write_all(const std::deque<std::string>& lines);

  const int fd_;
  const std::size_t capacity_;
  std::mutex mutex_;
  std::condition_variable not_empty_;
  std::condition_variable not_full_;
  std::deque<std::string> queue_;
  bool stopping_ = false;  // set once by stop(); from then on push() writes directly
  std::thread thread_;
};

}  // namespace berth::log
