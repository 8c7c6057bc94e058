#include "app/socket_client.h"

#include "config/load.h"

#include <nlohmann/json.hpp>

#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
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
Expected<std::string> read_answer(int fd, Clock::time_point deadline, const SocketRequest& get) {
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

// A chunked body as the server sent it, up to its last chunk (servers that stream, such as a UI
// dev server, send no Content-Length; with Connection: close the whole body is already here).
std::string dechunk(std::string_view chunked) {
  std::string body;
  while (!chunked.empty()) {
    auto line_end = chunked.find("\r\n");
    if (line_end == std::string_view::npos) break;
    std::size_t size = std::strtoul(std::string(chunked.substr(0, line_end)).c_str(), nullptr, 16);
    chunked.remove_prefix(line_end + 2);
    if (size == 0 || size > chunked.size()) break;
    body.append(chunked.substr(0, size));
    chunked.remove_prefix(std::min(chunked.size(), size + 2));
  }
  return body;
}

SocketAnswer parse_answer(const std::string& answer) {
  // "HTTP/1.1 200 OK"
  if (answer.rfind("HTTP/1.", 0) != 0 || answer.size() < 12) return {0, answer, {}};
  auto header_end = answer.find("\r\n\r\n");
  SocketAnswer parsed{std::atoi(answer.c_str() + 9),
                      header_end == std::string::npos ? "" : answer.substr(header_end + 4),
                      {}};
  std::string_view head(answer.data(), header_end == std::string::npos ? 0 : header_end);
  auto line_end = head.find("\r\n");
  while (line_end != std::string_view::npos) {
    head.remove_prefix(line_end + 2);
    line_end = head.find("\r\n");
    std::string_view line = head.substr(0, line_end);
    auto colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
      value.remove_prefix(1);
    parsed.headers.add(std::string(line.substr(0, colon)), std::string(value));
  }
  auto encoding = parsed.headers.get("Transfer-Encoding");
  if (encoding && encoding->find("chunked") != std::string_view::npos) {
    parsed.body = dechunk(parsed.body);
    parsed.headers.erase("Transfer-Encoding");
  }
  return parsed;
}

// Waits for a non-blocking connect() that did not complete at once.
Expected<void> finish_connect(int fd, Clock::time_point deadline, int watch_fd) {
  if (Wait w = wait_for(fd, POLLOUT, deadline, watch_fd); w != Wait::ready)
    return unexpected(wait_error(w, "cannot connect"));
  int error = 0;
  socklen_t length = sizeof error;
  ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length);
  if (error != 0) return unexpected(std::string("cannot connect: ") + std::strerror(error));
  return {};
}

// Sends the request on a connected socket and reads the answer.
Expected<SocketAnswer> exchange(int fd, Clock::time_point deadline, const std::string& host,
                                const SocketRequest& get) {
  std::string text = get.method + " " + get.target + " HTTP/1.1\r\nHost: " + host +
                     "\r\nUser-Agent: " + get.user_agent + "\r\nConnection: close\r\n";
  for (const auto& [name, value] : get.headers) text += name + ": " + value + "\r\n";
  if (!get.body.empty() || get.method == "POST" || get.method == "PUT" || get.method == "PATCH")
    text += "Content-Length: " + std::to_string(get.body.size()) + "\r\n";
  text += "\r\n";
  text += get.body;
  std::string_view request = text;
  while (!request.empty()) {
    if (Wait w = wait_for(fd, POLLOUT, deadline, get.watch_fd); w != Wait::ready)
      return unexpected(wait_error(w, "cannot send"));
    ssize_t n = ::send(fd, request.data(), request.size(), MSG_NOSIGNAL);
    if (n < 0 && errno != EINTR && errno != EAGAIN) return unexpected(errno_text("cannot send"));
    if (n > 0) request.remove_prefix(static_cast<std::size_t>(n));
  }

  auto answer = read_answer(fd, deadline, get);
  if (!answer) return unexpected(answer.error());
  return parse_answer(*answer);
}

}  // namespace

Expected<SocketAnswer> socket_request(const std::string& socket_path, const SocketRequest& get) {
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
    if (auto connected = finish_connect(socket.fd, deadline, get.watch_fd); !connected)
      return unexpected(connected.error());
  }
  return exchange(socket.fd, deadline, "localhost", get);
}

Expected<SocketAnswer> tcp_request(const std::string& host, int port, const SocketRequest& get) {
  auto deadline = Clock::now() + get.timeout;
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (int rc = ::getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found); rc != 0)
    return unexpected("cannot resolve " + host + ": " + ::gai_strerror(rc));
  std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> addresses(found, ::freeaddrinfo);
  std::string last_error = "cannot connect: no address for " + host;
  for (addrinfo* a = found; a; a = a->ai_next) {
    Fd socket{::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, 0)};
    if (socket.fd < 0) return unexpected(errno_text("socket"));
    if (::connect(socket.fd, a->ai_addr, a->ai_addrlen) != 0) {
      if (errno != EINPROGRESS) {
        last_error = errno_text("cannot connect");
        continue;
      }
      if (auto connected = finish_connect(socket.fd, deadline, get.watch_fd); !connected) {
        last_error = connected.error();
        continue;
      }
    }
    return exchange(socket.fd, deadline, host + ":" + std::to_string(port), get);
  }
  return unexpected(last_error);
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
