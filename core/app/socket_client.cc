#include "app/socket_client.h"

#include "config/load.h"

#include <nlohmann/json.hpp>

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string_view>

namespace berth::app {
namespace {

using Clock = std::chrono::steady_clock;

struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

enum class Wait { ready, timed_out, failed, output_closed };

// Waits until `fd` is ready for `events`, the deadline passes or `watch_fd` is closed.
Wait wait_for(int fd, short events, Clock::time_point deadline, int watch_fd) {
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) return Wait::timed_out;
    pollfd p[2] = {{fd, events, 0}, {watch_fd, 0, 0}};
    int n = ::poll(p, watch_fd >= 0 ? 2 : 1, static_cast<int>(left.count()));
    if (n < 0 && errno != EINTR) return Wait::failed;
    if (n <= 0) continue;
    // A pipe's write end reports POLLERR once its reader has gone.
    if (watch_fd >= 0 && (p[1].revents & (POLLERR | POLLHUP | POLLNVAL)))
      return Wait::output_closed;
    if (p[0].revents) return Wait::ready;
  }
}

std::string errno_text(const char* what) {
  return std::string(what) + ": " + std::strerror(errno);
}

std::string wait_error(Wait w, const char* step) {
  if (w == Wait::output_closed) return kOutputClosed;
  if (w == Wait::timed_out) return std::string(step) + ": timed out";
  return errno_text(step);
}

// Reads until the server closes or the whole Content-Length body is there.
Expected<std::string> read_answer(int fd, Clock::time_point deadline, const SocketGet& get) {
  std::string answer;
  char buffer[16384];
  for (;;) {
    auto header_end = answer.find("\r\n\r\n");
    if (header_end != std::string::npos) {
      auto headers = answer.substr(0, header_end);
      for (char& c : headers) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      auto at = headers.find("\r\ncontent-length:");
      if (at != std::string::npos) {
        std::size_t length = std::strtoul(headers.c_str() + at + 17, nullptr, 10);
        if (answer.size() >= header_end + 4 + length) return answer;
      }
    }
    if (answer.size() > get.max_bytes)
      return unexpected("answer larger than " + std::to_string(get.max_bytes) + " bytes");
    Wait w = wait_for(fd, POLLIN, deadline, get.watch_fd);
    if (w == Wait::timed_out) return unexpected(std::string("no answer in time"));
    if (w != Wait::ready) return unexpected(wait_error(w, "read"));
    ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n == 0) {
      if (answer.empty()) return unexpected(std::string("connection closed without an answer"));
      return answer;
    }
    if (n < 0 && errno != EINTR && errno != EAGAIN) return unexpected(errno_text("read"));
    if (n > 0) answer.append(buffer, static_cast<std::size_t>(n));
  }
}

SocketAnswer parse_answer(const std::string& answer) {
  // "HTTP/1.1 200 OK"
  if (answer.rfind("HTTP/1.", 0) != 0 || answer.size() < 12) return {0, answer};
  auto header_end = answer.find("\r\n\r\n");
  return {std::atoi(answer.c_str() + 9),
          header_end == std::string::npos ? "" : answer.substr(header_end + 4)};
}

}  // namespace

Expected<SocketAnswer> socket_get(const std::string& socket_path, const SocketGet& get) {
  auto deadline = Clock::now() + get.timeout;
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  if (socket_path.size() >= sizeof address.sun_path)
    return unexpected("socket path longer than " + std::to_string(sizeof address.sun_path - 1) +
                      " bytes");
  std::memcpy(address.sun_path, socket_path.c_str(), socket_path.size() + 1);

  Fd socket{::socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0)};
  if (socket.fd < 0) return unexpected(errno_text("socket"));
  if (::connect(socket.fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    // A full backlog answers EAGAIN on a non-blocking AF_UNIX connect; anything else is final.
    if (errno != EAGAIN && errno != EINPROGRESS) return unexpected(errno_text("cannot connect"));
    int error = 0;
    socklen_t length = sizeof error;
    if (Wait w = wait_for(socket.fd, POLLOUT, deadline, get.watch_fd); w != Wait::ready)
      return unexpected(wait_error(w, "cannot connect"));
    ::getsockopt(socket.fd, SOL_SOCKET, SO_ERROR, &error, &length);
    if (error != 0) return unexpected(std::string("cannot connect: ") + std::strerror(error));
  }

  const std::string text = "GET " + get.target +
                           " HTTP/1.1\r\nHost: localhost\r\nUser-Agent: " + get.user_agent +
                           "\r\nConnection: close\r\n\r\n";
  std::string_view request = text;
  while (!request.empty()) {
    if (Wait w = wait_for(socket.fd, POLLOUT, deadline, get.watch_fd); w != Wait::ready)
      return unexpected(wait_error(w, "cannot send"));
    ssize_t n = ::send(socket.fd, request.data(), request.size(), MSG_NOSIGNAL);
    if (n < 0 && errno != EINTR && errno != EAGAIN) return unexpected(errno_text("cannot send"));
    if (n > 0) request.remove_prefix(static_cast<std::size_t>(n));
  }

  auto answer = read_answer(socket.fd, deadline, get);
  if (!answer) return unexpected(answer.error());
  return parse_answer(*answer);
}

std::string body_summary(const std::string& body) {
  auto json = nlohmann::json::parse(body, nullptr, false);
  if (json.is_object() && json.contains("message") && json["message"].is_string())
    return json["message"].get<std::string>();
  std::string text = body.substr(0, 120);
  for (char& c : text)
    if (c == '\n' || c == '\r') c = ' ';
  return text;
}

std::string socket_from_config(const std::string& config_path) {
  auto env = config::process_environment();
  if (!config_path.empty()) return config::load_file(config_path, env).server.socket;
  if (auto from_env = env("BERTH_CONFIG")) return config::load_file(*from_env, env).server.socket;
  std::error_code ec;
  if (std::filesystem::exists("/etc/berth/berth.yaml", ec))
    return config::load_file("/etc/berth/berth.yaml", env).server.socket;
  return config::load_string("", "<defaults>", env).server.socket;
}

}  // namespace berth::app
