#include "app/dev/exec_sessions.h"

#include "log/logger.h"
#include "runner/process.h"

#include <algorithm>
#include <atomic>
#include <deque>
#include <stop_token>

namespace berth::app::dev {
namespace {

using Clock = std::chrono::steady_clock;

// Far beyond any dev session: a session ends when its page kills it or stops polling.
constexpr std::chrono::hours kNoTimeout{24 * 365};
constexpr std::chrono::milliseconds kKillGrace{1000};

}  // namespace

struct ExecSessions::Waiter {
  std::size_t after = 0;
  Clock::time_point deadline;
  Respond respond;
};

struct ExecSessions::Session {
  std::string id;
  std::vector<std::string> argv;
  std::deque<std::pair<std::string, std::string>> lines;  // stream, line
  std::size_t base = 0;                                   // the index of lines.front()
  std::size_t bytes = 0;
  std::size_t dropped = 0;
  bool done = false;
  int code = -1;
  int signal = 0;
  std::string error;
  Clock::time_point last_seen = Clock::now();
  std::vector<Waiter> waiters;
  std::stop_source stop;
  std::thread thread;
  std::atomic<bool> thread_done{false};

  std::size_t end() const { return base + lines.size(); }
};

ExecSessions::ExecSessions(ExecLimits limits) : limits_(limits) {
  ticker_ = std::thread([this] { tick(); });
}

ExecSessions::~ExecSessions() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  answer_all();
  std::vector<std::shared_ptr<Session>> all;
  {
    std::lock_guard lock(mutex_);
    for (auto& [id, s] : sessions_) all.push_back(s);
    sessions_.clear();
    for (auto& s : ending_) all.push_back(s);
    ending_.clear();
  }
  ticker_wake_.notify_all();
  ticker_.join();
  for (auto& s : all) s->stop.request_stop();
  for (auto& s : all)
    if (s->thread.joinable()) s->thread.join();
}

Expected<std::string, Response> ExecSessions::start(std::vector<std::string> argv) {
  if (argv.empty() || argv.front().empty())
    return unexpected(Response::error_json(400, "exec: no command"));
  std::lock_guard lock(mutex_);
  if (stopping_) return unexpected(Response::error_json(503, "berth dev is stopping"));
  if (sessions_.size() >= limits_.max_sessions)
    return unexpected(Response::error_json(
        429,
        "exec: " + std::to_string(limits_.max_sessions) +
            " sessions already run; kill one or let it end (sessions not polled for " +
            std::to_string(limits_.reap_after.count()) + " ms are killed)",
        {{"max_sessions", limits_.max_sessions}}));
  auto session = std::make_shared<Session>();
  session->id = "x" + std::to_string(next_id_++);
  session->argv = std::move(argv);
  sessions_[session->id] = session;
  session->thread = std::thread([this, session] { run(session); });
  return session->id;
}

void ExecSessions::run(std::shared_ptr<Session> s) {
  Answers answers;
  auto deliver = [&answers] {
    for (auto& [respond, response] : answers) respond(std::move(response));
    answers.clear();
  };
  auto on_line = [&](std::string_view stream, std::string_view line) {
    {
      std::lock_guard lock(mutex_);
      std::string text(line.substr(0, limits_.max_bytes));
      if (s->lines.size() >= limits_.max_lines || s->bytes + text.size() > limits_.max_bytes) {
        ++s->dropped;
      } else {
        s->bytes += text.size();
        s->lines.emplace_back(std::string(stream), std::move(text));
        wake_locked(*s, Clock::now(), answers);
      }
    }
    deliver();
  };
  runner::ProcessResult result;
  std::string error;
  try {
    result = runner::run_process(s->argv, s->stop.get_token(), kNoTimeout, on_line, kKillGrace);
  } catch (const std::exception& e) {
    error = e.what();
  }
  {
    std::lock_guard lock(mutex_);
    s->done = true;
    s->code = error.empty() ? result.exit_code : -1;
    s->signal = result.signal;
    s->error = std::move(error);
    wake_locked(*s, Clock::now(), answers);
  }
  deliver();
  s->thread_done = true;
  ticker_wake_.notify_all();
}

void ExecSessions::poll(const std::string& id, std::size_t after, std::chrono::milliseconds wait,
                        Respond respond) {
  Response now;
  {
    std::lock_guard lock(mutex_);
    auto it = sessions_.find(id);
    if (it == sessions_.end()) {
      now = Response::error_json(404, "exec session " + id + " not found (ended or reaped)");
    } else {
      Session& s = *it->second;
      s.last_seen = Clock::now();
      if (s.done || s.end() > after || wait.count() <= 0 || stopping_) {
        now = answer_locked(s, after);
      } else {
        s.waiters.push_back({after, Clock::now() + wait, std::move(respond)});
        ticker_wake_.notify_all();
        return;
      }
    }
  }
  respond(std::move(now));
}

bool ExecSessions::kill(const std::string& id) {
  std::lock_guard lock(mutex_);
  auto it = sessions_.find(id);
  if (it == sessions_.end()) return false;
  it->second->last_seen = Clock::now();
  it->second->stop.request_stop();
  return true;
}

void ExecSessions::answer_all() {
  Answers answers;
  {
    std::lock_guard lock(mutex_);
    auto far = Clock::time_point::max();
    for (auto& [id, s] : std::map(sessions_)) wake_locked(*s, far, answers);
  }
  for (auto& [respond, response] : answers) respond(std::move(response));
}

std::size_t ExecSessions::size() const {
  std::lock_guard lock(mutex_);
  return sessions_.size();
}

void ExecSessions::wake_locked(Session& s, Clock::time_point now, Answers& out) {
  std::vector<Waiter> waiting;
  waiting.swap(s.waiters);
  for (auto& w : waiting) {
    if (s.done || s.end() > w.after || now >= w.deadline) {
      s.last_seen = Clock::now();
      out.emplace_back(std::move(w.respond), answer_locked(s, w.after));
    } else {
      s.waiters.push_back(std::move(w));
    }
  }
}

Response ExecSessions::answer_locked(Session& s, std::size_t after) {
  // The page has seen what comes before `after`: those lines make room.
  while (s.base < after && !s.lines.empty()) {
    s.bytes -= s.lines.front().second.size();
    s.lines.pop_front();
    ++s.base;
  }
  nlohmann::json lines = nlohmann::json::array();
  for (std::size_t i = std::max(after, s.base) - s.base; i < s.lines.size(); ++i)
    lines.push_back({{"stream", s.lines[i].first}, {"line", s.lines[i].second}});
  nlohmann::json body = {{"id", s.id},        {"lines", std::move(lines)}, {"next", s.end()},
                         {"done", s.done},    {"dropped", s.dropped},      {"code", nullptr},
                         {"signal", nullptr}, {"error", nullptr}};
  if (s.done) {
    body["code"] = s.code;
    if (s.signal) body["signal"] = s.signal;
    if (!s.error.empty()) body["error"] = s.error;
    // Seen to its end: forgotten now rather than when reaped, so its slot is free.
    if (s.waiters.empty()) {
      auto it = sessions_.find(s.id);
      if (it != sessions_.end()) {
        ending_.push_back(it->second);
        sessions_.erase(it);
      }
    }
  }
  return Response::json(body);
}

void ExecSessions::tick() {
  const auto interval = std::clamp(limits_.reap_after / 4, std::chrono::milliseconds(10),
                                   std::chrono::milliseconds(100));
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    ticker_wake_.wait_for(lock, interval);
    if (stopping_) break;
    const auto now = Clock::now();
    Answers answers;
    std::vector<std::shared_ptr<Session>> finished;
    for (auto it = sessions_.begin(); it != sessions_.end();) {
      auto s = it->second;
      ++it;
      wake_locked(*s, now, answers);
      if (s->waiters.empty() && now - s->last_seen > limits_.reap_after && sessions_.count(s->id)) {
        log::info(s->done ? "berth dev: exec session not polled; forgetting it"
                          : "berth dev: exec session not polled; killing its command",
                  {{"id", s->id}, {"command", s->argv.front()}});
        s->stop.request_stop();
        ending_.push_back(s);
        sessions_.erase(s->id);
      }
    }
    std::erase_if(ending_, [&finished](const std::shared_ptr<Session>& s) {
      if (!s->thread_done) return false;
      finished.push_back(s);
      return true;
    });
    lock.unlock();
    for (auto& [respond, response] : answers) respond(std::move(response));
    for (auto& s : finished) s->thread.join();
    lock.lock();
  }
}

}  // namespace berth::app::dev
