#include "app/health_command.h"

#include "config/load.h"

#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string_view>

namespace berth::app {
namespace {

using Clock = std::chrono::steady_clock;

constexpr const char* kReadyRequest =
    "GET /_berth/ready HTTP/1.1\r\nHost: localhost\r\nUser-Agent: berth-health\r\n"
    "Connection: close\r\n\r\n";
constexpr std::size_t kMaxAnswerBytes = 64 * 1024;

struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

// Waits until `fd` is ready for `events` or the deadline passes.
bool wait_for(int fd, short events, Clock::time_point deadline) {
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) return false;
    pollfd p{fd, events, 0};
    int n = ::poll(&p, 1, static_cast<int>(left.count()));
    if (n > 0) return true;
    if (n < 0 && errno != EINTR) return false;
  }
}

std::string errno_text(const char* what) {
  return std::string(what) + ": " + std::strerror(errno);
}

// The body's "message" when it is berth's JSON error, else the body itself, shortened.
std::string body_summary(const std::string& body) {
  auto json = nlohmann::json::parse(body, nullptr, false);
  if (json.is_object() && json.contains("message") && json["message"].is_string())
    return json["message"].get<std::string>();
  std::string text = body.substr(0, 120);
  for (char& c : text)
    if (c == '\n' || c == '\r') c = ' ';
  return text;
}

// Reads until the server closes or the whole Content-Length body is there.
bool read_answer(int fd, Clock::time_point deadline, std::string& answer, std::string& error) {
  char buffer[4096];
  for (;;) {
    auto header_end = answer.find("\r\n\r\n");
    if (header_end != std::string::npos) {
      auto headers = answer.substr(0, header_end);
      for (char& c : headers) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      auto at = headers.find("\r\ncontent-length:");
      if (at != std::string::npos) {
        std::size_t length = std::strtoul(headers.c_str() + at + 17, nullptr, 10);
        if (answer.size() >= header_end + 4 + length) return true;
      }
    }
    if (answer.size() > kMaxAnswerBytes) {
      error = "answer larger than " + std::to_string(kMaxAnswerBytes) + " bytes";
      return false;
    }
    if (!wait_for(fd, POLLIN, deadline)) {
      error = "no answer in time";
      return false;
    }
    ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n == 0) {
      if (answer.empty()) error = "connection closed without an answer";
      return !answer.empty();
    }
    if (n < 0 && errno != EINTR && errno != EAGAIN) {
      error = errno_text("read");
      return false;
    }
    if (n > 0) answer.append(buffer, static_cast<std::size_t>(n));
  }
}

HealthResult interpret(const std::string& answer) {
  // "HTTP/1.1 200 OK"
  if (answer.rfind("HTTP/1.", 0) != 0 || answer.size() < 12)
    return {false, "not an HTTP answer: " + body_summary(answer)};
  int status = std::atoi(answer.c_str() + 9);
  auto header_end = answer.find("\r\n\r\n");
  std::string body = header_end == std::string::npos ? "" : answer.substr(header_end + 4);
  if (status == 200) return {true, "ready"};
  return {false, "not ready: HTTP " + std::to_string(status) + " " + body_summary(body)};
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

}  // namespace

HealthResult probe_ready(const std::string& socket_path, std::chrono::milliseconds timeout) {
  auto deadline = Clock::now() + timeout;
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  if (socket_path.size() >= sizeof address.sun_path)
    return {false,
            "socket path longer than " + std::to_string(sizeof address.sun_path - 1) + " bytes"};
  std::memcpy(address.sun_path, socket_path.c_str(), socket_path.size() + 1);

  Fd socket{::socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0)};
  if (socket.fd < 0) return {false, errno_text("socket")};
  if (::connect(socket.fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    // A full backlog answers EAGAIN on a non-blocking AF_UNIX connect; anything else is final.
    if (errno != EAGAIN && errno != EINPROGRESS) return {false, errno_text("cannot connect")};
    int error = 0;
    socklen_t length = sizeof error;
    if (!wait_for(socket.fd, POLLOUT, deadline)) return {false, "cannot connect: timed out"};
    ::getsockopt(socket.fd, SOL_SOCKET, SO_ERROR, &error, &length);
    if (error != 0) return {false, std::string("cannot connect: ") + std::strerror(error)};
  }

  std::string_view request = kReadyRequest;
  while (!request.empty()) {
    if (!wait_for(socket.fd, POLLOUT, deadline)) return {false, "cannot send: timed out"};
    ssize_t n = ::send(socket.fd, request.data(), request.size(), MSG_NOSIGNAL);
    if (n < 0 && errno != EINTR && errno != EAGAIN) return {false, errno_text("cannot send")};
    if (n > 0) request.remove_prefix(static_cast<std::size_t>(n));
  }

  std::string answer, error;
  if (!read_answer(socket.fd, deadline, answer, error)) return {false, error};
  return interpret(answer);
}

void add_health_command(CLI::App& cli, std::optional<int>& exit_code) {
  auto* command = cli.add_subcommand(
      "health",
      "ask a running berth whether it is ready (GET /_berth/ready on its socket); exit 0 ready, "
      "1 not ready or unreachable, 2 bad config");
  struct Options {
    std::string socket, config;
    double timeout_seconds = 3;
  };
  auto options = std::make_shared<Options>();
  command->add_option("--socket", options->socket,
                      "the socket (default: the config's server.socket)");
  command->add_option("-c,--config", options->config,
                      "read the socket from this config (default $BERTH_CONFIG or "
                      "/etc/berth/berth.yaml)");
  command->add_option("--timeout", options->timeout_seconds, "seconds for the whole check")
      ->check(CLI::Range(0.01, 600.0));
  command->callback([options, &exit_code] {
    std::string socket = options->socket;
    if (socket.empty()) {
      try {
        socket = socket_from_config(options->config);
      } catch (const std::exception& e) {
        std::cerr << "berth health: " << e.what() << "\n";
        exit_code = 2;
        return;
      }
    }
    auto timeout = std::chrono::milliseconds(static_cast<long>(options->timeout_seconds * 1000));
    HealthResult r = probe_ready(socket, timeout);
    if (r.ready) {
      std::cout << "berth health: " << socket << ": ready\n";
      exit_code = 0;
    } else {
      std::cerr << "berth health: " << socket << ": " << r.reason << "\n";
      exit_code = 1;
    }
  });
}

}  // namespace berth::app
