#include "isolation/child_connection.h"

#include "isolation/duration_text.h"
#include "log/logger.h"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

namespace berth::isolation {
namespace {

// A child that stops reading its socket is hung: a send blocked this long kills it.
constexpr std::chrono::seconds kSendTimeout{10};
// After the child ended, how long its pipes are read for what it wrote last (a process it
// started may hold them open for ever).
constexpr std::chrono::milliseconds kDrainPipes{300};

// Splits what arrives on a pipe into lines.
class LineBuffer {
 public:
  template <class Each>
  void feed(std::string_view bytes, Each each) {
    buffer_.append(bytes);
    std::size_t start = 0;
    for (std::size_t nl; (nl = buffer_.find('\n', start)) != std::string::npos; start = nl + 1)
      each(std::string_view(buffer_).substr(start, nl - start));
    buffer_.erase(0, start);
    // A line without end is cut rather than kept growing.
    if (buffer_.size() > 64 * 1024) {
      each(buffer_);
      buffer_.clear();
    }
  }
  template <class Each>
  void flush(Each each) {
    if (!buffer_.empty()) each(buffer_);
    buffer_.clear();
  }

 private:
  std::string buffer_;
};

}  // namespace

void StderrTail::add(std::string line) {
  std::lock_guard lock(mutex_);
  lines_.push_back(std::move(line));
  while (lines_.size() > max_) lines_.pop_front();
}

std::deque<std::string> StderrTail::lines() const {
  std::lock_guard lock(mutex_);
  return lines_;
}

ChildConnection::ChildConnection(std::unique_ptr<ChildProcess> process, std::string plugin,
                                 std::shared_ptr<StderrTail> stderr_tail,
                                 std::function<void(const ChildExit&)> ended)
    : process_(std::move(process)),
      plugin_(std::move(plugin)),
      stderr_tail_(std::move(stderr_tail)),
      ended_callback_(std::move(ended)) {
  timeval send_timeout{kSendTimeout.count(), 0};
  ::setsockopt(process_->socket(), SOL_SOCKET, SO_SNDTIMEO, &send_timeout, sizeof send_timeout);
  reader_ = std::thread([this] { read_loop(); });
}

ChildConnection::~ChildConnection() {
  kill("was stopped");
  if (reader_.joinable()) reader_.join();
}

bool ChildConnection::ended() const {
  std::lock_guard lock(mutex_);
  return ended_.has_value();
}

void ChildConnection::kill(std::string reason) {
  {
    std::lock_guard lock(mutex_);
    if (ended_ || kill_reason_) return;
    kill_reason_ = std::move(reason);
  }
  process_->kill();
}

Expected<Frame> ChildConnection::call(FrameType type, std::string body,
                                      std::chrono::milliseconds deadline) {
  std::future<Expected<Frame>> answer;
  std::uint64_t id = 0;
  {
    std::lock_guard lock(mutex_);
    if (ended_) return unexpected(*ended_);
    if (kill_reason_) return unexpected(*kill_reason_);
    id = next_id_++;
    answer = calls_[id].get_future();
  }
  const std::string bytes = encode_frame({type, id, std::move(body)});
  {
    std::lock_guard lock(write_mutex_);
    std::size_t sent = 0;
    while (sent < bytes.size()) {
      const ssize_t n =
          ::send(process_->socket(), bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
      if (n > 0) {
        sent += static_cast<std::size_t>(n);
      } else if (n < 0 && errno == EINTR) {
        continue;
      } else {
        // Closed: the reader fails this call with how the child ended. Blocked: it is hung.
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
          kill("was killed: it stopped reading requests for " + duration_text(kSendTimeout));
        break;
      }
    }
  }
  if (answer.wait_for(deadline) == std::future_status::timeout) {
    const std::string reason =
        "was killed by the watchdog (no answer within " + duration_text(deadline) + ")";
    kill(reason);
    return unexpected(reason);
  }
  return answer.get();
}

void ChildConnection::fail_all(const std::string& reason) {
  std::map<std::uint64_t, std::promise<Expected<Frame>>> calls;
  {
    std::lock_guard lock(mutex_);
    ended_ = reason;
    calls.swap(calls_);
  }
  for (auto& [id, promise] : calls) promise.set_value(unexpected(reason));
}

void ChildConnection::forward_log_line(std::string_view line) {
  if (line.empty()) return;
  nlohmann::json fields = nlohmann::json::parse(line, nullptr, false);
  if (!fields.is_object() || !fields.contains("msg") || !fields["msg"].is_string()) {
    log::info("plugin child output", {{"plugin", plugin_}, {"line", std::string(line)}});
    return;
  }
  LogLevel level = LogLevel::info;
  if (auto l = fields.find("level"); l != fields.end() && l->is_string())
    level = log::parse_level(l->get<std::string>()).value_or(LogLevel::info);
  const std::string message = fields["msg"].get<std::string>();
  fields.erase("msg");
  fields.erase("level");
  fields.erase("time");
  if (!fields.contains("plugin")) fields["plugin"] = plugin_;
  log::write(level, message, fields);
}

void ChildConnection::read_loop() {
  FrameDecoder decoder;
  LineBuffer out, err;
  auto on_out = [this](std::string_view l) { forward_log_line(l); };
  auto on_err = [this](std::string_view l) {
    stderr_tail_->add(std::string(l));
    log::warn("plugin child stderr", {{"plugin", plugin_}, {"line", std::string(l)}});
  };
  pollfd fds[3] = {
      {process_->socket(), POLLIN, 0}, {process_->out(), POLLIN, 0}, {process_->err(), POLLIN, 0}};
  std::optional<std::string> broken;  // the child broke the protocol
  char buffer[64 * 1024];
  auto read_pipe = [&](int i, LineBuffer& lines, auto& each) {
    const ssize_t n = ::read(fds[i].fd, buffer, sizeof buffer);
    if (n > 0) {
      lines.feed(std::string_view(buffer, static_cast<std::size_t>(n)), each);
    } else if (n == 0 || errno != EINTR) {
      fds[i].fd = -1;  // poll ignores it from now on
    }
  };
  while (fds[0].fd >= 0) {
    if (::poll(fds, 3, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (fds[1].revents) read_pipe(1, out, on_out);
    if (fds[2].revents) read_pipe(2, err, on_err);
    if (!fds[0].revents) continue;
    const ssize_t n = ::read(fds[0].fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    decoder.feed(std::string_view(buffer, static_cast<std::size_t>(n)));
    for (;;) {
      auto frame = decoder.next();
      if (!frame) {
        broken = frame.error();
        break;
      }
      if (!*frame) break;
      std::optional<std::promise<Expected<Frame>>> call;
      {
        std::lock_guard lock(mutex_);
        if (auto it = calls_.find((*frame)->id); it != calls_.end()) {
          call.emplace(std::move(it->second));
          calls_.erase(it);
        }
      }
      if (call) call->set_value(std::move(**frame));
    }
    if (broken) break;
  }
  if (broken) kill("was killed: it broke the protocol (" + *broken + ")");
  // The socket closes as the child exits: its own status if it comes, else it is made to.
  std::optional<ChildExit> exit = process_->wait_for(std::chrono::seconds(1));
  if (!exit) {
    process_->kill();
    exit = process_->wait_for(std::chrono::seconds(5));
  }
  ChildExit how = exit.value_or(ChildExit{"did not end after SIGKILL", std::nullopt, false});
  {
    std::lock_guard lock(mutex_);
    if (kill_reason_) how.what = *kill_reason_;
  }
  fail_all(how.what);
  const auto drain_until = std::chrono::steady_clock::now() + kDrainPipes;
  fds[0].fd = -1;
  while ((fds[1].fd >= 0 || fds[2].fd >= 0) && std::chrono::steady_clock::now() < drain_until) {
    if (::poll(fds, 3, 50) <= 0) continue;
    if (fds[1].fd >= 0 && fds[1].revents) read_pipe(1, out, on_out);
    if (fds[2].fd >= 0 && fds[2].revents) read_pipe(2, err, on_err);
  }
  out.flush(on_out);
  err.flush(on_err);
  ended_callback_(how);
}

}  // namespace berth::isolation
