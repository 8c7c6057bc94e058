#include "log/log_ring.h"

#include "log/request_line.h"

#include <pthread.h>

#include <algorithm>

namespace berth::log {
namespace {

constexpr std::size_t kDefaultCapacity = 1000;

std::string dump(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// At most `budget` bytes, not ending inside a UTF-8 sequence.
std::string cut(std::string_view text, std::size_t budget) {
  if (text.size() <= budget) return std::string(text);
  std::size_t end = budget;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return std::string(text.substr(0, end)) + "…";
}

// The fields as one compact JSON object of at most about `budget` bytes: a value that does not
// fit is replaced by a note of its size, so the keys stay visible.
std::string bounded_fields(const nlohmann::json& fields, std::size_t budget) {
  std::string out = "{";
  if (fields.is_object()) {
    for (const auto& [key, value] : fields.items()) {
      std::string piece = dump(key) + ':' + dump(value);
      if (out.size() + piece.size() + 2 > budget)
        piece = dump(key) + ':' + dump("(cut: " + std::to_string(piece.size()) + " bytes)");
      if (out.size() + piece.size() + 2 > budget) break;
      if (out.size() > 1) out += ',';
      out += piece;
    }
  }
  out += '}';
  return out;
}

bool wanted(const RingLine& line, const RingQuery& query) {
  if (line.level < query.min_level) return false;
  if (!query.plugin.empty() && line.plugin != query.plugin) return false;
  return !query.hide || !query.hide(line);
}

}  // namespace

LogRing::LogRing(std::size_t capacity) : capacity_(std::max<std::size_t>(1, capacity)) {}

LogRing::~LogRing() {
  close();
}

void LogRing::set_capacity(std::size_t capacity) {
  std::lock_guard lock(mu_);
  capacity_ = std::max<std::size_t>(1, capacity);
  // Unrolled, oldest first: the newest lines that fit.
  std::vector<RingLine> kept;
  kept.reserve(std::min(lines_.size(), capacity_));
  for (std::size_t i = lines_.size() - std::min(lines_.size(), capacity_); i < lines_.size(); ++i)
    kept.push_back(std::move(lines_[(oldest_ + i) % lines_.size()]));
  lines_ = std::move(kept);
  oldest_ = 0;
}

void LogRing::append(LogLevel level, std::string_view message,
                     const nlohmann::json& fields) noexcept {
  try {
    // Built before the lock: the lock only numbers and stores the line.
    RingLine line;
    line.time = std::chrono::system_clock::now();
    line.level = level;
    line.msg = cut(message, kMaxLineBytes / 2);
    if (fields.is_object()) {
      auto plugin = fields.find("plugin");
      if (plugin != fields.end() && plugin->is_string())
        line.plugin = cut(plugin->get_ref<const std::string&>(), 256);
    }
    line.fields = bounded_fields(fields, kMaxLineBytes - line.msg.size());
    store(std::move(line));
  } catch (...) {
    // The ring is a convenience: a line it cannot keep is still on stdout.
  }
}

void LogRing::append_formatted(std::chrono::system_clock::time_point time, LogLevel level,
                               std::string_view message, std::string_view plugin,
                               std::string_view members) noexcept {
  try {
    if (members.size() + 1 + message.size() > kMaxLineBytes || message.size() > kMaxLineBytes / 2 ||
        plugin.size() > 256) {
      // Rare (a long URI): cut field by field like any other line.
      RingLine line;
      line.time = time;
      line.level = level;
      line.msg = cut(message, kMaxLineBytes / 2);
      line.plugin = cut(plugin, 256);
      const std::string whole = "{" + std::string(members);
      line.fields = bounded_fields(nlohmann::json::parse(whole, nullptr, false),
                                   kMaxLineBytes - line.msg.size());
      store(std::move(line));
      return;
    }
    store_in_place(time, level, message, plugin, members, {});
  } catch (...) {
  }
}

void LogRing::append_record(std::chrono::system_clock::time_point time, LogLevel level,
                            std::string_view message, std::string_view plugin,
                            std::string_view record) noexcept {
  store_in_place(time, level, message, plugin, {}, record);
}

void LogRing::store_in_place(std::chrono::system_clock::time_point time, LogLevel level,
                             std::string_view message, std::string_view plugin,
                             std::string_view members, std::string_view record) noexcept {
  // One line per request: copied into the slot it replaces, whose strings have room by now, so
  // the ring allocates nothing once it has gone round.
  bool wake = false;
  {
    std::lock_guard lock(mu_);
    RingLine& slot = next_slot();
    slot.seq = ++last_seq_;
    slot.time = time;
    slot.level = level;
    try {
      slot.msg.assign(message);
      slot.plugin.assign(plugin);
      if (record.empty())
        slot.fields.assign(1, '{').append(members);
      else
        slot.fields.clear();
      slot.record.assign(record);
    } catch (...) {
      // Out of memory: the seq stays taken, the line empty (short strings do not allocate).
      slot.msg.clear();
      slot.plugin.clear();
      slot.fields.assign("{}");
      slot.record.clear();
    }
    wake = !waiters_.empty();
  }
  if (wake) wake_.notify_one();
}

const RingLine& LogRing::at(std::size_t i) const {
  RingLine& line = lines_[(oldest_ + i) % lines_.size()];
  if (!line.record.empty()) {
    try {
      line.fields.clear();
      append_request_line(line.record, line.fields, true);
    } catch (...) {
    }
    if (line.fields.empty()) line.fields.assign("{}");
    line.record.clear();
  }
  return line;
}

void LogRing::store(RingLine line) {
  bool wake = false;
  {
    std::lock_guard lock(mu_);
    RingLine& slot = next_slot();
    slot = std::move(line);
    slot.seq = ++last_seq_;
    wake = !waiters_.empty();
  }
  if (wake) wake_.notify_one();
}

RingLine& LogRing::next_slot() {
  if (lines_.size() < capacity_) return lines_.emplace_back();  // oldest_ is 0 until full
  RingLine& oldest = lines_[oldest_];
  oldest_ = (oldest_ + 1) % lines_.size();
  return oldest;
}

std::uint64_t LogRing::last_seq() const {
  std::lock_guard lock(mu_);
  return last_seq_;
}

RingPage LogRing::read(const RingQuery& query) const {
  std::lock_guard lock(mu_);
  return read_locked(query);
}

RingPage LogRing::read_locked(const RingQuery& query) const {
  RingPage page;
  page.first_seq = lines_.empty() ? last_seq_ + 1 : at(0).seq;
  page.next = last_seq_;
  const std::size_t limit = std::max<std::size_t>(1, query.limit);
  if (!query.after) {
    for (std::size_t i = lines_.size(); i-- > 0 && page.lines.size() < limit;)
      if (wanted(at(i), query)) page.lines.push_back(at(i));
    std::reverse(page.lines.begin(), page.lines.end());
    return page;
  }
  // A seq beyond the last line comes from an earlier run of the host: start from the oldest.
  const std::uint64_t after = *query.after > last_seq_ ? 0 : *query.after;
  if (after + 1 < page.first_seq) page.dropped = page.first_seq - 1 - after;
  const std::size_t start = after < page.first_seq ? 0 : after - page.first_seq + 1;
  for (std::size_t i = start; i < lines_.size(); ++i) {
    if (!wanted(at(i), query)) continue;
    page.lines.push_back(at(i));
    if (page.lines.size() == limit) {
      page.next = at(i).seq;
      break;
    }
  }
  return page;
}

void LogRing::when_lines(RingQuery query, Clock::time_point deadline, Done done) {
  std::unique_lock lock(mu_);
  if (!query.after) query.after = last_seq_;
  RingPage page = read_locked(query);
  if (closed_ || !page.lines.empty() || deadline <= Clock::now()) {
    lock.unlock();
    done(std::move(page));
    return;
  }
  query.after = page.next;  // nothing wanted up to here: later checks start from it
  waiters_.push_back({std::move(query), deadline, std::move(done)});
  waiter_added_ = true;
  if (!thread_.joinable()) {
    thread_ = std::thread([this] { run(); });
    pthread_setname_np(thread_.native_handle(), "berth-logpoll");
  }
  lock.unlock();
  wake_.notify_one();
}

void LogRing::close() {
  {
    std::lock_guard lock(mu_);
    if (closed_ && !thread_.joinable()) return;
    closed_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
}

void LogRing::run() {
  std::unique_lock lock(mu_);
  for (;;) {
    const auto now = Clock::now();
    std::vector<std::pair<Done, RingPage>> ready;
    auto wake_at = now + std::chrono::hours(1);
    for (auto it = waiters_.begin(); it != waiters_.end();) {
      RingPage page = read_locked(it->query);
      if (closed_ || !page.lines.empty() || it->deadline <= now) {
        ready.emplace_back(std::move(it->done), std::move(page));
        it = waiters_.erase(it);
      } else {
        it->query.after = page.next;
        wake_at = std::min(wake_at, it->deadline);
        ++it;
      }
    }
    checked_seq_ = last_seq_;
    waiter_added_ = false;
    if (!ready.empty()) {
      // Answered without the lock: an answer logs its request line, which appends here.
      lock.unlock();
      for (auto& [done, page] : ready) {
        try {
          done(std::move(page));
        } catch (...) {
        }
      }
      lock.lock();
      continue;
    }
    if (closed_) return;
    wake_.wait_until(lock, wake_at,
                     [&] { return closed_ || waiter_added_ || last_seq_ != checked_seq_; });
  }
}

LogRing& ring() {
  static LogRing* const instance = new LogRing(kDefaultCapacity);
  return *instance;
}

}  // namespace berth::log
