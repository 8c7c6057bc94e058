#pragma once
// Hands finished log lines to one background thread that writes them to a file descriptor, so a
// thread that logs never waits on stdout. Each logging thread appends its lines to a buffer of its
// own: a lock only the writer thread contends, and no allocation once the buffer has grown. The
// writer swaps every buffer out, copies their lines into one of its own and writes that with one
// write. It is woken by the first line after it went idle, or by a buffer passing an eighth of its
// bound; else it lets lines gather for kGatherTime: under load a line costs a copy, not a wake-up
// and a write(2). Bounded: a line that does not fit its thread's buffer (stdout slow or blocked,
// e.g. a pipe nobody reads) is dropped and counted, and once stdout keeps up again the writer
// writes one notice with the count. One thread's lines keep their order; threads' lines interleave
// by batch. A line may also be pushed as a record that the writer thread expands into its text (the
// request log): the request thread then pays a copy of the fields, not their formatting, and the
// formatting code runs in batches, where it stays in the instruction cache.
#include <sys/uio.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace berth::log {

class LineWriter {
 public:
  // The line (without its newline) reporting `dropped` lost lines; the default is plain text.
  using DropNotice = std::function<std::string(std::uint64_t dropped)>;
  // Appends the text of a record pushed with push_record() to `out` (without a newline).
  using Expand = std::function<void(std::string_view record, std::string& out)>;
  // How long a line may wait for others before it is written (when no buffer fills first).
  static constexpr std::chrono::milliseconds kGatherTime{10};

  // `buffer_bytes`: what each thread may have waiting; a longer line still goes into an empty
  // buffer, so a line is never lost for its size alone.
  LineWriter(int fd, std::size_t buffer_bytes, DropNotice notice = {}, Expand expand = {});
  ~LineWriter();
  LineWriter(const LineWriter&) = delete;
  LineWriter& operator=(const LineWriter&) = delete;

  // `line` without its newline. Never waits on the writer: a full buffer drops the line. After
  // stop(), lines are written synchronously.
  void push(std::string_view line);
  // The same for a record that `expand` turns into the line, on the writer's thread.
  void push_record(std::string_view record);
  // Writes out everything buffered and ends the thread; idempotent.
  void stop();
  // Lines dropped since the start (reported or not).
  std::uint64_t dropped_total() const;

 private:
  struct Buffer;
  enum class State { busy, gathering, idle };  // the writer thread's
  enum class Kind : char { line, record };

  Buffer& this_thread_buffer();
  void wake();
  void run();
  bool any_waiting();
  // Takes every buffer and writes it, then the drop notice when it is due (always when `last`),
  // then `after` (a line pushed after stop(), with its newline). False when there was nothing.
  bool write_buffers(bool last, std::string_view after = {});
  void push_entry(Kind kind, std::string_view bytes);
  // Appends the entries of one thread's buffer to out_ as lines.
  void expand_entries(std::string_view entries);
  void write_direct(Kind kind, std::string_view bytes);
  void write_all(std::vector<iovec>& chunks);

  const int fd_;
  const std::size_t buffer_bytes_;
  const std::size_t wake_bytes_;
  const DropNotice notice_;
  const Expand expand_;
  const std::uint64_t id_;  // tells this writer's thread buffers from another writer's

  std::mutex buffers_mu_;  // the list; each buffer has its own lock
  std::vector<std::shared_ptr<Buffer>> buffers_;
  std::mutex write_mu_;  // one writer of fd_ at a time (the thread, or push() after stop())
  std::mutex sleep_mu_;  // with wake_, for the writer's sleeps only
  std::condition_variable wake_;
  std::atomic<State> state_{State::busy};
  std::atomic<bool> stopping_{false};  // from then on push() writes directly
  std::atomic<std::uint64_t> dropped_total_{0};

  // Under write_mu_.
  std::uint64_t dropped_ = 0;  // taken from the buffers, not yet reported
  std::vector<std::shared_ptr<Buffer>> batch_;
  std::string out_;  // the batch's lines, as written
  std::vector<iovec> chunks_;
  std::thread thread_;
};

}  // namespace berth::log
