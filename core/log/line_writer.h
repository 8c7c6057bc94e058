#pragma once
// Hands finished log lines to one background thread that writes them to a file descriptor, so a
// request thread never waits on stdout. Bounded, and a caller never waits: when the queue is full
// (stdout slow or blocked, e.g. a pipe nobody reads) the line is dropped and counted, and once the
// writer has drained the queue it writes one notice with the count. The writer drains a whole
// batch per writev(2).
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace berth::log {

class LineWriter {
 public:
  // The line (without its newline) reporting `dropped` lost lines; the default is plain text.
  using DropNotice = std::function<std::string(std::uint64_t dropped)>;

  LineWriter(int fd, std::size_t capacity, DropNotice notice = {});
  ~LineWriter();
  LineWriter(const LineWriter&) = delete;
  LineWriter& operator=(const LineWriter&) = delete;

  // `line` without its newline. Never waits on the writer: a full queue drops the line. After
  // stop(), lines are written synchronously.
  void push(std::string line);
  // Writes out everything queued and ends the thread; idempotent.
  void stop();
  // Lines dropped since the start (reported or not).
  std::uint64_t dropped_total() const;

 private:
  void run();
  void write_all(const std::deque<std::string>& lines);

  const int fd_;
  const std::size_t capacity_;
  const DropNotice notice_;
  mutable std::mutex mutex_;
  std::condition_variable not_empty_;
  std::deque<std::string> queue_;
  std::uint64_t dropped_ = 0;        // since the last notice
  std::uint64_t dropped_total_ = 0;  // since the start
  bool sleeping_ = false;            // the writer waits on not_empty_: only then is it notified
  bool stopping_ = false;            // set once by stop(); from then on push() writes directly
  std::thread thread_;
};

}  // namespace berth::log
