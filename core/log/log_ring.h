#pragma once
// The host's last log lines in memory, numbered, for GET /_berth/logs and `berth logs`: extension
// containers are hidden in Docker Desktop, so the UI shows the log itself. Every line the logger
// writes is appended (host, plugins, request lines); the oldest are dropped beyond the capacity.
// Bounded: a line's message and fields are cut to kMaxLineBytes. Long polls wait here without
// holding a thread: each is a callback answered once, by the ring's own thread, when a line they
// want arrives or their deadline passes.
#include <berth/log.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace berth::log {

// Message plus fields (as compact JSON) of one line, at most.
constexpr std::size_t kMaxLineBytes = 8 * 1024;

struct RingLine {
  std::uint64_t seq = 0;  // 1 for the first line of the process, then one more per line
  std::chrono::system_clock::time_point time;
  LogLevel level = LogLevel::info;
  std::string msg;
  std::string plugin;  // the `plugin` field when it is a string: a plugin's lines, its requests
  std::string fields;  // the fields object, compact JSON
  // A request line's record (request_line.h) until the ring is first read: then `fields` is
  // formatted from it and it is cleared. Empty in every line a reader gets.
  std::string record;
};

struct RingQuery {
  // Lines after this seq, oldest first; without it, the newest `limit` lines.
  std::optional<std::uint64_t> after;
  LogLevel min_level = LogLevel::debug;
  std::string plugin;  // empty: every line
  std::size_t limit = 200;
  // Lines the reader does not want (they still advance `next`), e.g. its own request lines.
  std::function<bool(const RingLine&)> hide;
};

struct RingPage {
  std::vector<RingLine> lines;
  std::uint64_t next = 0;       // the `after` of the next read: every line up to it was looked at
  std::uint64_t first_seq = 0;  // the oldest line kept (last seq + 1 when the ring is empty)
  std::uint64_t dropped = 0;    // lines after `after` that were dropped before this read
};

class LogRing {
 public:
  using Clock = std::chrono::steady_clock;
  using Done = std::function<void(RingPage)>;

  explicit LogRing(std::size_t capacity);
  ~LogRing();
  LogRing(const LogRing&) = delete;
  LogRing& operator=(const LogRing&) = delete;

  // Drops the oldest lines beyond a smaller capacity (at least 1).
  void set_capacity(std::size_t capacity);
  void append(LogLevel level, std::string_view message, const nlohmann::json& fields) noexcept;
  // The same for a line its writer formatted (the request log): `members` is the fields object's
  // text without its opening brace (`"id":"..",...}`).
  void append_formatted(std::chrono::system_clock::time_point time, LogLevel level,
                        std::string_view message, std::string_view plugin,
                        std::string_view members) noexcept;
  // The same for a request record, whose fields are formatted when a reader first comes to it:
  // the request's thread copies bytes, and most lines are never read.
  void append_record(std::chrono::system_clock::time_point time, LogLevel level,
                     std::string_view message, std::string_view plugin,
                     std::string_view record) noexcept;
  RingPage read(const RingQuery& query) const;
  std::uint64_t last_seq() const;

  // Calls `done` exactly once: at once (on this thread) when `query` has lines, or the ring is
  // closed; else from the ring's thread when a line it wants arrives, or at `deadline` with no
  // lines. `done` must be quick (hand off, don't write sockets). Needs `query.after`.
  void when_lines(RingQuery query, Clock::time_point deadline, Done done);
  // Answers every waiting poll with what it has and ends the ring's thread; later polls are
  // answered at once. Idempotent.
  void close();

 private:
  struct Waiter {
    RingQuery query;
    Clock::time_point deadline;
    Done done;
  };
  void store(RingLine line);
  // A line whose strings are copied into its slot: the fields object's members, or a record.
  void store_in_place(std::chrono::system_clock::time_point time, LogLevel level,
                      std::string_view message, std::string_view plugin, std::string_view members,
                      std::string_view record) noexcept;
  // The slot of a new line: a new one until the capacity, then the oldest line's, whose strings'
  // capacity the new line reuses.
  RingLine& next_slot();
  // The i-th line kept, oldest first, its fields formatted if they were a record.
  const RingLine& at(std::size_t i) const;
  RingPage read_locked(const RingQuery& query) const;
  void run();

  mutable std::mutex mu_;
  std::condition_variable wake_;
  // Circular once full: the oldest is at oldest_. Mutable: a read formats a record's fields.
  mutable std::vector<RingLine> lines_;
  std::size_t oldest_ = 0;
  std::size_t capacity_;
  std::uint64_t last_seq_ = 0;
  std::uint64_t checked_seq_ = 0;  // lines up to here were offered to the waiters
  std::list<Waiter> waiters_;
  bool waiter_added_ = false;
  bool closed_ = false;
  std::thread thread_;  // started with the first waiter
};

// The host's ring, fed by log::write; never destroyed (threads that outlive main may log).
LogRing& ring();

}  // namespace berth::log
