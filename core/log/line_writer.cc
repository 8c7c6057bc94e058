#include "log/line_writer.h"

#include <pthread.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <utility>

namespace berth::log {
namespace {

std::string plain_notice(std::uint64_t dropped) {
  return "dropped " + std::to_string(dropped) + " log lines while stdout was blocked";
}

std::atomic<std::uint64_t> g_next_writer_id{1};

// An entry in a thread's buffer: its size, its kind, then its bytes.
constexpr std::size_t kEntryHeader = sizeof(std::uint32_t) + 1;

void append_record_as_is(std::string_view record, std::string& out) {
  out.append(record);
}

}  // namespace

// One logging thread's lines. Its thread appends to `lines`; the writer swaps `lines` with
// `taken`, whose capacity the last write left, so after warm-up neither side allocates.
struct LineWriter::Buffer {
  std::mutex mu;
  std::string lines;          // entries (kEntryHeader, then bytes), not yet taken by the writer
  std::uint64_t dropped = 0;  // lines that did not fit since the writer last took `lines`
  bool retired = false;       // its thread ended: nothing more comes, and the writer lets go
  std::string taken;          // the writer thread's: what it is writing
};

LineWriter::LineWriter(int fd, std::size_t buffer_bytes, DropNotice notice, Expand expand)
    : fd_(fd),
      buffer_bytes_(buffer_bytes),
      wake_bytes_(std::max<std::size_t>(1, buffer_bytes / 8)),
      notice_(notice ? std::move(notice) : DropNotice(plain_notice)),
      expand_(expand ? std::move(expand) : Expand(append_record_as_is)),
      id_(g_next_writer_id.fetch_add(1, std::memory_order_relaxed)),
      thread_([this] { run(); }) {
  pthread_setname_np(thread_.native_handle(), "berth-logwrite");
}

LineWriter::~LineWriter() {
  stop();
}

LineWriter::Buffer& LineWriter::this_thread_buffer() {
  // A thread keeps one buffer, for the writer it last logged to (the host has one; tests make
  // many). Logging to another writer retires it, its lines still to be written; coming back
  // registers a new one behind it in the list, so the thread's lines keep their order.
  struct Slot {
    std::uint64_t writer = 0;
    std::shared_ptr<Buffer> buffer;
    void retire() {
      if (!buffer) return;
      {
        std::lock_guard lock(buffer->mu);
        buffer->retired = true;
      }
      buffer.reset();
      writer = 0;
    }
    ~Slot() { retire(); }
  };
  thread_local Slot slot;
  if (slot.writer != id_) {
    auto buffer = std::make_shared<Buffer>();
    {
      std::lock_guard lock(buffers_mu_);
      buffers_.push_back(buffer);
    }
    slot.retire();
    slot.writer = id_;
    slot.buffer = std::move(buffer);
  }
  return *slot.buffer;
}

void LineWriter::push(std::string_view line) {
  push_entry(Kind::line, line);
}

void LineWriter::push_record(std::string_view record) {
  push_entry(Kind::record, record);
}

void LineWriter::push_entry(Kind kind, std::string_view bytes) {
  // After stop() this thread's buffer may be gone with the thread's other thread_locals (a
  // line logged at exit): it is not touched then.
  if (stopping_.load(std::memory_order_acquire)) return write_direct(kind, bytes);
  Buffer& buffer = this_thread_buffer();
  bool direct = false;
  std::size_t waiting = 0;
  {
    std::lock_guard lock(buffer.mu);
    if (stopping_.load(std::memory_order_acquire)) {
      // Checked again under the lock: the writer takes the buffers one last time after stop()
      // set the flag, so a line appended before that is written by it, and one after sees it.
      direct = true;
    } else if (!buffer.lines.empty() &&
               buffer.lines.size() + kEntryHeader + bytes.size() > buffer_bytes_) {
      // stdout does not keep up: losing a line is better than stalling a request on it.
      ++buffer.dropped;
      dropped_total_.fetch_add(1, std::memory_order_relaxed);
      return;
    } else {
      const auto size = static_cast<std::uint32_t>(bytes.size());
      const std::size_t at = buffer.lines.size();
      buffer.lines.resize(at + kEntryHeader + bytes.size());
      char* p = buffer.lines.data() + at;
      std::memcpy(p, &size, sizeof size);
      p[sizeof size] = static_cast<char>(kind);
      std::memcpy(p + kEntryHeader, bytes.data(), bytes.size());
      waiting = buffer.lines.size();
    }
  }
  if (direct) return write_direct(kind, bytes);
  const State state = state_.load();
  if (state == State::idle || (state == State::gathering && waiting >= wake_bytes_)) wake();
}

void LineWriter::wake() {
  State state = state_.load();
  if (state == State::busy || !state_.compare_exchange_strong(state, State::busy)) return;
  // The writer either has not checked state_ yet (and sees busy) or waits: then it is notified.
  { std::lock_guard lock(sleep_mu_); }
  wake_.notify_one();
}

std::uint64_t LineWriter::dropped_total() const {
  return dropped_total_.load(std::memory_order_relaxed);
}

void LineWriter::stop() {
  if (stopping_.exchange(true)) return;
  { std::lock_guard lock(sleep_mu_); }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
}

void LineWriter::run() {
  const auto woken = [&](State slept) {
    return state_.load() != slept || stopping_.load(std::memory_order_acquire);
  };
  for (;;) {
    const bool last = stopping_.load(std::memory_order_acquire);
    bool wrote = true;
    try {
      wrote = write_buffers(last);
    } catch (...) {
      // Out of memory: nothing was taken; try again after a gather time.
    }
    if (last) return;
    if (wrote) {
      // More lines are likely on their way: let them gather, unless a buffer fills.
      state_.store(State::gathering);
      std::unique_lock lock(sleep_mu_);
      wake_.wait_for(lock, kGatherTime, [&] { return woken(State::gathering); });
    } else {
      // Idle from here: a line appended before the check below is seen by it, one appended
      // after it sees `idle` and wakes this thread.
      state_.store(State::idle);
      if (!any_waiting()) {
        std::unique_lock lock(sleep_mu_);
        wake_.wait(lock, [&] { return woken(State::idle); });
      }
    }
    state_.store(State::busy);
  }
}

bool LineWriter::any_waiting() {
  std::lock_guard lock(buffers_mu_);
  for (const auto& buffer : buffers_) {
    std::lock_guard buffer_lock(buffer->mu);
    if (!buffer->lines.empty()) return true;
  }
  return false;
}

bool LineWriter::write_buffers(bool last, std::string_view after) {
  // Held from taking the buffers to the end of the write: a line pushed after stop() cannot get
  // ahead of its thread's earlier lines, taken by a pass that is still writing them.
  std::lock_guard write_lock(write_mu_);
  std::uint64_t dropped_now = 0;
  {
    std::lock_guard lock(buffers_mu_);
    // Out of memory throws here, before any buffer was taken.
    batch_.reserve(buffers_.size());
    chunks_.reserve(buffers_.size() + 2);
    for (auto it = buffers_.begin(); it != buffers_.end();) {
      Buffer& buffer = **it;
      bool retired = false;
      {
        std::lock_guard buffer_lock(buffer.mu);
        buffer.taken.swap(buffer.lines);
        dropped_now += std::exchange(buffer.dropped, 0);
        retired = buffer.retired;
      }
      if (!buffer.taken.empty()) batch_.push_back(*it);
      it = retired ? buffers_.erase(it) : it + 1;
    }
  }
  dropped_ += dropped_now;
  std::string notice;
  // Nothing was dropped while the last batch went out: stdout keeps up again. Say once how much
  // was lost meanwhile, after the lines that were kept.
  if (dropped_ > 0 && (dropped_now == 0 || last)) {
    try {
      notice = notice_(dropped_) + '\n';
    } catch (...) {
    }
    dropped_ = 0;
  }
  if (batch_.empty() && notice.empty() && after.empty()) return false;
  out_.clear();
  for (const auto& buffer : batch_) expand_entries(buffer->taken);
  chunks_.clear();
  if (!out_.empty()) chunks_.push_back({out_.data(), out_.size()});
  if (!notice.empty()) chunks_.push_back({notice.data(), notice.size()});
  if (!after.empty()) chunks_.push_back({const_cast<char*>(after.data()), after.size()});
  write_all(chunks_);
  for (const auto& buffer : batch_) buffer->taken.clear();  // keeps the capacity
  batch_.clear();
  return true;
}

void LineWriter::expand_entries(std::string_view entries) {
  for (std::size_t at = 0; at + kEntryHeader <= entries.size();) {
    std::uint32_t size = 0;
    std::memcpy(&size, entries.data() + at, sizeof size);
    const auto kind = static_cast<Kind>(entries[at + sizeof size]);
    const std::string_view bytes = entries.substr(at + kEntryHeader, size);
    at += kEntryHeader + size;
    const std::size_t before = out_.size();
    try {
      if (kind == Kind::line)
        out_.append(bytes);
      else
        expand_(bytes, out_);
      out_ += '\n';
    } catch (...) {
      out_.resize(before);  // a record that cannot be expanded (out of memory) is lost alone
    }
  }
}

void LineWriter::write_direct(Kind kind, std::string_view bytes) {
  // What the threads buffered before stop() goes first.
  std::string line;
  if (kind == Kind::line)
    line.assign(bytes);
  else
    expand_(bytes, line);
  write_buffers(true, line + '\n');
}

void LineWriter::write_all(std::vector<iovec>& chunks) {
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
