#include "app/follow_output.h"

#include "app/socket_client.h"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <iostream>

namespace berth::app {

bool write_stdout(std::string_view text) {
  while (!text.empty()) {
    ssize_t n = ::write(STDOUT_FILENO, text.data(), text.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    text.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

void unblock_stop_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGHUP);
  pthread_sigmask(SIG_UNBLOCK, &set, nullptr);
}

int command_failed(std::string_view command, const std::string& message, int code) {
  std::cerr << "berth " << command << ": " << message << "\n";
  return code;
}

std::optional<std::string> socket_to_follow(std::string_view command, const std::string& socket,
                                            const std::string& config) {
  if (!socket.empty()) return socket;
  try {
    return socket_from_config(config);
  } catch (const std::exception& e) {
    command_failed(command, e.what(), 2);
    return std::nullopt;
  }
}

}  // namespace berth::app
